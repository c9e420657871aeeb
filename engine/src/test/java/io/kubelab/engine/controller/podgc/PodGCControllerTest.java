package io.kubelab.engine.controller.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.controller.util.node.NodeUtil;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.node;
import static io.kubelab.engine.controller.ControllerHarness.pod;
import static io.kubelab.engine.controller.ControllerHarness.running;
import static org.assertj.core.api.Assertions.assertThat;

class PodGCControllerTest {
    private static final Map<String, String> APP = Map.of("app", "x");

    private Cluster cluster;
    private KubeApi api;
    /** The last state of each deleted pod, as a watch delivers it. */
    private final Map<String, Pod> lastState = new HashMap<>();

    @BeforeEach
    void setUp() {
        // Only the pod GC runs: node readiness is set by hand.
        cluster = ControllerHarness.cluster(PodGCController.NAME);
        api = cluster.api();
        api.watch(ResourceTypes.PODS, api.store().revision(), o -> true, e -> {
            if (e.type() == WatchEvent.Type.DELETED) {
                lastState.put(e.object().getMetadata().getName(), (Pod) e.object());
            }
        });
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Pod find(String name) {
        return api.find(ResourceTypes.PODS, "default", name);
    }

    private void nodeNotReady(String name) {
        api.modify(ResourceTypes.NODES, null, name, (Node n) -> {
            NodeCondition c = NodeUtil.condition(n, "Ready");
            c.setStatus("Unknown");
            return n;
        }, true);
    }

    @Test
    void podsOnANodeThatNoLongerExistsGoAfterTheQuarantine() {
        running(api, pod(api, "default", "stranded", APP, "ghost"), "10.244.9.2", true);
        // The passes run every 20 s from t=0; the node is first found missing at t=20, and gone for good 40 s later.
        cluster.advance(Duration.ofSeconds(59));
        assertThat(find("stranded")).isNotNull();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(find("stranded")).isNull();
        Pod last = lastState.get("stranded");
        assertThat(last.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(PodUtil.condition(last, "DisruptionTarget").getReason()).isEqualTo("DeletionByPodGC");
        assertThat(PodUtil.condition(last, "DisruptionTarget").getMessage()).isEqualTo("PodGC: node no longer exists");
    }

    @Test
    void aNodeThatShowsUpDuringTheQuarantineKeepsItsPods() {
        running(api, pod(api, "default", "early", APP, "late-node"), "10.244.9.2", true);
        cluster.advance(Duration.ofSeconds(30));
        node(api, "late-node", null);
        cluster.advance(Duration.ofMinutes(5));
        assertThat(find("early")).isNotNull();
    }

    @Test
    void aTerminatingPodOnANodeThatIsNotReadyIsForcedOnceItsGracePeriodIsOver() {
        node(api, "n1", null);
        running(api, pod(api, "default", "p", APP, "n1"), "10.244.1.2", true);
        cluster.advance(Duration.ofSeconds(5));
        nodeNotReady("n1");
        api.delete(ResourceTypes.PODS, "default", "p", null);
        assertThat(find("p").getMetadata().getDeletionTimestamp()).isEqualTo(Kube.timestamp(api.now().plusSeconds(30)));
        // Grace ends at t=35; the pass at t=40 forces it.
        cluster.advance(Duration.ofSeconds(34));
        assertThat(find("p")).isNotNull();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(find("p")).isNull();
        assertThat(lastState.get("p").getStatus().getPhase()).isEqualTo("Failed");
    }

    @Test
    void aTerminatingPodOnAReadyNodeIsLeftToItsKubelet() {
        node(api, "n1", null);
        running(api, pod(api, "default", "p", APP, "n1"), "10.244.1.2", true);
        api.delete(ResourceTypes.PODS, "default", "p", null);
        cluster.advance(Duration.ofMinutes(5));
        assertThat(find("p")).isNotNull();
    }

    @Test
    void anOutOfServiceNodeLosesItsTerminatingPodsAtOnce() {
        node(api, "n1", null);
        running(api, pod(api, "default", "p", APP, "n1"), "10.244.1.2", true);
        cluster.advance(Duration.ofSeconds(1));
        nodeNotReady("n1");
        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            n.getSpec().setTaints(List.of(new TaintBuilder().withKey(NodeUtil.TAINT_OUT_OF_SERVICE).withValue("nodeshutdown")
                    .withEffect("NoExecute").build()));
            return n;
        }, false);
        api.delete(ResourceTypes.PODS, "default", "p", null);
        cluster.advance(Duration.ofSeconds(19));
        assertThat(find("p")).isNull();
    }

    @Test
    void finishedPodsBeyondTheThresholdAreDeletedOldestFirst() {
        cluster.setRunning(PodGCController.NAME, false);
        PodGCController gc = new PodGCController(3);
        node(api, "n1", null);
        for (int i = 0; i < 5; i++) {
            Pod p = running(api, pod(api, "default", "done-" + i, APP, "n1"), "10.244.1." + (i + 2), false);
            Pod copy = Kube.copy(p);
            copy.getStatus().setPhase("Succeeded");
            api.updateStatus(copy);
            cluster.advance(Duration.ofSeconds(1));
        }
        // A second instance with a low threshold, driven by hand (the cluster's own one is stopped).
        gc.start(cluster.context());
        gc.drain();
        assertThat(api.<Pod>list(ResourceTypes.PODS, "default")).extracting(p -> p.getMetadata().getName())
                .containsExactly("done-2", "done-3", "done-4");
        assertThat(lastState).containsOnlyKeys("done-0", "done-1");
    }
}
