package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.FieldError;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Label selectors as {@code k8s.io/apimachinery/pkg/labels} parses and matches them: {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a)}, {@code k}, {@code !k},
 * {@code k>1}, {@code k<1}; and {@code metav1.LabelSelector} / Service selector matching.
 *
 * <p>The parser is a port of upstream's lexer and recursive-descent parser, so a bad selector fails
 * with upstream's message, e.g. {@code unable to parse requirement: found '', expected: identifier}.
 */
public final class Selectors {
    private Selectors() {}

    /** {@code selection.Operator}, with the text upstream prints for it. */
    public enum Operator {
        IN("in"), NOT_IN("notin"), EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="),
        GREATER_THAN("gt"), LESS_THAN("lt"), EXISTS("exists"), DOES_NOT_EXIST("!");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One requirement of a parsed selector; values are sorted, as upstream's set is. */
    public record Requirement(String key, Operator operator, List<String> values) {

        public boolean matches(Map<String, String> labels) {
            String v = labels == null ? null : labels.get(key);
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> v != null && values.contains(v);
                case NOT_IN, NOT_EQUALS -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
                case GREATER_THAN, LESS_THAN -> {
                    if (v == null || values.size() != 1) {
                        yield false;
                    }
                    try {
                        long have = Long.parseLong(v);
                        long want = Long.parseLong(values.get(0));
                        yield operator == Operator.GREATER_THAN ? have > want : have < want;
                    } catch (NumberFormatException e) {
                        yield false;
                    }
                }
            };
        }

        /** Upstream's {@code Requirement.String()}: {@code app in (a,b)}, {@code !tier}, {@code env!=prod}. */
        @Override
        public String toString() {
            String joined = String.join(",", values);
            return switch (operator) {
                case DOES_NOT_EXIST -> "!" + key;
                case EXISTS -> key;
                case EQUALS -> key + "=" + joined;
                case DOUBLE_EQUALS -> key + "==" + joined;
                case NOT_EQUALS -> key + "!=" + joined;
                case IN -> key + " in (" + joined + ")";
                case NOT_IN -> key + " notin (" + joined + ")";
                case GREATER_THAN -> key + ">" + joined;
                case LESS_THAN -> key + "<" + joined;
            };
        }
    }

    // ---- lexer -------------------------------------------------------------------------------

    private enum Token { ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR }

    private record Item(Token token, String literal) {}

    private static Token literalToken(String s) {
        return switch (s) {
            case ")" -> Token.CLOSED_PAR;
            case "," -> Token.COMMA;
            case "!" -> Token.DOES_NOT_EXIST;
            case "==" -> Token.DOUBLE_EQUALS;
            case "=" -> Token.EQUALS;
            case ">" -> Token.GREATER_THAN;
            case "in" -> Token.IN;
            case "<" -> Token.LESS_THAN;
            case "!=" -> Token.NOT_EQUALS;
            case "notin" -> Token.NOT_IN;
            case "(" -> Token.OPEN_PAR;
            default -> null;
        };
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecialSymbol(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private static List<Item> lex(String s) {
        List<Item> items = new ArrayList<>();
        int pos = 0;
        while (true) {
            while (pos < s.length() && isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                items.add(new Item(Token.END_OF_STRING, ""));
                return items;
            }
            char c = s.charAt(pos);
            if (isSpecialSymbol(c)) {
                // The longest run of special symbols that is still a token: "!=" rather than "!".
                StringBuilder buffer = new StringBuilder();
                Item last = null;
                while (pos < s.length() && isSpecialSymbol(s.charAt(pos))) {
                    buffer.append(s.charAt(pos));
                    Token t = literalToken(buffer.toString());
                    if (t != null) {
                        last = new Item(t, buffer.toString());
                        pos++;
                    } else if (last != null) {
                        break;
                    } else {
                        pos++;
                    }
                }
                items.add(last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'"));
            } else {
                int start = pos;
                while (pos < s.length() && !isSpecialSymbol(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                Token t = literalToken(word);
                items.add(new Item(t == Token.IN || t == Token.NOT_IN ? t : Token.IDENTIFIER, word));
            }
        }
    }

    // ---- parser ------------------------------------------------------------------------------

    private static final class Parser {
        private final List<Item> items;
        private int position;

        Parser(String text) {
            this.items = lex(text);
        }

        /** In a values context, "in" and "notin" are identifiers (a value may be called "in"). */
        private Item lookahead(boolean values) {
            return asContext(items.get(position), values);
        }

        private Item consume(boolean values) {
            return asContext(items.get(position++), values);
        }

        private static Item asContext(Item item, boolean values) {
            if (values && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
                return new Item(Token.IDENTIFIER, item.literal());
            }
            return item;
        }

        List<Requirement> parse() {
            List<Requirement> requirements = new ArrayList<>();
            while (true) {
                Item next = lookahead(true);
                switch (next.token()) {
                    case IDENTIFIER, DOES_NOT_EXIST -> {
                        Requirement r;
                        try {
                            r = parseRequirement();
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage());
                        }
                        requirements.add(r);
                        Item after = consume(true);
                        switch (after.token()) {
                            case END_OF_STRING -> {
                                return requirements;
                            }
                            case COMMA -> {
                                Item t2 = lookahead(true);
                                if (t2.token() != Token.IDENTIFIER && t2.token() != Token.DOES_NOT_EXIST) {
                                    throw new IllegalArgumentException("found '" + t2.literal() + "', expected: identifier after ','");
                                }
                            }
                            default -> throw new IllegalArgumentException("found '" + after.literal()
                                    + "', expected: ',' or 'end of string'");
                        }
                    }
                    case END_OF_STRING -> {
                        return requirements;
                    }
                    default -> throw new IllegalArgumentException("found '" + next.literal()
                            + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private Requirement parseRequirement() {
            Operator op = null;
            Item t = consume(true);
            if (t.token() == Token.DOES_NOT_EXIST) {
                op = Operator.DOES_NOT_EXIST;
                t = consume(true);
            }
            if (t.token() != Token.IDENTIFIER) {
                throw new IllegalArgumentException("found '" + t.literal() + "', expected: identifier");
            }
            String key = t.literal();
            List<String> keyErrors = Validation.qualifiedNameErrors(key);
            if (!keyErrors.isEmpty()) {
                // field.Invalid on a nil path prints "<nil>".
                throw new IllegalArgumentException(FieldError.invalid("<nil>", key, String.join("; ", keyErrors)).toString());
            }
            Token after = lookahead(true).token();
            if (after == Token.END_OF_STRING || after == Token.COMMA) {
                return newRequirement(key, op == null ? Operator.EXISTS : op, List.of());
            }
            if (op == Operator.DOES_NOT_EXIST) {
                return newRequirement(key, op, List.of());
            }
            Item o = consume(false);
            op = switch (o.token()) {
                case IN -> Operator.IN;
                case EQUALS -> Operator.EQUALS;
                case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
                case GREATER_THAN -> Operator.GREATER_THAN;
                case LESS_THAN -> Operator.LESS_THAN;
                case NOT_IN -> Operator.NOT_IN;
                case NOT_EQUALS -> Operator.NOT_EQUALS;
                default -> throw new IllegalArgumentException("found '" + o.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
            };
            List<String> values = switch (op) {
                case IN, NOT_IN -> parseValues();
                default -> parseExactValue();
            };
            return newRequirement(key, op, values);
        }

        private List<String> parseValues() {
            Item t = consume(true);
            if (t.token() != Token.OPEN_PAR) {
                throw new IllegalArgumentException("found '" + t.literal() + "' expected: '('");
            }
            Item next = lookahead(true);
            switch (next.token()) {
                case IDENTIFIER, COMMA -> {
                    TreeSet<String> s = parseIdentifiersList();
                    if (consume(true).token() != Token.CLOSED_PAR) {
                        throw new IllegalArgumentException("found '" + next.literal() + "', expected: ')'");
                    }
                    return new ArrayList<>(s);
                }
                case CLOSED_PAR -> {
                    consume(true);
                    return List.of("");
                }
                default -> throw new IllegalArgumentException("found '" + next.literal() + "', expected: ',', ')' or identifier");
            }
        }

        private TreeSet<String> parseIdentifiersList() {
            TreeSet<String> s = new TreeSet<>();
            while (true) {
                Item t = consume(true);
                switch (t.token()) {
                    case IDENTIFIER -> {
                        s.add(t.literal());
                        Item t2 = lookahead(true);
                        if (t2.token() == Token.COMMA) {
                            continue;
                        }
                        if (t2.token() == Token.CLOSED_PAR) {
                            return s;
                        }
                        throw new IllegalArgumentException("found '" + t2.literal() + "', expected: ',' or ')'");
                    }
                    case COMMA -> {
                        if (s.isEmpty()) {
                            s.add("");
                        }
                        Token t2 = lookahead(true).token();
                        if (t2 == Token.CLOSED_PAR) {
                            s.add("");
                            return s;
                        }
                        if (t2 == Token.COMMA) {
                            s.add("");
                        }
                    }
                    default -> throw new IllegalArgumentException("found '" + t.literal() + "', expected: ',', or identifier");
                }
            }
        }

        private List<String> parseExactValue() {
            Token t = lookahead(true).token();
            if (t == Token.END_OF_STRING || t == Token.COMMA) {
                return List.of("");
            }
            Item v = consume(true);
            if (v.token() == Token.IDENTIFIER) {
                return List.of(v.literal());
            }
            throw new IllegalArgumentException("found '" + v.literal() + "', expected: identifier");
        }
    }

    /** {@code NewRequirement}'s value checks; errors are aggregated as upstream does. */
    private static Requirement newRequirement(String key, Operator op, List<String> values) {
        List<String> errors = new ArrayList<>();
        if ((op == Operator.GREATER_THAN || op == Operator.LESS_THAN)) {
            for (int i = 0; i < values.size(); i++) {
                try {
                    Long.parseLong(values.get(i));
                } catch (NumberFormatException e) {
                    errors.add(FieldError.invalid("values[" + i + "]", values.get(i),
                            "for 'Gt', 'Lt' operators, the value must be an integer").toString());
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> msgs = Validation.labelValueErrors(values.get(i));
            if (!msgs.isEmpty()) {
                errors.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i), String.join("; ", msgs)).toString());
            }
        }
        if (errors.size() == 1) {
            throw new IllegalArgumentException(errors.get(0));
        }
        if (errors.size() > 1) {
            throw new IllegalArgumentException("[" + String.join(", ", errors) + "]");
        }
        return new Requirement(key, op, List.copyOf(values));
    }

    /**
     * Parses a label selector string; requirements come sorted by key, as upstream sorts them.
     *
     * @throws ApiException 400 with upstream's message when the text is not a selector
     */
    public static List<Requirement> parseLabelSelector(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            List<Requirement> reqs = new ArrayList<>(new Parser(text).parse());
            reqs.sort(Comparator.comparing(Requirement::key));
            return reqs;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    public static boolean matches(List<Requirement> requirements, Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** A predicate over objects for a label selector string; an empty selector selects everything. */
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
                Operator op = switch (r.getOperator() == null ? "" : r.getOperator()) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                    default -> null;
                };
                if (op == null) {
                    return false;
                }
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                if (!new Requirement(r.getKey(), op, values).matches(labels)) {
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
