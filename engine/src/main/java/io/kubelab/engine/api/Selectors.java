package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kubelab.engine.model.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label selectors ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a)},
 * {@code k}, {@code !k}) and {@code metav1.LabelSelector} matching, as {@code k8s.io/apimachinery/pkg/labels}
 * does it.
 */
public final class Selectors {
    private Selectors() {}

    /** One requirement of a parsed selector. */
    public record Requirement(String key, String operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels == null ? null : labels.get(key);
            return switch (operator) {
                case "=", "==", "In" -> v != null && values.contains(v);
                case "!=", "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> false;
            };
        }
    }

    /**
     * Parses a label selector string.
     *
     * @throws ApiException 400 with Kubernetes' wording when the text is not a selector
     */
    public static List<Requirement> parseLabelSelector(String text) {
        List<Requirement> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String term : splitTerms(text)) {
            String t = term.trim();
            if (t.isEmpty()) {
                throw badSelector(text, "found '', expected: !, identifier, or 'end of string'");
            }
            Requirement r;
            int in = indexOfWord(t, " in ");
            int notin = indexOfWord(t, " notin ");
            if (notin > 0) {
                r = new Requirement(checkKey(text, t.substring(0, notin).trim()), "NotIn", parseSet(text, t.substring(notin + 7)));
            } else if (in > 0) {
                r = new Requirement(checkKey(text, t.substring(0, in).trim()), "In", parseSet(text, t.substring(in + 4)));
            } else if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                r = new Requirement(checkKey(text, kv[0].trim()), "!=", Set.of(checkValue(text, kv[1].trim())));
            } else if (t.contains("==")) {
                String[] kv = t.split("==", 2);
                r = new Requirement(checkKey(text, kv[0].trim()), "=", Set.of(checkValue(text, kv[1].trim())));
            } else if (t.contains("=")) {
                String[] kv = t.split("=", 2);
                r = new Requirement(checkKey(text, kv[0].trim()), "=", Set.of(checkValue(text, kv[1].trim())));
            } else if (t.startsWith("!")) {
                r = new Requirement(checkKey(text, t.substring(1).trim()), "DoesNotExist", Set.of());
            } else {
                r = new Requirement(checkKey(text, t), "Exists", Set.of());
            }
            out.add(r);
        }
        return out;
    }

    private static int indexOfWord(String t, String word) {
        return t.indexOf(word);
    }

    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                terms.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        terms.add(cur.toString());
        return terms;
    }

    private static Set<String> parseSet(String text, String rest) {
        String r = rest.trim();
        if (!r.startsWith("(") || !r.endsWith(")")) {
            throw badSelector(text, "found '" + r + "', expected: '('");
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : r.substring(1, r.length() - 1).split(",")) {
            values.add(checkValue(text, v.trim()));
        }
        return values;
    }

    private static String checkKey(String text, String key) {
        if (key.isEmpty() || !Validation.isQualifiedName(key)) {
            throw badSelector(text, "invalid label key \"" + key + "\": " + String.join("; ", Validation.qualifiedNameErrors(key)));
        }
        return key;
    }

    private static String checkValue(String text, String value) {
        if (!Validation.labelValueErrors(value).isEmpty()) {
            throw badSelector(text, "invalid label value: \"" + value + "\": at key: "
                    + String.join("; ", Validation.labelValueErrors(value)));
        }
        return value;
    }

    private static ApiException badSelector(String text, String why) {
        return ApiException.badRequest("unable to parse requirement: " + why);
    }

    public static boolean matches(List<Requirement> requirements, Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** A predicate over objects for a label selector string. */
    public static Predicate<HasMetadata> labelPredicate(String text) {
        List<Requirement> reqs = parseLabelSelector(text);
        if (reqs.isEmpty()) {
            return o -> true;
        }
        return o -> matches(reqs, o.getMetadata().getLabels());
    }

    /**
     * Whether a {@code metav1.LabelSelector} selects these labels. An empty selector matches
     * everything; a {@code null} selector matches nothing (as {@code LabelSelectorAsSelector}).
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> ml = selector.getMatchLabels();
        if (ml != null) {
            for (Map.Entry<String, String> e : ml.entrySet()) {
                if (labels == null || !e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                Set<String> values = r.getValues() == null ? Set.of() : new LinkedHashSet<>(r.getValues());
                if (!new Requirement(r.getKey(), r.getOperator(), values).matches(labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A map selector (a Service's {@code spec.selector}): every pair must match; empty selects nothing. */
    public static boolean matchesMap(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty() || labels == null) {
            return false;
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code run=my-nginx,tier=web}: the printed form of a selector (sorted as Kubernetes prints it). */
    public static String format(LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            new java.util.TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                switch (r.getOperator()) {
                    case "In" -> parts.add(r.getKey() + " in (" + String.join(",", sorted(r.getValues())) + ")");
                    case "NotIn" -> parts.add(r.getKey() + " notin (" + String.join(",", sorted(r.getValues())) + ")");
                    case "Exists" -> parts.add(r.getKey());
                    case "DoesNotExist" -> parts.add("!" + r.getKey());
                    default -> parts.add(r.getKey());
                }
            }
        }
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }

    private static List<String> sorted(List<String> values) {
        List<String> s = new ArrayList<>(values == null ? List.of() : values);
        java.util.Collections.sort(s);
        return s;
    }
}
