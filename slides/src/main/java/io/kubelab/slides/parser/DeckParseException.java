package io.kubelab.slides.parser;

import java.util.List;

/** A deck that cannot be shown; {@link #problems()} lists every problem with its source line. */
public final class DeckParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem, printed as {@code decks/intro/en.md:12: unknown slide metadata key "stpe"}. */
    public record Problem(String source, int line, String message) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public DeckParseException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
