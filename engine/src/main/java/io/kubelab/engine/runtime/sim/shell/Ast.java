package io.kubelab.engine.runtime.sim.shell;

import java.util.List;

/**
 * The syntax tree of the small POSIX shell the simulated containers run: lists, and-or lists,
 * pipelines, simple commands with assignments and redirections, {@code while}/{@code until},
 * {@code for}, {@code if}, and brace groups. Words keep their parts so expansion can tell quoted
 * text from text that is split into fields.
 */
public final class Ast {
    private Ast() {}

    /** A command or list of commands. */
    public sealed interface Node permits Seq, AndOr, Pipeline, Simple, Loop, For, If, Group {}

    /** {@code a; b; c} (also newlines and {@code &}, which this shell runs in the foreground). */
    public record Seq(List<Node> items) implements Node {}

    /** {@code a && b || c}: {@code ops.get(i)} joins {@code items.get(i)} and {@code items.get(i + 1)}. */
    public record AndOr(List<Node> items, List<String> ops) implements Node {}

    /** {@code a | b | c}, optionally negated with {@code !}. */
    public record Pipeline(List<Node> commands, boolean negate) implements Node {}

    /** {@code NAME=value cmd arg… >file}. */
    public record Simple(List<Assign> assigns, List<Word> words, List<Redirect> redirects) implements Node {}

    /** {@code while cond; do body; done}, or {@code until} when {@code until} is set. */
    public record Loop(Node condition, Node body, boolean until) implements Node {}

    /** {@code for var in items; do body; done}; {@code items == null} means {@code "$@"}. */
    public record For(String variable, List<Word> items, Node body) implements Node {}

    /** {@code if c1; then b1; elif c2; then b2; else other; fi}. */
    public record If(List<Node> conditions, List<Node> bodies, Node otherwise) implements Node {}

    /** {@code { list; }} or {@code ( list )} (run in the same process here). */
    public record Group(Node body, List<Redirect> redirects) implements Node {}

    public record Assign(String name, Word value) {}

    /**
     * A redirection.
     *
     * @param fd     the descriptor redirected (1 for {@code >}, 2 for {@code 2>}, 0 for {@code <})
     * @param op     {@code >}, {@code >>}, {@code >&}, {@code <}
     * @param target the file, or the descriptor number for {@code >&}
     */
    public record Redirect(int fd, String op, Word target) {}

    /**
     * A word made of parts. A value, as a record would be (equal when the parts are equal), with
     * one thing more: the last expansion of a word of quoted literals and plain parameters
     * ({@code "$t [notice] 1#1: nginx/$NGINX_VERSION"}), which {@code ShellProcess} reuses while the
     * parameters' values are the same (150,000 nginx containers write eight such lines each, and
     * those that start in the same second write the same ones).
     */
    public static final class Word {
        private final List<Part> parts;
        /** Whether every part is quoted and a literal or a parameter without an operator other than {@code $@}, with at least one parameter. */
        private final boolean quotedParams;
        /** How many parameters, and how long the literal text, when {@link #quotedParams}. */
        private final int params;
        private final int literalLength;
        /**
         * The last expansion (when {@link #quotedParams}). Read and written without a lock by any
         * thread: an {@link Expansion} is immutable, so a thread sees a whole one or an older one, and
         * at worst expands the word again.
         */
        private Expansion last;

        /** The parameters' values of an expansion and its text. */
        record Expansion(String[] values, String text) {}

        public Word(List<Part> parts) {
            this.parts = List.copyOf(parts);
            int p = 0;
            int length = 0;
            boolean simple = true;
            for (Part part : this.parts) {
                if (!part.quoted()) {
                    simple = false;
                } else if (part instanceof Lit lit) {
                    length += lit.text().length();
                } else if (part instanceof Param param && param.op() == null && !param.name().equals("@")) {
                    p++;
                } else {
                    simple = false;
                }
            }
            this.quotedParams = simple && p > 0;
            this.params = p;
            this.literalLength = length;
        }

        public List<Part> parts() {
            return parts;
        }

        boolean quotedParams() {
            return quotedParams;
        }

        int params() {
            return params;
        }

        int literalLength() {
            return literalLength;
        }

        Expansion last() {
            return last;
        }

        void last(Expansion e) {
            last = e;
        }

        /** The word's text when it is one unquoted literal (to recognise reserved words), else null. */
        public String plainLiteral() {
            if (parts.size() == 1 && parts.get(0) instanceof Lit lit && !lit.quoted()) {
                return lit.text();
            }
            return null;
        }

        public static Word literal(String text) {
            return new Word(List.of(new Lit(text, true)));
        }

        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Word w && w.parts.equals(parts));
        }

        @Override
        public int hashCode() {
            return parts.hashCode();
        }

        @Override
        public String toString() {
            return "Word[parts=" + parts + "]";
        }
    }

    /** Part of a word. */
    public sealed interface Part permits Lit, Param, CommandSub, Arith {
        boolean quoted();
    }

    /** Literal text (quoted text is never split or treated as a reserved word). */
    public record Lit(String text, boolean quoted) implements Part {}

    /**
     * {@code $name}, {@code ${name}}, {@code ${name:-word}} ({@code op} is {@code :-}, {@code -},
     * {@code :=}, {@code :+}; {@code %}, {@code %%}, {@code #}, {@code ##} with a pattern remove a
     * suffix or prefix; {@code #} without an argument is the length; or null).
     */
    public record Param(String name, String op, Word argument, boolean quoted) implements Part {}

    /** {@code $(…)} or {@code `…`}. */
    public record CommandSub(Node script, boolean quoted) implements Part {}

    /** {@code $((…))}. */
    public record Arith(String expression, boolean quoted) implements Part {}
}
