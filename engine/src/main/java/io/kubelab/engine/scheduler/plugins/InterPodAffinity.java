package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.AffinityTerm;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.NormalizeScorePlugin;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.PreFilterPlugin;
import io.kubelab.engine.scheduler.framework.PreScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity: {@code affinity.podAffinity} and {@code podAntiAffinity}. "Together" means
 * "on nodes with the same value of the term's topology key": with {@code kubernetes.io/hostname}
 * the same node, with {@code topology.kubernetes.io/zone} the same zone.
 *
 * <ul>
 *   <li>Required affinity: the node's domain must already hold a pod matching all the terms (or no
 *       such pod exists anywhere and the pod matches its own terms: the first of a group).</li>
 *   <li>Required anti-affinity: the node's domain must hold no pod matching a term.</li>
 *   <li>Existing pods' required anti-affinity is symmetric: a pod may not land in a domain whose
 *       pods' anti-affinity selects it.</li>
 *   <li>Preferred terms (and existing pods' terms towards this pod) add or subtract their weight for
 *       every node in the domain of each matching pod.</li>
 * </ul>
 *
 * <p>Worked example: a pod with required anti-affinity {@code app=web} on {@code kubernetes.io/hostname};
 * node-1 runs an {@code app=web} pod, node-2 does not. node-1: {@code node(s) didn't match pod
 * anti-affinity rules}; node-2 fits.
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, NormalizeScorePlugin {
    public static final String NAME = "InterPodAffinity";
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
            "node(s) didn't satisfy existing pods anti-affinity rules";
    public static final String ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
    public static final String ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
    /** {@code hardPodAffinityWeight}: what an existing pod's required affinity towards this pod is worth. */
    public static final int HARD_POD_AFFINITY_WEIGHT = 1;
    public static final PluginFactory FACTORY = InterPodAffinity::new;

    private static final String FILTER_STATE = "PreFilter" + NAME;
    private static final String SCORE_STATE = "PreScore" + NAME;

    /** A domain: a topology key and one of its values. */
    public record TopologyPair(String key, String value) {}

    /**
     * PreFilter's counts per domain.
     *
     * @param existingAntiAffinity domains where an existing pod's required anti-affinity selects the pod
     * @param affinity             domains holding pods that match all of the pod's required affinity terms
     * @param antiAffinity         domains holding pods that match one of the pod's anti-affinity terms
     */
    public record FilterState(Map<TopologyPair, Integer> existingAntiAffinity, Map<TopologyPair, Integer> affinity,
                              Map<TopologyPair, Integer> antiAffinity) {}

    private final Handle handle;

    public InterPodAffinity(Handle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- filter ---------------------------------------------------------------------------

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        Map<String, Map<String, String>> nsLabels = new HashMap<>();
        // The pod's namespace labels (a store read and a map copy) only once a pod's term needs them:
        // most pods meet no anti-affinity pod and have no term of their own.
        Map<TopologyPair, Integer> existing = new HashMap<>();
        for (NodeInfo node : handle.nodesWithRequiredAntiAffinityPods()) {
            for (PodInfo other : node.podsWithRequiredAntiAffinity()) {
                for (AffinityTerm t : other.requiredAntiAffinityTerms()) {
                    String v = node.labels().get(t.topologyKey());
                    if (v != null && t.matches(pod, nsLabels(nsLabels, pod.namespace()))) {
                        existing.merge(new TopologyPair(t.topologyKey(), v), 1, Integer::sum);
                    }
                }
            }
        }
        Map<TopologyPair, Integer> affinity = new HashMap<>();
        Map<TopologyPair, Integer> anti = new HashMap<>();
        List<AffinityTerm> req = pod.requiredAffinityTerms();
        List<AffinityTerm> reqAnti = pod.requiredAntiAffinityTerms();
        if (!req.isEmpty() || !reqAnti.isEmpty()) {
            for (NodeInfo node : handle.nodes()) {
                Map<String, String> labels = node.labels();
                if (labels.isEmpty()) {
                    continue;
                }
                for (PodInfo other : node.pods()) {
                    Map<String, String> otherNs = nsLabels(nsLabels, other.namespace());
                    if (matchesAll(req, other, otherNs)) {
                        for (AffinityTerm t : req) {
                            String v = labels.get(t.topologyKey());
                            if (v != null) {
                                affinity.merge(new TopologyPair(t.topologyKey(), v), 1, Integer::sum);
                            }
                        }
                    }
                    for (AffinityTerm t : reqAnti) {
                        String v = labels.get(t.topologyKey());
                        if (v != null && t.matches(other, otherNs)) {
                            anti.merge(new TopologyPair(t.topologyKey(), v), 1, Integer::sum);
                        }
                    }
                }
            }
        } else if (existing.isEmpty()) {
            return Status.SKIP;
        }
        state.write(FILTER_STATE, new FilterState(existing, affinity, anti));
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.read(FILTER_STATE);
        if (s == null) {
            return Status.SUCCESS;
        }
        return fits(s, pod, handle.namespaceLabels(pod.namespace()), node.labels());
    }

    /** The filter as a pure function of PreFilter's counts and the node's labels. */
    public static Status fits(FilterState s, PodInfo pod, Map<String, String> podNsLabels, Map<String, String> nodeLabels) {
        if (!satisfiesAffinity(s.affinity(), pod, podNsLabels, nodeLabels)) {
            return Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
        }
        for (AffinityTerm t : pod.requiredAntiAffinityTerms()) {
            String v = nodeLabels.get(t.topologyKey());
            if (v != null && s.antiAffinity().getOrDefault(new TopologyPair(t.topologyKey(), v), 0) > 0) {
                return Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
            }
        }
        if (!s.existingAntiAffinity().isEmpty()) {
            for (Map.Entry<String, String> l : nodeLabels.entrySet()) {
                if (s.existingAntiAffinity().getOrDefault(new TopologyPair(l.getKey(), l.getValue()), 0) > 0) {
                    return Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
                }
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Every required term's domain on this node holds a matching pod; or, when no pod anywhere
     * matches, the pod matches its own terms and the node has every topology key (so the first pod
     * of a self-affine group can start somewhere).
     */
    static boolean satisfiesAffinity(Map<TopologyPair, Integer> counts, PodInfo pod, Map<String, String> podNsLabels,
                                     Map<String, String> nodeLabels) {
        List<AffinityTerm> terms = pod.requiredAffinityTerms();
        if (terms.isEmpty()) {
            return true;
        }
        boolean podsExist = true;
        for (AffinityTerm t : terms) {
            String v = nodeLabels.get(t.topologyKey());
            if (v == null) {
                return false;
            }
            if (counts.getOrDefault(new TopologyPair(t.topologyKey(), v), 0) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        return counts.isEmpty() && matchesAll(terms, pod, podNsLabels);
    }

    static boolean matchesAll(List<AffinityTerm> terms, PodInfo p, Map<String, String> nsLabels) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(p, nsLabels)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, String> nsLabels(Map<String, Map<String, String>> cache, String ns) {
        return cache.computeIfAbsent(ns, handle::namespaceLabels);
    }

    // ---- score ----------------------------------------------------------------------------

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible) {
        boolean hasConstraints = !pod.preferredAffinityTerms().isEmpty() || !pod.preferredAntiAffinityTerms().isEmpty();
        List<NodeInfo> nodes = hasConstraints ? handle.nodes() : handle.nodesWithAffinityPods();
        Map<String, Map<String, String>> nsCache = new HashMap<>();
        Map<String, Map<String, Long>> scores = new HashMap<>();
        for (NodeInfo node : nodes) {
            Map<String, String> labels = node.labels();
            if (labels.isEmpty()) {
                continue;
            }
            Collection<PodInfo> others = hasConstraints ? node.pods() : node.podsWithAffinity();
            for (PodInfo other : others) {
                Map<String, String> otherNs = nsLabels(nsCache, other.namespace());
                // The pod's preferences about the existing pod...
                process(scores, pod.preferredAffinityTerms(), other, otherNs, labels, 1, false);
                process(scores, pod.preferredAntiAffinityTerms(), other, otherNs, labels, -1, false);
                // ...and the existing pod's rules about this pod.
                Map<String, String> podNs = nsLabels(nsCache, pod.namespace());
                process(scores, other.requiredAffinityTerms(), pod, podNs, labels, 1, true);
                process(scores, other.preferredAffinityTerms(), pod, podNs, labels, 1, false);
                process(scores, other.preferredAntiAffinityTerms(), pod, podNs, labels, -1, false);
            }
        }
        if (scores.isEmpty()) {
            return Status.SKIP;
        }
        state.write(SCORE_STATE, scores);
        return Status.SUCCESS;
    }

    private static void process(Map<String, Map<String, Long>> scores, List<AffinityTerm> terms, PodInfo target,
                                Map<String, String> targetNs, Map<String, String> nodeLabels, int sign, boolean hard) {
        for (AffinityTerm t : terms) {
            int weight = hard ? HARD_POD_AFFINITY_WEIGHT : t.weight();
            if (weight == 0) {
                continue;
            }
            String v = nodeLabels.get(t.topologyKey());
            if (v != null && t.matches(target, targetNs)) {
                scores.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(v, (long) sign * weight, Long::sum);
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, Map<String, Long>> scores = state.read(SCORE_STATE);
        return score(scores, node.labels());
    }

    /** {@link #score} for every node, PreScore's sums read once. */
    @Override
    public void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        Map<String, Map<String, Long>> scores = state.read(SCORE_STATE);
        for (int i = 0; i < nodes.size(); i++) {
            out[i] = score(scores, nodes.get(i).labels());
        }
    }

    /** A node's raw score: the sum over topology keys of the score of its domain (may be negative). */
    public static long score(Map<String, Map<String, Long>> topologyScores, Map<String, String> nodeLabels) {
        long s = 0;
        for (Map.Entry<String, Map<String, Long>> e : topologyScores.entrySet()) {
            String v = nodeLabels.get(e.getKey());
            if (v != null) {
                s += e.getValue().getOrDefault(v, 0L);
            }
        }
        return s;
    }

    /**
     * Min-max scaling: {@code 100 * (score - min) / (max - min)}, all 0 when every node scores the same.
     *
     * <p>Worked example: raw {-10, 0, 30} → 0, 25, 100.
     */
    @Override
    public void normalizeScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
    }
}
