package io.kubelab.engine;

import io.kubelab.engine.controller.deployment.DeploymentController;
import io.kubelab.engine.controller.endpoint.EndpointsController;
import io.kubelab.engine.controller.endpointslice.EndpointSliceController;
import io.kubelab.engine.controller.endpointslicemirroring.EndpointSliceMirroringController;
import io.kubelab.engine.controller.gc.GarbageCollector;
import io.kubelab.engine.controller.namespace.NamespaceController;
import io.kubelab.engine.controller.nodelifecycle.NodeLifecycleController;
import io.kubelab.engine.controller.podgc.PodGCController;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.controller.tainteviction.TaintEvictionController;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.scheduler.Scheduler;

/**
 * Wires the standard components of a cluster, in the order they are drained: the controllers of
 * the controller manager, the scheduler, one kubelet per node, kube-proxy.
 */
final class Components {
    private Components() {}

    static void wire(Cluster cluster) {
        // kube-controller-manager
        cluster.add(new DeploymentController());
        cluster.add(new ReplicaSetController());
        cluster.add(new EndpointsController());
        cluster.add(new EndpointSliceController());
        cluster.add(new EndpointSliceMirroringController());
        cluster.add(new GarbageCollector());
        cluster.add(new NamespaceController());
        cluster.add(new NodeLifecycleController());
        cluster.add(new TaintEvictionController());
        cluster.add(new PodGCController());
        // kube-scheduler
        cluster.add(new Scheduler());
        // The node agents come last: one kubelet per node (each over its node's container runtime),
        // then kube-proxy, which is also the simulated containers' cluster network. The platform
        // (simulated, or real containers) supplies the runtimes and kube-proxy.
        NodePlatform platform = cluster.config().platform();
        Component proxy = platform.kubeProxy(cluster);
        for (int i = 0; i < cluster.config().nodes(); i++) {
            cluster.add(new Kubelet(i, ClusterConfig.nodeName(i), platform.containerRuntime(cluster, i, proxy)));
        }
        cluster.add(proxy);
    }
}
