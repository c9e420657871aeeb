package io.kubelab.engine.scheduler.framework;

import java.util.List;

/**
 * PreScore: runs once per attempt over the feasible nodes, before Score. {@link Status#SKIP} means
 * the plugin has nothing to prefer for this pod: its Score is not run and adds nothing.
 */
public interface PreScorePlugin extends Plugin {
    Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes);
}
