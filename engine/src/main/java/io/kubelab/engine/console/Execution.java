package io.kubelab.engine.console;

import io.kubelab.engine.runtime.ExecResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /**
     * A command run elsewhere (in a container, on a real node): prints its stdout and stderr and
     * ends with its exit code once {@code result} completes, on whatever thread completes it; a
     * failure prints {@code errorPrefix} and the cause's message on stderr and ends with {@code errorCode}.
     */
    public static Execution printing(CompletableFuture<ExecResult> result, Output out, String errorPrefix,
                                     int errorCode) {
        Execution e = running(null);
        result.whenComplete((r, error) -> {
            if (error != null) {
                out.err(errorPrefix + failureMessage(error) + "\n");
                e.finish(errorCode);
                return;
            }
            out.out(r.stdout());
            out.err(r.stderr());
            e.finish(r.exitCode());
        });
        return e;
    }

    /** What failed, without the {@link CompletionException}s that futures wrap it in. */
    public static Throwable failureCause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The failure's own message (its class and text when it has none). */
    public static String failureMessage(Throwable t) {
        Throwable c = failureCause(t);
        return c.getMessage() == null ? c.toString() : c.getMessage();
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
