package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.ResourceType;

import java.util.List;
import java.util.Map;

/**
 * What a plugin may look at beyond the pod and the node in front of it ({@code framework.Handle}):
 * the scheduler's snapshot of all nodes, and the informer caches of other objects (namespaces for
 * their labels, Services and ReplicaSets for default spreading).
 */
public interface Handle {
    /** Every node the scheduler knows, in the scheduler's order. */
    List<NodeInfo> nodes();

    /** Nodes hosting at least one pod with a required anti-affinity term. */
    List<NodeInfo> nodesWithRequiredAntiAffinityPods();

    /** Nodes hosting at least one pod with any pod (anti-)affinity term. */
    List<NodeInfo> nodesWithAffinityPods();

    /** A namespace's labels ({@code kubernetes.io/metadata.name} included), or an empty map. */
    Map<String, String> namespaceLabels(String namespace);

    /** Objects of a type in a namespace, from the cluster's store. */
    <T extends HasMetadata> List<T> list(ResourceType type, String namespace);

    /** One object, or {@code null}. */
    <T extends HasMetadata> T get(ResourceType type, String namespace, String name);

    /**
     * How many pods of the owner with this uid are bound to nodes (of {@link #nodes()}) whose label
     * {@code topologyKey} has this value, when the handle keeps that count up to date; -1 when it
     * does not (the caller then walks the nodes). The scheduler's cache indexes
     * {@code topology.kubernetes.io/zone}, so default spreading needs O(zones), not O(nodes), per pod.
     */
    default int podsOwnedByInDomain(String topologyKey, String value, String ownerUid) {
        return -1;
    }

    /**
     * The pods of the owner with this uid per node ({@code NodeInfo.podsOwnedBy(ownerUid)} for every
     * node at once), when the handle keeps it up to date; {@code null} when it does not. Read-only:
     * the caller must not change it. Default spreading reads it for every node it scores: one small
     * table that stays in the CPU cache instead of one map per node.
     */
    default NodeCounts podsOwnedByPerNode(String ownerUid) {
        return null;
    }

    /** A handle over a fixed list of nodes and nothing else: for tests and what-if simulations. */
    static Handle of(List<NodeInfo> nodes) {
        return new Handle() {
            @Override
            public List<NodeInfo> nodes() {
                return nodes;
            }

            @Override
            public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
                return nodes.stream().filter(n -> !n.podsWithRequiredAntiAffinity().isEmpty()).toList();
            }

            @Override
            public List<NodeInfo> nodesWithAffinityPods() {
                return nodes.stream().filter(n -> !n.podsWithAffinity().isEmpty()).toList();
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return Map.of("kubernetes.io/metadata.name", namespace);
            }

            @Override
            public <T extends HasMetadata> List<T> list(ResourceType type, String namespace) {
                return List.of();
            }

            @Override
            public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
                return null;
            }
        };
    }
}
