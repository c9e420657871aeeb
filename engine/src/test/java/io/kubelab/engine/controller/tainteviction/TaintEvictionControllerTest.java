package io.kubelab.engine.controller.tainteviction;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.kubelab.engine.controller.ControllerHarness.node;
import static org.assertj.core.api.Assertions.assertThat;

class TaintEvictionControllerTest {
    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        // Only the taint manager runs: the tests taint the node by hand.
        cluster = ControllerHarness.cluster(TaintEvictionController.NAME);
        api = cluster.api();
        node(api, "n1", null);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private void taint(String key, String value, String effect) {
        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            List<Taint> taints = n.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(n.getSpec().getTaints());
            taints.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
            n.getSpec().setTaints(taints);
            return n;
        }, false);
        cluster.settle();
    }

    private void untaint() {
        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            n.getSpec().setTaints(null);
            return n;
        }, false);
        cluster.settle();
    }

    private Pod pod(String name, Toleration... tolerations) {
        return api.create(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName("n1")
                .withTolerations(tolerations).addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build(), "default");
    }

    private boolean terminating(String name) {
        Pod p = api.find(ResourceTypes.PODS, "default", name);
        return p == null || p.getMetadata().getDeletionTimestamp() != null;
    }

    private List<String> evictionMessages() {
        return api.<Event>list(ResourceTypes.EVENTS, "default").stream()
                .filter(e -> "TaintManagerEviction".equals(e.getReason())).map(Event::getMessage).toList();
    }

    @Test
    void aPodThatDoesNotTolerateTheTaintIsEvictedAtOnce() {
        pod("intolerant");
        taint("dedicated", "gpu", "NoExecute");
        assertThat(terminating("intolerant")).isTrue();
        assertThat(evictionMessages()).containsExactly("Marking for deletion Pod default/intolerant");
    }

    @ParameterizedTest(name = "tolerationSeconds {0}: evicted after {1} s")
    @CsvSource({"0, 0", "30, 30", "600, 600"})
    void aTolerationWithSecondsDelaysTheEviction(long seconds, long after) {
        pod("p", new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("gpu").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build());
        taint("dedicated", "gpu", "NoExecute");
        if (after > 0) {
            cluster.advance(Duration.ofSeconds(after - 1));
            assertThat(terminating("p")).isFalse();
            cluster.advance(Duration.ofSeconds(1));
        }
        assertThat(terminating("p")).isTrue();
    }

    @Test
    void aTolerationWithoutSecondsToleratesForever() {
        pod("p", new TolerationBuilder().withKey("dedicated").withOperator("Exists").withEffect("NoExecute").build());
        taint("dedicated", "gpu", "NoExecute");
        cluster.advance(Duration.ofHours(1));
        assertThat(terminating("p")).isFalse();
    }

    @Test
    void removingTheTaintCancelsTheScheduledEviction() {
        pod("p");
        taint("node.kubernetes.io/unreachable", null, "NoExecute");
        cluster.advance(Duration.ofSeconds(100));
        TaintEvictionController tm = (TaintEvictionController) cluster.component(TaintEvictionController.NAME);
        assertThat(tm.isScheduled("default/p")).isTrue();

        untaint();
        assertThat(tm.isScheduled("default/p")).isFalse();
        assertThat(evictionMessages()).containsExactly("Cancelling deletion of Pod default/p");
        cluster.advance(Duration.ofMinutes(10));
        assertThat(terminating("p")).isFalse();
    }

    @Test
    void aNoScheduleTaintEvictsNothing() {
        pod("p");
        taint("dedicated", "gpu", "NoSchedule");
        cluster.advance(Duration.ofMinutes(10));
        assertThat(terminating("p")).isFalse();
    }

    @Test
    void aPodArrivingOnATaintedNodeIsScheduledForEvictionToo() {
        taint("node.kubernetes.io/not-ready", null, "NoExecute");
        cluster.advance(Duration.ofSeconds(50));
        pod("late");
        cluster.settle();
        cluster.advance(Duration.ofSeconds(299));
        assertThat(terminating("late")).isFalse();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(terminating("late")).isTrue();
    }

    @Test
    void whileNoNodeIsTaintedPodWritesQueueNothingAndATaintStillFindsEveryPod() {
        TaintEvictionController tm = (TaintEvictionController) cluster.component(TaintEvictionController.NAME);
        pod("tolerant", new TolerationBuilder().withKey("dedicated").withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(60L).build());
        taint("dedicated", "gpu", "NoExecute");
        assertThat(tm.isScheduled("default/tolerant")).isTrue();
        // A pod write while a node is tainted is looked at.
        pod("second");
        assertThat(tm.queue().contains("pod:default/second")).isTrue();
        cluster.settle();
        assertThat(terminating("second")).isTrue();

        untaint();
        assertThat(tm.isScheduled("default/tolerant")).isFalse();
        // No node tainted, nothing remembered or scheduled: a new pod queues nothing.
        pod("late");
        assertThat(tm.queue().contains("pod:default/late")).isFalse();
        cluster.advance(Duration.ofMinutes(5));
        assertThat(terminating("late")).isFalse();

        // Tainted again: the node's sync finds both pods, the one never queued included.
        taint("dedicated", "gpu", "NoExecute");
        assertThat(terminating("late")).isTrue();
        assertThat(tm.isScheduled("default/tolerant")).isTrue();
        cluster.advance(Duration.ofSeconds(60));
        assertThat(terminating("tolerant")).isTrue();
    }

    @Test
    void minTolerationTimeIsTheShortestBoundedOne() {
        assertThat(TaintEvictionController.minTolerationTime(List.of(
                new TolerationBuilder().withTolerationSeconds(300L).build(),
                new TolerationBuilder().build(),
                new TolerationBuilder().withTolerationSeconds(60L).build()))).isEqualTo(Duration.ofSeconds(60));
        assertThat(TaintEvictionController.minTolerationTime(List.of(new TolerationBuilder().build()))).isNull();
        assertThat(TaintEvictionController.minTolerationTime(List.of(
                new TolerationBuilder().withTolerationSeconds(-5L).build()))).isEqualTo(Duration.ZERO);
    }
}
