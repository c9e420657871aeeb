package io.kubelab.app.editor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the YAML editor's text the way {@code kubectl apply -f} does and reports it in
 * kubectl's words: each object is created when missing, else patched with the manifest (a
 * strategic merge of the fields it names), one line per object —
 * {@code deployment.apps/nginx-deployment created}, {@code service/my-nginx configured},
 * {@code …unchanged} when the patch changes nothing — and an API error in kubectl's form
 * ({@code Error from server (Invalid): …}) for an object the API server refuses, the others still
 * being applied.
 *
 * <p>Threading: the engine thread (it calls the API).
 */
public final class ManifestApplier {
    private ManifestApplier() {}

    /** One object's outcome: a line as kubectl prints it, and whether it is an error. */
    public record Outcome(String line, boolean error) {}

    /**
     * @param source the manifest's name in error messages ({@code kubectl apply -f NAME})
     */
    public static List<Outcome> apply(KubeApi api, String yaml, String source) {
        List<ObjectNode> docs;
        try {
            docs = Kube.readDocuments(yaml);
        } catch (ManifestException e) {
            return List.of(new Outcome("error: " + e.kubectlMessage(source), true));
        }
        if (docs.isEmpty()) {
            // kubectl's words for a file without objects.
            return List.of(new Outcome("error: no objects passed to apply", true));
        }
        List<Outcome> out = new ArrayList<>();
        for (ObjectNode doc : docs) {
            try {
                out.add(new Outcome(applyOne(api, doc), false));
            } catch (ManifestException e) {
                out.add(new Outcome("error: " + e.kubectlMessage(source), true));
            } catch (RuntimeException e) {
                out.add(new Outcome(KubeErrors.describe(e), true));
            }
        }
        return out;
    }

    private static String applyOne(KubeApi api, ObjectNode doc) {
        HasMetadata object = ResourceTypes.decode(doc);
        ResourceType type = ResourceTypes.of(object);
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            throw new ManifestException("resource name may not be empty", "error when retrieving current configuration of: %s: resource name may not be empty");
        }
        String ns = type.namespaced() ? object.getMetadata().getNamespace() : null;
        if (type.namespaced() && (ns == null || ns.isEmpty())) {
            ns = "default";
        }
        String what = objectName(type, name);
        HasMetadata existing = api.find(type, ns, name);
        if (existing == null) {
            api.create(object, ns);
            return what + " created";
        }
        JsonNode before = Kube.tree(existing);
        JsonNode patched = Patches.apply(Patches.Type.STRATEGIC_MERGE_PATCH, before, doc);
        if (patched.equals(before)) {
            return what + " unchanged";
        }
        api.patch(type, ns, name, Patches.Type.STRATEGIC_MERGE_PATCH, doc, false);
        return what + " configured";
    }

    /** {@code deployment.apps/nginx-deployment}, {@code service/my-nginx}: how kubectl names an object it changed. */
    static String objectName(ResourceType type, String name) {
        String kind = type.kind().toLowerCase(java.util.Locale.ROOT);
        return (type.group().isEmpty() ? kind : kind + "." + type.group()) + "/" + name;
    }
}
