package io.kubelab.engine.scheduler.framework;

/**
 * Score: how much does the plugin like this feasible node for the pod. After every node is scored
 * (and normalized, see {@link NormalizeScorePlugin}), each score lies in 0..{@link #MAX_NODE_SCORE};
 * the framework multiplies it by the plugin's weight and adds up the plugins.
 */
public interface ScorePlugin extends Plugin {
    /** {@code framework.MaxNodeScore}. */
    int MAX_NODE_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);
}
