package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodsTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    /**
     * A pod described compactly: {@code node|phase|ready|restarts|createdSecondsAgo|readySecondsAgo|cost}
     * with {@code -} for no node / never ready.
     */
    static Pod pod(String name, String spec) {
        String[] f = spec.split("\\|");
        Pod p = new Pod();
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setNamespace("default");
        m.setUid("uid-" + name);
        m.setCreationTimestamp(Kube.timestamp(NOW.minusSeconds(Long.parseLong(f[4]))));
        if (!f[6].equals("0")) {
            m.setAnnotations(Map.of(Pods.POD_DELETION_COST, f[6]));
        }
        p.setMetadata(m);
        PodSpec s = new PodSpec();
        s.setNodeName(f[0].equals("-") ? null : f[0]);
        p.setSpec(s);
        PodStatus st = new PodStatus();
        st.setPhase(f[1]);
        if (f[2].equals("ready")) {
            st.setConditions(List.of(new PodCondition(null, Kube.timestamp(NOW.minusSeconds(Long.parseLong(f[5]))),
                    null, null, null, "True", "Ready")));
        }
        st.setContainerStatuses(List.of(new ContainerStatusBuilder().withName("c")
                .withRestartCount(Integer.parseInt(f[3])).build()));
        p.setStatus(st);
        return p;
    }

    @ParameterizedTest(name = "{0}: {1} goes before {2}")
    @CsvSource(delimiter = ';', value = {
            "unscheduled < scheduled;        -|Pending|no|0|100|-|0;           n1|Pending|no|0|100|-|0",
            "pending < unknown;              n1|Pending|no|0|100|-|0;          n1|Unknown|no|0|100|-|0",
            "unknown < running;              n1|Unknown|no|0|100|-|0;          n1|Running|no|0|100|-|0",
            "not ready < ready;              n1|Running|no|0|100|-|0;          n1|Running|ready|0|100|50|0",
            "lower deletion cost first;      n1|Running|ready|0|100|50|-5;     n1|Running|ready|0|100|50|0",
            "ready for less time first;      n1|Running|ready|0|100|10|0;      n1|Running|ready|0|100|90|0",
            "more restarts first;            n1|Running|ready|3|100|50|0;      n1|Running|ready|0|100|50|0",
            "newer first;                    n1|Running|ready|0|10|50|0;       n1|Running|ready|0|100|50|0",
            "phase before restarts;          n1|Pending|no|0|10|-|0;           n1|Running|no|9|10|-|0",
    })
    void deletionOrder(String rule, String first, String second) {
        Pod a = pod("a", first.trim());
        Pod b = pod("b", second.trim());
        assertThat(Pods.rankForDeletion(List.of(b, a), List.of(), NOW)).extracting(p -> p.getMetadata().getName())
                .containsExactly("a", "b");
        assertThat(Pods.rankForDeletion(List.of(a, b), List.of(), NOW)).extracting(p -> p.getMetadata().getName())
                .containsExactly("a", "b");
    }

    @Test
    void podsDoubledUpOnANodeGoFirst() {
        Pod lonely = pod("lonely", "n1|Running|ready|0|100|50|0");
        Pod crowded = pod("crowded", "n2|Running|ready|0|100|50|0");
        Pod neighbour = pod("neighbour", "n2|Running|ready|0|100|50|0");
        List<Pod> related = List.of(lonely, crowded, neighbour);
        assertThat(Pods.rankForDeletion(List.of(lonely, crowded), related, NOW))
                .extracting(p -> p.getMetadata().getName()).containsExactly("crowded", "lonely");
    }

    @Test
    void agesOnTheSameLogScaleStepAreOrderedByUid() {
        // 10 s and 12 s are both 2^33.x ns old: the same rank, so the uid decides ("uid-a" < "uid-b").
        Pod older = pod("a", "n1|Running|ready|0|12|5|0");
        Pod newer = pod("b", "n1|Running|ready|0|10|5|0");
        assertThat(Pods.logRank(NOW.minusSeconds(10), NOW)).isEqualTo(Pods.logRank(NOW.minusSeconds(12), NOW)).isEqualTo(33);
        assertThat(Pods.rankForDeletion(new ArrayList<>(List.of(newer, older)), List.of(), NOW))
                .extracting(p -> p.getMetadata().getName()).containsExactly("a", "b");
    }

    @ParameterizedTest(name = "ready {0} s ago, minReadySeconds {1} → available {2}")
    @CsvSource({"0, 0, true", "10, 10, false", "11, 10, true", "5, 10, false"})
    void availabilityNeedsMinReadySecondsStrictlyPassed(long readyAgo, int minReady, boolean available) {
        Pod p = pod("p", "n1|Running|ready|0|100|" + readyAgo + "|0");
        assertThat(Pods.isAvailable(p, minReady, NOW)).isEqualTo(available);
    }

    @Test
    void activeMeansNotFinishedAndNotTerminating() {
        assertThat(Pods.isActive(pod("p", "n1|Running|ready|0|1|1|0"))).isTrue();
        assertThat(Pods.isActive(pod("p", "n1|Succeeded|no|0|1|-|0"))).isFalse();
        assertThat(Pods.isActive(pod("p", "n1|Failed|no|0|1|-|0"))).isFalse();
        Pod terminating = pod("p", "n1|Running|ready|0|1|1|0");
        terminating.getMetadata().setDeletionTimestamp(Kube.timestamp(NOW));
        assertThat(Pods.isActive(terminating)).isFalse();
    }
}
