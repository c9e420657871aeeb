package io.kubelab.engine.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the plugins of one scheduler profile at each extension point, in the profile's order
 * ({@code frameworkruntime.frameworkImpl}). Filters run in order and stop at the first plugin that
 * rejects a node, as upstream does: that plugin's reasons are the node's reasons. Scores are
 * normalized into 0..100 per plugin, then multiplied by the plugin's weight and summed.
 *
 * <p>Engine thread only.
 */
public final class Framework {
    /** A plugin enabled in the profile, with its score weight (ignored for plugins that do not score). */
    public record PluginConfig(String name, int weight) {}

    /** PreFilter's outcome: a rejection (with the plugin) or the set of Filters to skip. */
    public record PreFilterResult(Status status, String plugin, long skippedFilters) {
        public boolean isSuccess() {
            return status.isSuccess();
        }
    }

    private final List<PreFilterPlugin> preFilters = new ArrayList<>();
    private final List<FilterPlugin> filters = new ArrayList<>();
    private final List<PreScorePlugin> preScores = new ArrayList<>();
    private final List<ScorePlugin> scorers = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private final List<String> filterNames;
    private final List<String> scoreNames;
    private final List<Integer> scoreWeights;
    private final int[] weightArray;
    /** Per PreFilter plugin, the index of its Filter (-1 without one): what its Skip skips. */
    private final int[] preFilterSkips;
    /** Per PreScore plugin, the index of its Score (-1 without one). */
    private final int[] preScoreSkips;

    public Framework(Map<String, PluginFactory> registry, List<PluginConfig> profile, Handle handle) {
        for (PluginConfig pc : profile) {
            PluginFactory f = registry.get(pc.name());
            if (f == null) {
                throw new IllegalArgumentException("no plugin named " + pc.name() + " in the registry");
            }
            Plugin p = f.create(handle);
            if (p instanceof PreFilterPlugin pf) {
                preFilters.add(pf);
            }
            if (p instanceof FilterPlugin fp) {
                filters.add(fp);
            }
            if (p instanceof PreScorePlugin ps) {
                preScores.add(ps);
            }
            if (p instanceof ScorePlugin sp) {
                scorers.add(sp);
                weights.add(pc.weight());
            }
        }
        if (filters.size() > 63 || scorers.size() > 63) {
            throw new IllegalArgumentException("too many plugins");
        }
        filterNames = filters.stream().map(Plugin::name).toList();
        scoreNames = scorers.stream().map(Plugin::name).toList();
        scoreWeights = List.copyOf(weights);
        weightArray = weights.stream().mapToInt(Integer::intValue).toArray();
        preFilterSkips = preFilters.stream().mapToInt(p -> indexOf(filters, p.name())).toArray();
        preScoreSkips = preScores.stream().mapToInt(p -> indexOf(scorers, p.name())).toArray();
    }

    public List<String> filterNames() {
        return filterNames;
    }

    public List<String> scoreNames() {
        return scoreNames;
    }

    public List<Integer> scoreWeights() {
        return scoreWeights;
    }

    /**
     * Runs every PreFilter. A plugin answering Skip has its Filter skipped for this pod; the first
     * rejection or error ends PreFilter (the pod fits no node).
     */
    public PreFilterResult runPreFilter(CycleState state, PodInfo pod) {
        long skipped = 0;
        for (int k = 0; k < preFilters.size(); k++) {
            PreFilterPlugin p = preFilters.get(k);
            Status s;
            try {
                s = p.preFilter(state, pod);
            } catch (RuntimeException e) {
                s = Status.error(p.name() + ": " + e.getMessage());
            }
            if (s.isSkip()) {
                int i = preFilterSkips[k];
                if (i >= 0) {
                    skipped |= 1L << i;
                }
            } else if (!s.isSuccess()) {
                return new PreFilterResult(s, p.name(), skipped);
            }
        }
        return new PreFilterResult(Status.SUCCESS, null, skipped);
    }

    /**
     * Runs the Filters on one node, in order, stopping at the first that does not succeed.
     *
     * @param out receives that plugin's status at index 0
     * @return the index of the failing filter (see {@link #filterNames()}), or -1 when the node fits
     */
    public int runFilters(CycleState state, PodInfo pod, NodeInfo node, long skippedFilters, Status[] out) {
        for (int i = 0; i < filters.size(); i++) {
            if ((skippedFilters & (1L << i)) != 0) {
                continue;
            }
            FilterPlugin f = filters.get(i);
            Status s;
            try {
                s = f.filter(state, pod, node);
            } catch (RuntimeException e) {
                s = Status.error(f.name() + ": " + e.getMessage());
            }
            if (!s.isSuccess()) {
                out[0] = s;
                return i;
            }
        }
        out[0] = Status.SUCCESS;
        return -1;
    }

    /**
     * Runs the Filters on a batch of nodes, plugin by plugin (see {@link FilterPlugin#filterAll}), with
     * the same outcome per node as {@link #runFilters(CycleState, PodInfo, NodeInfo, long, Status[])}:
     * the first plugin in the profile's order that does not succeed and its status. Filters only read,
     * so the order in which nodes and plugins are visited changes nothing but the speed.
     *
     * @param failedAt receives per node the index of the failing filter, or -1 when the node fits
     * @param statuses receives per node that filter's status, or {@link Status#SUCCESS}
     */
    public void runFilters(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, long skippedFilters,
                           int[] failedAt, Status[] statuses) {
        java.util.Arrays.fill(failedAt, 0, count, -1);
        java.util.Arrays.fill(statuses, 0, count, Status.SUCCESS);
        for (int i = 0; i < filters.size(); i++) {
            if ((skippedFilters & (1L << i)) != 0) {
                continue;
            }
            FilterPlugin f = filters.get(i);
            try {
                f.filterAll(state, pod, nodes, count, i, failedAt, statuses);
            } catch (RuntimeException e) {
                // An override that threw outside its per-node code: the nodes it had not yet judged
                // get what filter() throwing on each of them would give. Redo them one by one.
                for (int j = 0; j < count; j++) {
                    if (failedAt[j] < 0 || failedAt[j] == i) {
                        failedAt[j] = -1;
                        statuses[j] = Status.SUCCESS;
                        Status s;
                        try {
                            s = f.filter(state, pod, nodes[j]);
                        } catch (RuntimeException e2) {
                            s = Status.error(f.name() + ": " + e2.getMessage());
                        }
                        if (!s.isSuccess()) {
                            failedAt[j] = i;
                            statuses[j] = s;
                        }
                    }
                }
            }
        }
    }

    /** Runs every PreScore; returns the set (bit per score plugin) of plugins that skip. */
    public long runPreScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        long skipped = 0;
        for (int k = 0; k < preScores.size(); k++) {
            PreScorePlugin p = preScores.get(k);
            Status s = p.preScore(state, pod, feasible);
            if (s.isSkip()) {
                int i = preScoreSkips[k];
                if (i >= 0) {
                    skipped |= 1L << i;
                }
            } else if (!s.isSuccess()) {
                throw new IllegalStateException(p.name() + " PreScore: " + s.message());
            }
        }
        return skipped;
    }

    /**
     * Scores every feasible node with every score plugin that did not skip, and normalizes.
     *
     * <p>The arrays returned are this framework's scratch space, reused by the next call (and by
     * {@link #totals}): read them before scoring the next pod. A big cluster scores the same number
     * of feasible nodes for every pod (500 of 5,000), so one set of rows serves every pod instead of
     * ~20 KB of new arrays per pod — a fifth of the engine's allocation at 150,000 pods, and as many
     * young collections. Not thread-safe: one scheduler runs its cycles one at a time.
     *
     * @return {@code scores[plugin][node]}, each in 0..100 (0 for a skipping plugin)
     */
    public long[][] runScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, long skippedScores) {
        long[][] scores = scratchScores;
        if (scores == null || scores.length != scorers.size() || scores.length > 0 && scores[0].length != feasible.size()) {
            scores = new long[scorers.size()][feasible.size()];
            scratchScores = scores;
        }
        for (int i = 0; i < scorers.size(); i++) {
            if ((skippedScores & (1L << i)) != 0) {
                java.util.Arrays.fill(scores[i], 0L);
                continue;
            }
            ScorePlugin sp = scorers.get(i);
            long[] row = scores[i];
            sp.scoreAll(state, pod, feasible, row);
            if (sp instanceof NormalizeScorePlugin np) {
                np.normalizeScores(state, pod, feasible, row);
            }
            for (int n = 0; n < row.length; n++) {
                if (row[n] < 0 || row[n] > ScorePlugin.MAX_NODE_SCORE) {
                    throw new IllegalStateException(sp.name() + " returned score " + row[n] + " for node "
                            + feasible.get(n).name() + ", outside 0.." + ScorePlugin.MAX_NODE_SCORE);
                }
            }
        }
        return scores;
    }

    /** Σ weight × score per node (in scratch space reused by the next call, as {@link #runScore}'s). */
    public long[] totals(long[][] scores, int nodes) {
        long[] totals = scratchTotals;
        if (totals == null || totals.length != nodes) {
            totals = new long[nodes];
            scratchTotals = totals;
        } else {
            java.util.Arrays.fill(totals, 0L);
        }
        for (int i = 0; i < scores.length; i++) {
            long w = weightArray[i];
            long[] row = scores[i];
            for (int n = 0; n < nodes; n++) {
                totals[n] += w * row[n];
            }
        }
        return totals;
    }

    /** {@link #runScore}'s and {@link #totals}' rows, kept for the next pod (see there). */
    private long[][] scratchScores;
    private long[] scratchTotals;

    private static int indexOf(List<? extends Plugin> plugins, String name) {
        for (int i = 0; i < plugins.size(); i++) {
            if (plugins.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
