package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.List;

/** The objects of {@code -f} files, read from the lesson's working folder as kubectl reads them from disk. */
final class Manifests {
    private Manifests() {}

    /** One object of a file: where it came from, its manifest and its type and namespace. */
    record Doc(String source, ObjectNode node, ResourceType type, String namespace, String name) {
        HasMetadata decode() {
            return ResourceTypes.decode(node.deepCopy());
        }
    }

    static List<Doc> read(Call c, List<String> filenames) {
        List<Doc> docs = new ArrayList<>();
        for (String f : filenames) {
            String key = f.startsWith("./") ? f.substring(2) : f;
            String text = c.files().get(key);
            if (text == null) {
                throw KubectlError.error("the path \"" + f + "\" does not exist");
            }
            List<ObjectNode> nodes;
            try {
                nodes = Kube.readDocuments(text);
            } catch (ManifestException e) {
                throw KubectlError.error(e.kubectlMessage(f));
            }
            for (ObjectNode node : nodes) {
                ResourceType type;
                try {
                    // kubectl maps kind and apiVersion to a resource before it sends anything.
                    type = ResourceTypes.of(ResourceTypes.decode(node.deepCopy(), false));
                } catch (ManifestException e) {
                    throw KubectlError.error(e.kubectlMessage(f));
                } catch (io.kubelab.engine.model.ApiException e) {
                    type = ResourceTypes.forApiVersionKind(node.path("apiVersion").asText(""),
                            node.path("kind").asText("")).orElseThrow();
                }
                String ns = node.path("metadata").path("namespace").asText("");
                if (type.namespaced() && ns.isEmpty()) {
                    ns = c.namespace();
                }
                docs.add(new Doc(f, node, type, type.namespaced() ? ns : null,
                        node.path("metadata").path("name").asText("")));
            }
        }
        if (docs.isEmpty()) {
            throw KubectlError.error("no objects passed to " + c.commandPath.substring("kubectl ".length()));
        }
        return docs;
    }

    static Resources.Requests requests(Call c, List<String> filenames) {
        List<Resources.Request> requests = new ArrayList<>();
        java.util.Set<ResourceType> types = new java.util.LinkedHashSet<>();
        for (Doc d : read(c, filenames)) {
            requests.add(new Resources.Request(d.type(), List.of(d.name())));
            types.add(d.type());
        }
        return new Resources.Requests(requests, types.size() > 1);
    }

    /** kubectl's {@code AddSourceToErr}: {@code error when creating "x.yaml": <message>}. */
    static io.kubelab.engine.model.ApiException withSource(io.kubelab.engine.model.ApiException e, String verb,
                                                          String source) {
        if ("Invalid".equals(e.reason())) {
            return e;
        }
        var status = Kube.copy(e.status());
        status.setMessage("error when " + verb + " \"" + source + "\": " + status.getMessage());
        return new io.kubelab.engine.model.ApiException(status);
    }
}
