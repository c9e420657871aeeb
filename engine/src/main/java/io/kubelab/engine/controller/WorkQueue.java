package io.kubelab.engine.controller;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A de-duplicating queue of object keys ({@code namespace/name}), like client-go's workqueue: a key
 * added while already waiting is queued once. Thread-safe: watch handlers add from any thread;
 * the engine thread takes.
 */
public final class WorkQueue {
    private final Set<String> keys = new LinkedHashSet<>();

    /** Called from any thread. */
    public synchronized void add(String key) {
        keys.add(key);
    }

    /** The oldest waiting key, or {@code null}. Called on the engine thread. */
    public synchronized String poll() {
        var it = keys.iterator();
        if (!it.hasNext()) {
            return null;
        }
        String k = it.next();
        it.remove();
        return k;
    }

    /** Whether {@code key} is waiting. */
    public synchronized boolean contains(String key) {
        return keys.contains(key);
    }

    public synchronized boolean isEmpty() {
        return keys.isEmpty();
    }

    public synchronized int size() {
        return keys.size();
    }
}
