package io.kubelab.engine;

import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.proxy.SimServiceProxy;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.sim.SimContainerRuntime;

/**
 * What the node agents run on: each node's container runtime and the cluster's kube-proxy. The
 * control plane (API, controllers, scheduler, kubelets) is the same in every platform; only these
 * parts differ. {@link #SIMULATED} is the default; real mode (linux-runtime) supplies runc
 * containers and iptables rules in network namespaces.
 *
 * <p>{@link Components#wire} asks for kube-proxy first, then for node 0, 1, … in order, each
 * runtime knowing kube-proxy (the simulated containers use it as their network).
 */
public interface NodePlatform {

    /** kube-proxy, the component named {@code kube-proxy}; drained after the kubelets. */
    Component kubeProxy(Cluster cluster);

    /** The container runtime of node {@code index} (0-based). */
    ContainerRuntime containerRuntime(Cluster cluster, int index, Component kubeProxy);

    /** Simulated containers and simulated Service routing, on the cluster's clock. */
    NodePlatform SIMULATED = new NodePlatform() {
        @Override
        public Component kubeProxy(Cluster cluster) {
            return new SimServiceProxy(() -> Kubelets.all(cluster));
        }

        @Override
        public ContainerRuntime containerRuntime(Cluster cluster, int index, Component kubeProxy) {
            SimContainerRuntime runtime = SimContainerRuntime.forNode(cluster, index);
            runtime.setNetwork((SimServiceProxy) kubeProxy);
            return runtime;
        }

        @Override
        public String toString() {
            return "simulated";
        }
    };
}
