package io.kubelab.engine.console.kubectl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's JSONPath templates ({@code -o jsonpath=…}): text with {@code {…}} actions holding a path
 * ({@code .items[*].metadata.name}, {@code .items[0]}, {@code .spec.containers[-1:]},
 * {@code .status.conditions[?(@.type=="Ready")].status}, {@code ..image} anywhere below),
 * {@code {range …}…{end}} loops and
 * {@code {"\n"}} literals. Several results of one path print separated by spaces; strings print
 * bare, objects and arrays as compact JSON. Missing keys print nothing (kubectl's
 * {@code --allow-missing-template-keys} default).
 */
final class JsonPath {
    private sealed interface Node permits Text, Path, Range {}

    private record Text(String text) implements Node {}

    private record Path(List<String> steps) implements Node {}

    private record Range(Path path, List<Node> body) implements Node {}

    private final List<Node> nodes;

    private JsonPath(List<Node> nodes) {
        this.nodes = nodes;
    }

    static JsonPath parse(String template) {
        List<List<Node>> stack = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        stack.add(current);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                current.add(new Text(template.substring(i)));
                break;
            }
            if (open > i) {
                current.add(new Text(template.substring(i, open)));
            }
            int close = closing(template, open);
            if (close < 0) {
                throw KubectlError.error("error parsing jsonpath " + template + ", unclosed action");
            }
            String action = template.substring(open + 1, close).strip();
            i = close + 1;
            if (action.startsWith("range ")) {
                List<Node> body = new ArrayList<>();
                Range r = new Range(path(action.substring(6).strip()), body);
                current.add(r);
                stack.add(body);
                current = body;
            } else if (action.equals("end")) {
                if (stack.size() == 1) {
                    throw KubectlError.error("error parsing jsonpath " + template + ", not in range, nothing to end");
                }
                stack.remove(stack.size() - 1);
                current = stack.get(stack.size() - 1);
            } else if (action.startsWith("\"") && action.endsWith("\"") && action.length() >= 2) {
                current.add(new Text(unquote(action.substring(1, action.length() - 1))));
            } else {
                current.add(path(action));
            }
        }
        return new JsonPath(stack.get(0));
    }

    private static int closing(String t, int open) {
        boolean quoted = false;
        int depth = 0;
        for (int i = open + 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' && t.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && depth == 0 && c == '}') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** Splits {@code .a.b[*].c[?(@.x=="y")]} into steps: {@code a}, {@code b}, {@code [*]}, … */
    private static Path path(String text) {
        List<String> steps = new ArrayList<>();
        String t = text.startsWith("$") ? text.substring(1) : text;
        if (t.startsWith("@")) {
            t = t.substring(1);
        }
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                if (i + 1 < t.length() && t.charAt(i + 1) == '.') {
                    steps.add("..");
                    i += 2;
                } else {
                    i++;
                }
            } else if (c == '[') {
                int depth = 0;
                int j = i;
                for (; j < t.length(); j++) {
                    if (t.charAt(j) == '[') {
                        depth++;
                    } else if (t.charAt(j) == ']' && --depth == 0) {
                        break;
                    }
                }
                steps.add(t.substring(i, Math.min(j + 1, t.length())));
                i = j + 1;
            } else {
                int j = i;
                while (j < t.length() && t.charAt(j) != '.' && t.charAt(j) != '[') {
                    j++;
                }
                steps.add(t.substring(i, j));
                i = j;
            }
        }
        return new Path(steps);
    }

    String execute(JsonNode root) {
        StringBuilder out = new StringBuilder();
        run(nodes, root, out);
        return out.toString();
    }

    private void run(List<Node> list, JsonNode current, StringBuilder out) {
        for (Node n : list) {
            if (n instanceof Text t) {
                out.append(t.text());
            } else if (n instanceof Path p) {
                List<JsonNode> results = eval(p, current);
                for (int i = 0; i < results.size(); i++) {
                    if (i > 0) {
                        out.append(' ');
                    }
                    out.append(text(results.get(i)));
                }
            } else if (n instanceof Range r) {
                for (JsonNode item : eval(r.path(), current)) {
                    if (item.isArray()) {
                        for (JsonNode x : item) {
                            run(r.body(), x, out);
                        }
                    } else {
                        run(r.body(), item, out);
                    }
                }
            }
        }
    }

    private static String text(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isContainerNode()) {
            return JsonPrinter.compact(v);
        }
        return v.asText();
    }

    private static List<JsonNode> eval(Path p, JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (String step : p.steps()) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                step(step, n, next);
            }
            current = next;
        }
        return current;
    }

    private static void step(String step, JsonNode n, List<JsonNode> out) {
        if (step.equals("..")) {
            descend(n, out);
            return;
        }
        if (!step.startsWith("[")) {
            if (step.equals("*")) {
                n.forEach(out::add);
            } else if (n.has(step)) {
                out.add(n.get(step));
            }
            return;
        }
        String inner = step.substring(1, step.length() - 1).strip();
        if (inner.startsWith("?(") && inner.endsWith(")")) {
            filter(inner.substring(2, inner.length() - 1), n, out);
        } else if (inner.equals("*")) {
            n.forEach(out::add);
        } else if (inner.startsWith("'") || inner.startsWith("\"")) {
            String key = inner.substring(1, inner.length() - 1);
            if (n.has(key)) {
                out.add(n.get(key));
            }
        } else if (n.isArray()) {
            int size = n.size();
            if (inner.contains(":")) {
                String[] parts = inner.split(":", -1);
                int from = parts[0].isBlank() ? 0 : index(Integer.parseInt(parts[0].strip()), size);
                int to = parts[1].isBlank() ? size : index(Integer.parseInt(parts[1].strip()), size);
                for (int i = Math.max(from, 0); i < Math.min(to, size); i++) {
                    out.add(n.get(i));
                }
            } else {
                int i = index(Integer.parseInt(inner), size);
                if (i >= 0 && i < size) {
                    out.add(n.get(i));
                } else {
                    throw KubectlError.error("error executing jsonpath: array index out of bounds: index " + inner
                            + ", length " + size);
                }
            }
        }
    }

    /**
     * {@code ..} (recursive descent) as client-go's JSONPath walks it: a map or list with children,
     * then each child's own walk, depth first; map keys in sorted order, list items in order. The next
     * step then applies to every node walked: {@code {..image}} is each {@code image} field anywhere.
     */
    private static void descend(JsonNode n, List<JsonNode> out) {
        if (!n.isContainerNode() || n.isEmpty()) {
            return;
        }
        out.add(n);
        if (n.isArray()) {
            n.forEach(child -> descend(child, out));
        } else {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            java.util.Collections.sort(keys);
            for (String key : keys) {
                descend(n.get(key), out);
            }
        }
    }

    private static int index(int i, int size) {
        return i < 0 ? size + i : i;
    }

    /** {@code @.type=="Ready"}, {@code @.port==80}, {@code @.x!="y"}, {@code @.name} (exists). */
    private static void filter(String expr, JsonNode n, List<JsonNode> out) {
        String op = expr.contains("==") ? "==" : expr.contains("!=") ? "!=" : null;
        Path left = path(op == null ? expr.strip() : expr.substring(0, expr.indexOf(op)).strip());
        String right = op == null ? null : expr.substring(expr.indexOf(op) + 2).strip();
        if (right != null && (right.startsWith("\"") || right.startsWith("'"))) {
            right = right.substring(1, right.length() - 1);
        }
        for (JsonNode item : n) {
            List<JsonNode> v = eval(left, item);
            boolean keep;
            if (op == null) {
                keep = !v.isEmpty();
            } else {
                boolean eq = !v.isEmpty() && v.get(0).asText().equals(right);
                keep = op.equals("==") == eq && (!v.isEmpty() || op.equals("!="));
            }
            if (keep) {
                out.add(item);
            }
        }
    }
}
