package io.kubelab.engine.scheduler.framework;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** Scores reuse their rows from pod to pod: nothing of one pod's scores may leak into the next. */
class FrameworkScoreTest {
    /** A score plugin that gives every node the same score. */
    private record Fixed(String name, long value) implements ScorePlugin {
        @Override
        public long score(CycleState state, PodInfo pod, NodeInfo node) {
            return value;
        }
    }

    /** A score plugin that scores a node by its name's length (×10). */
    private record ByName(String name) implements ScorePlugin {
        @Override
        public long score(CycleState state, PodInfo pod, NodeInfo node) {
            return node.name().length() * 10L;
        }
    }

    private final Framework framework = new Framework(
            Map.of("Fixed", h -> new Fixed("Fixed", 40), "ByName", h -> new ByName("ByName")),
            List.of(new Framework.PluginConfig("Fixed", 2), new Framework.PluginConfig("ByName", 1)), null);
    private final PodInfo pod = new PodInfo(pod("web", "100m", "64Mi"));
    private final List<NodeInfo> three = List.of(new NodeInfo("n1"), new NodeInfo("node2"), new NodeInfo("n3"));

    @Test
    void aSkippedPluginScoresZeroEvenAfterAPodItScored() {
        long[][] first = framework.runScore(new CycleState(), pod, three, 0L);
        assertThat(first[0]).containsExactly(40, 40, 40);
        assertThat(first[1]).containsExactly(20, 50, 20);
        assertThat(framework.totals(first, 3)).containsExactly(100, 130, 100);

        // The next pod: Fixed skips (bit 0). Its row held 40s a moment ago.
        long[][] second = framework.runScore(new CycleState(), pod, three, 1L);
        assertThat(second[0]).containsExactly(0, 0, 0);
        assertThat(second[1]).containsExactly(20, 50, 20);
        assertThat(framework.totals(second, 3)).containsExactly(20, 50, 20);
    }

    @Test
    void rowsFollowTheNumberOfFeasibleNodes() {
        framework.runScore(new CycleState(), pod, three, 0L);
        long[][] two = framework.runScore(new CycleState(), pod, three.subList(1, 3), 0L);
        assertThat(two[0]).hasSize(2);
        assertThat(two[1]).containsExactly(50, 20);
        assertThat(framework.totals(two, 2)).containsExactly(130, 100);
    }
}
