package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class NodeResourcesBalancedAllocationTest {
    private static final long MI = 1024L * 1024;

    @ParameterizedTest(name = "cpu {0}/{1}m, memory {2}/{3}Mi → {4}")
    @CsvSource({
            "1000, 2000, 1024, 4096, 87",   // fractions 0.5 and 0.25: std 0.125
            "1000, 2000, 2048, 4096, 100",  // perfectly balanced
            "2000, 2000, 0, 4096, 50",      // 1.0 vs 0.0: std 0.5
            "4000, 2000, 2048, 4096, 75",   // cpu fraction capped at 1: |1 - 0.5| / 2
    })
    void balancedScore(long cpu, long allocCpu, long memMi, long allocMi, long expected) {
        assertThat(NodeResourcesBalancedAllocation.balancedScore(cpu, allocCpu, memMi * MI, allocMi * MI)).isEqualTo(expected);
    }

    @Test
    void bestEffortPodsSkipBalancedAllocation() {
        var plugin = new NodeResourcesBalancedAllocation();
        NodeInfo n = NodeInfo.of(node("n", "2", "4Gi", 110));
        assertThat(plugin.preScore(new CycleState(), info(pod("be", null, null)), List.of(n)).isSkip()).isTrue();
        assertThat(plugin.preScore(new CycleState(), info(pod("b", "1", "1Gi")), List.of(n)).isSuccess()).isTrue();
        assertThat(plugin.score(new CycleState(), info(pod("b", "1", "1Gi")), n)).isEqualTo(87);
    }
}
