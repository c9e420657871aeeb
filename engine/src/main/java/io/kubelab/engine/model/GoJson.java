package io.kubelab.engine.model;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON tree against the Kubernetes types the way the API server's Go decoder reads it,
 * before Jackson (which is far more lenient: it turns {@code "2"} into 2 and keeps unknown fields)
 * gets to see it. The first problem is reported in Go's words:
 * <ul>
 *   <li>{@code json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32}
 *       (the innermost struct, the field path from the root without indices, the Go type);</li>
 *   <li>{@code quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'};</li>
 *   <li>{@code illegal base64 data at input byte 4} for a ConfigMap's {@code binaryData} value (a Go
 *       {@code []byte}, read as standard padded base64);</li>
 *   <li>with strict field validation (kubectl's default since 1.27), {@code strict decoding error:
 *       unknown field "spec.replicass"} (with indices, all unknown fields listed).</li>
 * </ul>
 */
public final class GoJson {
    private GoJson() {}

    private static final Map<Class<?>, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

    /**
     * The decode error of {@code object} read as {@code type}, or {@code null} when the Go decoder
     * would accept it.
     *
     * @param strict report unknown fields ({@code fieldValidation=Strict})
     */
    public static String decodeError(JsonNode object, Class<?> type, boolean strict) {
        Walker w = new Walker(strict);
        w.walk(object, Kube.JSON.constructType(type), type.getSimpleName(), "", "");
        if (w.firstError != null) {
            return w.firstError;
        }
        if (!w.unknown.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String f : w.unknown) {
                parts.add("unknown field \"" + f + "\"");
            }
            return "strict decoding error: " + String.join(", ", parts);
        }
        return null;
    }

    /**
     * The fields of {@code object} that {@code type} does not have, with indices, in document order
     * ({@code spec.containers[0].bogus}): what the API server names in its {@code Warning} headers
     * under {@code fieldValidation=Warn}, its default. Keys of patch directives ({@code $patch},
     * {@code $setElementOrder/containers}) are not fields and are left out.
     */
    public static List<String> unknownFields(JsonNode object, Class<?> type) {
        return unknownFields(object, type, false);
    }

    /**
     * As {@link #unknownFields(JsonNode, Class)}; for a merge patch ({@code patch}), a field set to
     * null is a deletion that leaves nothing in the patched object, so it is not named.
     */
    public static List<String> unknownFields(JsonNode object, Class<?> type, boolean patch) {
        Walker w = new Walker(true);
        w.skipNulls = patch;
        w.walk(object, Kube.JSON.constructType(type), type.getSimpleName(), "", "");
        return w.unknown.stream().filter(f -> !f.startsWith("$") && !f.contains(".$")).toList();
    }

    /**
     * {@code object} without the fields {@code type} does not have: what the API server keeps of a
     * body it does not refuse ({@code fieldValidation=Warn} or {@code Ignore}): an unknown field is
     * dropped, never stored. {@code object} itself is returned when it has none, else a pruned copy.
     */
    public static JsonNode withoutUnknownFields(JsonNode object, Class<?> type) {
        if (!object.isObject() || unknownFields(object, type).isEmpty()) {
            return object;
        }
        JsonNode copy = object.deepCopy();
        Walker w = new Walker(true);
        w.prune = true;
        w.walk(copy, Kube.JSON.constructType(type), type.getSimpleName(), "", "");
        return copy;
    }

    /** Go's name for the Java type of a field: {@code int32}, {@code []v1.Container}, {@code map[string]string}. */
    static String goType(JavaType t) {
        Class<?> raw = t.getRawClass();
        if (raw == String.class) {
            return "string";
        }
        if (raw == Integer.class || raw == int.class) {
            return "int32";
        }
        if (raw == Long.class || raw == long.class) {
            return "int64";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "bool";
        }
        if (raw == Double.class || raw == double.class) {
            return "float64";
        }
        if (raw == IntOrString.class) {
            return "intstr.IntOrString";
        }
        if (raw == Quantity.class) {
            return "resource.Quantity";
        }
        if (t.isCollectionLikeType()) {
            return "[]" + goType(t.getContentType());
        }
        if (t.isMapLikeType()) {
            return "map[string]" + goType(t.getContentType());
        }
        return "v1." + raw.getSimpleName();
    }

    private static Map<String, JavaType> properties(JavaType type) {
        return PROPERTIES.computeIfAbsent(type.getRawClass(), c -> {
            BeanDescription bd = Kube.JSON.getDeserializationConfig().introspect(type);
            Map<String, JavaType> props = new HashMap<>();
            for (BeanPropertyDefinition p : bd.findProperties()) {
                if (p.hasSetter() || p.hasField() || p.hasConstructorParameter()) {
                    props.put(p.getName(), p.getPrimaryType());
                }
            }
            return props;
        });
    }

    private static boolean isBean(Class<?> raw) {
        return raw.getName().startsWith("io.fabric8.") && raw != IntOrString.class && raw != Quantity.class
                && !raw.getSimpleName().equals("AnyType") && !raw.isEnum();
    }

    private static String quantityError(String s) {
        try {
            Quantities.parse(s);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Where Go's {@code base64.StdEncoding.Decode} stops with a {@code CorruptInputError}, or -1 when
     * it decodes {@code src}: four characters at a time, {@code \r} and {@code \n} skipped, padding
     * required. Worked examples: {@code "aGk="} decodes; {@code "!!!!"} fails at 0; {@code "aGVsbG8"}
     * (a quantum of three, no padding) at 4; {@code "aGk=x"} (data after the padding) at 4.
     */
    static int base64ErrorAt(byte[] src) {
        int si = 0;
        while (si < src.length) {
            for (int j = 0; j < 4; j++) {
                if (si == src.length) {
                    return j == 0 ? -1 : si - j;
                }
                int in = src[si++] & 0xff;
                if (isBase64(in)) {
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    j--;
                    continue;
                }
                if (in != '=' || j < 2) {
                    return si - 1;
                }
                if (j == 2) {
                    // "==": the second must follow, newlines aside
                    si = skipNewlines(src, si);
                    if (si == src.length) {
                        return src.length;
                    }
                    if (src[si] != '=') {
                        return si - 1;
                    }
                    si++;
                }
                si = skipNewlines(src, si);
                return si < src.length ? si : -1;
            }
        }
        return -1;
    }

    private static boolean isBase64(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }

    private static int skipNewlines(byte[] src, int si) {
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
        }
        return si;
    }

    private static final class Walker {
        final boolean strict;
        final List<String> unknown = new ArrayList<>();
        String firstError;
        /** Removes each unknown field from its object (on a copy of the request's tree). */
        boolean prune;
        /** An unknown field whose value is null is not named (a merge patch's deletion). */
        boolean skipNulls;

        Walker(boolean strict) {
            this.strict = strict;
        }

        void typeError(JsonNode node, String struct, String field, JavaType t, String value) {
            if (firstError == null) {
                firstError = "json: cannot unmarshal " + value + " into Go struct field " + struct + "." + field
                        + " of type " + goType(t);
            }
        }

        /**
         * @param struct the Go struct that holds this value (for error messages)
         * @param field  the dotted JSON field path from the root, without indices (Go's FieldStack)
         * @param path   the same with indices (strict errors)
         */
        void walk(JsonNode node, JavaType t, String struct, String field, String path) {
            if (node == null || node.isNull() || firstError != null) {
                return;
            }
            Class<?> raw = t.getRawClass();
            if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.getSimpleName().equals("AnyType")) {
                return;
            }
            if (raw == String.class) {
                if (!node.isTextual()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                }
            } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
                if (!node.isNumber()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                } else {
                    boolean fits = node.isIntegralNumber() && (raw == Long.class || raw == long.class
                            ? node.canConvertToLong() : node.canConvertToInt());
                    if (!fits) {
                        typeError(node, struct, field, t, "number " + node.asText());
                    }
                }
            } else if (raw == Boolean.class || raw == boolean.class) {
                if (!node.isBoolean()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                }
            } else if (raw == IntOrString.class) {
                if (!node.isTextual() && !node.isIntegralNumber()) {
                    // IntOrString.UnmarshalJSON decodes a non-string into its int32; the decoder then adds
                    // the field's context to that error.
                    typeError(node, struct, field, Kube.JSON.constructType(Integer.class),
                            node.isNumber() ? "number " + node.asText() : Kube.goKind(node));
                }
            } else if (raw == Quantity.class) {
                if (firstError == null && !quantityOk(node)) {
                    firstError = node.isTextual() ? quantityError(node.asText()) : Quantities.FORMAT_WRONG;
                }
            } else if (t.isCollectionLikeType()) {
                if (!node.isArray()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), t.getContentType(), struct, field, path + "[" + i + "]");
                }
            } else if (t.isMapLikeType()) {
                if (!node.isObject()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                    return;
                }
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    walk(e.getValue(), t.getContentType(), struct, field, path + "." + e.getKey());
                }
            } else if (isBean(raw)) {
                if (!node.isObject()) {
                    typeError(node, struct, field, t, Kube.goKind(node));
                    return;
                }
                Map<String, JavaType> props = properties(t);
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (prune && !props.containsKey(e.getKey()) && !e.getKey().startsWith("$")) {
                        it.remove();
                        continue;
                    }
                    String childField = field.isEmpty() ? e.getKey() : field + "." + e.getKey();
                    String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    JavaType pt = props.get(e.getKey());
                    if (raw == ConfigMap.class && e.getKey().equals("binaryData") && e.getValue().isObject()) {
                        checkBase64Values(e.getValue());
                    }
                    if (pt == null) {
                        if (strict && !(skipNulls && e.getValue().isNull())) {
                            unknown.add(childPath);
                        }
                        continue;
                    }
                    walk(e.getValue(), pt, raw.getSimpleName(), childField, childPath);
                }
            }
        }

        /** A map of Go {@code []byte} values: each a string of standard base64. */
        private void checkBase64Values(JsonNode map) {
            Iterator<JsonNode> values = map.elements();
            while (values.hasNext() && firstError == null) {
                JsonNode v = values.next();
                if (v.isTextual()) {
                    int at = base64ErrorAt(v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (at >= 0) {
                        firstError = "illegal base64 data at input byte " + at;
                    }
                }
            }
        }

        /** {@code resource.ParseQuantity} accepts the string (or a bare number). */
        private static boolean quantityOk(JsonNode node) {
            if (node.isNumber()) {
                return true;
            }
            if (!node.isTextual()) {
                return false;
            }
            String s = node.asText();
            if (s.equals("0")) {
                return true;
            }
            return quantityError(s) == null;
        }
    }
}
