package io.kubelab.engine.console;

import java.util.List;

/**
 * One program of the console, found by the first word of a command line: {@code kubectl},
 * {@code minikube}, {@code docker}, {@code curl}.
 *
 * <p>Threading: {@link #start} is called on the engine thread and never blocks. A program that
 * waits (for a rollout, a watch, {@code logs -f}) returns an unfinished {@link Execution} and
 * finishes it from store watches or clock timers, so the same program works under the app's
 * engine loop and under a test that advances simulated time.
 */
public interface Program {

    /** The word that runs it ({@code kubectl}). */
    String name();

    /** Starts one run with the words after the program's name. */
    Execution start(Invocation invocation);

    /**
     * Completion candidates for the last (possibly partial) word of {@code words}, the words after
     * the program's name ({@code ["get", "po"]} → {@code ["pods"]}...).
     */
    default List<String> complete(List<String> words, ConsoleContext context) {
        return List.of();
    }
}
