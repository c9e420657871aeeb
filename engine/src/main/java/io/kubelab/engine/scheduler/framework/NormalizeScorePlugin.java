package io.kubelab.engine.scheduler.framework;

import java.util.List;

/**
 * NormalizeScore ({@code ScoreExtensions}): maps the raw scores of one plugin, one per feasible node,
 * into 0..100 in place, e.g. "the node with most matching preferred terms gets 100".
 */
public interface NormalizeScorePlugin extends ScorePlugin {
    void normalizeScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores);
}
