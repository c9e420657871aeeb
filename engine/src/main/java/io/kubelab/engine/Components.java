package io.kubelab.engine;

import io.kubelab.engine.controller.deployment.DeploymentController;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.scheduler.Scheduler;

/**
 * Wires the standard components of a cluster, in the order they are drained: the controllers of
 * the controller manager, the scheduler, one kubelet per node, kube-proxy.
 */
final class Components {
    private Components() {}

    static void wire(Cluster cluster) {
        cluster.add(new DeploymentController());
        cluster.add(new ReplicaSetController());
        cluster.add(new Scheduler());
    }
}
