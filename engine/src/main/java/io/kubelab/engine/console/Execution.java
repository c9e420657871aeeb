package io.kubelab.engine.console;

import java.util.concurrent.CompletableFuture;

/**
 * A running or finished command: finishes with an exit code (0 success, as a shell's {@code $?}).
 * A command that runs until interrupted ({@code get -w}, {@code logs -f}) stops on
 * {@link #interrupt()} (Ctrl-C), finishing with 130 as in a shell, unless it set another code.
 */
public final class Execution {
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile Runnable onInterrupt = () -> {};

    /** An execution that already finished. */
    public static Execution finished(int exitCode) {
        Execution e = new Execution();
        e.finish(exitCode);
        return e;
    }

    /** A running execution; {@code onInterrupt} releases what it holds (watches, timers). */
    public static Execution running(Runnable onInterrupt) {
        Execution e = new Execution();
        e.onInterrupt = onInterrupt == null ? () -> {} : onInterrupt;
        return e;
    }

    /** Finishes with {@code exitCode}; later calls are ignored. */
    public void finish(int exitCode) {
        exit.complete(exitCode);
    }

    /** Ctrl-C: releases what the command holds and finishes with 130 if still running. */
    public void interrupt() {
        if (!exit.isDone()) {
            try {
                onInterrupt.run();
            } finally {
                exit.complete(130);
            }
        }
    }

    public void onInterrupt(Runnable action) {
        this.onInterrupt = action == null ? () -> {} : action;
    }

    public boolean isDone() {
        return exit.isDone();
    }

    /** The exit code; only once done. */
    public int exitCode() {
        if (!exit.isDone()) {
            throw new IllegalStateException("the command still runs");
        }
        return exit.join();
    }

    public CompletableFuture<Integer> exit() {
        return exit;
    }
}
