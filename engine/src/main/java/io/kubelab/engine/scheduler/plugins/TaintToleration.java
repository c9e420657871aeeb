package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.NormalizeScorePlugin;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.List;

/**
 * TaintToleration: a node's {@code NoSchedule} and {@code NoExecute} taints keep out every pod that
 * does not tolerate them; {@code PreferNoSchedule} taints only lower the node's score.
 *
 * <p>Worked example: kubeadm's control-plane node carries
 * {@code node-role.kubernetes.io/control-plane:NoSchedule} (no value), so an ordinary pod is turned
 * away with {@code node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }}.
 */
public final class TaintToleration implements FilterPlugin, NormalizeScorePlugin {
    public static final String NAME = "TaintToleration";
    /** {@code fmt.Sprintf("node(s) had untolerated taint {%s: %s}", taint.Key, taint.Value)}. */
    public static final String ERR_REASON_FORMAT = "node(s) had untolerated taint {%s: %s}";
    public static final PluginFactory FACTORY = handle -> new TaintToleration();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.hasNoScheduleTaints()) {
            return Status.SUCCESS;
        }
        Taint t = untoleratedTaint(node.taints(), pod.tolerations());
        return t == null ? Status.SUCCESS : Status.unresolvable(reason(t));
    }

    /** {@link #filter} per node, the pod's tolerations read once; most nodes have no taint to check. */
    @Override
    public void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                          Status[] statuses) {
        List<Toleration> tolerations = null;
        for (int j = 0; j < count; j++) {
            NodeInfo node = nodes[j];
            if (failedAt[j] >= 0 || !node.hasNoScheduleTaints()) {
                continue;
            }
            if (tolerations == null) {
                tolerations = pod.tolerations();
            }
            Taint t = untoleratedTaint(node.taints(), tolerations);
            if (t != null) {
                failedAt[j] = self;
                statuses[j] = Status.unresolvable(reason(t));
            }
        }
    }

    /** The reason for an untolerated taint, worded as kube-scheduler words it. */
    public static String reason(Taint t) {
        return String.format(ERR_REASON_FORMAT, t.getKey(), t.getValue() == null ? "" : t.getValue());
    }

    /**
     * The first {@code NoSchedule} / {@code NoExecute} taint (in the node's order) that no toleration
     * tolerates, or {@code null} when the pod tolerates them all.
     */
    public static Taint untoleratedTaint(List<Taint> taints, List<Toleration> tolerations) {
        for (Taint t : taints) {
            if (("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())) && !tolerated(t, tolerations)) {
                return t;
            }
        }
        return null;
    }

    public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (Toleration tol : tolerations) {
            if (tolerates(tol, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code Toleration.ToleratesTaint}: the effects agree (an empty effect matches all), the keys
     * agree (an empty key with {@code Exists} matches every key), and with {@code Equal} (the default
     * operator) the values are equal.
     */
    public static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (tol.getKey() != null && !tol.getKey().isEmpty() && !tol.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = tol.getOperator() == null || tol.getOperator().isEmpty() ? "Equal" : tol.getOperator();
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> nullToEmpty(tol.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Raw score: how many {@code PreferNoSchedule} taints the pod does not tolerate (fewer is better). */
    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        if (!node.hasPreferNoScheduleTaints()) {
            return 0;
        }
        return countIntolerablePreferNoSchedule(node.taints(), pod.tolerations());
    }

    /** {@link #score} for every node, the pod's tolerations read once. */
    @Override
    public void scoreAll(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] out) {
        List<Toleration> tolerations = pod.tolerations();
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo node = nodes.get(i);
            out[i] = node.hasPreferNoScheduleTaints() ? countIntolerablePreferNoSchedule(node.taints(), tolerations) : 0;
        }
    }

    /**
     * Counts the node's {@code PreferNoSchedule} taints that none of the pod's tolerations with an
     * empty or {@code PreferNoSchedule} effect tolerates.
     */
    public static int countIntolerablePreferNoSchedule(List<Taint> taints, List<Toleration> tolerations) {
        int n = 0;
        for (Taint t : taints) {
            if (!"PreferNoSchedule".equals(t.getEffect())) {
                continue;
            }
            boolean ok = false;
            for (Toleration tol : tolerations) {
                boolean relevant = tol.getEffect() == null || tol.getEffect().isEmpty()
                        || "PreferNoSchedule".equals(tol.getEffect());
                if (relevant && tolerates(tol, t)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                n++;
            }
        }
        return n;
    }

    /** The node with the fewest intolerable taints gets 100 (reverse normalization). */
    @Override
    public void normalizeScores(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.defaultNormalize(true, scores);
    }
}
