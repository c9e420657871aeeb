package io.kubelab.engine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.io.IOException;

/**
 * Request bodies: JSON (what kubectl and the Python client send) or YAML (curl users), decoded into
 * the kind the URL names. Malformed bodies are a 400 {@code BadRequest} in the API server's words,
 * unknown media types a 415.
 */
final class Bodies {
    private Bodies() {}

    /** Reads a create/update body as a tree. */
    static JsonNode tree(ApiRequest request) {
        ObjectMapper mapper = mapperFor(request.contentType());
        return parse(request, mapper);
    }

    /** Reads a patch body: JSON, or YAML for server-side apply. */
    static JsonNode patchTree(ApiRequest request, boolean yaml) {
        return parse(request, yaml ? Kube.YAML : Kube.JSON);
    }

    private static JsonNode parse(ApiRequest request, ObjectMapper mapper) {
        if (!request.hasBody()) {
            throw ApiException.badRequest("the body of the request was empty");
        }
        try {
            JsonNode node = mapper.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the body of the request was empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String prefix = mapper == Kube.YAML ? "error converting YAML to JSON: yaml: "
                    : "couldn't get version/kind; json parse error: ";
            throw ApiException.badRequest(prefix + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest(firstLine(e.getMessage()));
        }
    }

    private static ObjectMapper mapperFor(String contentType) {
        return switch (contentType) {
            case "", "application/json", "*/*" -> Kube.JSON;
            case "application/yaml", "application/x-yaml", "text/yaml" -> Kube.YAML;
            default -> throw unsupported(contentType);
        };
    }

    /**
     * 415 in the API server's words, listing what this server reads. Protobuf bodies are not read:
     * kubectl 1.32+ sends them for typed commands such as {@code kubectl create deployment}, and the
     * message says what works instead.
     */
    static ApiException unsupported(String contentType) {
        String message = "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml";
        if (contentType.startsWith("application/vnd.kubernetes.protobuf")) {
            message += " (this server does not read protobuf bodies, which kubectl 1.32 and later send for commands "
                    + "like \"kubectl create deployment\"; use \"kubectl create -f <manifest>\" or kubectl 1.31)";
        }
        return new ApiException(new StatusBuilder().withMetadata(new ListMeta()).withStatus("Failure").withCode(415)
                .withReason("UnsupportedMediaType").withMessage(message).build());
    }

    /**
     * Decodes a tree into the URL's kind. A body of another kind is refused; a missing
     * {@code apiVersion}/{@code kind} is filled in from the URL, as the API server does.
     */
    static HasMetadata decode(JsonNode tree, ResourceType type) {
        return decode(tree, type, false);
    }

    /**
     * As {@link #decode(JsonNode, ResourceType)}, with the Go decoder's verdict first (a string where
     * an int32 goes: {@code json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
     * of type int32}) and, with {@code strict} ({@code ?fieldValidation=Strict}, which kubectl 1.27+
     * sends), unknown fields refused: {@code strict decoding error: unknown field "spec.replica"}.
     */
    static HasMetadata decode(JsonNode tree, ResourceType type, boolean strict) {
        if (!tree.isObject()) {
            throw ApiException.badRequest("couldn't get version/kind; json parse error: json: cannot unmarshal "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " into Go value of type struct "
                    + "{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }");
        }
        String apiVersion = tree.path("apiVersion").asText("");
        String kind = tree.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + type.kind() + ")");
        }
        // The Go decoder's verdict, then the object without the fields it does not have (ResourceTypes).
        HasMetadata object = ResourceTypes.decodeAs(type, tree, strict);
        object.setApiVersion(type.apiVersion());
        Kube.setKind(object, type.kind());
        return object;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "invalid body";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
