package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as kubectl prints it ({@code -o json}): Go's {@code json.MarshalIndent} of an unstructured
 * object, so keys sorted, four-space indent, {@code <>&} escaped as {@code \u003c}..., empty objects
 * and arrays as {@code {}} and {@code []}. {@link #compact} is {@code json.Marshal}, the form of the
 * last-applied annotation and of {@code jsonpath} maps.
 */
final class JsonPrinter {
    private JsonPrinter() {}

    static String indent(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(b, node, "", true);
        return b.append('\n').toString();
    }

    static String compact(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(b, node, "", false);
        return b.toString();
    }

    private static void write(StringBuilder b, JsonNode node, String indent, boolean pretty) {
        String inner = indent + "    ";
        if (node == null || node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                b.append("{}");
                return;
            }
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                if (pretty) {
                    b.append('\n').append(inner);
                }
                string(b, e.getKey());
                b.append(pretty ? ": " : ":");
                write(b, e.getValue(), inner, pretty);
            }
            if (pretty) {
                b.append('\n').append(indent);
            }
            b.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                if (pretty) {
                    b.append('\n').append(inner);
                }
                write(b, node.get(i), inner, pretty);
            }
            if (pretty) {
                b.append('\n').append(indent);
            }
            b.append(']');
        } else if (node.isTextual()) {
            string(b, node.asText());
        } else {
            b.append(node.asText());
        }
    }

    /** A Go JSON string: HTML-safe escapes and Go's short escapes. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
