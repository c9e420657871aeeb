package io.kubelab.app.controls;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;

/** The faults over a {@link Cluster}: pods through the API, components through {@code setRunning}. */
public final class ClusterFaultInjector implements FaultInjector {
    private final Cluster cluster;
    private final NodeFaults nodes;

    public ClusterFaultInjector(Cluster cluster, NodeFaults nodes) {
        this.cluster = cluster;
        this.nodes = nodes;
    }

    /** With node faults done by stopping the node's components. */
    public ClusterFaultInjector(Cluster cluster) {
        this(cluster, NodeFaults.byComponents(cluster));
    }

    @Override
    public void deletePod(String namespace, String name) {
        cluster.api().delete(ResourceTypes.PODS, namespace, name, null);
    }

    @Override
    public void stopNode(String node) {
        nodes.stopNode(node);
    }

    @Override
    public void startNode(String node) {
        nodes.startNode(node);
    }

    @Override
    public void partitionNode(String node) {
        nodes.partitionNode(node);
    }

    @Override
    public void stopComponent(String component) {
        check(component);
        cluster.setRunning(component, false);
    }

    @Override
    public void startComponent(String component) {
        check(component);
        cluster.setRunning(component, true);
    }

    private void check(String component) {
        if (!"scheduler".equals(component) && !"controller-manager".equals(component)) {
            throw new IllegalArgumentException("only scheduler and controller-manager can be stopped, not " + component);
        }
        if ("scheduler".equals(component) && cluster.component("scheduler") == null) {
            throw new IllegalStateException("no scheduler runs in this cluster");
        }
    }
}
