package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.ScorePlugin;

/** {@code helper.DefaultNormalizeScore}: scale raw scores so that the highest becomes 100. */
public final class ScoreNormalizer {
    private ScoreNormalizer() {}

    /**
     * Scales {@code scores} in place to 0..100 by the highest one; with {@code reverse}, the lowest
     * raw score gets 100. When every raw score is 0: all stay 0, or all become 100 when reversed.
     *
     * <p>Worked example: raw {2, 1, 0} → {100, 50, 0}; reversed → {0, 50, 100}.
     */
    public static void defaultNormalize(boolean reverse, long[] scores) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        int top = ScorePlugin.MAX_NODE_SCORE;
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, top);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = top * scores[i] / max;
            scores[i] = reverse ? top - s : s;
        }
    }
}
