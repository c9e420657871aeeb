package io.kubelab.engine.scheduler.framework;

/** Filter: may the pod run on this node? Success, or Unschedulable(AndUnresolvable) with the reasons. */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, PodInfo pod, NodeInfo node);

    /**
     * {@link #filter} on each of {@code nodes[0..count)} that no earlier plugin rejected
     * ({@code failedAt[j] < 0}); a node this plugin rejects gets {@code failedAt[j] = self} and the
     * status in {@code statuses[j]}. A filter that throws gives an Error status naming the plugin, as
     * {@link Framework#runFilters(CycleState, PodInfo, NodeInfo, long, Status[])} makes it.
     *
     * <p>The framework runs the filters plugin by plugin over a batch of nodes rather than node by
     * node: each plugin's loop calls its own code (not one call site shared by every plugin, seven
     * different targets in turn), and a plugin overriding this works out what depends only on the pod
     * once per batch (a pod without {@code spec.nodeName} fits every node for NodeName). An override
     * must give exactly {@link #filter}'s statuses (tests compare the two).
     */
    default void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                           Status[] statuses) {
        for (int j = 0; j < count; j++) {
            if (failedAt[j] >= 0) {
                continue;
            }
            Status s;
            try {
                s = filter(state, pod, nodes[j]);
            } catch (RuntimeException e) {
                s = Status.error(name() + ": " + e.getMessage());
            }
            if (!s.isSuccess()) {
                failedAt[j] = self;
                statuses[j] = s;
            }
        }
    }
}
