package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.PreScorePlugin;
import io.kubelab.engine.scheduler.framework.Resources;
import io.kubelab.engine.scheduler.framework.ScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.List;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose CPU and memory would be used in the same
 * proportion after placing the pod, so that neither runs out while the other idles. Skipped for
 * pods that request nothing (BestEffort), as upstream does since 1.32.
 */
public final class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesBalancedAllocation";
    public static final PluginFactory FACTORY = handle -> new NodeResourcesBalancedAllocation();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
        Resources r = pod.requests();
        return r.milliCpu() == 0 && r.memory() == 0 ? Status.SKIP : Status.SUCCESS;
    }

    /** Uses the real requests (no 100m / 200Mi defaults), as upstream's {@code useRequested}. */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Resources req = pod.requests();
        return balancedScore(node.requestedMilliCpu() + req.milliCpu(), node.allocatableMilliCpu(),
                node.requestedMemory() + req.memory(), node.allocatableMemory());
    }

    /** {@link #score} for every node, the pod's requests read once. */
    @Override
    public void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        Resources req = pod.requests();
        long cpu = req.milliCpu();
        long mem = req.memory();
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo node = nodes.get(i);
            out[i] = balancedScore(node.requestedMilliCpu() + cpu, node.allocatableMilliCpu(),
                    node.requestedMemory() + mem, node.allocatableMemory());
        }
    }

    /**
     * {@code (1 - std) * 100} where, for two resources, {@code std = |cpuFraction - memFraction| / 2}
     * and each fraction (requested / allocatable) is capped at 1.
     *
     * <p>Worked example: cpu 1000m of 2000m (0.5), memory 1Gi of 4Gi (0.25): std 0.125, score 87.
     */
    public static long balancedScore(long requestedCpu, long allocatableCpu, long requestedMem, long allocatableMem) {
        // With one resource (the other not allocatable) there is nothing to balance: std 0.
        if (allocatableCpu <= 0 || allocatableMem <= 0) {
            return MAX_NODE_SCORE;
        }
        double cpu = Math.min(1.0, (double) requestedCpu / allocatableCpu);
        double mem = Math.min(1.0, (double) requestedMem / allocatableMem);
        double std = Math.abs((cpu - mem) / 2);
        return (long) ((1 - std) * MAX_NODE_SCORE);
    }
}
