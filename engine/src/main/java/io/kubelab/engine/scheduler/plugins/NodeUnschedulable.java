package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.List;

/**
 * NodeUnschedulable: a cordoned node ({@code kubectl cordon}, {@code spec.unschedulable: true}) takes
 * only pods that tolerate {@code node.kubernetes.io/unschedulable:NoSchedule} (DaemonSet pods do).
 */
public final class NodeUnschedulable implements FilterPlugin {
    public static final String NAME = "NodeUnschedulable";
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    public static final String TAINT_KEY = "node.kubernetes.io/unschedulable";
    public static final PluginFactory FACTORY = handle -> new NodeUnschedulable();

    private static final Taint UNSCHEDULABLE_TAINT = new Taint("NoSchedule", TAINT_KEY, null, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return fits(node.unschedulable(), pod.tolerations()) ? Status.SUCCESS
                : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
    }

    /** {@link #filter} per node, whether the pod tolerates the cordon worked out once. */
    @Override
    public void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                          Status[] statuses) {
        boolean tolerates = fits(true, pod.tolerations());
        if (tolerates) {
            return;
        }
        for (int j = 0; j < count; j++) {
            if (failedAt[j] < 0 && nodes[j].unschedulable()) {
                failedAt[j] = self;
                statuses[j] = Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
            }
        }
    }

    public static boolean fits(boolean nodeUnschedulable, List<Toleration> tolerations) {
        return !nodeUnschedulable || TaintToleration.tolerated(UNSCHEDULABLE_TAINT, tolerations);
    }
}
