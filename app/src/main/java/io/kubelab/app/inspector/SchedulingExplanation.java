package io.kubelab.app.inspector;

import java.util.List;

/**
 * A scheduling decision, per node and per plugin, as kube-scheduler's framework records it.
 *
 * @param outcome    one line: {@code Successfully assigned default/web-1 to minikube-m02}, or the
 *                   FailedScheduling message {@code 0/3 nodes are available: …}
 * @param chosenNode the node the pod was bound to, or {@code null}
 * @param nodes      one verdict per node considered
 */
public record SchedulingExplanation(String outcome, String chosenNode, List<NodeVerdict> nodes) {
    public SchedulingExplanation {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param feasible whether every Filter plugin passed
     * @param score    the weighted total of the Score plugins, or {@code null} when filtered out
     */
    public record NodeVerdict(String node, boolean feasible, Integer score, List<PluginVerdict> plugins) {
        public NodeVerdict {
            plugins = List.copyOf(plugins);
        }
    }

    /**
     * @param plugin e.g. {@code NodeResourcesFit}, {@code TaintToleration}
     * @param code   the framework's status code: {@code Success}, {@code Unschedulable},
     *               {@code UnschedulableAndUnresolvable}, {@code Error}, {@code Skip}
     * @param reason the plugin's reason, e.g. {@code Insufficient cpu}; empty on success
     * @param score  the plugin's score (0–100) for Score plugins, else {@code null}
     */
    public record PluginVerdict(String plugin, String code, String reason, Integer score) {}
}
