package io.kubelab.engine.server;

import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A resource URL taken apart the way the API server's {@code RequestInfoFactory} does:
 *
 * <pre>
 *   /api/v1/pods                                     cluster-wide collection
 *   /api/v1/namespaces/default/pods                  namespaced collection
 *   /api/v1/namespaces/default/pods/web/log          object "web", subresource "log"
 *   /apis/apps/v1/namespaces/default/deployments/web/scale
 *   /api/v1/nodes/minikube/status                    cluster-scoped object with a subresource
 *   /api/v1/namespaces/dev/status                    the namespace "dev" itself, subresource "status"
 *   /api/v1/watch/namespaces/default/pods            the old watch prefix
 * </pre>
 *
 * @param namespace   the namespace of the URL, or {@code null} for cluster-wide and cluster-scoped URLs
 * @param name        the object's name, or {@code null} for a collection
 * @param subresource e.g. {@code status}, {@code scale}, {@code log}, {@code exec}; or {@code null}
 * @param watchPrefix whether the URL used the {@code /watch/} prefix
 */
record ResourcePath(ResourceType type, String namespace, String name, String subresource, boolean watchPrefix) {

    /**
     * Parses the segments after {@code /api/v1} or {@code /apis/<group>/<version>}; empty when the
     * URL names no served resource (the caller answers 404).
     */
    static Optional<ResourcePath> parse(String group, String version, List<String> rest) {
        boolean watch = false;
        List<String> parts = rest;
        if (!parts.isEmpty() && parts.get(0).equals("watch")) {
            watch = true;
            parts = parts.subList(1, parts.size());
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String namespace = null;
        // namespaces/{ns}/{resource}/…, except namespaces/{name}/status and …/finalize, which are the namespace itself.
        if (parts.get(0).equals("namespaces") && parts.size() > 2
                && !parts.get(2).equals("status") && !parts.get(2).equals("finalize")) {
            namespace = parts.get(1);
            parts = parts.subList(2, parts.size());
        }
        if (parts.size() > 3) {
            return Optional.empty();
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : null;
        String sub = parts.size() > 2 ? parts.get(2) : null;
        Optional<ResourceType> type = ResourceTypes.byPlural(resource)
                .filter(t -> t.group().equals(group) && t.version().equals(version));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (namespace != null && !type.get().namespaced()) {
            return Optional.empty();
        }
        if (name != null && name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePath(type.get(), namespace, name, sub, watch));
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
