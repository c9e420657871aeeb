package io.kubelab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The resource types this API server serves, in discovery order. */
public final class ResourceTypes {
    private ResourceTypes() {}

    public static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces",
            "namespace", false, List.of("ns"), List.of(), Namespace.class);
    public static final ResourceType NODES = new ResourceType("", "v1", "Node", "nodes",
            "node", false, List.of("no"), List.of(), Node.class);
    public static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods",
            "pod", true, List.of("po"), List.of("all"), Pod.class);
    public static final ResourceType SERVICES = new ResourceType("", "v1", "Service", "services",
            "service", true, List.of("svc"), List.of("all"), Service.class);
    public static final ResourceType ENDPOINTS = new ResourceType("", "v1", "Endpoints", "endpoints",
            "endpoints", true, List.of("ep"), List.of(), Endpoints.class);
    public static final ResourceType EVENTS = new ResourceType("", "v1", "Event", "events",
            "event", true, List.of("ev"), List.of(), Event.class);
    public static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps",
            "configmap", true, List.of("cm"), List.of(), ConfigMap.class);
    public static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments",
            "deployment", true, List.of("deploy"), List.of("all"), Deployment.class);
    public static final ResourceType REPLICASETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets",
            "replicaset", true, List.of("rs"), List.of("all"), ReplicaSet.class);
    public static final ResourceType ENDPOINTSLICES = new ResourceType("discovery.k8s.io", "v1", "EndpointSlice",
            "endpointslices", "endpointslice", true, List.of(), List.of(), EndpointSlice.class);
    public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases",
            "lease", true, List.of(), List.of(), Lease.class);

    private static final Map<String, ResourceType> BY_PLURAL = new LinkedHashMap<>();
    private static final Map<Class<?>, ResourceType> BY_CLASS = new LinkedHashMap<>();

    static {
        for (ResourceType t : List.of(PODS, SERVICES, ENDPOINTS, EVENTS, CONFIGMAPS, NODES, NAMESPACES,
                DEPLOYMENTS, REPLICASETS, ENDPOINTSLICES, LEASES)) {
            BY_PLURAL.put(t.plural(), t);
            BY_CLASS.put(t.type(), t);
        }
    }

    public static Collection<ResourceType> all() {
        return BY_PLURAL.values();
    }

    public static Optional<ResourceType> byPlural(String plural) {
        return Optional.ofNullable(BY_PLURAL.get(plural));
    }

    public static ResourceType of(Class<?> type) {
        ResourceType t = BY_CLASS.get(type);
        if (t == null) {
            throw new IllegalArgumentException("not a served type: " + type.getName());
        }
        return t;
    }

    public static ResourceType of(HasMetadata object) {
        return of(object.getClass());
    }

    /**
     * Finds a type the way kubectl resolves a name on its command line: plural, singular, short
     * name or kind, case-insensitive, optionally qualified with a group ({@code deployments.apps}).
     */
    public static Optional<ResourceType> resolve(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String group = null;
        int dot = n.indexOf('.');
        if (dot > 0) {
            group = n.substring(dot + 1);
            n = n.substring(0, dot);
        }
        for (ResourceType t : BY_PLURAL.values()) {
            if (group != null && !t.group().equals(group)) {
                continue;
            }
            if (t.plural().equals(n) || t.singular().equals(n) || t.shortNames().contains(n)
                    || t.kind().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Finds the type named by a manifest's {@code apiVersion} and {@code kind}. */
    public static Optional<ResourceType> forApiVersionKind(String apiVersion, String kind) {
        for (ResourceType t : BY_PLURAL.values()) {
            if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Turns a manifest tree into its typed object.
     *
     * @throws ManifestException with kubectl's wording when apiVersion or kind is missing or unknown
     */
    public static HasMetadata decode(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw new ManifestException("error validating data: expected an object");
        }
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (apiVersion.isEmpty() && kind.isEmpty()) {
            throw new ManifestException("error validating data: [apiVersion not set, kind not set]");
        }
        if (apiVersion.isEmpty()) {
            throw new ManifestException("error validating data: apiVersion not set");
        }
        if (kind.isEmpty()) {
            throw new ManifestException("error validating data: kind not set");
        }
        ResourceType type = forApiVersionKind(apiVersion, kind).orElseThrow(() -> new ManifestException(
                "resource mapping not found for name: \"" + object.path("metadata").path("name").asText("")
                        + "\" namespace: \"" + object.path("metadata").path("namespace").asText("")
                        + "\" from \"\": no matches for kind \"" + kind + "\" in version \"" + apiVersion
                        + "\"\nensure CRDs are installed first"));
        try {
            return Kube.JSON.treeToValue(object, type.type());
        } catch (Exception e) {
            throw new ManifestException("error decoding " + kind + ": " + e.getMessage().split("\n")[0]);
        }
    }
}
