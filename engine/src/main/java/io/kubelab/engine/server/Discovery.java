package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The documents of legacy API discovery ({@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/<group>/<version>}) and {@code /version}, generated from {@link ResourceTypes}. kubectl
 * resolves {@code po}, {@code deploy} and {@code get all} from the short names and categories here.
 * Aggregated discovery is deliberately not served: every kubectl falls back to these documents
 * (docs/KUBECTL-API.md §4).
 */
final class Discovery {
    private Discovery() {}

    /** The Kubernetes version reported: kubectl 1.29–1.31 stay within the supported skew. */
    static final String GIT_VERSION = io.kubelab.engine.model.KubernetesVersion.GIT_VERSION;

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> SUB_VERBS = List.of("get", "patch", "update");

    /** A subresource as discovery lists it. */
    private record Sub(String name, String group, String version, String kind, List<String> verbs) {}

    private static List<Sub> subresources(ResourceType t) {
        List<Sub> subs = new ArrayList<>();
        if (t == ResourceTypes.PODS) {
            subs.add(new Sub("exec", null, null, "PodExecOptions", List.of("create", "get")));
            subs.add(new Sub("log", null, null, "Pod", List.of("get")));
            subs.add(new Sub("status", null, null, "Pod", SUB_VERBS));
        } else if (t == ResourceTypes.DEPLOYMENTS || t == ResourceTypes.REPLICASETS) {
            subs.add(new Sub("scale", "autoscaling", "v1", "Scale", SUB_VERBS));
            subs.add(new Sub("status", null, null, t.kind(), SUB_VERBS));
        } else if (t == ResourceTypes.SERVICES || t == ResourceTypes.NODES || t == ResourceTypes.NAMESPACES) {
            subs.add(new Sub("status", null, null, t.kind(), SUB_VERBS));
        }
        return subs;
    }

    private static List<String> verbs(ResourceType t) {
        if (t == ResourceTypes.NAMESPACES) {
            // Upstream offers no deletecollection for namespaces.
            return List.of("create", "delete", "get", "list", "patch", "update", "watch");
        }
        return ALL_VERBS;
    }

    /** The group/versions served besides the core {@code v1}, in discovery order. */
    static Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        for (ResourceType t : ResourceTypes.all()) {
            if (!t.group().isEmpty()) {
                groups.putIfAbsent(t.group(), t.version());
            }
        }
        return groups;
    }

    static boolean serves(String group, String version) {
        for (ResourceType t : ResourceTypes.all()) {
            if (t.group().equals(group) && t.version().equals(version)) {
                return true;
            }
        }
        return false;
    }

    /** {@code GET /api}. */
    static ObjectNode apiVersions(String serverAddress) {
        ObjectNode root = Kube.JSON.createObjectNode();
        root.put("kind", "APIVersions");
        root.putArray("versions").add("v1");
        ObjectNode cidr = root.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return root;
    }

    /** {@code GET /apis}. */
    static ObjectNode apiGroupList() {
        ObjectNode root = Kube.JSON.createObjectNode();
        root.put("kind", "APIGroupList");
        root.put("apiVersion", "v1");
        ArrayNode groups = root.putArray("groups");
        groups().forEach((group, version) -> groups.add(apiGroup(group, version, false)));
        return root;
    }

    /** {@code GET /apis/<group>}, or empty for a group not served. */
    static Optional<ObjectNode> apiGroup(String group) {
        String version = groups().get(group);
        return version == null ? Optional.empty() : Optional.of(apiGroup(group, version, true));
    }

    private static ObjectNode apiGroup(String group, String version, boolean withKind) {
        ObjectNode g = Kube.JSON.createObjectNode();
        if (withKind) {
            g.put("kind", "APIGroup");
            g.put("apiVersion", "v1");
        }
        g.put("name", group);
        ObjectNode v = g.putArray("versions").addObject();
        v.put("groupVersion", group + "/" + version);
        v.put("version", version);
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", group + "/" + version);
        preferred.put("version", version);
        return g;
    }

    /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}. */
    static ObjectNode resourceList(String group, String version) {
        ObjectNode root = Kube.JSON.createObjectNode();
        root.put("kind", "APIResourceList");
        root.put("apiVersion", "v1");
        root.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = root.putArray("resources");
        for (ResourceType t : ResourceTypes.all()) {
            if (!t.group().equals(group) || !t.version().equals(version)) {
                continue;
            }
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            verbs(t).forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                t.shortNames().forEach(shortNames::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode categories = r.putArray("categories");
                t.categories().forEach(categories::add);
            }
            for (Sub s : subresources(t)) {
                ObjectNode sr = resources.addObject();
                sr.put("name", t.plural() + "/" + s.name());
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (s.group() != null) {
                    sr.put("group", s.group());
                    sr.put("version", s.version());
                }
                sr.put("kind", s.kind());
                ArrayNode sv = sr.putArray("verbs");
                s.verbs().forEach(sv::add);
            }
        }
        return root;
    }

    /** {@code GET /version}. */
    static ObjectNode version() {
        ObjectNode v = Kube.JSON.createObjectNode();
        v.put("major", io.kubelab.engine.model.KubernetesVersion.MAJOR);
        v.put("minor", io.kubelab.engine.model.KubernetesVersion.MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", io.kubelab.engine.model.KubernetesVersion.GIT_COMMIT);
        v.put("gitTreeState", "clean");
        v.put("buildDate", io.kubelab.engine.model.KubernetesVersion.BUILD_DATE);
        v.put("goVersion", io.kubelab.engine.model.KubernetesVersion.GO_VERSION);
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    /** {@code GET /}: the paths served, as the API server lists them. */
    static ObjectNode rootPaths() {
        Set<String> paths = new LinkedHashSet<>(List.of("/api", "/api/v1", "/apis"));
        groups().forEach((g, v) -> {
            paths.add("/apis/" + g);
            paths.add("/apis/" + g + "/" + v);
        });
        paths.addAll(List.of("/healthz", "/livez", "/openapi/v2", "/readyz", "/version"));
        ObjectNode root = Kube.JSON.createObjectNode();
        ArrayNode arr = root.putArray("paths");
        paths.forEach(arr::add);
        return root;
    }

    /**
     * {@code GET /openapi/v2}: the protobuf {@code openapi_v2.Document{swagger:"2.0"}}, 5 bytes. With no
     * schema in it kubectl skips client-side validation, which makes {@code create -f} and
     * {@code apply -f} work on every kubectl version (docs/KUBECTL-API.md §9).
     */
    static final byte[] OPENAPI_V2 = {0x0a, 0x03, 0x32, 0x2e, 0x30};
}
