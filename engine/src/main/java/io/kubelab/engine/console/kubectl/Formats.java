package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.server.table.Column;
import io.kubelab.engine.server.table.Printers;
import io.kubelab.engine.server.table.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * kubectl's {@code -o} formats: the human table (the API server's Table columns, printed as kubectl's
 * table printer does), {@code wide}, {@code name}, {@code yaml}, {@code json} and {@code jsonpath}.
 */
final class Formats {
    private static final String ALLOWED = "custom-columns,custom-columns-file,go-template,go-template-file,json,"
            + "jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

    enum Kind { TABLE, WIDE, NAME, YAML, JSON, JSONPATH }

    record Format(Kind kind, JsonPath template) {
        boolean human() {
            return kind == Kind.TABLE || kind == Kind.WIDE;
        }
    }

    private Formats() {}

    /** {@code -o}'s value; kubectl's error for a format it has no printer for. */
    static Format format(String o) {
        String v = o == null ? "" : o;
        return switch (v) {
            case "" -> new Format(Kind.TABLE, null);
            case "wide" -> new Format(Kind.WIDE, null);
            case "name" -> new Format(Kind.NAME, null);
            case "yaml" -> new Format(Kind.YAML, null);
            case "json" -> new Format(Kind.JSON, null);
            default -> {
                if (v.startsWith("jsonpath=")) {
                    yield new Format(Kind.JSONPATH, JsonPath.parse(v.substring("jsonpath=".length())));
                }
                throw KubectlError.error("unable to match a printer suitable for the output format \"" + v
                        + "\", allowed formats are: " + ALLOWED);
            }
        };
    }

    /** An object's JSON as the API server sends it. */
    static ObjectNode tree(HasMetadata o) {
        try {
            return (ObjectNode) Kube.JSON.readTree(Kube.toJsonBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several objects as kubectl wraps them: {@code kind: List}, {@code metadata.resourceVersion: ""}. */
    static ObjectNode list(List<? extends HasMetadata> objects) {
        ObjectNode list = Kube.JSON.createObjectNode();
        list.put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        for (HasMetadata o : objects) {
            items.add(tree(o));
        }
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    /** {@code -o yaml|json|jsonpath} of one object or (several, or a listing) a List. */
    static String document(Format f, JsonNode node) {
        return switch (f.kind()) {
            case YAML -> YamlPrinter.print(node);
            case JSON -> JsonPrinter.indent(node);
            case JSONPATH -> f.template().execute(node);
            default -> throw new IllegalArgumentException(f.kind().toString());
        };
    }

    /** How the human table is laid out. */
    record TableOptions(boolean wide, boolean withNamespace, boolean withKind, boolean showLabels, boolean noHeaders) {}

    /** Columns kept by the options: priority-0 ones, and with {@code -o wide} all. */
    static List<Integer> visible(ResourceType type, boolean wide) {
        List<Integer> idx = new ArrayList<>();
        List<Column> columns = Printers.columns(type);
        for (int i = 0; i < columns.size(); i++) {
            if (wide || columns.get(i).priority() == 0) {
                idx.add(i);
            }
        }
        return idx;
    }

    static List<String> header(ResourceType type, TableOptions t) {
        List<String> cells = new ArrayList<>();
        if (t.withNamespace()) {
            cells.add("NAMESPACE");
        }
        List<Column> columns = Printers.columns(type);
        for (int i : visible(type, t.wide())) {
            cells.add(columns.get(i).name().toUpperCase(Locale.ROOT));
        }
        if (t.showLabels()) {
            cells.add("LABELS");
        }
        return cells;
    }

    static List<String> row(HasMetadata o, TableOptions t, Instant now) {
        ResourceType type = ResourceTypes.of(o);
        List<String> cells = new ArrayList<>();
        if (t.withNamespace()) {
            cells.add(Verb.nullToEmpty(o.getMetadata().getNamespace()));
        }
        Row row = Printers.row(o, now);
        List<Column> columns = Printers.columns(type);
        for (int i : visible(type, t.wide())) {
            Object cell = i < row.cells().size() ? row.cells().get(i) : null;
            String text = cell == null ? "" : cell.toString();
            if (t.withKind() && "name".equals(columns.get(i).format())) {
                text = Resources.kindPrefix(type) + "/" + text;
            }
            cells.add(text);
        }
        if (t.showLabels()) {
            cells.add(labels(o.getMetadata().getLabels()));
        }
        return cells;
    }

    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * The human tables of {@code objects}: one table per run of objects of the same type, each with
     * its header, separated by blank lines.
     */
    static String tables(List<? extends HasMetadata> objects, TableOptions t, Instant now) {
        return tables(new TabWriter(), objects, t, now);
    }

    /** As {@link #tables(List, TableOptions, Instant)}, through {@code w} (which may remember widths). */
    static String tables(TabWriter w, List<? extends HasMetadata> objects, TableOptions t, Instant now) {
        ResourceType last = null;
        for (HasMetadata o : objects) {
            ResourceType type = ResourceTypes.of(o);
            if (type != last) {
                if (last != null) {
                    w.line(List.of());
                }
                if (!t.noHeaders()) {
                    w.line(header(type, t));
                }
                last = type;
            }
            w.line(row(o, t, now));
        }
        return w.flush();
    }
}
