package io.kubelab.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON and YAML for the real Kubernetes types (fabric8 kubernetes-model), and the small helpers
 * every part of the engine needs: deep copies, RFC 3339 timestamps, reading multi-document files.
 *
 * <p>Objects in the store are never mutated: copy first with {@link #copy(HasMetadata)}.
 */
public final class Kube {
    private Kube() {}

    /** The JSON mapper. Thread-safe. Unknown fields are kept in fabric8's additionalProperties. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The YAML mapper, writing YAML the way kubectl does (no document marker, minimal quotes). */
    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Kubernetes' timestamp form: RFC 3339 in UTC with second precision, e.g. {@code 2026-11-26T15:39:30Z}. */
    public static String timestamp(Instant instant) {
        return RFC3339.format(instant);
    }

    /** Parses a Kubernetes timestamp; {@code null} stays {@code null}. */
    public static Instant parseTimestamp(String text) {
        return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    }

    /** A deep copy of any model object. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T object) {
        if (object == null) {
            return null;
        }
        return (T) JSON.convertValue(object, object.getClass());
    }

    /** Sets {@code kind}: every fabric8 type has the setter, but {@link HasMetadata} does not declare it. */
    public static void setKind(HasMetadata object, String kind) {
        if (kind.equals(object.getKind())) {
            return;
        }
        try {
            object.getClass().getMethod("setKind", String.class).invoke(object, kind);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set kind on " + object.getClass().getName(), e);
        }
    }

    public static String toJson(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toJsonBytes(Object object) {
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toYaml(Object object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object object) {
        return JSON.valueToTree(object);
    }

    /**
     * Reads every document of a YAML (or JSON) text as a tree. Empty documents are skipped, as
     * kubectl does. A {@code List} kind is flattened into its items.
     *
     * @throws ManifestException with the parser's line and column when the text is not YAML
     */
    public static List<ObjectNode> readDocuments(String text) {
        List<ObjectNode> documents = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(text)) {
            MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new ManifestException("error converting YAML to JSON: expected an object, got "
                            + node.getNodeType().name().toLowerCase());
                }
                ObjectNode object = (ObjectNode) node;
                String kind = object.path("kind").asText("");
                if (kind.endsWith("List") && object.path("items").isArray()) {
                    for (JsonNode item : object.path("items")) {
                        if (item.isObject()) {
                            documents.add((ObjectNode) item);
                        }
                    }
                } else if (object.size() > 0) {
                    documents.add(object);
                }
            }
        } catch (ManifestException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ManifestException("error converting YAML to JSON: " + firstLine(e.getMessage()));
        }
        return documents;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid document";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** {@code namespace/name}, or just {@code name} for cluster-scoped objects. */
    public static String key(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        String ns = meta.getNamespace();
        return ns == null || ns.isEmpty() ? meta.getName() : ns + "/" + meta.getName();
    }

    public static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
