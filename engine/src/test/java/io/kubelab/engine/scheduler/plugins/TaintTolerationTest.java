package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.nodeInfo;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static io.kubelab.engine.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

class TaintTolerationTest {

    @ParameterizedTest(name = "toleration {0}/{1}={2}:{3} vs taint {4}={5}:{6} → {7}")
    @CsvSource(nullValues = "-", value = {
            // key, operator, value, effect | taint key, value, effect | tolerated
            "dedicated, Equal, gpu, NoSchedule,       dedicated, gpu, NoSchedule, true",
            "dedicated, -, gpu, NoSchedule,           dedicated, gpu, NoSchedule, true",   // Equal is the default
            "dedicated, Equal, cpu, NoSchedule,       dedicated, gpu, NoSchedule, false",
            "dedicated, Exists, -, NoSchedule,        dedicated, gpu, NoSchedule, true",
            "dedicated, Exists, -, -,                 dedicated, gpu, NoExecute, true",    // empty effect matches all
            "dedicated, Exists, -, NoExecute,         dedicated, gpu, NoSchedule, false",
            "-, Exists, -, -,                         anything, x, NoSchedule, true",      // tolerate everything
            "other, Exists, -, -,                     dedicated, gpu, NoSchedule, false",
            "node-role.kubernetes.io/control-plane, Exists, -, NoSchedule, node-role.kubernetes.io/control-plane, -, NoSchedule, true",
    })
    void tolerates(String key, String op, String value, String effect, String tKey, String tValue, String tEffect,
                   boolean expected) {
        Toleration tol = new Toleration(effect, key, op, null, value);
        assertThat(TaintToleration.tolerates(tol, taint(tKey, tValue, tEffect))).isEqualTo(expected);
    }

    @Test
    void theControlPlaneTaintIsReportedInKubernetesWords() {
        Taint cp = taint("node-role.kubernetes.io/control-plane", null, "NoSchedule");
        Status s = new TaintToleration().filter(new CycleState(), info(pod("web", null, null)),
                nodeInfo(node("minikube", "2", "4Gi", 110, Map.of(), cp)));
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
    }

    @Test
    void theFirstUntoleratedHardTaintIsTheReasonAndPreferNoScheduleNeverFilters() {
        List<Taint> taints = List.of(taint("soft", "x", "PreferNoSchedule"), taint("dedicated", "gpu", "NoSchedule"),
                taint("other", "y", "NoExecute"));
        assertThat(TaintToleration.untoleratedTaint(taints, List.of())).isEqualTo(taints.get(1));
        assertThat(TaintToleration.reason(taints.get(1))).isEqualTo("node(s) had untolerated taint {dedicated: gpu}");
        assertThat(TaintToleration.untoleratedTaint(List.of(taints.get(0)), List.of())).isNull();
    }

    @Test
    void preferNoScheduleTaintsLowerTheScoreReversed() {
        Taint soft1 = taint("a", "1", "PreferNoSchedule");
        Taint soft2 = taint("b", "2", "PreferNoSchedule");
        Toleration tolA = new Toleration("PreferNoSchedule", "a", "Exists", null, null);
        Toleration tolANoSchedule = new Toleration("NoSchedule", "a", "Exists", null, null);
        assertThat(TaintToleration.countIntolerablePreferNoSchedule(List.of(soft1, soft2), List.of())).isEqualTo(2);
        assertThat(TaintToleration.countIntolerablePreferNoSchedule(List.of(soft1, soft2), List.of(tolA))).isEqualTo(1);
        // A toleration for another effect does not count.
        assertThat(TaintToleration.countIntolerablePreferNoSchedule(List.of(soft1), List.of(tolANoSchedule))).isEqualTo(1);

        long[] raw = {2, 1, 0};
        new TaintToleration().normalizeScores(new CycleState(), null, List.of(), raw);
        assertThat(raw).containsExactly(0, 50, 100);
    }

    @Test
    void aNodeKnowsWhichKindsOfTaintItCarries() {
        var none = nodeInfo(node("n1", "4", "8Gi", 110));
        var soft = nodeInfo(node("n2", "4", "8Gi", 110, Map.of(), taint("spot", "yes", "PreferNoSchedule")));
        var hard = nodeInfo(node("n3", "4", "8Gi", 110, Map.of(), taint("spot", "yes", "PreferNoSchedule"),
                taint("gone", null, "NoExecute")));
        assertThat(List.of(none.hasNoScheduleTaints(), soft.hasNoScheduleTaints(), hard.hasNoScheduleTaints()))
                .containsExactly(false, false, true);
        assertThat(List.of(none.hasPreferNoScheduleTaints(), soft.hasPreferNoScheduleTaints(),
                hard.hasPreferNoScheduleTaints())).containsExactly(false, true, true);

        TaintToleration plugin = new TaintToleration();
        var pod = info(pod("p", null, null));
        assertThat(plugin.filter(new CycleState(), pod, soft).isSuccess()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod, hard).reasons()).containsExactly(
                "node(s) had untolerated taint {gone: }");
        assertThat(List.of(plugin.score(new CycleState(), pod, none), plugin.score(new CycleState(), pod, soft),
                plugin.score(new CycleState(), pod, hard))).containsExactly(0L, 1L, 1L);
    }

    @Test
    void aNodesTopologyLabelsReadFromFieldsAgreeWithItsLabels() {
        var n = nodeInfo(node("n1", "4", "8Gi", 110, Map.of("topology.kubernetes.io/zone", new String("zone-a"),
                "disk", "ssd")));
        for (String key : List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone", "disk", "missing",
                new String("topology.kubernetes.io/zone"))) {
            assertThat(n.label(key)).as(key).isEqualTo(n.labels().get(key));
        }
        // Zone values are shared between nodes, so that map lookups by them end at an identity check.
        var m = nodeInfo(node("n2", "4", "8Gi", 110, Map.of("topology.kubernetes.io/zone", new String("zone-a"))));
        assertThat(m.label("topology.kubernetes.io/zone")).isSameAs(n.label("topology.kubernetes.io/zone"));
    }
}
