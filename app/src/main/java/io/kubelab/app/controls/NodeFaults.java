package io.kubelab.app.controls;

import io.kubelab.engine.Cluster;

/**
 * How a node is stopped, started and cut off in a given cluster. The engine's kubelet decides
 * what that means for its containers; until it offers methods for it, {@link #byComponents}
 * stops and starts the node's components, which is what the control plane sees of a dead or
 * unreachable node: its kubelet stops reporting.
 */
public interface NodeFaults {
    void stopNode(String node);

    void startNode(String node);

    void partitionNode(String node);

    /** Stops/starts the components named {@code kubelet/<node>} and {@code kube-proxy/<node>}. */
    static NodeFaults byComponents(Cluster cluster) {
        return new NodeFaults() {
            @Override
            public void stopNode(String node) {
                set(node, false, true);
            }

            @Override
            public void startNode(String node) {
                set(node, true, true);
            }

            @Override
            public void partitionNode(String node) {
                set(node, false, false);
            }

            private void set(String node, boolean running, boolean withProxy) {
                String kubelet = "kubelet/" + node;
                if (cluster.component(kubelet) == null) {
                    throw new IllegalStateException("no kubelet runs for node \"" + node + "\" in this cluster");
                }
                cluster.setRunning(kubelet, running);
                if ((withProxy || running) && cluster.component("kube-proxy/" + node) != null) {
                    cluster.setRunning("kube-proxy/" + node, running);
                }
            }
        };
    }
}
