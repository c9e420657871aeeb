package io.kubelab.lessons.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;

import java.util.List;
import java.util.Optional;

/**
 * What checks read of a cluster: objects as JSON trees, as {@code kubectl get -o json} shows them.
 * Small on purpose, so a check can also be evaluated against a real cluster's API later.
 */
public interface ClusterView {

    Optional<JsonNode> get(ResourceType type, String namespace, String name);

    /** Every object of a type in a namespace ({@code null}: all namespaces, or a cluster-scoped type). */
    List<JsonNode> list(ResourceType type, String namespace);

    /** A view over an engine cluster; reads go straight to its store (any thread). */
    static ClusterView of(Cluster cluster) {
        return new ClusterView() {
            @Override
            public Optional<JsonNode> get(ResourceType type, String namespace, String name) {
                HasMetadata o = cluster.api().find(type, type.namespaced() ? namespace : null, name);
                return Optional.ofNullable(o).map(Kube::tree);
            }

            @Override
            public List<JsonNode> list(ResourceType type, String namespace) {
                return cluster.api().<HasMetadata>list(type, type.namespaced() ? namespace : null).stream()
                        .map(Kube::tree).toList();
            }
        };
    }
}
