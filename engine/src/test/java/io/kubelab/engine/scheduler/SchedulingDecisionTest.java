package io.kubelab.engine.scheduler;

import io.kubelab.engine.scheduler.SchedulingDecision.NodeDecision;
import io.kubelab.engine.scheduler.SchedulingDecision.PluginResult;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision is stored compactly (no rejections array when every node fit, one byte for a plugin that
 * gave every feasible node the same score, nothing for a plugin that skipped); what it shows must not
 * depend on that.
 */
class SchedulingDecisionTest {
    private static final List<String> FILTERS = List.of("NodeUnschedulable", "NodeResourcesFit");
    private static final List<String> SCORERS = List.of("TaintToleration", "NodeAffinity", "NodeResourcesFit");
    private static final List<Integer> WEIGHTS = List.of(3, 2, 1);

    private static SchedulingDecision.Builder builder(int nodes) {
        return new SchedulingDecision.Builder("default", "web", "uid-web", Instant.EPOCH, 1, nodes, FILTERS, SCORERS,
                WEIGHTS);
    }

    @Test
    void scoresOfEveryKindReadBackPerNode() {
        SchedulingDecision.Builder b = builder(3);
        b.ring(new String[] {"n1", "n2", "n3"}, 0);
        int i1 = b.node("n1", -1, Status.SUCCESS);
        b.node("n2", 1, Status.unschedulable("Insufficient cpu"));
        int i3 = b.node("n3", -1, Status.SUCCESS);
        // TaintToleration 100 on both feasible nodes (constant), NodeAffinity skipped, NodeResourcesFit varies.
        long[][] scores = {{100, 100}, {0, 0}, {84, 61}};
        b.scores(new int[] {i1, i3}, scores, new long[] {384, 361}, 1L << 1);
        SchedulingDecision d = b.scheduled("n1", "Successfully assigned default/web to n1").build();

        assertThat(d.feasibleNodes()).isEqualTo(2);
        NodeDecision n1 = d.node("n1").orElseThrow();
        assertThat(n1.scores()).containsOnlyKeys("TaintToleration", "NodeResourcesFit")
                .containsEntry("TaintToleration", 100).containsEntry("NodeResourcesFit", 84);
        assertThat(n1.total()).isEqualTo(3 * 100 + 84);
        assertThat(d.node("n3").orElseThrow().scores()).containsEntry("TaintToleration", 100)
                .containsEntry("NodeResourcesFit", 61);
        assertThat(d.node("n3").orElseThrow().total()).isEqualTo(361);
        NodeDecision n2 = d.node("n2").orElseThrow();
        assertThat(n2.feasible()).isFalse();
        assertThat(n2.scores()).isEmpty();
        assertThat(n2.total()).isEqualTo(-1);
        assertThat(n2.rejectedBy()).get().extracting(PluginResult::reasons).isEqualTo(List.of("Insufficient cpu"));
        assertThat(d.explain()).isEqualTo("Scheduled on n1: highest total score 384 among 2 feasible of 3 nodes");
    }

    @Test
    void aDecisionWhereEveryNodeFitKeepsNoRejections() {
        SchedulingDecision.Builder b = builder(2);
        b.ring(new String[] {"n1", "n2"}, 1);
        int i2 = b.node("n2", -1, Status.SUCCESS);
        int i1 = b.node("n1", -1, Status.SUCCESS);
        b.scores(new int[] {i2, i1}, new long[][] {{100, 100}, {20, 80}, {50, 50}}, new long[] {390, 510}, 0);
        SchedulingDecision d = b.scheduled("n1", "Successfully assigned default/web to n1").build();

        assertThat(d.evaluatedNodes()).isEqualTo(2);
        assertThat(d.feasibleNodes()).isEqualTo(2);
        assertThat(d.nodes()).extracting(NodeDecision::node).containsExactly("n2", "n1");
        assertThat(d.nodes()).allSatisfy(n -> {
            assertThat(n.feasible()).isTrue();
            assertThat(n.rejectedBy()).isEmpty();
            assertThat(n.filters()).extracting(PluginResult::code).containsExactly(Code.SUCCESS, Code.SUCCESS);
        });
        assertThat(d.nodes()).extracting(NodeDecision::total).containsExactly(390L, 510L);
        assertThat(d.node("n1").orElseThrow().scores()).containsEntry("NodeAffinity", 80);
    }
}
