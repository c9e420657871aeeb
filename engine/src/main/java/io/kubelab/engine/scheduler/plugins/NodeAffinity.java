package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.NormalizeScorePlugin;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.PreFilterPlugin;
import io.kubelab.engine.scheduler.framework.PreScorePlugin;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.List;
import java.util.Map;

/**
 * NodeAffinity: {@code spec.nodeSelector} and {@code affinity.nodeAffinity}. The required part
 * filters (the nodeSelector's labels must all match, and one of the required terms must match: terms
 * are ORed, a term's expressions ANDed); the preferred terms score, each matching term adding its
 * weight.
 *
 * <p>Worked example: preferred terms {@code disktype In [ssd]} weight 80 and {@code zone In [a]}
 * weight 20; node-1 (ssd, zone a) raw 100, node-2 (ssd, zone b) raw 80, node-3 raw 0 → normalized
 * 100, 80, 0.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, NormalizeScorePlugin {
    public static final String NAME = "NodeAffinity";
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    public static final PluginFactory FACTORY = handle -> new NodeAffinity();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        PodSpec spec = pod.pod().getSpec();
        boolean selector = spec != null && spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
        return selector || requiredTerms(spec) != null ? Status.SUCCESS : Status.SKIP;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return fits(pod.pod().getSpec(), node.name(), node.labels()) ? Status.SUCCESS : Status.unresolvable(ERR_REASON_POD);
    }

    /** Whether a node (by name and labels) satisfies the pod's nodeSelector and required node affinity. */
    public static boolean fits(PodSpec spec, String nodeName, Map<String, String> nodeLabels) {
        if (spec == null) {
            return true;
        }
        Map<String, String> sel = spec.getNodeSelector();
        if (sel != null) {
            for (Map.Entry<String, String> e : sel.entrySet()) {
                if (!e.getValue().equals(nodeLabels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeSelector required = requiredTerms(spec);
        return required == null || matchesAnyTerm(required.getNodeSelectorTerms(), nodeName, nodeLabels);
    }

    private static NodeSelector requiredTerms(PodSpec spec) {
        Affinity a = spec == null ? null : spec.getAffinity();
        if (a == null || a.getNodeAffinity() == null) {
            return null;
        }
        return a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    /** Terms are ORed; no term at all matches nothing. */
    public static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, String nodeName, Map<String, String> labels) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm t : terms) {
            if (matchesTerm(t, nodeName, labels)) {
                return true;
            }
        }
        return false;
    }

    /** A term's expressions and fields are ANDed; an empty term matches nothing. */
    public static boolean matchesTerm(NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : exprs) {
            if (!matches(r, labels.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            // The only supported field is metadata.name.
            if (!"metadata.name".equals(r.getKey()) || !matches(r, nodeName)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One requirement against the node's value for its key ({@code null}: the node lacks the label).
     * {@code Gt}/{@code Lt} compare integers: label {@code 8} is {@code Gt [4]}; a value that is not an
     * integer matches neither.
     */
    public static boolean matches(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0));
                    yield "Gt".equals(r.getOperator()) ? have > want : have < want;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    @Override
    public Status preScore(CycleState state, PodInfo pod, List<NodeInfo> feasibleNodes) {
        return preferredTerms(pod.pod().getSpec()).isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    private static List<PreferredSchedulingTerm> preferredTerms(PodSpec spec) {
        Affinity a = spec == null ? null : spec.getAffinity();
        if (a == null || a.getNodeAffinity() == null
                || a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        return a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return score(pod.pod().getSpec(), node.name(), node.labels());
    }

    /** Raw score: the sum of the weights of the preferred terms the node matches. */
    public static long score(PodSpec spec, String nodeName, Map<String, String> labels) {
        long sum = 0;
        for (PreferredSchedulingTerm t : preferredTerms(spec)) {
            if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null
                    && matchesTerm(t.getPreference(), nodeName, labels)) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalizeScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.defaultNormalize(false, scores);
    }
}
