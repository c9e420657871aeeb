package io.kubelab.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sink of a log follow whose reader is not ready yet: keeps the lines (and the end) that
 * arrive before {@link #start}, then hands them on and everything later, in order. A runtime that
 * logs on its own threads may deliver a line as soon as {@link ContainerRuntime#logsAndFollow}
 * returns, before the caller has written the lines so far; with this in between, the reader sees
 * the snapshot, then the early lines, then the live ones. Any thread.
 *
 * @param <T> what a line is on the reader's side
 */
public final class LogHandOver<T> implements Consumer<T> {
    private final List<T> early = new ArrayList<>();
    private Consumer<T> target;
    private Runnable targetEnd;
    private boolean ended;

    @Override
    public synchronized void accept(T line) {
        if (target == null) {
            early.add(line);
        } else {
            target.accept(line);
        }
    }

    /** The container stopped: the reader's end runs now, or at {@link #start} after the early lines. Once. */
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (targetEnd != null) {
            targetEnd.run();
        }
    }

    /** Hands the early lines to {@code onLine}, then every later one. */
    public synchronized void start(Consumer<T> onLine) {
        start(onLine, () -> { });
    }

    /** Hands the early lines to {@code onLine}, then every later one, and the end to {@code onEnd}. */
    public synchronized void start(Consumer<T> onLine, Runnable onEnd) {
        early.forEach(onLine);
        early.clear();
        target = onLine;
        targetEnd = onEnd;
        if (ended) {
            onEnd.run();
        }
    }
}
