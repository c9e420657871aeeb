package io.kubelab.lessons.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A field path as in a check: dotted names with list indexes, {@code spec.template.spec.containers[0].image}.
 * (Label keys with dots, such as {@code app.kubernetes.io/name}, are written in brackets and quotes:
 * {@code metadata.labels['app.kubernetes.io/name']}.)
 */
public final class FieldPath {
    private static final Pattern SEGMENT =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)]|\\['([^']+)']");

    private FieldPath() {}

    /** The path's steps: field names as strings, list indexes as integers. */
    public static List<Object> parse(String path) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            if (path.charAt(i) == '.' && i > 0) {
                i++;
            }
            Matcher m = SEGMENT.matcher(path);
            m.region(i, path.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("bad field path \"" + path + "\" at character " + (i + 1));
            }
            if (m.group(1) != null) {
                out.add(m.group(1));
            } else if (m.group(2) != null) {
                out.add(Integer.parseInt(m.group(2)));
            } else {
                out.add(m.group(3));
            }
            i = m.end();
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty field path");
        }
        return out;
    }

    /** The node at {@code path}, or a missing node. */
    public static JsonNode read(JsonNode root, String path) {
        JsonNode node = root;
        for (Object step : parse(path)) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node == null ? MissingNode.getInstance() : node;
    }
}
