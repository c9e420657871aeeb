package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;

import java.util.Iterator;
import java.util.Map;

/**
 * {@code kubectl apply -f FILE}, client-side as kubectl does it by default: an object that does not
 * exist is created with the {@code kubectl.kubernetes.io/last-applied-configuration} annotation
 * (the manifest as compact JSON); an existing one gets a strategic merge patch made of the manifest
 * plus the deletion of fields the last applied manifest had and this one has not; when that patch
 * changes nothing the object is {@code unchanged}.
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
                deletions(Kube.JSON.readTree(original), modified, patch);
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

    /** Fields of maps the last applied manifest set and this one no longer does become {@code null}. */
    private static void deletions(JsonNode original, JsonNode modified, ObjectNode patch) {
        if (!original.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = modified.get(e.getKey());
            if (m == null) {
                patch.putNull(e.getKey());
            } else if (e.getValue().isObject() && m.isObject()) {
                deletions(e.getValue(), m, (ObjectNode) patch.get(e.getKey()));
            }
        }
    }
}
