package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.sim.shell.Ast.AndOr;
import io.kubelab.engine.runtime.sim.shell.Ast.Arith;
import io.kubelab.engine.runtime.sim.shell.Ast.Assign;
import io.kubelab.engine.runtime.sim.shell.Ast.CommandSub;
import io.kubelab.engine.runtime.sim.shell.Ast.For;
import io.kubelab.engine.runtime.sim.shell.Ast.Group;
import io.kubelab.engine.runtime.sim.shell.Ast.If;
import io.kubelab.engine.runtime.sim.shell.Ast.Lit;
import io.kubelab.engine.runtime.sim.shell.Ast.Loop;
import io.kubelab.engine.runtime.sim.shell.Ast.Node;
import io.kubelab.engine.runtime.sim.shell.Ast.Param;
import io.kubelab.engine.runtime.sim.shell.Ast.Part;
import io.kubelab.engine.runtime.sim.shell.Ast.Pipeline;
import io.kubelab.engine.runtime.sim.shell.Ast.Redirect;
import io.kubelab.engine.runtime.sim.shell.Ast.Seq;
import io.kubelab.engine.runtime.sim.shell.Ast.Simple;
import io.kubelab.engine.runtime.sim.shell.Ast.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the shell language of the simulated containers: what students type after {@code sh -c}
 * ({@code while true; do echo hello world; sleep 1; done}, {@code echo $(hostname) && sleep 3600},
 * {@code touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600}) and the scripts of the
 * simulated images. A POSIX subset: no functions, {@code case}, here-documents or globbing.
 * Errors read like busybox {@code ash}'s ({@code syntax error: unexpected "done"}).
 */
public final class ShellParser {
    private enum Kind { WORD, OP, NEWLINE, REDIRECT, EOF }

    private record Token(Kind kind, String text, Word word, int fd) {}

    private static final Set<String> RESERVED = Set.of("if", "then", "elif", "else", "fi", "do", "done", "while",
            "until", "for", "in", "{", "}", "!");

    private final String src;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    private ShellParser(String src) {
        this.src = src;
    }

    /** Parses a whole script. */
    public static Node parse(String script) {
        // The tree is immutable, and the same few scripts (an image's entrypoint, a probe's command)
        // run in every container: 150,000 nginx containers parse one docker-entrypoint.sh.
        Node cached = PARSED.get(script);
        if (cached != null) {
            return cached;
        }
        Node node = parseUncached(script);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(script, node);
        return node;
    }

    /** Parsed scripts by text (bounded: students type scripts of their own). */
    private static final java.util.Map<String, Node> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_PARSED = 512;

    private static Node parseUncached(String script) {
        ShellParser p = new ShellParser(script);
        p.lex();
        Node node = p.parseList(Set.of());
        Token t = p.peek();
        if (t.kind != Kind.EOF) {
            throw new ShellSyntaxException("syntax error: unexpected \"" + t.text + "\"");
        }
        return node;
    }

    // ---- lexer ------------------------------------------------------------------------------

    private void lex() {
        while (true) {
            skipBlanks();
            if (pos >= src.length()) {
                tokens.add(new Token(Kind.EOF, "end of file", null, -1));
                return;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            if (c == '\n') {
                pos++;
                tokens.add(new Token(Kind.NEWLINE, "newline", null, -1));
                continue;
            }
            if (startsWith("&&") || startsWith("||")) {
                tokens.add(new Token(Kind.OP, src.substring(pos, pos + 2), null, -1));
                pos += 2;
                continue;
            }
            if (startsWith(";;")) {
                throw new ShellSyntaxException("syntax error: unexpected \";;\"");
            }
            if (startsWith("&>")) {
                pos += 2;
                tokens.add(new Token(Kind.REDIRECT, "&>", null, 1));
                continue;
            }
            if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                pos++;
                tokens.add(new Token(Kind.OP, String.valueOf(c), null, -1));
                continue;
            }
            int digitsEnd = pos;
            while (digitsEnd < src.length() && Character.isDigit(src.charAt(digitsEnd))) {
                digitsEnd++;
            }
            if (digitsEnd < src.length() && (src.charAt(digitsEnd) == '>' || src.charAt(digitsEnd) == '<')) {
                int fd = digitsEnd > pos ? Integer.parseInt(src.substring(pos, digitsEnd)) : (src.charAt(digitsEnd) == '<' ? 0 : 1);
                pos = digitsEnd;
                String op;
                if (startsWith(">>")) {
                    op = ">>";
                } else if (startsWith(">&")) {
                    op = ">&";
                } else if (startsWith(">|")) {
                    op = ">";
                    pos++;
                } else {
                    op = String.valueOf(src.charAt(pos));
                }
                pos += op.length();
                tokens.add(new Token(Kind.REDIRECT, op, null, fd));
                continue;
            }
            Word w = readWord();
            tokens.add(new Token(Kind.WORD, src.substring(Math.max(0, pos - 1), pos), w, -1));
        }
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private void skipBlanks() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private static boolean isWordEnd(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '('
                || c == ')' || c == '<' || c == '>';
    }

    private Word readWord() {
        int start = pos;
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (isWordEnd(c)) {
                break;
            }
            if (c == '\\') {
                flush(parts, lit, false);
                if (pos + 1 < src.length()) {
                    if (src.charAt(pos + 1) != '\n') {
                        parts.add(new Lit(String.valueOf(src.charAt(pos + 1)), true));
                    }
                    pos += 2;
                } else {
                    pos++;
                }
            } else if (c == '\'') {
                flush(parts, lit, false);
                int end = src.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new ShellSyntaxException("syntax error: unterminated quoted string");
                }
                parts.add(new Lit(src.substring(pos + 1, end), true));
                pos = end + 1;
            } else if (c == '"') {
                flush(parts, lit, false);
                pos++;
                readDoubleQuoted(parts);
            } else if (c == '$') {
                flush(parts, lit, false);
                readDollar(parts, false);
            } else if (c == '`') {
                flush(parts, lit, false);
                readBacktick(parts, false);
            } else {
                lit.append(c);
                pos++;
            }
        }
        flush(parts, lit, false);
        if (pos == start) {
            throw new ShellSyntaxException("syntax error: unexpected \"" + src.charAt(pos) + "\"");
        }
        return new Word(parts);
    }

    private static void flush(List<Part> parts, StringBuilder lit, boolean quoted) {
        if (lit.length() > 0) {
            parts.add(new Lit(lit.toString(), quoted));
            lit.setLength(0);
        }
    }

    private void readDoubleQuoted(List<Part> parts) {
        StringBuilder lit = new StringBuilder();
        boolean any = false;
        while (true) {
            if (pos >= src.length()) {
                throw new ShellSyntaxException("syntax error: unterminated quoted string");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length() && "$`\"\\\n".indexOf(src.charAt(pos + 1)) >= 0) {
                if (src.charAt(pos + 1) != '\n') {
                    lit.append(src.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '$') {
                flush(parts, lit, true);
                any = true;
                readDollar(parts, true);
            } else if (c == '`') {
                flush(parts, lit, true);
                any = true;
                readBacktick(parts, true);
            } else {
                lit.append(c);
                pos++;
            }
        }
        if (lit.length() > 0 || !any) {
            // "" is an empty field of its own, so keep an empty quoted literal.
            parts.add(new Lit(lit.toString(), true));
        }
    }

    private void readDollar(List<Part> parts, boolean quoted) {
        // src.charAt(pos) == '$'
        if (startsWithAt(pos + 1, "((")) {
            int end = matchClose(pos + 3, '(', ')');
            if (end + 1 >= src.length() || src.charAt(end + 1) != ')') {
                throw new ShellSyntaxException("syntax error: missing '))'");
            }
            parts.add(new Arith(src.substring(pos + 3, end), quoted));
            pos = end + 2;
            return;
        }
        if (startsWithAt(pos + 1, "(")) {
            int end = matchClose(pos + 2, '(', ')');
            String inner = src.substring(pos + 2, end);
            parts.add(new CommandSub(parse(inner), quoted));
            pos = end + 1;
            return;
        }
        if (startsWithAt(pos + 1, "{")) {
            int end = matchClose(pos + 2, '{', '}');
            String inner = src.substring(pos + 2, end);
            pos = end + 1;
            parts.add(parseBraced(inner, quoted));
            return;
        }
        int i = pos + 1;
        if (i < src.length() && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '_')) {
            int j = i;
            while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                j++;
            }
            parts.add(new Param(src.substring(i, j), null, null, quoted));
            pos = j;
            return;
        }
        if (i < src.length() && "?#@*$!0123456789".indexOf(src.charAt(i)) >= 0) {
            parts.add(new Param(String.valueOf(src.charAt(i)), null, null, quoted));
            pos = i + 1;
            return;
        }
        parts.add(new Lit("$", quoted));
        pos++;
    }

    private Part parseBraced(String inner, boolean quoted) {
        if (inner.startsWith("#") && inner.length() > 1) {
            return new Param(inner.substring(1), "#", null, quoted);
        }
        int j = 0;
        while (j < inner.length() && (Character.isLetterOrDigit(inner.charAt(j)) || inner.charAt(j) == '_'
                || (j == 0 && "?#@*$!".indexOf(inner.charAt(j)) >= 0))) {
            j++;
            if (j == 1 && "?#@*$!".indexOf(inner.charAt(0)) >= 0) {
                break;
            }
        }
        String name = inner.substring(0, j);
        if (name.isEmpty()) {
            throw new ShellSyntaxException("syntax error: bad substitution");
        }
        String rest = inner.substring(j);
        if (rest.isEmpty()) {
            return new Param(name, null, null, quoted);
        }
        for (String op : List.of(":-", ":=", ":+", "-", "=", "+", "%%", "%", "##", "#")) {
            if (rest.startsWith(op)) {
                ShellParser p = new ShellParser(rest.substring(op.length()));
                List<Part> argParts = new ArrayList<>();
                p.readDoubleQuotedBody(argParts);
                return new Param(name, op, new Word(argParts), quoted);
            }
        }
        throw new ShellSyntaxException("syntax error: bad substitution");
    }

    /** Reads the whole source as the body of a double-quoted string (for ${x:-word}). */
    private void readDoubleQuotedBody(List<Part> parts) {
        StringBuilder lit = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '$') {
                flush(parts, lit, true);
                readDollar(parts, true);
            } else if (c == '\'' || c == '"') {
                pos++;
            } else {
                lit.append(c);
                pos++;
            }
        }
        parts.add(new Lit(lit.toString(), true));
    }

    private void readBacktick(List<Part> parts, boolean quoted) {
        int end = src.indexOf('`', pos + 1);
        if (end < 0) {
            throw new ShellSyntaxException("syntax error: unterminated quoted string");
        }
        parts.add(new CommandSub(parse(src.substring(pos + 1, end)), quoted));
        pos = end + 1;
    }

    private boolean startsWithAt(int at, String s) {
        return src.startsWith(s, at);
    }

    /** The index of the bracket closing the one opened just before {@code from}, skipping quotes. */
    private int matchClose(int from, char open, char close) {
        int depth = 1;
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                int end = src.indexOf('\'', i + 1);
                i = end < 0 ? src.length() : end + 1;
                continue;
            }
            if (c == '"') {
                i++;
                while (i < src.length() && src.charAt(i) != '"') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        throw new ShellSyntaxException("syntax error: unexpected end of file (expecting \"" + close + "\")");
    }

    // ---- parser -----------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean atWord(String reserved) {
        Token t = peek();
        return t.kind == Kind.WORD && reserved.equals(t.word.plainLiteral());
    }

    private boolean atOp(String op) {
        Token t = peek();
        return t.kind == Kind.OP && t.text.equals(op);
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            next++;
        }
    }

    private void expectWord(String reserved) {
        skipNewlines();
        if (!atWord(reserved)) {
            Token t = peek();
            if (t.kind == Kind.EOF) {
                throw new ShellSyntaxException("syntax error: unexpected end of file (expecting \"" + reserved + "\")");
            }
            throw new ShellSyntaxException("syntax error: unexpected \"" + describe(t) + "\" (expecting \"" + reserved + "\")");
        }
        next++;
    }

    private static String describe(Token t) {
        if (t.kind == Kind.WORD) {
            String lit = t.word.plainLiteral();
            return lit == null ? "word" : lit;
        }
        return t.text;
    }

    private Node parseList(Set<String> stopWords) {
        List<Node> items = new ArrayList<>();
        while (true) {
            while (peek().kind == Kind.NEWLINE || atOp(";")) {
                if (atOp(";") && items.isEmpty()) {
                    throw new ShellSyntaxException("syntax error: unexpected \";\"");
                }
                next++;
            }
            Token t = peek();
            if (t.kind == Kind.EOF || atOp(")")) {
                break;
            }
            if (t.kind == Kind.WORD && t.word.plainLiteral() != null && stopWords.contains(t.word.plainLiteral())) {
                break;
            }
            if (t.kind == Kind.WORD && t.word.plainLiteral() != null && RESERVED.contains(t.word.plainLiteral())
                    && !List.of("if", "while", "until", "for", "{", "!").contains(t.word.plainLiteral())) {
                throw new ShellSyntaxException("syntax error: unexpected \"" + t.word.plainLiteral() + "\"");
            }
            items.add(parseAndOr());
            if (atOp(";") || atOp("&") || peek().kind == Kind.NEWLINE) {
                next++;
                continue;
            }
            break;
        }
        return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    private Node parseAndOr() {
        List<Node> items = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        items.add(parsePipeline());
        while (atOp("&&") || atOp("||")) {
            ops.add(take().text);
            skipNewlines();
            items.add(parsePipeline());
        }
        return items.size() == 1 ? items.get(0) : new AndOr(items, ops);
    }

    private Node parsePipeline() {
        boolean negate = false;
        if (atWord("!")) {
            next++;
            negate = true;
        }
        List<Node> commands = new ArrayList<>();
        commands.add(parseCommand());
        while (atOp("|")) {
            next++;
            skipNewlines();
            commands.add(parseCommand());
        }
        return commands.size() == 1 && !negate ? commands.get(0) : new Pipeline(commands, negate);
    }

    private Node parseCommand() {
        Token t = peek();
        if (t.kind == Kind.WORD) {
            String lit = t.word.plainLiteral();
            if ("while".equals(lit) || "until".equals(lit)) {
                next++;
                Node cond = parseList(Set.of("do"));
                expectWord("do");
                Node body = parseList(Set.of("done"));
                expectWord("done");
                return new Loop(cond, body, "until".equals(lit));
            }
            if ("for".equals(lit)) {
                next++;
                Token name = take();
                if (name.kind != Kind.WORD || name.word.plainLiteral() == null) {
                    throw new ShellSyntaxException("syntax error: bad for loop variable");
                }
                List<Word> items = null;
                skipNewlines();
                if (atWord("in")) {
                    next++;
                    items = new ArrayList<>();
                    while (peek().kind == Kind.WORD) {
                        items.add(take().word);
                    }
                }
                if (atOp(";")) {
                    next++;
                }
                expectWord("do");
                Node body = parseList(Set.of("done"));
                expectWord("done");
                return new For(name.word.plainLiteral(), items, body);
            }
            if ("if".equals(lit)) {
                next++;
                List<Node> conds = new ArrayList<>();
                List<Node> bodies = new ArrayList<>();
                Node otherwise = null;
                conds.add(parseList(Set.of("then")));
                expectWord("then");
                bodies.add(parseList(Set.of("elif", "else", "fi")));
                while (true) {
                    skipNewlines();
                    if (atWord("elif")) {
                        next++;
                        conds.add(parseList(Set.of("then")));
                        expectWord("then");
                        bodies.add(parseList(Set.of("elif", "else", "fi")));
                    } else if (atWord("else")) {
                        next++;
                        otherwise = parseList(Set.of("fi"));
                    } else {
                        break;
                    }
                }
                expectWord("fi");
                return new If(conds, bodies, otherwise);
            }
            if ("{".equals(lit)) {
                next++;
                Node body = parseList(Set.of("}"));
                expectWord("}");
                return new Group(body, parseRedirects());
            }
        }
        if (atOp("(")) {
            next++;
            Node body = parseList(Set.of());
            if (!atOp(")")) {
                throw new ShellSyntaxException("syntax error: unexpected end of file (expecting \")\")");
            }
            next++;
            return new Group(body, parseRedirects());
        }
        return parseSimple();
    }

    private List<Redirect> parseRedirects() {
        List<Redirect> redirects = new ArrayList<>();
        while (peek().kind == Kind.REDIRECT) {
            redirects.add(parseRedirect());
        }
        return redirects;
    }

    private Redirect parseRedirect() {
        Token r = take();
        Token target = take();
        if (target.kind != Kind.WORD) {
            throw new ShellSyntaxException("syntax error: unexpected \"" + describe(target) + "\"");
        }
        if (r.text.equals("&>")) {
            return new Redirect(-1, "&>", target.word);
        }
        return new Redirect(r.fd, r.text, target.word);
    }

    private Node parseSimple() {
        List<Ast.Assign> assigns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.REDIRECT) {
                redirects.add(parseRedirect());
            } else if (t.kind == Kind.WORD) {
                next++;
                Assign a = words.isEmpty() ? asAssignment(t.word) : null;
                if (a != null) {
                    assigns.add(a);
                } else {
                    words.add(t.word);
                }
            } else {
                break;
            }
        }
        if (assigns.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            Token t = peek();
            throw new ShellSyntaxException(t.kind == Kind.EOF ? "syntax error: unexpected end of file"
                    : "syntax error: unexpected \"" + describe(t) + "\"");
        }
        return new Simple(assigns, words, redirects);
    }

    private static Assign asAssignment(Word w) {
        if (w.parts().isEmpty() || !(w.parts().get(0) instanceof Lit first) || first.quoted()) {
            return null;
        }
        int eq = first.text().indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String name = first.text().substring(0, eq);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        List<Part> value = new ArrayList<>();
        String rest = first.text().substring(eq + 1);
        if (!rest.isEmpty()) {
            value.add(new Lit(rest, false));
        }
        value.addAll(w.parts().subList(1, w.parts().size()));
        return new Assign(name, new Word(value));
    }
}
