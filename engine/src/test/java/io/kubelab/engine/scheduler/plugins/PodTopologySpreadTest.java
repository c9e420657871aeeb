package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;
import io.kubelab.engine.scheduler.plugins.PodTopologySpread.Constraint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.labelled;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class PodTopologySpreadTest {
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final LabelSelector WEB = new LabelSelector(null, Map.of("app", "web"));

    private static Constraint zoneConstraint(int maxSkew, int minDomains) {
        return new Constraint(maxSkew, ZONE, WEB, minDomains, true, false);
    }

    private static PodInfo webPod() {
        return info(podBuilder("new", null, null).editMetadata().withLabels(Map.of("app", "web")).endMetadata().build());
    }

    @ParameterizedTest(name = "zones a,b,c = {0},{1},{2}; maxSkew {3}, minDomains {4}: into {5} → {6}")
    @CsvSource({
            // The class comment's worked example: 2, 1, 1 with maxSkew 1.
            "2, 1, 1, 1, 1, a, false",
            "2, 1, 1, 1, 1, b, true",
            "2, 1, 1, 1, 1, c, true",
            "2, 1, 1, 2, 1, a, true",
            // minDomains 4 with only 3 domains: the global minimum is taken as 0.
            "1, 1, 1, 1, 4, a, false",
            "0, 0, 0, 1, 4, a, true",
    })
    void skew(int a, int b, int c, int maxSkew, int minDomains, String into, boolean fits) {
        Map<String, Integer> counts = Map.of("a", a, "b", b, "c", c);
        Status s = PodTopologySpread.fits(List.of(zoneConstraint(maxSkew, minDomains)), List.of(counts), webPod(),
                Map.of(ZONE, into));
        assertThat(s.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
            assertThat(s.reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
        }
    }

    @Test
    void aNodeWithoutTheTopologyLabelIsUnresolvable() {
        Status s = PodTopologySpread.fits(List.of(zoneConstraint(1, 1)), List.of(Map.of("a", 0)), webPod(), Map.of());
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
    }

    private static Node zoned(String name, String zone) {
        return node(name, "4", "8Gi", 110, Map.of(ZONE, zone));
    }

    private static Pod spreadPod(String when) {
        TopologySpreadConstraint c = new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE)
                .withWhenUnsatisfiable(when).withLabelSelector(WEB).build();
        return podBuilder("new", null, null).editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withTopologySpreadConstraints(c).endSpec().build();
    }

    @Test
    void thePluginCountsMatchingPodsPerZoneFromTheNodes() {
        List<NodeInfo> nodes = new ArrayList<>(List.of(
                NodeInfo.of(zoned("n1", "a"), labelled("w1", Map.of("app", "web")), labelled("w2", Map.of("app", "web"))),
                NodeInfo.of(zoned("n2", "b"), labelled("w3", Map.of("app", "web")), labelled("db", Map.of("app", "db"))),
                NodeInfo.of(zoned("n3", "c"), labelled("w4", Map.of("app", "web")))));
        PodTopologySpread plugin = new PodTopologySpread(Handle.of(nodes));
        PodInfo pod = info(spreadPod("DoNotSchedule"));
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod).isSuccess()).isTrue();
        assertThat(plugin.filter(state, pod, nodes.get(0)).isSuccess()).isFalse();
        assertThat(plugin.filter(state, pod, nodes.get(1)).isSuccess()).isTrue();
        assertThat(plugin.filter(state, pod, nodes.get(2)).isSuccess()).isTrue();

        // ScheduleAnyway only scores: zone a (2 matching) scores lowest.
        PodInfo soft = info(spreadPod("ScheduleAnyway"));
        assertThat(plugin.preFilter(new CycleState(), soft).isSkip()).isTrue();
        CycleState st = new CycleState();
        assertThat(plugin.preScore(st, soft, nodes).isSuccess()).isTrue();
        long[] raw = nodes.stream().mapToLong(n -> plugin.score(st, soft, n)).toArray();
        // 3 zones: weight ln(5) = 1.609; raw = round(count * 1.609 + 0) = 3, 2, 2.
        assertThat(raw).containsExactly(3, 2, 2);
        plugin.normalizeScores(st, soft, nodes, raw);
        // 100 * (3 + 2 - s) / 3 → 66, 100, 100.
        assertThat(raw).containsExactly(66, 100, 100);
    }

    @Test
    void podsWithoutConstraintsSkipTheFilter() {
        PodTopologySpread plugin = new PodTopologySpread(Handle.of(List.of()));
        assertThat(plugin.preFilter(new CycleState(), webPod()).isSkip()).isTrue();
        // No Service and no ReplicaSet selects it: no default constraints either.
        assertThat(plugin.preScore(new CycleState(), webPod(), List.of()).isSkip()).isTrue();
    }

    /** A handle over nodes that also has one Service selecting {@code app=web}. */
    private static Handle withWebService(List<NodeInfo> nodes) {
        Handle base = Handle.of(nodes);
        io.fabric8.kubernetes.api.model.Service svc = new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).endSpec().build();
        return new Handle() {
            @Override
            public List<NodeInfo> nodes() {
                return base.nodes();
            }

            @Override
            public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
                return base.nodesWithRequiredAntiAffinityPods();
            }

            @Override
            public List<NodeInfo> nodesWithAffinityPods() {
                return base.nodesWithAffinityPods();
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return base.namespaceLabels(namespace);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> list(
                    io.kubelab.engine.model.ResourceType type, String namespace) {
                return type == io.kubelab.engine.model.ResourceTypes.SERVICES ? (List<T>) List.of(svc) : List.of();
            }

            @Override
            public <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
                    io.kubelab.engine.model.ResourceType type, String namespace, String name) {
                return null;
            }
        };
    }

    @Test
    void podsOfAServiceAreSpreadOverNodesByTheSystemDefaults() {
        // No constraints in the pod, but a Service selects it: hostname maxSkew 3 and zone maxSkew 5
        // apply to scoring. The nodes have no zone label, so only hostname spreading counts.
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("n1", "4", "8Gi", 110), labelled("w1", Map.of("app", "web")), labelled("w2", Map.of("app", "web"))),
                NodeInfo.of(node("n2", "4", "8Gi", 110), labelled("db", Map.of("app", "db"))));
        PodTopologySpread plugin = new PodTopologySpread(withWebService(nodes));
        PodInfo pod = webPod();
        assertThat(plugin.defaultConstraints(pod)).extracting(Constraint::topologyKey)
                .containsExactly("kubernetes.io/hostname", ZONE);
        CycleState st = new CycleState();
        assertThat(plugin.preScore(st, pod, nodes).isSuccess()).isTrue();
        long[] raw = nodes.stream().mapToLong(n -> plugin.score(st, pod, n)).toArray();
        // 2 nodes: weight ln(4) = 1.386. n1: 2 * 1.386 + (3 - 1) = 4.77 → 5; n2: 0 + 2 = 2.
        assertThat(raw).containsExactly(5, 2);
        plugin.normalizeScores(st, pod, nodes, raw);
        // 100 * (5 + 2 - s) / 5 → 40, 100.
        assertThat(raw).containsExactly(40, 100);
    }

    @Test
    void scoreForCountAndNormalization() {
        assertThat(PodTopologySpread.scoreForCount(2, 1, Math.log(5))).isCloseTo(3.2189, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(PodTopologySpread.scoreForCount(0, 3, 1.0)).isEqualTo(2.0);
    }

    @Test
    void matchLabelKeysNarrowTheSelectorToThePodsOwnValue() {
        TopologySpreadConstraint c = new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(ZONE)
                .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(WEB)
                .withMatchLabelKeys("pod-template-hash").build();
        Pod pod = podBuilder("new", null, null).editMetadata().withLabels(Map.of("app", "web", "pod-template-hash", "abc"))
                .endMetadata().editSpec().withTopologySpreadConstraints(c).endSpec().build();
        Constraint k = PodTopologySpread.constraints(info(pod), "DoNotSchedule").get(0);
        assertThat(k.selects(labelled("old", Map.of("app", "web", "pod-template-hash", "old")))).isFalse();
        assertThat(k.selects(labelled("same", Map.of("app", "web", "pod-template-hash", "abc")))).isTrue();
    }
}
