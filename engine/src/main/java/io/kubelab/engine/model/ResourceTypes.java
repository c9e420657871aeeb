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
     * Turns a manifest tree into its typed object, as {@code kubectl create -f} against this server
     * would: strict field validation (kubectl's default since 1.27).
     *
     * @throws ManifestException with kubectl's wording when kind is missing or apiVersion/kind unknown
     *                           (kubectl's own errors, before anything is sent)
     * @throws ApiException      400 with the API server's decode error, e.g. {@code Deployment in version
     *                           "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go
     *                           struct field DeploymentSpec.spec.replicas of type int32}
     */
    public static HasMetadata decode(JsonNode node) {
        return decode(node, true);
    }

    /** As {@link #decode(JsonNode)}; without {@code strict}, unknown fields are kept rather than refused. */
    public static HasMetadata decode(JsonNode node, boolean strict) {
        if (!(node instanceof ObjectNode object)) {
            String msg = "json: cannot unmarshal " + Kube.goKind(node) + " into Go value of type unstructured.detector";
            throw new ManifestException(msg, "unable to decode \"%s\": " + msg);
        }
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (kind.isEmpty()) {
            String msg = "Object 'Kind' is missing in '" + sortedJson(object) + "'";
            throw new ManifestException(msg, "unable to decode \"%s\": " + msg.replace("%", "%%"));
        }
        ResourceType type = forApiVersionKind(apiVersion, kind).orElseThrow(() -> {
            String name = object.path("metadata").path("name").asText("");
            String namespace = object.path("metadata").path("namespace").asText("");
            String why = "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"";
            return new ManifestException("resource mapping not found for name: \"" + name + "\" namespace: \""
                    + namespace + "\" from \"\": " + why + "\nensure CRDs are installed first",
                    ("resource mapping not found for name: \"" + name + "\" namespace: \"" + namespace
                            + "\" from \"").replace("%", "%%") + "%s\": " + why.replace("%", "%%")
                            + "\nensure CRDs are installed first");
        });
        return decodeAs(type, object, strict);
    }

    /**
     * Reads a request body (or a patched object) as {@code type}, with the API server's 400 on a
     * value the Go decoder would refuse.
     */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T decodeAs(ResourceType type, JsonNode object, boolean strict) {
        String error = GoJson.decodeError(object, type.type(), strict);
        if (error != null) {
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": " + error);
        }
        try {
            // Not refused, an unknown field is dropped, as the API server does: never stored, never served.
            JsonNode known = strict ? object : GoJson.withoutUnknownFields(object, type.type());
            return (T) Kube.JSON.treeToValue(known, type.type());
        } catch (Exception e) {
            String first = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw ApiException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": " + first);
        }
    }

    /** Compact JSON with keys sorted, as Go's {@code json.Marshal} of a map prints it. */
    private static String sortedJson(JsonNode node) {
        if (node.isObject()) {
            java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (var e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(Kube.JSON.getNodeFactory().textNode(e.getKey())).append(':').append(sortedJson(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(sortedJson(node.get(i)));
            }
            return sb.append(']').toString();
        }
        return node.toString();
    }
}
