package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * YAML as kubectl prints it ({@code -o yaml}): {@code sigs.k8s.io/yaml}, i.e. go-yaml v2 marshalling
 * the object's JSON. go-yaml is a port of libyaml and SnakeYAML's emitter one of PyYAML's, itself
 * libyaml's sibling, so the emitter does the layout (block style, two-space indent, sequences not
 * indented under their key, folding of long plain strings past column 80, {@code |} for strings with
 * newlines, single quotes when a string cannot be plain). What differs is go-yaml's choice of style:
 * keys sorted, and a string that would read back as something else ({@code "1"}, {@code "true"},
 * {@code ""}, a timestamp) in double quotes:
 *
 * <pre>
 *   deployment.kubernetes.io/revision: "1"
 *   creationTimestamp: "2026-01-01T00:00:00Z"
 *   image: nginx:1.24
 * </pre>
 */
final class YamlPrinter {
    private YamlPrinter() {}

    private static final Set<String> NOT_STRINGS = Set.of("", "~", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE",
            "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
            "-.inf", "-.Inf", "-.INF", "<<");
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern INT = Pattern.compile("^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})"
                    + "| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?)?$");

    static String print(JsonNode node) {
        DumperOptions options = new DumperOptions();
        options.setIndent(2);
        options.setWidth(80);
        options.setAllowUnicode(true);
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        StringWriter out = new StringWriter();
        Emitter emitter = new Emitter(out, options);
        try {
            emitter.emit(new StreamStartEvent(null, null));
            emitter.emit(new DocumentStartEvent(null, null, false, null, null));
            emit(emitter, node);
            emitter.emit(new DocumentEndEvent(null, null, false));
            emitter.emit(new StreamEndEvent(null, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void emit(Emitter e, JsonNode node) throws IOException {
        if (node.isObject()) {
            e.emit(new MappingStartEvent(null, null, true, null, null,
                    node.isEmpty() ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK));
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                sorted.put(f.getKey(), f.getValue());
            }
            for (Map.Entry<String, JsonNode> f : sorted.entrySet()) {
                string(e, f.getKey());
                emit(e, f.getValue());
            }
            e.emit(new MappingEndEvent(null, null));
        } else if (node.isArray()) {
            e.emit(new SequenceStartEvent(null, null, true, null, null,
                    node.isEmpty() ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK));
            for (JsonNode item : node) {
                emit(e, item);
            }
            e.emit(new SequenceEndEvent(null, null));
        } else if (node.isTextual()) {
            string(e, node.asText());
        } else if (node.isNull() || node.isMissingNode()) {
            scalar(e, "null", DumperOptions.ScalarStyle.PLAIN);
        } else {
            scalar(e, node.asText(), DumperOptions.ScalarStyle.PLAIN);
        }
    }

    private static void string(Emitter e, String s) throws IOException {
        DumperOptions.ScalarStyle style;
        if (s.contains("\n")) {
            style = DumperOptions.ScalarStyle.LITERAL;
        } else if (!resolvesToString(s)) {
            style = DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        } else {
            style = DumperOptions.ScalarStyle.PLAIN;
        }
        scalar(e, s, style);
    }

    private static void scalar(Emitter e, String value, DumperOptions.ScalarStyle style) throws IOException {
        e.emit(new ScalarEvent(null, null, new ImplicitTuple(true, true), value, null, null, style));
    }

    /** go-yaml v2's {@code resolve}: would this text, written plain, read back as a string? */
    static boolean resolvesToString(String s) {
        if (NOT_STRINGS.contains(s)) {
            return false;
        }
        char c = s.charAt(0);
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (TIMESTAMP.matcher(s).matches()) {
                return false;
            }
            String plain = s.replace("_", "");
            if (INT.matcher(plain).matches() || YAML_FLOAT.matcher(plain).matches()) {
                return false;
            }
            return !BASE60_FLOAT.matcher(s).matches();
        }
        return true;
    }
}
