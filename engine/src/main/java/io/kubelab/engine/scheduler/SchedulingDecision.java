package io.kubelab.engine.scheduler;

import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a pod is where it is, or why it is Pending: the record of the scheduler's latest attempt for
 * one pod. For every node it evaluated: which filter plugins passed, which one rejected it and with
 * what reasons; for every feasible node: each score plugin's score (0..100) and the weighted total;
 * and the node it chose.
 *
 * <p>Immutable and safe to read from any thread (the UI asks "why is this pod on minikube-m02?").
 * Kept compact (arrays of references and bytes, views built on request), because a big cluster
 * keeps one per pod.
 */
public final class SchedulingDecision {
    /** How the attempt ended. */
    public enum Outcome { SCHEDULED, UNSCHEDULABLE, ERROR }

    /**
     * One plugin's verdict on one node.
     *
     * @param code    {@code Success}; {@code Skip} when PreFilter said the plugin had nothing to check;
     *                or the rejection
     * @param reasons Kubernetes' wording of the rejection
     */
    public record PluginResult(String plugin, Code code, List<String> reasons) {
        public boolean passed() {
            return code == Code.SUCCESS || code == Code.SKIP;
        }
    }

    /**
     * One evaluated node.
     *
     * @param filters the filter plugins in the order they ran; after a rejection the rest did not run
     * @param scores  score plugin → normalized score 0..100 (empty when the node was not scored; plugins
     *                that skipped for this pod are absent)
     * @param total   Σ weight × score, or -1 when not scored
     */
    public record NodeDecision(String node, boolean feasible, List<PluginResult> filters, Map<String, Integer> scores,
                               long total) {
        /** The plugin that rejected the node, if one did. */
        public Optional<PluginResult> rejectedBy() {
            return filters.stream().filter(r -> !r.passed()).findFirst();
        }
    }

    private final String namespace;
    private final String name;
    private final String uid;
    private final Instant time;
    private final int attempt;
    private final Outcome outcome;
    private final String chosenNode;
    private final String message;
    private final int totalNodes;
    private final List<String> filterPlugins;
    private final List<String> scorePlugins;
    private final List<Integer> scoreWeights;
    private final long skippedFilters;
    private final long skippedScores;
    private final boolean scored;
    /**
     * The evaluated nodes' names, or {@code null} when they are {@link #ring} from {@link #ringStart}
     * on (the scheduler walks the node list round-robin, so they usually are): then a decision
     * shares the scheduler's array of names instead of holding 500 references of its own.
     */
    private final String[] nodes;
    private final String[] ring;
    private final int ringStart;
    private final int count;
    /**
     * The filter that rejected each evaluated node, -1 when it fits; {@code null} when every node
     * fit (the usual case at scale: 500 bytes a pod saved).
     */
    private final byte[] rejectedAt;
    /** The rejecting status per evaluated node; {@code null} when every node passed (the usual case at scale). */
    private final Status[] rejections;
    /**
     * Per score plugin, its score per evaluated node ({@code columns[plugin][node]}); a single byte
     * when every feasible node got the same score (TaintToleration's 100 on untainted nodes), and
     * {@code null} for a plugin that skipped. A node's total is not kept: it is Σ weight × score,
     * computed when asked. With 150,000 pods on 5,000 nodes a decision per pod covers 500 nodes:
     * 8 bytes a node of totals came to 600 MB, a byte per plugin and node to 450 MB; this keeps
     * about 3 of the 6 plugins' bytes.
     */
    private final byte[][] columns;

    private SchedulingDecision(Builder b) {
        this.namespace = b.namespace;
        this.name = b.name;
        this.uid = b.uid;
        this.time = b.time;
        this.attempt = b.attempt;
        this.outcome = b.outcome;
        this.chosenNode = b.chosenNode;
        this.message = b.message;
        this.totalNodes = b.totalNodes;
        this.filterPlugins = List.copyOf(b.filterPlugins);
        this.scorePlugins = List.copyOf(b.scorePlugins);
        this.scoreWeights = List.copyOf(b.scoreWeights);
        this.skippedFilters = b.skippedFilters;
        this.skippedScores = b.skippedScores;
        this.scored = b.scored;
        int n = b.count;
        this.nodes = b.nodes == null ? null : Arrays.copyOf(b.nodes, n);
        this.ring = b.nodes == null ? b.ring : null;
        this.ringStart = b.ringStart;
        this.count = n;
        boolean anyRejected = false;
        for (int i = 0; i < n && !anyRejected; i++) {
            anyRejected = b.rejectedAt[i] >= 0;
        }
        this.rejectedAt = anyRejected ? Arrays.copyOf(b.rejectedAt, n) : null;
        this.rejections = anyRejected ? Arrays.copyOf(b.rejections, n) : null;
        this.columns = b.columns;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String uid() {
        return uid;
    }

    /** The simulation time of the attempt. */
    public Instant time() {
        return time;
    }

    /** 1 for the first attempt, counting up with each retry. */
    public int attempt() {
        return attempt;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The node the pod was bound to, if it was. */
    public Optional<String> chosenNode() {
        return Optional.ofNullable(chosenNode);
    }

    /**
     * For a failure, the FailedScheduling message ({@code 0/3 nodes are available: …}); for a
     * success, the Scheduled message.
     */
    public String message() {
        return message;
    }

    /** How many nodes the cluster had. */
    public int totalNodes() {
        return totalNodes;
    }

    /** How many nodes were filtered (fewer than {@link #totalNodes()} when a big cluster is sampled). */
    public int evaluatedNodes() {
        return count;
    }

    public int feasibleNodes() {
        if (rejectedAt == null) {
            return count;
        }
        int n = 0;
        for (byte b : rejectedAt) {
            if (b < 0) {
                n++;
            }
        }
        return n;
    }

    /** Whether the feasible nodes were scored (not when only one node was feasible, as upstream). */
    public boolean scored() {
        return scored;
    }

    public List<String> filterPlugins() {
        return filterPlugins;
    }

    /** Score plugins and their weights, in order. */
    public Map<String, Integer> scorePlugins() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < scorePlugins.size(); i++) {
            m.put(scorePlugins.get(i), scoreWeights.get(i));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every evaluated node, in the order the scheduler looked at them. */
    public List<NodeDecision> nodes() {
        List<NodeDecision> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(view(i));
        }
        return out;
    }

    public Optional<NodeDecision> node(String nodeName) {
        for (int i = 0; i < count; i++) {
            if (nodeName(i).equals(nodeName)) {
                return Optional.of(view(i));
            }
        }
        return Optional.empty();
    }

    private String nodeName(int i) {
        return nodes != null ? nodes[i] : ring[(ringStart + i) % ring.length];
    }

    private NodeDecision view(int i) {
        List<PluginResult> filters = new ArrayList<>();
        int rejected = rejectedAt == null ? -1 : rejectedAt[i];
        for (int p = 0; p < filterPlugins.size(); p++) {
            if (rejected >= 0 && p > rejected) {
                break;
            }
            if ((skippedFilters & (1L << p)) != 0) {
                filters.add(new PluginResult(filterPlugins.get(p), Code.SKIP, List.of()));
            } else if (p == rejected) {
                filters.add(new PluginResult(filterPlugins.get(p), rejections[i].code(), rejections[i].reasons()));
            } else {
                filters.add(new PluginResult(filterPlugins.get(p), Code.SUCCESS, List.of()));
            }
        }
        Map<String, Integer> s = new LinkedHashMap<>();
        long total = -1;
        if (rejected < 0 && scored) {
            int k = scorePlugins.size();
            for (int p = 0; p < k; p++) {
                if ((skippedScores & (1L << p)) == 0) {
                    s.put(scorePlugins.get(p), score(p, i));
                }
            }
            total = 0;
            for (int p = 0; p < k; p++) {
                total += (long) scoreWeights.get(p) * score(p, i);
            }
        }
        return new NodeDecision(nodeName(i), rejected < 0, List.copyOf(filters), Collections.unmodifiableMap(s), total);
    }

    /** Plugin {@code p}'s score of evaluated node {@code i} (0 for a plugin that skipped). */
    private int score(int p, int i) {
        byte[] col = columns == null ? null : columns[p];
        if (col == null) {
            return 0;
        }
        return col.length == 1 ? col[0] : col[i];
    }

    /** A one-line answer for people: where and why, or why not. */
    public String explain() {
        return switch (outcome) {
            case SCHEDULED -> scored
                    ? String.format("Scheduled on %s: highest total score %d among %d feasible of %d nodes",
                    chosenNode, node(chosenNode).map(NodeDecision::total).orElse(-1L), feasibleNodes(), totalNodes)
                    : String.format("Scheduled on %s: the only feasible node of %d", chosenNode, totalNodes);
            case UNSCHEDULABLE, ERROR -> "Pending: " + message;
        };
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " attempt " + attempt + ": " + explain();
    }

    /** Collects an attempt as it runs. Engine thread only. */
    static final class Builder {
        private final String namespace;
        private final String name;
        private final String uid;
        private final Instant time;
        private final int attempt;
        private final int totalNodes;
        private final List<String> filterPlugins;
        private final List<String> scorePlugins;
        private final List<Integer> scoreWeights;
        private Outcome outcome = Outcome.ERROR;
        private String chosenNode;
        private String message = "";
        private long skippedFilters;
        private long skippedScores;
        private boolean scored;
        private String[] nodes;
        private String[] ring;
        private int ringStart;
        private byte[] rejectedAt;
        private Status[] rejections;
        private int count;
        private byte[][] columns;

        Builder(String namespace, String name, String uid, Instant time, int attempt, int totalNodes,
                List<String> filterPlugins, List<String> scorePlugins, List<Integer> scoreWeights) {
            this.namespace = namespace;
            this.name = name;
            this.uid = uid;
            this.time = time;
            this.attempt = attempt;
            this.totalNodes = totalNodes;
            this.filterPlugins = filterPlugins;
            this.scorePlugins = scorePlugins;
            this.scoreWeights = scoreWeights;
        }

        /**
         * Records into rows the caller keeps from attempt to attempt instead of new ones ({@link #build}
         * copies what it keeps): 5 KB less garbage per pod, 150,000 times at full size. Rows as long as
         * the cluster has nodes never need to grow.
         */
        Builder scratch(byte[] rejectedAtRow, Status[] rejectionsRow) {
            if (count == 0 && rejectedAtRow.length == rejectionsRow.length && rejectedAtRow.length >= totalNodes) {
                this.rejectedAt = rejectedAtRow;
                this.rejections = rejectionsRow;
            }
            return this;
        }

        /**
         * The node names in the order the scheduler walks them (never modified afterwards) and the
         * index it starts at: nodes recorded in that order are not stored one by one.
         */
        Builder ring(String[] names, int start) {
            this.ring = names;
            this.ringStart = start;
            return this;
        }

        Builder skippedFilters(long mask) {
            this.skippedFilters = mask;
            return this;
        }

        /** Records a node's filter result ({@code rejectedAt} -1 when it fits); returns its index. */
        int node(String nodeName, int rejectedAtPlugin, Status rejection) {
            if (rejectedAt == null) {
                int cap = Math.max(1, Math.min(totalNodes, 1024));
                rejectedAt = new byte[cap];
                rejections = new Status[cap];
            }
            if (count == rejectedAt.length) {
                int cap = rejectedAt.length * 2;
                if (nodes != null) {
                    nodes = Arrays.copyOf(nodes, cap);
                }
                rejectedAt = Arrays.copyOf(rejectedAt, cap);
                rejections = Arrays.copyOf(rejections, cap);
            }
            if (nodes == null && (ring == null || count >= ring.length
                    || ring[(ringStart + count) % ring.length] != nodeName)) {
                // Not the next name of the ring: keep the names explicitly from here on.
                nodes = new String[rejectedAt.length];
                for (int i = 0; i < count; i++) {
                    nodes[i] = ring[(ringStart + i) % ring.length];
                }
            }
            if (nodes != null) {
                nodes[count] = nodeName;
            }
            rejectedAt[count] = (byte) rejectedAtPlugin;
            rejections[count] = rejectedAtPlugin < 0 ? null : rejection;
            return count++;
        }

        /**
         * Records the scores of the feasible nodes.
         *
         * @param indices each feasible node's index as returned by {@link #node}
         */
        Builder scores(int[] indices, long[][] pluginScores, long[] nodeTotals, long skipped) {
            int k = scorePlugins.size();
            this.columns = new byte[k][];
            for (int p = 0; p < k; p++) {
                if ((skipped & (1L << p)) != 0) {
                    continue;
                }
                long[] row = pluginScores[p];
                boolean constant = true;
                for (int f = 1; f < indices.length && constant; f++) {
                    constant = row[f] == row[0];
                }
                if (constant && indices.length > 0) {
                    columns[p] = new byte[] {(byte) row[0]};
                    continue;
                }
                byte[] col = new byte[count];
                for (int f = 0; f < indices.length; f++) {
                    col[indices[f]] = (byte) row[f];
                }
                columns[p] = col;
            }
            this.skippedScores = skipped;
            this.scored = true;
            return this;
        }

        Builder scheduled(String node, String msg) {
            this.outcome = Outcome.SCHEDULED;
            this.chosenNode = node;
            this.message = msg;
            return this;
        }

        Builder failed(Outcome o, String msg) {
            this.outcome = o;
            this.message = msg;
            return this;
        }

        SchedulingDecision build() {
            return new SchedulingDecision(this);
        }
    }
}
