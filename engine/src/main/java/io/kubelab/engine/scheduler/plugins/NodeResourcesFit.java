package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Resources;
import io.kubelab.engine.scheduler.framework.ScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NodeResourcesFit: the node must have room for the pod's requests next to the requests of the
 * non-terminated pods already bound to it (limits and actual use do not count), and a free pod slot.
 * Scores with the {@code LeastAllocated} strategy: the emptier the node after placing the pod, the
 * better.
 *
 * <p>Worked example (filter): a 2-CPU node running pods that request 1500m has 500m left; a pod
 * requesting 600m gets {@code Insufficient cpu}. Every shortage is reported, so a pod short of both
 * gets {@code Insufficient cpu} and {@code Insufficient memory} from the same node.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {
    public static final String NAME = "NodeResourcesFit";
    public static final String ERR_REASON_TOO_MANY_PODS = "Too many pods";
    public static final String ERR_REASON_INSUFFICIENT_CPU = "Insufficient cpu";
    public static final String ERR_REASON_INSUFFICIENT_MEMORY = "Insufficient memory";
    public static final String ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE = "Insufficient ephemeral-storage";
    public static final PluginFactory FACTORY = handle -> new NodeResourcesFit();

    /** LeastAllocated's default resources and weights: cpu 1, memory 1. */
    private static final int CPU_WEIGHT = 1;
    private static final int MEMORY_WEIGHT = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (fitsQuickly(pod.requests(), node)) {
            return Status.SUCCESS;
        }
        List<String> reasons = insufficientResources(pod.requests(), node.requested(), node.allocatable(),
                node.podCount(), node.allowedPods());
        return reasons.isEmpty() ? Status.SUCCESS : Status.unschedulable(reasons.toArray(String[]::new));
    }

    /** {@link #filter} per node: the common case (room for the pod) answered inline. */
    @Override
    public void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                          Status[] statuses) {
        Resources req = pod.requests();
        for (int j = 0; j < count; j++) {
            if (failedAt[j] >= 0 || fitsQuickly(req, nodes[j])) {
                continue;
            }
            Status s = filter(state, pod, nodes[j]);
            if (!s.isSuccess()) {
                failedAt[j] = self;
                statuses[j] = s;
            }
        }
    }

    /** The common case without allocating: a free slot and room for cpu and memory, nothing else asked. */
    private static boolean fitsQuickly(Resources req, NodeInfo node) {
        return node.podCount() + 1 <= node.allowedPods() && req.ephemeralStorage() == 0 && req.scalars().isEmpty()
                && (req.milliCpu() == 0 || req.milliCpu() + node.requestedMilliCpu() <= node.allocatableMilliCpu())
                && (req.memory() == 0 || req.memory() + node.requestedMemory() <= node.allocatableMemory());
    }

    /**
     * What the node lacks for the pod ({@code fitsRequest}): {@code Too many pods} when its pod slots
     * are full, then {@code Insufficient <resource>} for each resource whose requests would exceed
     * allocatable. A pod requesting nothing is only checked for a pod slot.
     */
    public static List<String> insufficientResources(Resources podRequest, Resources nodeRequested,
                                                     Resources allocatable, int podCount, long allowedPods) {
        List<String> reasons = new ArrayList<>(2);
        if (podCount + 1 > allowedPods) {
            reasons.add(ERR_REASON_TOO_MANY_PODS);
        }
        if (podRequest.isZero()) {
            return reasons;
        }
        if (podRequest.milliCpu() > 0 && allocatable.milliCpu() < podRequest.milliCpu() + nodeRequested.milliCpu()) {
            reasons.add(ERR_REASON_INSUFFICIENT_CPU);
        }
        if (podRequest.memory() > 0 && allocatable.memory() < podRequest.memory() + nodeRequested.memory()) {
            reasons.add(ERR_REASON_INSUFFICIENT_MEMORY);
        }
        if (podRequest.ephemeralStorage() > 0
                && allocatable.ephemeralStorage() < podRequest.ephemeralStorage() + nodeRequested.ephemeralStorage()) {
            reasons.add(ERR_REASON_INSUFFICIENT_EPHEMERAL_STORAGE);
        }
        for (Map.Entry<String, Long> e : podRequest.scalars().entrySet()) {
            if (e.getValue() > 0 && allocatable.scalar(e.getKey()) < e.getValue() + nodeRequested.scalar(e.getKey())) {
                reasons.add("Insufficient " + e.getKey());
            }
        }
        return reasons;
    }

    /**
     * LeastAllocated over the non-zero requests (a container without a request counts 100m / 200Mi),
     * so the score already tells 0-request pods apart.
     */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Resources req = pod.nonZeroRequests();
        return leastAllocatedScore(node.nonZeroRequestedMilliCpu() + req.milliCpu(), node.allocatableMilliCpu(),
                node.nonZeroRequestedMemory() + req.memory(), node.allocatableMemory());
    }

    /** {@link #score} for every node, the pod's requests read once. */
    @Override
    public void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        Resources req = pod.nonZeroRequests();
        long cpu = req.milliCpu();
        long mem = req.memory();
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo node = nodes.get(i);
            out[i] = leastAllocatedScore(node.nonZeroRequestedMilliCpu() + cpu, node.allocatableMilliCpu(),
                    node.nonZeroRequestedMemory() + mem, node.allocatableMemory());
        }
    }

    /**
     * {@code leastResourceScorer} for cpu and memory with weight 1 each: per resource
     * {@code (allocatable - requested) * 100 / allocatable} (0 when over-committed), then the
     * weighted average, all in integer arithmetic.
     *
     * <p>Worked example: 2000m / 4Gi node, 500m / 512Mi requested after placing the pod:
     * cpu (2000-500)*100/2000 = 75, memory (4096-512)*100/4096 = 87, score (75+87)/2 = 81.
     */
    public static long leastAllocatedScore(long requestedCpu, long allocatableCpu, long requestedMem, long allocatableMem) {
        long score = 0;
        long weights = 0;
        if (allocatableCpu > 0) {
            score += leastRequested(requestedCpu, allocatableCpu) * CPU_WEIGHT;
            weights += CPU_WEIGHT;
        }
        if (allocatableMem > 0) {
            score += leastRequested(requestedMem, allocatableMem) * MEMORY_WEIGHT;
            weights += MEMORY_WEIGHT;
        }
        return weights == 0 ? 0 : score / weights;
    }

    static long leastRequested(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
