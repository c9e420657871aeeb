package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeCounts;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.NormalizeScorePlugin;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.PreFilterPlugin;
import io.kubelab.engine.scheduler.framework.PreScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PodTopologySpread: {@code spec.topologySpreadConstraints}. For each constraint, the pods its
 * selector matches (in the pod's namespace, not terminating) are counted per topology domain (per
 * zone with {@code topology.kubernetes.io/zone}, per node with {@code kubernetes.io/hostname}).
 * {@code whenUnsatisfiable: DoNotSchedule} constraints filter: placing the pod must keep
 * {@code count(domain) + 1 - min(count over domains) <= maxSkew}. {@code ScheduleAnyway} constraints
 * only score, preferring emptier domains. A pod without constraints gets the system defaults for
 * scoring (hostname maxSkew 3, zone maxSkew 5, selecting its ReplicaSet's and Services' pods).
 *
 * <p>Worked example (filter): maxSkew 1 over zones a, b, c holding 2, 1, 1 matching pods; the new
 * pod matches its own selector. Zone a: 2 + 1 - 1 = 2 > 1, rejected; zones b and c: 1 + 1 - 1 = 1, fit.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, NormalizeScorePlugin {
    public static final String NAME = "PodTopologySpread";
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";
    public static final String LABEL_HOSTNAME = NodeInfo.LABEL_HOSTNAME;
    public static final String LABEL_ZONE = NodeInfo.LABEL_ZONE;
    public static final PluginFactory FACTORY = PodTopologySpread::new;

    private static final String FILTER_STATE = "PreFilter" + NAME;
    private static final String SCORE_STATE = "PreScore" + NAME;

    /**
     * One constraint, ready to evaluate.
     *
     * @param honorNodeAffinity {@code nodeAffinityPolicy: Honor} (the default): only nodes the pod
     *                          could select count as domains
     * @param honorTaints       {@code nodeTaintsPolicy: Honor} (default Ignore): only nodes whose
     *                          taints the pod tolerates count
     */
    public record Constraint(int maxSkew, String topologyKey, LabelSelector selector, int minDomains,
                             boolean honorNodeAffinity, boolean honorTaints) {
        public Constraint {
            // The well-known keys as the shared constants: NodeInfo#label answers those from fields.
            if (LABEL_HOSTNAME.equals(topologyKey)) {
                topologyKey = LABEL_HOSTNAME;
            } else if (LABEL_ZONE.equals(topologyKey)) {
                topologyKey = LABEL_ZONE;
            }
        }

        boolean selects(PodInfo p) {
            return Selectors.matches(selector, p.labels());
        }
    }

    /**
     * Counts per domain for the DoNotSchedule constraints, with what Filter derives from them once per
     * pod: each constraint's global minimum and whether the pod matches its own selector.
     */
    record FilterState(List<Constraint> constraints, List<Map<String, Integer>> counts, int[] mins, int[] self) {
        FilterState(List<Constraint> constraints, List<Map<String, Integer>> counts, PodInfo pod) {
            this(constraints, counts, PodTopologySpread.mins(constraints, counts), selfMatches(constraints, pod));
        }
    }

    /**
     * What Score needs, computed in PreScore.
     *
     * @param hostname      per constraint: whether its key is {@code kubernetes.io/hostname} (counted per node)
     * @param ownerPerNode  the pod's owner's pods per node name from the handle's index, or {@code null}
     *                      (then hostname counts are taken from each node)
     */
    record ScoreState(List<Constraint> constraints, Set<String> ignoredNodes, List<Map<String, long[]>> counts,
                      double[] weights, boolean[] hostname, NodeCounts ownerPerNode, String[][] domains,
                      long[][] domainCounts) {
        /**
         * The count of constraint {@code i}'s domain {@code v}: few domains (zones), so a scan comparing
         * the interned values by identity first, with the map for many.
         */
        long count(int i, String v) {
            String[] keys = domains[i];
            if (keys != null) {
                for (int d = 0; d < keys.length; d++) {
                    if (keys[d] == v) {
                        return domainCounts[i][d];
                    }
                }
                for (int d = 0; d < keys.length; d++) {
                    if (keys[d].equals(v)) {
                        return domainCounts[i][d];
                    }
                }
                return 0;
            }
            long[] cell = counts.get(i).get(v);
            return cell == null ? 0 : cell[0];
        }
    }

    /** Up to this many domains a constraint's counts are scanned rather than hashed. */
    private static final int SCANNED_DOMAINS = 8;

    private final Handle handle;

    public PodTopologySpread(Handle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- filter ---------------------------------------------------------------------------

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        List<Constraint> cs = constraints(pod, "DoNotSchedule");
        if (cs.isEmpty()) {
            return Status.SKIP;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : handle.nodes()) {
            Map<String, String> labels = node.labels();
            if (!hasAllKeys(labels, cs)) {
                continue;
            }
            for (int i = 0; i < cs.size(); i++) {
                Constraint c = cs.get(i);
                if (!included(c, pod, node)) {
                    continue;
                }
                counts.get(i).merge(labels.get(c.topologyKey()), countMatching(node, c, pod.namespace()), Integer::sum);
            }
        }
        state.write(FILTER_STATE, new FilterState(cs, counts, pod));
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_STATE);
        if (s == null) {
            return Status.SUCCESS;
        }
        List<Constraint> cs = s.constraints();
        for (int i = 0; i < cs.size(); i++) {
            Status st = fits(cs.get(i), s.counts().get(i), s.mins()[i], s.self()[i], node.label(cs.get(i).topologyKey()));
            if (st != null) {
                return st;
            }
        }
        return Status.SUCCESS;
    }

    /**
     * The filter as a pure function of the per-domain counts: for each constraint the node must have
     * the topology label, and {@code count(node's domain) + selfMatch - globalMin <= maxSkew}, where
     * the global minimum is 0 while fewer than {@code minDomains} domains exist.
     */
    public static Status fits(List<Constraint> constraints, List<Map<String, Integer>> counts, PodInfo pod,
                              Map<String, String> nodeLabels) {
        int[] mins = mins(constraints, counts);
        int[] self = selfMatches(constraints, pod);
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            Status st = fits(c, counts.get(i), mins[i], self[i], nodeLabels.get(c.topologyKey()));
            if (st != null) {
                return st;
            }
        }
        return Status.SUCCESS;
    }

    /** One constraint on a node whose topology value is {@code value}; {@code null} when it holds. */
    private static Status fits(Constraint c, Map<String, Integer> byDomain, int min, int self, String value) {
        if (value == null) {
            return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        }
        long skew = (long) byDomain.getOrDefault(value, 0) + self - min;
        if (skew > c.maxSkew()) {
            return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
        return null;
    }

    /**
     * Each constraint's global minimum over its domains, 0 while fewer than {@code minDomains} domains
     * exist (computed once per pod, not once per node: a hostname constraint has a domain per node).
     */
    static int[] mins(List<Constraint> constraints, List<Map<String, Integer>> counts) {
        int[] mins = new int[constraints.size()];
        for (int i = 0; i < mins.length; i++) {
            Map<String, Integer> byDomain = counts.get(i);
            int min = Integer.MAX_VALUE;
            for (int n : byDomain.values()) {
                min = Math.min(min, n);
            }
            if (byDomain.size() < constraints.get(i).minDomains()) {
                min = 0;
            }
            mins[i] = min;
        }
        return mins;
    }

    private static int[] selfMatches(List<Constraint> constraints, PodInfo pod) {
        int[] self = new int[constraints.size()];
        for (int i = 0; i < self.length; i++) {
            self[i] = constraints.get(i).selects(pod) ? 1 : 0;
        }
        return self;
    }

    // ---- score ----------------------------------------------------------------------------

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        PodSpec spec = pod.pod().getSpec();
        boolean explicit = spec != null && spec.getTopologySpreadConstraints() != null
                && !spec.getTopologySpreadConstraints().isEmpty();
        List<Constraint> cs = explicit ? constraints(pod, "ScheduleAnyway") : defaultConstraints(pod);
        if (cs.isEmpty()) {
            return Status.SKIP;
        }
        int k = cs.size();
        Constraint[] ca = cs.toArray(Constraint[]::new);
        boolean[] hostname = new boolean[k];
        for (int i = 0; i < k; i++) {
            hostname[i] = ca[i].topologyKey().equals(LABEL_HOSTNAME);
        }
        // Nodes lacking a topology key are ignored only for explicit constraints, so that spreading
        // by hostname still works on nodes without a zone label.
        boolean requireAll = explicit;
        Set<String> ignored = new HashSet<>();
        List<Map<String, long[]>> counts = new ArrayList<>();
        int[] sizes = new int[k];
        for (int i = 0; i < k; i++) {
            counts.add(new HashMap<>());
        }
        // The first few values met per constraint, compared by identity before the map is asked: the
        // zone values are interned, so 500 nodes in 3 zones make 500 identity checks and 3 lookups.
        String[][] met = new String[k][SCANNED_DOMAINS];
        int[] metCount = new int[k];
        for (NodeInfo node : feasible) {
            if (requireAll && !hasAllKeys(node, ca)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < k; i++) {
                if (!hostname[i]) {
                    String v = node.label(ca[i].topologyKey());
                    if (v == null) {
                        v = "";
                    }
                    if (seen(met[i], metCount[i], v)) {
                        continue;
                    }
                    // Few domains, many nodes: look up before allocating a cell.
                    Map<String, long[]> byDomain = counts.get(i);
                    if (!byDomain.containsKey(v)) {
                        byDomain.put(v, new long[1]);
                        sizes[i]++;
                    }
                    if (metCount[i] < SCANNED_DOMAINS) {
                        met[i][metCount[i]++] = v;
                    }
                }
            }
        }
        double[] weights = new double[k];
        for (int i = 0; i < k; i++) {
            int size = hostname[i] ? feasible.size() - ignored.size() : sizes[i];
            weights[i] = Math.log(size + 2);
        }
        // Count the pods of every domain a feasible node is in, over all nodes. Hostname domains are
        // counted per node in Score; a domain of nodes lacking the key is never read by Score (it
        // scores only nodes that have the key), so a cluster without zone labels skips this loop.
        boolean[] counted = new boolean[k];
        boolean any = false;
        for (int i = 0; i < k; i++) {
            counted[i] = !hostname[i] && hasNonEmptyKey(counts.get(i));
            if (counted[i] && !requireAll && countFromIndex(ca[i], pod, counts.get(i))) {
                counted[i] = false;
            }
            any |= counted[i];
        }
        for (NodeInfo node : any ? handle.nodes() : List.<NodeInfo>of()) {
            if (requireAll && !hasAllKeys(node, ca)) {
                continue;
            }
            for (int i = 0; i < k; i++) {
                Constraint c = ca[i];
                String v = counted[i] ? node.label(c.topologyKey()) : null;
                if (v == null || !included(c, pod, node)) {
                    continue;
                }
                long[] cell = counts.get(i).get(v);
                if (cell != null) {
                    cell[0] += countForScore(node, c, pod);
                }
            }
        }
        NodeCounts ownerPerNode = pod.ownerUid() == null ? null : handle.podsOwnedByPerNode(pod.ownerUid());
        String[][] domains = new String[k][];
        long[][] domainCounts = new long[k][];
        for (int i = 0; i < k; i++) {
            Map<String, long[]> byDomain = counts.get(i);
            if (!hostname[i] && byDomain.size() <= SCANNED_DOMAINS) {
                domains[i] = new String[byDomain.size()];
                domainCounts[i] = new long[byDomain.size()];
                int d = 0;
                for (Map.Entry<String, long[]> e : byDomain.entrySet()) {
                    domains[i][d] = e.getKey();
                    domainCounts[i][d++] = e.getValue()[0];
                }
            }
        }
        state.write(SCORE_STATE, new ScoreState(cs, ignored, counts, weights, hostname, ownerPerNode, domains,
                domainCounts));
        return Status.SUCCESS;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        ScoreState s = state.read(SCORE_STATE);
        if (!s.ignoredNodes().isEmpty() && s.ignoredNodes().contains(node.name())) {
            return 0;
        }
        double score = 0;
        List<Constraint> cs = s.constraints();
        for (int i = 0; i < cs.size(); i++) {
            Constraint c = cs.get(i);
            String v = node.label(c.topologyKey());
            if (v == null) {
                continue;
            }
            long cnt;
            if (s.hostname()[i]) {
                if (s.ownerPerNode() != null) {
                    // Upstream counts the pods of the same owner (see countForScore), here from the index.
                    cnt = s.ownerPerNode().get(node);
                } else {
                    cnt = countForScore(node, c, pod);
                }
            } else {
                cnt = s.count(i, v);
            }
            score += scoreForCount(cnt, c.maxSkew(), s.weights()[i]);
        }
        return Math.round(score);
    }

    /**
     * {@link #score} for every node, with what depends only on the pod or on a domain worked out once:
     * the state is read once, and a zone constraint's term ({@code count * weight + maxSkew - 1}) is
     * computed per zone, not per node: at 500 nodes in 3 zones, 3 times instead of 500. Each term is
     * the same double {@link #score} computes and the terms are added in the same order, so the
     * rounded sums are exactly {@link #score}'s.
     */
    @Override
    public void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        ScoreState s = state.read(SCORE_STATE);
        List<Constraint> cs = s.constraints();
        int k = cs.size();
        String[] keys = new String[k];
        int[] skews = new int[k];
        boolean[] hostname = s.hostname();
        double[] weights = s.weights();
        // Per scanned constraint: the term of each of its domains, and of a value that is none of them.
        double[][] terms = new double[k][];
        double[] absent = new double[k];
        for (int i = 0; i < k; i++) {
            keys[i] = cs.get(i).topologyKey();
            skews[i] = cs.get(i).maxSkew();
            String[] domains = s.domains()[i];
            if (!hostname[i] && domains != null) {
                terms[i] = new double[domains.length];
                for (int d = 0; d < domains.length; d++) {
                    terms[i][d] = scoreForCount(s.domainCounts()[i][d], skews[i], weights[i]);
                }
                absent[i] = scoreForCount(0, skews[i], weights[i]);
            }
        }
        Set<String> ignored = s.ignoredNodes();
        boolean anyIgnored = !ignored.isEmpty();
        NodeCounts owned = s.ownerPerNode();
        for (int n = 0; n < nodes.size(); n++) {
            NodeInfo node = nodes.get(n);
            if (anyIgnored && ignored.contains(node.name())) {
                out[n] = 0;
                continue;
            }
            double score = 0;
            for (int i = 0; i < k; i++) {
                String v = node.label(keys[i]);
                if (v == null) {
                    continue;
                }
                if (hostname[i]) {
                    long cnt = owned != null ? owned.get(node) : countForScore(node, cs.get(i), pod);
                    score += scoreForCount(cnt, skews[i], weights[i]);
                } else if (terms[i] != null) {
                    int d = indexOf(s.domains()[i], v);
                    score += d < 0 ? absent[i] : terms[i][d];
                } else {
                    score += scoreForCount(s.count(i, v), skews[i], weights[i]);
                }
            }
            out[n] = Math.round(score);
        }
    }

    private static boolean seen(String[] met, int count, String v) {
        for (int d = 0; d < count; d++) {
            if (met[d] == v) {
                return true;
            }
        }
        return false;
    }

    /** The index of {@code v} among a few interned domain values (identity first, as {@link ScoreState#count}), or -1. */
    private static int indexOf(String[] domains, String v) {
        for (int d = 0; d < domains.length; d++) {
            if (domains[d] == v) {
                return d;
            }
        }
        for (int d = 0; d < domains.length; d++) {
            if (domains[d].equals(v)) {
                return d;
            }
        }
        return -1;
    }

    /**
     * The walk below in O(domains) when the handle indexes the constraint's topology key by owner:
     * the pod has an owner (so only its owner's pods count), every node is included (no taint
     * policy, no node selector or required node affinity to honor), and no node is skipped for
     * lacking another key. Then a domain's count is exactly the index's count for it. Returns
     * whether the counts were filled.
     */
    private boolean countFromIndex(Constraint c, PodInfo pod, Map<String, long[]> byDomain) {
        if (pod.ownerUid() == null || c.honorTaints()
                || (c.honorNodeAffinity() && constrainsNodes(pod.pod().getSpec()))) {
            return false;
        }
        if (handle.podsOwnedByInDomain(c.topologyKey(), "", pod.ownerUid()) < 0) {
            return false;
        }
        for (Map.Entry<String, long[]> e : byDomain.entrySet()) {
            e.getValue()[0] = handle.podsOwnedByInDomain(c.topologyKey(), e.getKey(), pod.ownerUid());
        }
        return true;
    }

    /** Whether the pod has a node selector or required node affinity (which {@link #included} honors). */
    private static boolean constrainsNodes(PodSpec spec) {
        if (spec == null) {
            return false;
        }
        if (spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty()) {
            return true;
        }
        return spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
                && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
    }

    /**
     * {@code cnt * log(domains + 2) + (maxSkew - 1)}: more matching pods, higher (worse) raw score;
     * weighting by the number of domains keeps a zone constraint from drowning a hostname one.
     */
    public static double scoreForCount(long cnt, int maxSkew, double weight) {
        return cnt * weight + (maxSkew - 1);
    }

    /**
     * Raw scores are "badness": the node with the highest gets the least,
     * {@code 100 * (max + min - score) / max}; ignored nodes get 0.
     *
     * <p>Worked example: raw {6, 4, 2} → 100*(6+2-6)/6 = 33, 100*(8-4)/6 = 66, 100*(8-2)/6 = 100.
     */
    @Override
    public void normalizeScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState s = state.read(SCORE_STATE);
        Set<String> ignored = s.ignoredNodes();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!ignored.isEmpty() && ignored.contains(nodes.get(i).name())) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (!ignored.isEmpty() && ignored.contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** The pod's constraints with this {@code whenUnsatisfiable}, {@code matchLabelKeys} merged. */
    public static List<Constraint> constraints(PodInfo pod, String whenUnsatisfiable) {
        PodSpec spec = pod.pod().getSpec();
        if (spec == null || spec.getTopologySpreadConstraints() == null) {
            return List.of();
        }
        List<Constraint> out = new ArrayList<>();
        for (TopologySpreadConstraint t : spec.getTopologySpreadConstraints()) {
            if (!whenUnsatisfiable.equals(t.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelector sel = t.getLabelSelector();
            if (sel != null && t.getMatchLabelKeys() != null && !t.getMatchLabelKeys().isEmpty()) {
                List<LabelSelectorRequirement> exprs = new ArrayList<>(
                        sel.getMatchExpressions() == null ? List.of() : sel.getMatchExpressions());
                for (String k : t.getMatchLabelKeys()) {
                    String v = pod.labels().get(k);
                    if (v != null) {
                        exprs.add(new LabelSelectorRequirement(k, "In", List.of(v)));
                    }
                }
                sel = new LabelSelector(exprs, sel.getMatchLabels());
            }
            out.add(new Constraint(t.getMaxSkew() == null ? 1 : t.getMaxSkew(), t.getTopologyKey(), sel,
                    t.getMinDomains() == null ? 1 : t.getMinDomains(),
                    t.getNodeAffinityPolicy() == null || "Honor".equals(t.getNodeAffinityPolicy()),
                    "Honor".equals(t.getNodeTaintsPolicy())));
        }
        return out;
    }

    /**
     * The system default constraints ({@code hostname} maxSkew 3, {@code zone} maxSkew 5, both
     * ScheduleAnyway) over the pods of the same Services and ReplicaSet, as {@code helper.DefaultSelector}
     * builds it; none when nothing selects the pod.
     */
    List<Constraint> defaultConstraints(PodInfo pod) {
        Map<String, String> matchLabels = new HashMap<>();
        List<LabelSelectorRequirement> exprs = new ArrayList<>();
        for (Service svc : handle.<Service>list(ResourceTypes.SERVICES, pod.namespace())) {
            Map<String, String> sel = svc.getSpec() == null ? null : svc.getSpec().getSelector();
            if (Selectors.matchesMap(sel, pod.labels())) {
                matchLabels.putAll(sel);
            }
        }
        List<OwnerReference> owners = pod.pod().getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference o : owners) {
                if ("ReplicaSet".equals(o.getKind())) {
                    ReplicaSet rs = handle.get(ResourceTypes.REPLICASETS, pod.namespace(), o.getName());
                    LabelSelector s = rs == null || rs.getSpec() == null ? null : rs.getSpec().getSelector();
                    if (s != null) {
                        if (s.getMatchLabels() != null) {
                            matchLabels.putAll(s.getMatchLabels());
                        }
                        if (s.getMatchExpressions() != null) {
                            exprs.addAll(s.getMatchExpressions());
                        }
                    }
                }
            }
        }
        if (matchLabels.isEmpty() && exprs.isEmpty()) {
            return List.of();
        }
        LabelSelector selector = new LabelSelector(exprs, matchLabels);
        return List.of(new Constraint(3, LABEL_HOSTNAME, selector, 1, true, false),
                new Constraint(5, LABEL_ZONE, selector, 1, true, false));
    }

    private static boolean hasNonEmptyKey(Map<String, long[]> byDomain) {
        for (String v : byDomain.keySet()) {
            if (!v.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAllKeys(NodeInfo node, Constraint[] cs) {
        for (Constraint c : cs) {
            if (node.label(c.topologyKey()) == null) {
                return false;
            }
        }
        return true;
    }

    static boolean hasAllKeys(Map<String, String> labels, List<Constraint> cs) {
        for (Constraint c : cs) {
            if (!labels.containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    static boolean included(Constraint c, PodInfo pod, NodeInfo node) {
        if (c.honorNodeAffinity() && !NodeAffinity.fits(pod.pod().getSpec(), node.name(), node.labels())) {
            return false;
        }
        return !c.honorTaints() || TaintToleration.untoleratedTaint(node.taints(), pod.tolerations()) == null;
    }

    /** Pods on the node in {@code namespace}, not terminating, that the constraint selects. */
    static int countMatching(NodeInfo node, Constraint c, String namespace) {
        if (node.podCount() == 0) {
            return 0;
        }
        int n = 0;
        for (PodInfo p : node.pods()) {
            if (!p.deleting() && p.namespace().equals(namespace) && c.selects(p)) {
                n++;
            }
        }
        return n;
    }

    /** Upstream counts pods of the same owner when the pod has one (a cheap stand-in for the selector). */
    private static int countForScore(NodeInfo node, Constraint c, PodInfo pod) {
        if (node.podCount() == 0) {
            return 0;
        }
        return pod.ownerUid() != null ? node.podsOwnedBy(pod.ownerUid()) : countMatching(node, c, pod.namespace());
    }
}
