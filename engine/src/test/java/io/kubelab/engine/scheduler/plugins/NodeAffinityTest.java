package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.nodeInfo;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class NodeAffinityTest {

    private static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, values.length == 0 ? null : Arrays.asList(values));
    }

    @ParameterizedTest(name = "{0} {1} [{2}] against label value ''{3}'' → {4}")
    @CsvSource(nullValues = "-", value = {
            "disktype, In, ssd|nvme, ssd, true",
            "disktype, In, ssd, hdd, false",
            "disktype, In, ssd, -, false",
            "disktype, NotIn, hdd, ssd, true",
            "disktype, NotIn, hdd, hdd, false",
            "disktype, NotIn, hdd, -, true",            // a missing label is not in the list
            "disktype, Exists, -, anything, true",
            "disktype, Exists, -, -, false",
            "disktype, DoesNotExist, -, -, true",
            "disktype, DoesNotExist, -, ssd, false",
            "cores, Gt, 4, 8, true",
            "cores, Gt, 8, 8, false",
            "cores, Lt, 8, 4, true",
            "cores, Lt, 4, 8, false",
            "cores, Gt, 4, eight, false",               // not an integer
            "cores, Gt, -, 8, false",                   // Gt needs exactly one value
    })
    void operators(String key, String op, String values, String labelValue, boolean expected) {
        String[] vs = values == null ? new String[0] : values.split("\\|");
        assertThat(NodeAffinity.matches(req(key, op, vs), labelValue)).isEqualTo(expected);
    }

    private static Pod withRequired(Map<String, String> nodeSelector, NodeSelectorTerm... terms) {
        var b = podBuilder("p", null, null).editSpec().withNodeSelector(nodeSelector);
        if (terms.length > 0) {
            b = b.withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity().endAffinity();
        }
        return b.endSpec().build();
    }

    @Test
    void nodeSelectorLabelsMustAllMatch() {
        PodSpec spec = withRequired(Map.of("disktype", "ssd", "zone", "a")).getSpec();
        assertThat(NodeAffinity.fits(spec, "n1", Map.of("disktype", "ssd", "zone", "a", "extra", "x"))).isTrue();
        assertThat(NodeAffinity.fits(spec, "n1", Map.of("disktype", "ssd"))).isFalse();
    }

    @Test
    void requiredTermsAreOredAndTheirExpressionsAnded() {
        NodeSelectorTerm ssdInA = new NodeSelectorTerm(List.of(req("disktype", "In", "ssd"), req("zone", "In", "a")), null);
        NodeSelectorTerm gpu = new NodeSelectorTerm(List.of(req("gpu", "Exists")), null);
        PodSpec spec = withRequired(null, ssdInA, gpu).getSpec();
        assertThat(NodeAffinity.fits(spec, "n", Map.of("disktype", "ssd", "zone", "a"))).isTrue();
        assertThat(NodeAffinity.fits(spec, "n", Map.of("disktype", "ssd", "zone", "b"))).isFalse();
        assertThat(NodeAffinity.fits(spec, "n", Map.of("gpu", "1"))).isTrue();
    }

    @Test
    void anEmptyTermMatchesNothingAndMatchFieldsSelectByName() {
        assertThat(NodeAffinity.matchesTerm(new NodeSelectorTerm(List.of(), List.of()), "n", Map.of())).isFalse();
        NodeSelectorTerm byName = new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "minikube-m02")));
        assertThat(NodeAffinity.matchesTerm(byName, "minikube-m02", Map.of())).isTrue();
        assertThat(NodeAffinity.matchesTerm(byName, "minikube", Map.of())).isFalse();
    }

    @Test
    void theFilterRejectsUnresolvablyInKubernetesWordsAndSkipsPodsWithoutRequirements() {
        Pod pod = withRequired(Map.of("disktype", "ssd"));
        NodeAffinity plugin = new NodeAffinity();
        assertThat(plugin.preFilter(new CycleState(), info(pod)).isSuccess()).isTrue();
        Status s = plugin.filter(new CycleState(), info(pod), nodeInfo(node("n1", "2", "4Gi", 110)));
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
        assertThat(plugin.preFilter(new CycleState(), info(podBuilder("free", null, null).build())).isSkip()).isTrue();
    }

    @Test
    void preferredTermsScoreTheirWeightsNormalizedToTheBest() {
        // The class comment's worked example: ssd weight 80, zone a weight 20.
        PreferredSchedulingTerm ssd = new PreferredSchedulingTerm(new NodeSelectorTerm(List.of(req("disktype", "In", "ssd")), null), 80);
        PreferredSchedulingTerm zoneA = new PreferredSchedulingTerm(new NodeSelectorTerm(List.of(req("zone", "In", "a")), null), 20);
        PodSpec spec = podBuilder("p", null, null).editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(ssd, zoneA).endNodeAffinity().endAffinity().endSpec()
                .build().getSpec();
        long[] raw = {
                NodeAffinity.score(spec, "n1", Map.of("disktype", "ssd", "zone", "a")),
                NodeAffinity.score(spec, "n2", Map.of("disktype", "ssd", "zone", "b")),
                NodeAffinity.score(spec, "n3", Map.of()),
        };
        assertThat(raw).containsExactly(100, 80, 0);
        new NodeAffinity().normalizeScores(new CycleState(), null, List.of(), raw);
        assertThat(raw).containsExactly(100, 80, 0);

        long[] halves = {40, 20, 0};
        new NodeAffinity().normalizeScores(new CycleState(), null, List.of(), halves);
        assertThat(halves).containsExactly(100, 50, 0);
    }
}
