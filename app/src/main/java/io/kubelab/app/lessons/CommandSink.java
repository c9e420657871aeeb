package io.kubelab.app.lessons;

/**
 * Where a lesson's "command to try" goes when the student clicks it: the console's input line.
 * The console pane ({@code io.kubelab.app.console}) implements it; until it is wired the main
 * window puts the command on the clipboard instead.
 */
@FunctionalInterface
public interface CommandSink {
    /** Puts {@code line} in the console's input, not run: the student reads it and presses Enter. UI thread. */
    void paste(String line);

    /** Does nothing. */
    CommandSink NONE = line -> { };
}
