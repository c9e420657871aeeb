package io.kubelab.engine;

import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.proxy.SimServiceProxy;
import io.kubelab.engine.runtime.sim.SimContainerRuntime;

/**
 * Wires the standard components of a cluster, in the order they are drained: the controllers of
 * the controller manager, the scheduler, one kubelet per node, kube-proxy.
 */
final class Components {
    private Components() {}

    static void wire(Cluster cluster) {
        // Filled in as the components land.

        // The node agents come last: one kubelet per node (each over its node's container runtime),
        // then kube-proxy, which is also the simulated containers' cluster network.
        SimServiceProxy proxy = new SimServiceProxy(() -> Kubelets.all(cluster));
        for (int i = 0; i < cluster.config().nodes(); i++) {
            SimContainerRuntime runtime = SimContainerRuntime.forNode(cluster, i);
            runtime.setNetwork(proxy);
            cluster.add(new Kubelet(i, ClusterConfig.nodeName(i), runtime));
        }
        cluster.add(proxy);
    }
}
