package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.server.table.Tables;
import io.kubelab.engine.store.ListResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * CRUD, list, watch and patch of every served kind, and the {@code status} subresource: the
 * generic REST handlers of the API server ({@code staging/src/k8s.io/apiserver/pkg/endpoints/handlers}).
 * Every write goes through {@link KubeApi}, which validates, defaults and stores.
 */
final class ResourceEndpoints {
    /** Kinds whose DELETE answers with the deleted object rather than a Status (upstream {@code ReturnDeletedObject}). */
    private static final List<ResourceType> RETURN_DELETED_OBJECT =
            List.of(ResourceTypes.PODS, ResourceTypes.SERVICES, ResourceTypes.NAMESPACES);

    private final KubeApi api;
    private final EncodedObjects encoded;

    ResourceEndpoints(KubeApi api, EncodedObjects encoded) {
        this.api = api;
        this.encoded = encoded;
    }

    /**
     * Serves a resource URL without a subresource.
     *
     * @return the watch stream now using the connection, or {@code null}
     */
    WatchStream serve(Exchange ex, ResourcePath p) {
        ApiRequest r = ex.request();
        HttpMethod m = r.method();
        ResourceType type = p.type();
        if (type.namespaced() && p.namespace() == null && p.name() != null) {
            throw ApiException.notFoundPath();
        }
        boolean watch = p.watchPrefix() || r.bool("watch");
        if (p.name() == null) {
            if (m.equals(HttpMethod.GET)) {
                return watch ? watch(ex, p, null) : list(ex, p);
            } else if (m.equals(HttpMethod.POST) && (p.namespace() != null || !type.namespaced())) {
                create(ex, p);
            } else if (m.equals(HttpMethod.DELETE) && (p.namespace() != null || !type.namespaced())) {
                deleteCollection(ex, p);
            } else {
                throw methodNotAllowed();
            }
            return null;
        }
        if (m.equals(HttpMethod.GET)) {
            if (watch) {
                return watch(ex, p, p.name());
            }
            get(ex, p);
        } else if (m.equals(HttpMethod.PUT)) {
            update(ex, p, false);
        } else if (m.equals(HttpMethod.PATCH)) {
            patch(ex, p, false);
        } else if (m.equals(HttpMethod.DELETE)) {
            delete(ex, p);
        } else {
            throw methodNotAllowed();
        }
        return null;
    }

    /** {@code …/status}: the object with its status; writes change only the status. */
    void status(Exchange ex, ResourcePath p) {
        HttpMethod m = ex.request().method();
        if (m.equals(HttpMethod.GET)) {
            get(ex, p);
        } else if (m.equals(HttpMethod.PUT)) {
            update(ex, p, true);
        } else if (m.equals(HttpMethod.PATCH)) {
            patch(ex, p, true);
        } else {
            throw methodNotAllowed();
        }
    }

    static ApiException methodNotAllowed() {
        return ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }

    // ---- reads ---------------------------------------------------------------------------

    private void get(Exchange ex, ResourcePath p) {
        HasMetadata o = api.get(p.type(), p.namespace(), p.name());
        String table = ex.request().tableVersion();
        if (table != null) {
            ex.json(HttpResponseStatus.OK, Tables.table(p.type(), List.of(o), table,
                    o.getMetadata().getResourceVersion(), true, api.now()));
        } else {
            ex.json(HttpResponseStatus.OK, encoded.json(o));
        }
    }

    /** The label and field selectors of the request, or {@code null} when there are none. */
    private Predicate<HasMetadata> selectors(ApiRequest r, ResourceType type, String pinnedName) {
        String labels = r.param("labelSelector");
        FieldSelector fields = FieldSelector.parse(r.param("fieldSelector"));
        Predicate<HasMetadata> label = labels == null || labels.isBlank() ? null : Selectors.labelPredicate(labels);
        Predicate<HasMetadata> field = fields.isEmpty() ? null : fields.predicate(type);
        Predicate<HasMetadata> name = pinnedName == null ? null : o -> pinnedName.equals(o.getMetadata().getName());
        Predicate<HasMetadata> all = null;
        for (Predicate<HasMetadata> pr : java.util.Arrays.asList(label, field, name)) {
            if (pr != null) {
                all = all == null ? pr : all.and(pr);
            }
        }
        return all;
    }

    private WatchStream list(Exchange ex, ResourcePath p) {
        ApiRequest r = ex.request();
        Predicate<HasMetadata> sel = selectors(r, p.type(), null);
        ListResult<HasMetadata> result = api.list(p.type(), p.namespace(), sel == null ? o -> true : sel);
        String rv = Long.toString(result.revision());
        String table = r.tableVersion();
        if (table != null) {
            ex.json(HttpResponseStatus.OK, Tables.table(p.type(), result.items(), table, rv, true, api.now()));
            return null;
        }
        ex.json(HttpResponseStatus.OK, listJson(p.type(), result.items(), rv));
        return null;
    }

    /** {@code {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"N"},"items":[…]}}; items never null. */
    private byte[] listJson(ResourceType type, List<? extends HasMetadata> items, String rv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + items.size() * 1024);
        out.writeBytes(("{\"kind\":\"" + type.listKind() + "\",\"apiVersion\":\"" + type.apiVersion()
                + "\",\"metadata\":{\"resourceVersion\":\"" + rv + "\"},\"items\":[").getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (HasMetadata o : items) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(encoded.json(o));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private WatchStream watch(Exchange ex, ResourcePath p, String name) {
        ApiRequest r = ex.request();
        Predicate<HasMetadata> sel = selectors(r, p.type(), name);
        String rvText = r.param("resourceVersion");
        long from = 0;
        if (rvText != null && !rvText.isEmpty()) {
            try {
                from = Long.parseLong(rvText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid resource version: " + rvText);
            }
        }
        Long timeout = r.longParam("timeoutSeconds");
        WatchStream stream = new WatchStream(ex, api, encoded, p.type(), sel, r.tableVersion());
        stream.start(p.namespace(), from, timeout == null || timeout <= 0 ? WatchStream.DEFAULT_TIMEOUT_SECONDS : timeout);
        return stream;
    }

    // ---- writes --------------------------------------------------------------------------

    /** {@code ?fieldValidation=Strict}: unknown fields are refused (kubectl 1.27+ asks for it). */
    private static boolean strict(Exchange ex) {
        return "Strict".equals(ex.request().param("fieldValidation"));
    }

    /**
     * Under {@code fieldValidation=Warn}, the default (kubectl before 1.27 sends none), each unknown
     * field of {@code tree} becomes a {@code Warning} header: {@code unknown field "spec.replica"};
     * {@code Ignore} keeps quiet, and {@code Strict} refused them already.
     */
    private static void warnUnknownFields(Exchange ex, JsonNode tree, ResourcePath p, boolean patch) {
        String mode = ex.request().param("fieldValidation");
        if (mode != null && !mode.equals("Warn") || !tree.isObject()) {
            return;
        }
        for (String field : io.kubelab.engine.model.GoJson.unknownFields(tree, p.type().type(), patch)) {
            ex.warn("unknown field \"" + field + "\"");
        }
    }

    private void create(Exchange ex, ResourcePath p) {
        JsonNode tree = Bodies.tree(ex.request());
        HasMetadata object = Bodies.decode(tree, p.type(), strict(ex));
        warnUnknownFields(ex, tree, p, false);
        HasMetadata created = api.create(object, p.type().namespaced() ? p.namespace() : null);
        ex.json(HttpResponseStatus.CREATED, encoded.json(created));
    }

    private void update(Exchange ex, ResourcePath p, boolean status) {
        JsonNode tree = Bodies.tree(ex.request());
        HasMetadata object = Bodies.decode(tree, p.type(), strict(ex));
        warnUnknownFields(ex, tree, p, false);
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            object.setMetadata(meta);
        }
        if (meta.getName() == null || meta.getName().isEmpty()) {
            meta.setName(p.name());
        } else if (!meta.getName().equals(p.name())) {
            throw ApiException.badRequest("the name of the object (" + meta.getName()
                    + ") does not match the name on the URL (" + p.name() + ")");
        }
        if (p.type().namespaced()) {
            if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
                meta.setNamespace(p.namespace());
            } else if (!meta.getNamespace().equals(p.namespace())) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent "
                        + "on the request");
            }
        }
        // The object must exist: a PUT does not create here.
        api.get(p.type(), p.namespace(), p.name());
        HasMetadata updated = status ? api.updateStatus(object) : api.update(object);
        ex.json(HttpResponseStatus.OK, encoded.json(updated));
    }

    private void patch(Exchange ex, ResourcePath p, boolean status) {
        Patches.Type patchType = Patches.Type.of(ex.request().header("Content-Type"));
        JsonNode patch = Bodies.patchTree(ex.request(), patchType == Patches.Type.APPLY_PATCH);
        checkPatchShape(patchType, patch);
        HasMetadata patched = api.patch(p.type(), p.namespace(), p.name(), patchType, patch, status, strict(ex));
        if (patchType != Patches.Type.JSON_PATCH) {
            warnUnknownFields(ex, patch, p, true); // a merge patch is a partial object of the kind
        }
        ex.json(HttpResponseStatus.OK, encoded.json(patched));
    }

    static void checkPatchShape(Patches.Type patchType, JsonNode patch) {
        if (patchType == Patches.Type.JSON_PATCH && !patch.isArray()) {
            throw ApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        if (patchType != Patches.Type.JSON_PATCH && !patch.isObject()) {
            throw ApiException.badRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
        }
    }

    private DeleteOptions deleteOptions(ApiRequest r) {
        DeleteOptions options = new DeleteOptions();
        if (r.hasBody()) {
            JsonNode tree = Bodies.tree(r);
            if (!tree.isObject()) {
                throw ApiException.badRequest("the body of the request is not a DeleteOptions object");
            }
            try {
                options = Kube.JSON.treeToValue(tree, DeleteOptions.class);
            } catch (Exception e) {
                throw ApiException.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: "
                        + Bodies.firstLine(e.getMessage()));
            }
        }
        Long grace = r.longParam("gracePeriodSeconds");
        if (grace != null) {
            options.setGracePeriodSeconds(grace);
        }
        if (r.param("propagationPolicy") != null) {
            options.setPropagationPolicy(r.param("propagationPolicy"));
        }
        if (r.param("orphanDependents") != null) {
            options.setOrphanDependents(r.bool("orphanDependents"));
        }
        return options;
    }

    private void delete(Exchange ex, ResourcePath p) {
        DeleteOptions options = deleteOptions(ex.request());
        HasMetadata result = api.delete(p.type(), p.namespace(), p.name(), options);
        HasMetadata still = api.find(p.type(), p.namespace(), p.name());
        boolean pending = still != null && Objects.equals(still.getMetadata().getUid(), result.getMetadata().getUid());
        if (pending) {
            // Marked for deletion (grace period, finalizers): the object as it is now.
            HttpResponseStatus code = Boolean.FALSE.equals(options.getOrphanDependents())
                    ? HttpResponseStatus.ACCEPTED : HttpResponseStatus.OK;
            ex.json(code, encoded.json(result));
        } else if (RETURN_DELETED_OBJECT.contains(p.type())) {
            ex.json(HttpResponseStatus.OK, encoded.json(result));
        } else {
            ex.json(HttpResponseStatus.OK, Exchange.statusBytes(deletedStatus(p.type(), result)));
        }
    }

    private static Status deletedStatus(ResourceType type, HasMetadata o) {
        return new StatusBuilder().withMetadata(new io.fabric8.kubernetes.api.model.ListMeta()).withStatus("Success")
                .withDetails(new StatusDetailsBuilder().withName(o.getMetadata().getName())
                        .withGroup(type.group().isEmpty() ? null : type.group())
                        .withKind(type.plural()).withUid(o.getMetadata().getUid()).build())
                .build();
    }

    private void deleteCollection(Exchange ex, ResourcePath p) {
        DeleteOptions options = deleteOptions(ex.request());
        Predicate<HasMetadata> sel = selectors(ex.request(), p.type(), null);
        ListResult<HasMetadata> targets = api.list(p.type(), p.namespace(), sel == null ? o -> true : sel);
        List<HasMetadata> results = new ArrayList<>();
        for (HasMetadata o : targets.items()) {
            try {
                results.add(api.delete(p.type(), o.getMetadata().getNamespace(), o.getMetadata().getName(),
                        Kube.copy(options)));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        ex.json(HttpResponseStatus.OK, listJson(p.type(), results, Long.toString(api.store().revision())));
    }
}
