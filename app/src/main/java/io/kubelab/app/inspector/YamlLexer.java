package io.kubelab.app.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small line-based YAML lexer for syntax colouring: keys, scalars by kind, comments and
 * punctuation. It does not parse (Jackson does that on Apply); it only has to colour what kubectl
 * prints and what people type. Pure.
 */
public final class YamlLexer {
    private YamlLexer() {}

    public enum Kind {
        KEY("yaml-key"), STRING("yaml-string"), NUMBER("yaml-number"), LITERAL("yaml-literal"),
        COMMENT("yaml-comment"), PUNCTUATION("yaml-punctuation"), PLAIN("yaml-plain");

        private final String styleClass;

        Kind(String styleClass) {
            this.styleClass = styleClass;
        }

        /** The CSS style class of the token (colours come from the theme's {@code -kl-syntax-*}). */
        public String styleClass() {
            return styleClass;
        }
    }

    /** A token: {@code [start, end)} in the text. */
    public record Token(int start, int end, Kind kind) {}

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|0x[0-9a-fA-F]+");
    private static final Pattern LITERAL = Pattern.compile("true|false|null|~|True|False|Null|TRUE|FALSE|NULL");

    /** Tokens covering {@code text} from start to end without gaps (whitespace is PLAIN). */
    public static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            int end = eol < 0 ? n : eol;
            line(text, pos, end, out);
            if (eol >= 0) {
                add(out, eol, eol + 1, Kind.PLAIN);
            }
            pos = end + 1;
        }
        return out;
    }

    private static void line(String t, int start, int end, List<Token> out) {
        int i = start;
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        add(out, start, i, Kind.PLAIN);
        if (i >= end) {
            return;
        }
        if (t.charAt(i) == '#') {
            add(out, i, end, Kind.COMMENT);
            return;
        }
        if (t.startsWith("---", i) || t.startsWith("...", i)) {
            add(out, i, i + 3, Kind.PUNCTUATION);
            rest(t, i + 3, end, out);
            return;
        }
        // Sequence markers: "- ", possibly nested ("- - a").
        while (i < end && t.charAt(i) == '-' && (i + 1 == end || t.charAt(i + 1) == ' ')) {
            add(out, i, i + 1, Kind.PUNCTUATION);
            int j = i + 1;
            while (j < end && t.charAt(j) == ' ') {
                j++;
            }
            add(out, i + 1, j, Kind.PLAIN);
            i = j;
        }
        int colon = keyColon(t, i, end);
        if (colon >= 0) {
            add(out, i, colon, Kind.KEY);
            add(out, colon, colon + 1, Kind.PUNCTUATION);
            rest(t, colon + 1, end, out);
        } else {
            rest(t, i, end, out);
        }
    }

    /** The colon ending a key at {@code i} ({@code key:} followed by a space or the end), or -1. */
    private static int keyColon(String t, int i, int end) {
        if (i >= end) {
            return -1;
        }
        char first = t.charAt(i);
        if (first == '"' || first == '\'') {
            int close = t.indexOf(first, i + 1);
            if (close > 0 && close + 1 < end && t.charAt(close + 1) == ':' && (close + 2 == end || t.charAt(close + 2) == ' ')) {
                return close + 1;
            }
            return -1;
        }
        for (int j = i; j < end; j++) {
            char c = t.charAt(j);
            if (c == ':' && (j + 1 == end || t.charAt(j + 1) == ' ')) {
                return j;
            }
            if (c == '#' && j > i && t.charAt(j - 1) == ' ') {
                return -1;
            }
        }
        return -1;
    }

    /** A value after a key or a dash: spaces, a scalar, and maybe a trailing comment. */
    private static void rest(String t, int i, int end, List<Token> out) {
        int s = i;
        while (s < end && t.charAt(s) == ' ') {
            s++;
        }
        add(out, i, s, Kind.PLAIN);
        if (s >= end) {
            return;
        }
        char c = t.charAt(s);
        if (c == '#') {
            add(out, s, end, Kind.COMMENT);
            return;
        }
        int valueEnd = end;
        int comment = -1;
        if (c == '"' || c == '\'') {
            int close = s + 1;
            while (close < end && (t.charAt(close) != c || (c == '"' && t.charAt(close - 1) == '\\'))) {
                close++;
            }
            valueEnd = Math.min(end, close + 1);
            add(out, s, valueEnd, Kind.STRING);
            comment = t.indexOf(" #", valueEnd);
            if (comment >= 0 && comment < end) {
                add(out, valueEnd, comment + 1, Kind.PLAIN);
                add(out, comment + 1, end, Kind.COMMENT);
            } else {
                add(out, valueEnd, end, Kind.PLAIN);
            }
            return;
        }
        int hash = t.indexOf(" #", s);
        if (hash >= 0 && hash < end) {
            valueEnd = hash + 1;
            comment = hash + 1;
        }
        int trimmed = valueEnd;
        while (trimmed > s && t.charAt(trimmed - 1) == ' ') {
            trimmed--;
        }
        String value = t.substring(s, trimmed);
        Kind kind;
        if (value.equals("|") || value.equals(">") || value.startsWith("|-") || value.startsWith(">-")
                || value.equals("{}") || value.equals("[]")) {
            kind = Kind.PUNCTUATION;
        } else if (NUMBER.matcher(value).matches()) {
            kind = Kind.NUMBER;
        } else if (LITERAL.matcher(value).matches()) {
            kind = Kind.LITERAL;
        } else {
            kind = Kind.STRING;
        }
        add(out, s, trimmed, kind);
        add(out, trimmed, valueEnd, Kind.PLAIN);
        if (comment >= 0) {
            add(out, comment, end, Kind.COMMENT);
        }
    }

    private static void add(List<Token> out, int start, int end, Kind kind) {
        if (end > start) {
            out.add(new Token(start, end, kind));
        }
    }
}
