package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;

/** NodeName: a pod that names its node ({@code spec.nodeName}) fits only that node. */
public final class NodeName implements FilterPlugin {
    public static final String NAME = "NodeName";
    public static final String ERR_REASON = "node(s) didn't match the requested node name";
    public static final PluginFactory FACTORY = handle -> new NodeName();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return fits(pod.pod(), node.name()) ? Status.SUCCESS : Status.unresolvable(ERR_REASON);
    }

    /** {@link #filter} per node; a pod naming no node (every pod the scheduler places) fits them all. */
    @Override
    public void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                          Status[] statuses) {
        String wanted = pod.pod().getSpec() == null ? null : pod.pod().getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty()) {
            return;
        }
        for (int j = 0; j < count; j++) {
            if (failedAt[j] < 0 && !wanted.equals(nodes[j].name())) {
                failedAt[j] = self;
                statuses[j] = Status.unresolvable(ERR_REASON);
            }
        }
    }

    /** Whether the pod names no node, or names this one. */
    public static boolean fits(Pod pod, String nodeName) {
        String wanted = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(nodeName);
    }
}
