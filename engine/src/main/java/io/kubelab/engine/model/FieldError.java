package io.kubelab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One validation error, worded like Kubernetes' {@code field.Error}: {@code spec.replicas: Invalid
 * value: -1: must be greater than or equal to 0}.
 *
 * <p>The bad value is printed the way the API server (1.30) prints it: integers and booleans bare,
 * strings Go-quoted ({@code %q}), anything else in Go's {@code %#v} form, e.g. a map as
 * {@code map[string]string{"app":"web"}} or a selector as {@code v1.LabelSelector{MatchLabels:…}}.
 * Values with no Java counterpart are passed pre-rendered as {@link Go}.
 */
public record FieldError(Type type, String field, Object value, boolean hasValue, String detail) {

    /** The error types of {@code k8s.io/apimachinery/pkg/util/validation/field}. */
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        INTERNAL("InternalError", "Internal error");

        private final String reason;
        private final String text;

        Type(String reason, String text) {
            this.reason = reason;
            this.text = text;
        }

        public String reason() {
            return reason;
        }

        public String text() {
            return text;
        }
    }

    /** A value already in Go's printed form, e.g. {@code []string{"10.0.0.5"}}. */
    public record Go(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, true, detail);
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, false, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, false, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, true, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, true, "");
    }

    /** {@code Unsupported value: "Never": supported values: "Always"}; the order of {@code supported} is kept. */
    public static FieldError notSupported(String field, Object value, Collection<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(FieldError::quote).collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value, true, detail);
    }

    /** {@code Too long: must have at most 262144 bytes}: the value is never printed. */
    public static FieldError tooLong(String field, int max) {
        return new FieldError(Type.TOO_LONG, field, null, false, "must have at most " + max + " bytes");
    }

    /** As {@link #tooLong(String, int)}; the value is never printed. */
    public static FieldError tooLong(String field, Object value, int max) {
        return tooLong(field, max);
    }

    /** The cause message: everything after the field path ({@code ErrorBody}). */
    public String causeMessage() {
        StringBuilder sb = new StringBuilder(type.text());
        boolean valueShown = hasValue && type != Type.REQUIRED && type != Type.FORBIDDEN
                && type != Type.TOO_LONG && type != Type.INTERNAL;
        if (valueShown) {
            sb.append(": ").append(render(value));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return field + ": " + causeMessage();
    }

    /** Go's {@code strconv.Quote}: double quotes, backslash escapes for quotes, backslashes and control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** How {@code field.Error} prints a bad value (Kubernetes 1.30: pointers dereferenced, then {@code %v}/{@code %q}/{@code %#v}). */
    public static String render(Object value) {
        if (value == null) {
            return quote("null");
        }
        if (value instanceof Go g) {
            return g.text();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean || value instanceof Short) {
            return String.valueOf(value);
        }
        if (value instanceof Double || value instanceof Float) {
            return String.valueOf(value);
        }
        if (value instanceof IntOrString ios) {
            return intOrString(ios);
        }
        if (value instanceof Quantity q) {
            return quote(q.toString());
        }
        if (value instanceof LabelSelector sel) {
            return labelSelector(sel);
        }
        if (value instanceof Map<?, ?> m) {
            return stringMap(m);
        }
        if (value instanceof List<?> l) {
            return stringSlice(l);
        }
        if (value instanceof JsonNode n) {
            return n.isTextual() ? quote(n.asText()) : n.toString();
        }
        return String.valueOf(value);
    }

    /** {@code intstr.IntOrString{Type:1, IntVal:0, StrVal:"30x"}}. */
    public static String intOrString(IntOrString ios) {
        if (ios == null) {
            return "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}";
        }
        boolean isString = ios.getStrVal() != null;
        return "intstr.IntOrString{Type:" + (isString ? 1 : 0) + ", IntVal:"
                + (isString || ios.getIntVal() == null ? 0 : ios.getIntVal()) + ", StrVal:"
                + quote(isString ? ios.getStrVal() : "") + "}";
    }

    /** {@code map[string]string{"app":"web", "tier":"front"}}, keys sorted as Go's fmt sorts them. */
    public static String stringMap(Map<?, ?> m) {
        if (m == null) {
            return "map[string]string(nil)";
        }
        StringBuilder sb = new StringBuilder("map[string]string{");
        boolean first = true;
        for (Map.Entry<String, String> e : sortedStrings(m).entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static TreeMap<String, String> sortedStrings(Map<?, ?> m) {
        TreeMap<String, String> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return sorted;
    }

    /** {@code []string{"a", "b"}}; {@code null} is {@code []string(nil)}. */
    public static String stringSlice(List<?> l) {
        if (l == null) {
            return "[]string(nil)";
        }
        return l.stream().map(o -> quote(String.valueOf(o))).collect(Collectors.joining(", ", "[]string{", "}"));
    }

    /**
     * {@code v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}:
     * the form of the famous "field is immutable" message.
     */
    public static String labelSelector(LabelSelector sel) {
        if (sel == null) {
            return quote("null");
        }
        Map<String, String> ml = sel.getMatchLabels();
        String labels = ml == null || ml.isEmpty() ? "map[string]string(nil)" : stringMap(ml);
        List<LabelSelectorRequirement> exprs = sel.getMatchExpressions();
        String expressions;
        if (exprs == null || exprs.isEmpty()) {
            expressions = "[]v1.LabelSelectorRequirement(nil)";
        } else {
            expressions = exprs.stream().map(r -> "v1.LabelSelectorRequirement{Key:" + quote(nz(r.getKey()))
                            + ", Operator:" + quote(nz(r.getOperator())) + ", Values:"
                            + (r.getValues() == null || r.getValues().isEmpty() ? "[]string(nil)" : stringSlice(r.getValues()))
                            + "}")
                    .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
        }
        return "v1.LabelSelector{MatchLabels:" + labels + ", MatchExpressions:" + expressions + "}";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
