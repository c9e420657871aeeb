package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl apply -f FILE}, client-side as kubectl does it by default: an object that does not
 * exist is created with the {@code kubectl.kubernetes.io/last-applied-configuration} annotation
 * (the manifest as compact JSON); an existing one gets a strategic merge patch made of the manifest
 * plus the deletion of what the last applied manifest had and this one has not (fields, and items of
 * lists merged by key, see {@link #deletions}); when that patch changes nothing the object is
 * {@code unchanged}.
 */
final class ApplyVerb extends Verb {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    @Override
    public String name() {
        return "apply";
    }

    @Override
    protected void declare(Flags f) {
        f.list("filename", "f").string("output", "o", "").bool("server-side", null).string("dry-run", null, "none")
                .bool("validate", null).bool("prune", null).bool("force", null).string("field-manager", null, "");
    }

    @Override
    protected Execution run(Call c) {
        var files = c.flags.list("filename");
        if (files.isEmpty()) {
            throw KubectlError.raw("error: must specify one of -f and -k\n");
        }
        int code = 0;
        for (Manifests.Doc d : Manifests.read(c, files)) {
            try {
                apply(c, d);
            } catch (ApiException e) {
                c.err(serverError(Manifests.withSource(e, "applying patch", d.source())));
                code = 1;
            }
        }
        return Execution.finished(code);
    }

    private static void apply(Call c, Manifests.Doc d) {
        // kubectl records the manifest with its namespace set and the annotations map present (empty
        // when the manifest has none): {"metadata":{"annotations":{},"name":"web","namespace":"default"}…}
        ObjectNode modified = d.node().deepCopy();
        ObjectNode meta = modified.with("metadata");
        if (d.namespace() != null) {
            meta.put("namespace", d.namespace());
        }
        ObjectNode annotations = meta.with("annotations");
        annotations.remove(LAST_APPLIED);
        String lastApplied = JsonPrinter.compact(modified) + "\n";
        meta.with("annotations").put(LAST_APPLIED, lastApplied);

        HasMetadata current = c.api().find(d.type(), d.namespace(), d.name());
        if (current == null) {
            HasMetadata object;
            try {
                object = io.kubelab.engine.model.ResourceTypes.decode(modified.deepCopy());
            } catch (ApiException e) {
                throw Manifests.withSource(e, "creating", d.source());
            }
            try {
                HasMetadata created = c.api().create(object, d.namespace());
                c.out(Resources.qualifiedName(created) + " created\n");
            } catch (ApiException e) {
                throw Manifests.withSource(e, "creating", d.source());
            }
            return;
        }
        Map<String, String> currentAnnotations = current.getMetadata().getAnnotations();
        String original = currentAnnotations == null ? null : currentAnnotations.get(LAST_APPLIED);
        if (original == null) {
            c.err("Warning: resource " + d.type().plural() + "/" + d.name() + " is missing the " + LAST_APPLIED
                    + " annotation which is required by kubectl apply. kubectl apply should only be used on resources "
                    + "created declaratively by either kubectl create --save-config or kubectl apply. The missing "
                    + "annotation will be patched automatically.\n");
        }
        ObjectNode patch = modified.deepCopy();
        if (original != null) {
            try {
                deletions(modified.path("kind").asText(""), new ArrayList<>(), Kube.JSON.readTree(original), modified,
                        patch);
            } catch (java.io.IOException e) {
                // an unreadable annotation: no deletions, as kubectl treats a missing one
            }
        }
        JsonNode before = Formats.tree(current);
        JsonNode after = Patches.apply(Patches.Type.STRATEGIC_MERGE_PATCH, before, patch);
        if (after.equals(before)) {
            c.out(Resources.qualifiedName(current) + " unchanged\n");
            return;
        }
        HasMetadata patched = c.api().patch(d.type(), d.namespace(), d.name(), Patches.Type.STRATEGIC_MERGE_PATCH,
                patch, false);
        c.out(Resources.qualifiedName(patched) + " configured\n");
    }

    /**
     * What the last applied manifest set and this one no longer does, as kubectl's three-way patch
     * deletes it: a map field becomes {@code null}; an item of a list merged by key (a container, a
     * container's port or env var, a Service port, a volume …) becomes {@code {"$patch":"delete",
     * key: value}} and the list's order is pinned with {@code $setElementOrder/<list>}; items kept in
     * both are compared field by field; a value dropped from a merged list of scalars (finalizers)
     * goes to {@code $deleteFromPrimitiveList/<list>}. Lists replaced whole need nothing: the
     * manifest's list replaces the stored one.
     */
    private static void deletions(String kind, List<String> path, JsonNode original, JsonNode modified,
                                  ObjectNode patch) {
        if (!original.isObject() || !modified.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode was = e.getValue();
            JsonNode now = modified.get(field);
            if (now == null) {
                patch.putNull(field);
            } else if (was.isObject() && now.isObject()) {
                path.add(field);
                deletions(kind, path, was, now, (ObjectNode) patch.get(field));
                path.remove(path.size() - 1);
            } else if (was.isArray() && now.isArray()) {
                listDeletions(kind, path, field, (ArrayNode) was, (ArrayNode) now, patch);
            }
        }
    }

    private static void listDeletions(String kind, List<String> path, String field, ArrayNode was, ArrayNode now,
                                      ObjectNode patch) {
        Patches.ListStrategy strategy = Patches.listStrategy(kind, path, field);
        if (strategy.primitiveMerge()) {
            ArrayNode dropped = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : was) {
                if (!contains(now, item)) {
                    dropped.add(item.deepCopy());
                }
            }
            if (!dropped.isEmpty()) {
                patch.set("$deleteFromPrimitiveList/" + field, dropped);
            }
            return;
        }
        if (!strategy.mergesByKey()) {
            return;
        }
        String key = strategy.mergeKey();
        ArrayNode target = (ArrayNode) patch.get(field);
        boolean changed = false;
        path.add(field);
        for (JsonNode item : was) {
            JsonNode keyValue = item.get(key);
            if (keyValue == null || keyValue.isNull()) {
                continue;
            }
            int i = indexOf(now, key, keyValue);
            if (i < 0) {
                ObjectNode delete = target.addObject();
                delete.put("$patch", "delete");
                delete.set(key, keyValue.deepCopy());
                changed = true;
            } else {
                deletions(kind, path, item, now.get(i), (ObjectNode) target.get(i));
            }
        }
        path.remove(path.size() - 1);
        if (changed) {
            ArrayNode order = patch.putArray("$setElementOrder/" + field);
            for (JsonNode item : now) {
                if (item.has(key)) {
                    order.addObject().set(key, item.get(key).deepCopy());
                }
            }
        }
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
