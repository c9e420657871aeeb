package io.kubelab.engine.scheduler;

import io.kubelab.engine.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code framework.FitError.Error()}: the FailedScheduling event's message and the
 * PodScheduled condition's message when no node fits.
 *
 * <p>{@code 0/<all nodes> nodes are available: <histogram>. <postFilter message>} where the
 * histogram counts every reason over the rejected nodes, as {@code "<count> <reason>"}, sorted as
 * strings (so {@code "1 node(s) had untolerated taint …"} comes before {@code "2 Insufficient cpu"},
 * and {@code "10 …"} before {@code "2 …"}). A node rejected for two resources counts in both.
 *
 * <p>Worked example: 3 nodes, the control-plane tainted, two workers short of CPU:
 * {@code 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling,
 * 2 No preemption victims found for incoming pod.}
 */
public final class FitError {
    /** {@code NoNodeAvailableMsg}. */
    public static final String NO_NODE_AVAILABLE_FORMAT = "0/%d nodes are available";
    /** {@code ErrNoNodesAvailable}: the cluster has no node at all. */
    public static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

    private FitError() {}

    /**
     * @param numAllNodes   every node of the cluster (the denominator)
     * @param statuses      the status of each node that has one (rejections)
     * @param absentStatus  the status of the nodes not in {@code statuses}, or {@code null}
     * @param preFilterMsg  a PreFilter rejection (then the per-node histogram is left out), or {@code null}
     * @param postFilterMsg the PostFilter (preemption) message, or {@code null}
     */
    public static String message(int numAllNodes, List<Status> statuses, Status absentStatus, String preFilterMsg,
                                 String postFilterMsg) {
        StringBuilder sb = new StringBuilder(String.format(NO_NODE_AVAILABLE_FORMAT, numAllNodes)).append(':');
        if (preFilterMsg != null && !preFilterMsg.isEmpty()) {
            sb.append(' ').append(preFilterMsg).append('.');
        } else {
            Map<String, Integer> histogram = new HashMap<>();
            for (Status s : statuses) {
                for (String r : s.reasons()) {
                    histogram.merge(r, 1, Integer::sum);
                }
            }
            int absent = numAllNodes - statuses.size();
            if (absentStatus != null && absent > 0) {
                for (String r : absentStatus.reasons()) {
                    histogram.merge(r, absent, Integer::sum);
                }
            }
            List<String> parts = new ArrayList<>();
            histogram.forEach((reason, count) -> parts.add(count + " " + reason));
            Collections.sort(parts);
            if (!parts.isEmpty()) {
                sb.append(' ').append(String.join(", ", parts)).append('.');
            }
        }
        if (postFilterMsg != null && !postFilterMsg.isEmpty()) {
            sb.append(' ').append(postFilterMsg);
        }
        return sb.toString();
    }
}
