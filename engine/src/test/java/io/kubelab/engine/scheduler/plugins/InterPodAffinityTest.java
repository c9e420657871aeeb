package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.labelled;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class InterPodAffinityTest {
    private static final String HOST = "kubernetes.io/hostname";
    private static final String ZONE = "topology.kubernetes.io/zone";

    private static PodAffinityTerm term(String app, String topologyKey) {
        return new PodAffinityTerm(new LabelSelector(null, Map.of("app", app)), null, null, null, null, topologyKey);
    }

    private static Pod pod(String name, Map<String, String> labels, List<PodAffinityTerm> affinity,
                           List<PodAffinityTerm> antiAffinity) {
        var b = podBuilder(name, null, null).editMetadata().withLabels(labels).endMetadata().editSpec().withNewAffinity();
        if (!affinity.isEmpty()) {
            b = b.withNewPodAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(affinity).endPodAffinity();
        }
        if (!antiAffinity.isEmpty()) {
            b = b.withNewPodAntiAffinity().withRequiredDuringSchedulingIgnoredDuringExecution(antiAffinity).endPodAntiAffinity();
        }
        return b.endAffinity().endSpec().build();
    }

    private static Node zoned(String name, String zone) {
        return node(name, "4", "8Gi", 110, Map.of(ZONE, zone));
    }

    private static Status run(List<NodeInfo> nodes, PodInfo pod, NodeInfo target) {
        InterPodAffinity plugin = new InterPodAffinity(Handle.of(nodes));
        CycleState s = new CycleState();
        Status pre = plugin.preFilter(s, pod);
        return pre.isSkip() ? Status.SUCCESS : plugin.filter(s, pod, target);
    }

    @Test
    void antiAffinityOnHostnameKeepsReplicasApart() {
        // The class comment's worked example.
        NodeInfo n1 = NodeInfo.of(node("n1", "4", "8Gi", 110), labelled("web-1", Map.of("app", "web")));
        NodeInfo n2 = NodeInfo.of(node("n2", "4", "8Gi", 110));
        PodInfo web2 = info(pod("web-2", Map.of("app", "web"), List.of(), List.of(term("web", HOST))));
        Status s = run(List.of(n1, n2), web2, n1);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(run(List.of(n1, n2), web2, n2).isSuccess()).isTrue();
    }

    @Test
    void affinityOnZoneNeedsAMatchingPodInTheSameZone() {
        NodeInfo a1 = NodeInfo.of(zoned("a1", "a"), labelled("cache", Map.of("app", "cache")));
        NodeInfo a2 = NodeInfo.of(zoned("a2", "a"));
        NodeInfo b1 = NodeInfo.of(zoned("b1", "b"));
        List<NodeInfo> nodes = List.of(a1, a2, b1);
        PodInfo web = info(pod("web", Map.of("app", "web"), List.of(term("cache", ZONE)), List.of()));
        assertThat(run(nodes, web, a1).isSuccess()).isTrue();
        assertThat(run(nodes, web, a2).isSuccess()).isTrue();
        Status s = run(nodes, web, b1);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod affinity rules");
    }

    @Test
    void theFirstPodOfASelfAffineGroupMayStartAnywhereWithTheTopologyKey() {
        NodeInfo a1 = NodeInfo.of(zoned("a1", "a"));
        NodeInfo bare = NodeInfo.of(node("bare", "4", "8Gi", 110, Map.of("kubernetes.io/hostname", "bare")));
        PodInfo first = info(pod("web-1", Map.of("app", "web"), List.of(term("web", ZONE)), List.of()));
        assertThat(run(List.of(a1, bare), first, a1).isSuccess()).isTrue();
        // The node must still carry the topology key.
        assertThat(run(List.of(a1, bare), first, bare).isSuccess()).isFalse();
        // A pod that does not match its own terms gets no such pass.
        PodInfo other = info(pod("api", Map.of("app", "api"), List.of(term("web", ZONE)), List.of()));
        assertThat(run(List.of(a1, bare), other, a1).isSuccess()).isFalse();
    }

    @Test
    void anExistingPodsAntiAffinityIsSymmetric() {
        PodInfo loner = info(pod("loner", Map.of("app", "loner"), List.of(), List.of(term("web", HOST))));
        NodeInfo n1 = NodeInfo.of(node("n1", "4", "8Gi", 110), loner);
        NodeInfo n2 = NodeInfo.of(node("n2", "4", "8Gi", 110));
        PodInfo web = info(pod("web", Map.of("app", "web"), List.of(), List.of()));
        Status s = run(List.of(n1, n2), web, n1);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(run(List.of(n1, n2), web, n2).isSuccess()).isTrue();
    }

    @Test
    void podsWithoutAnyAffinitySkip() {
        NodeInfo n1 = NodeInfo.of(node("n1", "4", "8Gi", 110), labelled("x", Map.of("app", "web")));
        InterPodAffinity plugin = new InterPodAffinity(Handle.of(List.of(n1)));
        PodInfo plain = info(pod("p", Map.of("app", "web"), List.of(), List.of()));
        assertThat(plugin.preFilter(new CycleState(), plain).isSkip()).isTrue();
        assertThat(plugin.preScore(new CycleState(), plain, List.of(n1)).isSkip()).isTrue();
    }

    @Test
    void preferredTermsScoreByDomainAndNormalizeMinMax() {
        NodeInfo a1 = NodeInfo.of(zoned("a1", "a"), labelled("cache", Map.of("app", "cache")));
        NodeInfo b1 = NodeInfo.of(zoned("b1", "b"), labelled("batch", Map.of("app", "batch")));
        NodeInfo c1 = NodeInfo.of(zoned("c1", "c"));
        List<NodeInfo> nodes = List.of(a1, b1, c1);
        Pod p = podBuilder("web", null, null).editMetadata().withLabels(Map.of("app", "web")).endMetadata().editSpec()
                .withNewAffinity()
                .withNewPodAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                        new WeightedPodAffinityTerm(term("cache", ZONE), 30)).endPodAffinity()
                .withNewPodAntiAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                        new WeightedPodAffinityTerm(term("batch", ZONE), 10)).endPodAntiAffinity()
                .endAffinity().endSpec().build();
        InterPodAffinity plugin = new InterPodAffinity(Handle.of(nodes));
        CycleState s = new CycleState();
        PodInfo web = info(p);
        assertThat(plugin.preScore(s, web, nodes).isSuccess()).isTrue();
        long[] raw = nodes.stream().mapToLong(n -> plugin.score(s, web, n)).toArray();
        assertThat(raw).containsExactly(30, -10, 0);
        plugin.normalizeScores(s, web, nodes, raw);
        // The class comment's scaling: (s - min) * 100 / (max - min) → 100, 0, 25.
        assertThat(raw).containsExactly(100, 0, 25);
    }
}
