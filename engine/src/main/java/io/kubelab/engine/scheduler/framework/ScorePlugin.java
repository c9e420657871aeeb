package io.kubelab.engine.scheduler.framework;

import java.util.List;

/**
 * Score: how much does the plugin like this feasible node for the pod. After every node is scored
 * (and normalized, see {@link NormalizeScorePlugin}), each score lies in 0..{@link #MAX_NODE_SCORE};
 * the framework multiplies it by the plugin's weight and adds up the plugins.
 */
public interface ScorePlugin extends Plugin {
    /** {@code framework.MaxNodeScore}. */
    int MAX_NODE_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);

    /**
     * Scores every node: {@code out[i] = score(state, pod, nodes.get(i))}, which is what this default
     * does. The framework calls this, once per plugin and pod, rather than {@link #score} per node: a
     * plugin overriding it reads its cycle state once instead of once per node (500 nodes per pod in a
     * big cluster), and its loop calls its own code, not a call site shared by every plugin. An
     * override must give exactly {@link #score}'s numbers (tests compare the two).
     */
    default void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        for (int i = 0; i < nodes.size(); i++) {
            out[i] = score(state, pod, nodes.get(i));
        }
    }
}
