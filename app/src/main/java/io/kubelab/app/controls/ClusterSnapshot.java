package io.kubelab.app.controls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A snapshot of what the user asked for, as a {@code kind: List} YAML file that {@code kubectl apply -f}
 * would also take: every object nobody else manages, without server-set fields and status.
 * Loading re-applies it into a fresh cluster, whose controllers, scheduler and kubelets then
 * rebuild the rest (ReplicaSets, pods, endpoints, events) as they would after a restore of etcd's
 * user objects.
 *
 * <p>Left out: objects with a controlling owner (a Deployment's ReplicaSets and pods), Nodes
 * (registered by kubelets), Events, Endpoints and EndpointSlices of services with a selector,
 * Leases, and what a fresh cluster creates itself (system namespaces, the {@code kubernetes} and
 * {@code kube-dns} Services). Kept: Services' ClusterIP and NodePort, so addresses survive.
 */
public final class ClusterSnapshot {
    private ClusterSnapshot() {}

    /** The types in the order they are written and re-applied: namespaces before what lives in them. */
    static final List<ResourceType> ORDER = List.of(ResourceTypes.NAMESPACES, ResourceTypes.CONFIGMAPS,
            ResourceTypes.SERVICES, ResourceTypes.ENDPOINTS, ResourceTypes.DEPLOYMENTS, ResourceTypes.REPLICASETS,
            ResourceTypes.PODS);
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final Set<String> BOOTSTRAP_SERVICES = Set.of("default/kubernetes", "kube-system/kube-dns");
    private static final List<String> SERVER_FIELDS = List.of("uid", "resourceVersion", "creationTimestamp", "generation",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    /** The user's objects of {@code cluster} as a YAML {@code List}. Any thread (reads the store). */
    public static String export(Cluster cluster) {
        ObjectNode list = Kube.JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (ResourceType type : ORDER) {
            for (HasMetadata o : cluster.store().list(type, null).items()) {
                if (keep(cluster, type, o)) {
                    items.add(clean(o));
                }
            }
        }
        list.putObject("metadata");
        try {
            return Kube.YAML.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean keep(Cluster cluster, ResourceType type, HasMetadata o) {
        var meta = o.getMetadata();
        if (meta.getDeletionTimestamp() != null) {
            return false;
        }
        if (meta.getOwnerReferences() != null) {
            for (OwnerReference r : meta.getOwnerReferences()) {
                if (Boolean.TRUE.equals(r.getController())) {
                    return false;
                }
            }
        }
        String key = Kube.key(o);
        if (type == ResourceTypes.NAMESPACES) {
            return !SYSTEM_NAMESPACES.contains(meta.getName());
        }
        if (type == ResourceTypes.SERVICES) {
            return !BOOTSTRAP_SERVICES.contains(key);
        }
        if (type == ResourceTypes.ENDPOINTS) {
            // Endpoints of a Service with a selector belong to the endpoints controller.
            var svc = cluster.store().<io.fabric8.kubernetes.api.model.Service>get(ResourceTypes.SERVICES,
                    meta.getNamespace(), meta.getName());
            boolean managed = svc != null && svc.getSpec().getSelector() != null && !svc.getSpec().getSelector().isEmpty();
            return !managed && !BOOTSTRAP_SERVICES.contains(key);
        }
        return true;
    }

    private static ObjectNode clean(HasMetadata o) {
        ObjectNode tree = (ObjectNode) Kube.tree(o);
        tree.remove("status");
        JsonNode meta = tree.path("metadata");
        if (meta instanceof ObjectNode m) {
            m.remove(SERVER_FIELDS);
            if (m.path("annotations").isObject() && m.path("annotations").isEmpty()) {
                m.remove("annotations");
            }
        }
        return tree;
    }

    /**
     * Re-applies a snapshot into {@code cluster}, object by object, so that one bad object does not
     * stop the others. Engine thread.
     *
     * @return one line per object that failed, {@code kind/name: message}; empty when all applied
     */
    public static List<String> restore(Cluster cluster, String yaml) {
        List<ObjectNode> docs = Kube.readDocuments(yaml);
        docs.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        List<String> errors = new ArrayList<>();
        for (ObjectNode doc : docs) {
            try {
                cluster.apply(Kube.toJson(doc));
            } catch (RuntimeException e) {
                errors.add(doc.path("kind").asText("?").toLowerCase() + "/" + doc.path("metadata").path("name").asText("?")
                        + ": " + io.kubelab.app.session.KubeErrors.describe(e));
            }
        }
        return errors;
    }

    private static int rank(ObjectNode doc) {
        String kind = doc.path("kind").asText("");
        for (int i = 0; i < ORDER.size(); i++) {
            if (ORDER.get(i).kind().equals(kind)) {
                return i;
            }
        }
        return ORDER.size();
    }
}
