package io.kubelab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * One validation error, worded like Kubernetes' {@code field.Error}: {@code spec.replicas: Invalid
 * value: -1: must be greater than or equal to 0}.
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
        TOO_MANY("FieldValueTooMany", "Too many");

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

    public static FieldError notSupported(String field, Object value, Collection<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value, true, detail);
    }

    public static FieldError tooLong(String field, Object value, int max) {
        return new FieldError(Type.TOO_LONG, field, value, true, "must have at most " + max + " bytes");
    }

    /** The cause message: everything after the field path. */
    public String causeMessage() {
        StringBuilder sb = new StringBuilder(type.text());
        if (hasValue && type != Type.REQUIRED && type != Type.FORBIDDEN) {
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

    /** Go's {@code %#v}-like rendering that Kubernetes uses for values: strings quoted, numbers bare. */
    static String render(Object value) {
        if (value == null) {
            return "\"null\"";
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof IntOrString ios) {
            return ios.getStrVal() != null ? render(ios.getStrVal()) : String.valueOf(ios.getIntVal());
        }
        if (value instanceof Quantity q) {
            return "\"" + q.toString() + "\"";
        }
        if (value instanceof java.util.Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[string]string{");
            boolean first = true;
            for (Object k : new java.util.TreeMap<>(m).keySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(render(String.valueOf(k))).append(':').append(render(String.valueOf(m.get(k))));
            }
            return sb.append('}').toString();
        }
        if (value instanceof JsonNode n) {
            return n.isTextual() ? render(n.asText()) : n.toString();
        }
        return String.valueOf(value);
    }
}
