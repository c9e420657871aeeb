package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;
import io.kubelab.engine.scheduler.plugins.NodeResourcesFit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultPreemptionTest {
    /** The what-if is NodeResourcesFit alone, enough to reason about CPU. */
    private static final DefaultPreemption.WhatIf FIT = (p, n) -> new NodeResourcesFit().filter(new CycleState(), p, n);

    private static PodInfo withPriority(String name, String cpu, int priority) {
        Pod p = podBuilder(name, cpu, "64Mi").editSpec().withPriority(priority).endSpec().build();
        return info(p);
    }

    @Test
    void samePriorityPodsAreNoVictimsAndUnresolvableNodesAreNotHelped() {
        NodeInfo cp = NodeInfo.of(node("minikube", "8", "4Gi", 110));
        NodeInfo w1 = NodeInfo.of(node("minikube-m02", "2", "4Gi", 110), info(pod("a", "1500m", "64Mi")));
        NodeInfo w2 = NodeInfo.of(node("minikube-m03", "2", "4Gi", 110), info(pod("b", "1500m", "64Mi")));
        Map<String, Status> statuses = Map.of(
                "minikube", Status.unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
                "minikube-m02", Status.unschedulable("Insufficient cpu"),
                "minikube-m03", Status.unschedulable("Insufficient cpu"));
        var r = DefaultPreemption.postFilter(info(pod("new", "1", "64Mi")), List.of(cp, w1, w2), statuses, FIT);
        assertThat(r.candidate()).isNull();
        assertThat(r.message()).isEqualTo("preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
        // No node can be freed: a nomination from an earlier preemption is withdrawn.
        assertThat(r.clearNominatedNode()).isTrue();
    }

    @Test
    void onlyAsManyVictimsAsNeededAndTheMostImportantAreSpared() {
        // 4-CPU node: p10 (1 CPU, priority 10), p5 (1 CPU, priority 5), p1 (1.5 CPU, priority 1); 0.5 free.
        // The new pod (priority 100) needs 1.5: with all three removed it fits; giving back p10 (2.5 of 4 used)
        // and p5 (3.5) still fits; giving back p1 (5 > 4) does not: p1 is the only victim.
        NodeInfo n = NodeInfo.of(node("n", "4", "8Gi", 110), withPriority("p10", "1", 10), withPriority("p5", "1", 5),
                withPriority("p1", "1500m", 1));
        var r = DefaultPreemption.postFilter(withPriority("new", "1500m", 100), List.of(n),
                Map.of("n", Status.unschedulable("Insufficient cpu")), FIT);
        assertThat(r.message()).isEmpty();
        assertThat(r.candidate().node()).isEqualTo("n");
        assertThat(r.candidate().victims()).extracting(PodInfo::name).containsExactly("p1");
    }

    @Test
    void whenEvenAllVictimsAreNotEnoughTheFilterReasonIsReported() {
        NodeInfo n = NodeInfo.of(node("n", "2", "4Gi", 110), withPriority("low", "1", 0));
        var r = DefaultPreemption.postFilter(withPriority("huge", "3", 100), List.of(n),
                Map.of("n", Status.unschedulable("Insufficient cpu")), FIT);
        assertThat(r.candidate()).isNull();
        assertThat(r.message()).isEqualTo("preemption: 0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void aPodThatMayNotPreemptSaysSoAndKeepsItsNomination() {
        Pod never = podBuilder("polite", "1", "64Mi").editSpec().withPriority(100).withPreemptionPolicy("Never").endSpec().build();
        NodeInfo n = NodeInfo.of(node("n", "2", "4Gi", 110), withPriority("low", "1500m", 0));
        var r = DefaultPreemption.postFilter(info(never), List.of(n), Map.of("n", Status.unschedulable("Insufficient cpu")), FIT);
        assertThat(r.candidate()).isNull();
        assertThat(r.message()).isEqualTo("preemption: not eligible due to preemptionPolicy=Never.");
        assertThat(r.clearNominatedNode()).isFalse();
    }

    @Test
    void theCandidateWithTheLeastImportantVictimsWins() {
        NodeInfo a = NodeInfo.of(node("a", "2", "4Gi", 110), withPriority("a-victim", "2", 50));
        NodeInfo b = NodeInfo.of(node("b", "2", "4Gi", 110), withPriority("b-victim", "2", 10));
        var r = DefaultPreemption.postFilter(withPriority("new", "1", 100), List.of(a, b),
                Map.of("a", Status.unschedulable("Insufficient cpu"), "b", Status.unschedulable("Insufficient cpu")), FIT);
        assertThat(r.candidate().node()).isEqualTo("b");
    }
}
