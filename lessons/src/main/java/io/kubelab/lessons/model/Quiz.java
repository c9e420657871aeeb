package io.kubelab.lessons.model;

import java.util.List;

/**
 * A multiple-choice question; the step's {@code quiz} check names the right option.
 *
 * @param question the question
 * @param options  the options in the order shown
 */
public record Quiz(Localized<String> question, List<Option> options) {
    public Quiz {
        options = List.copyOf(options);
    }

    /** One option: its id ({@code a}, {@code b}, …) and its text. */
    public record Option(String id, Localized<String> text) {}

    public boolean hasOption(String id) {
        return options.stream().anyMatch(o -> o.id().equals(id));
    }
}
