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

    /**
     * Through the node's kubelet: {@code stop()} powers the node off (heartbeats stop, containers
     * are gone), {@code start()} boots it again, {@code setPartitioned(true)} cuts it off (its
     * containers keep running, nothing reaches the API). Engine thread.
     */
    static NodeFaults byComponents(Cluster cluster) {
        return new NodeFaults() {
            @Override
            public void stopNode(String node) {
                kubelet(node).stop();
            }

            @Override
            public void startNode(String node) {
                io.kubelab.engine.kubelet.Kubelet k = kubelet(node);
                k.setPartitioned(false);
                if (!k.isPoweredOn()) {
                    k.start();
                }
            }

            @Override
            public void partitionNode(String node) {
                kubelet(node).setPartitioned(true);
            }

            private io.kubelab.engine.kubelet.Kubelet kubelet(String node) {
                return io.kubelab.engine.kubelet.Kubelets.byNode(cluster, node).orElseThrow(() ->
                        new IllegalStateException("no kubelet runs for node \"" + node + "\" in this cluster"));
            }
        };
    }
}
