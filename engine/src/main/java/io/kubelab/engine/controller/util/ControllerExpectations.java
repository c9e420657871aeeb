package io.kubelab.engine.controller.util;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code UIDTrackingControllerExpectations} of {@code controller_utils.go}: what a controller
 * has asked for and not yet seen through its watch. A ReplicaSet that has just asked for 3 pods
 * must not ask for 3 more because its cache still shows none; it waits until the watch has
 * delivered the 3 creations (or 5 minutes have passed, in case a watch event was lost).
 * Deletions are tracked by pod key, so a pod seen first with a deletionTimestamp and then as
 * deleted counts once.
 *
 * <p>Thread-safe: the watch handlers observe on the writer's thread, the sync expects on the
 * engine thread.
 */
public final class ControllerExpectations {
    /** After this long, unmet expectations are ignored ({@code ExpectationsTimeout}). */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Supplier<Instant> clock;
    private final Map<String, Record> records = new HashMap<>();

    private static final class Record {
        int add;
        int del;
        Instant timestamp;
        final Set<String> deleteKeys = new HashSet<>();
    }

    public ControllerExpectations(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /**
     * Whether the controller may act on {@code key}: nothing is outstanding, the expectations have
     * expired, or there never were any (a new controller, or a controller that just restarted).
     */
    public synchronized boolean satisfied(String key) {
        Record r = records.get(key);
        if (r == null) {
            return true;
        }
        if (r.add <= 0 && r.del <= 0) {
            return true;
        }
        return !clock.get().isBefore(r.timestamp.plus(TIMEOUT));
    }

    /** Expects {@code count} creations (replacing whatever was expected before). */
    public synchronized void expectCreations(String key, int count) {
        Record r = new Record();
        r.add = count;
        r.timestamp = clock.get();
        records.put(key, r);
    }

    /** Expects the deletion of these pods (replacing whatever was expected before). */
    public synchronized void expectDeletions(String key, Collection<String> podKeys) {
        Record r = new Record();
        r.deleteKeys.addAll(podKeys);
        r.del = r.deleteKeys.size();
        r.timestamp = clock.get();
        records.put(key, r);
    }

    public synchronized void creationObserved(String key) {
        Record r = records.get(key);
        if (r != null) {
            r.add--;
        }
    }

    /** Lowers the deletions expected for {@code key}, once per pod key. */
    public synchronized void deletionObserved(String key, String podKey) {
        Record r = records.get(key);
        if (r != null && r.deleteKeys.remove(podKey)) {
            r.del--;
        }
    }

    /** Forgets {@code key} (its object is gone). */
    public synchronized void delete(String key) {
        records.remove(key);
    }

    /** Creations and deletions still expected: {@code [add, del]}, for tests and the UI. */
    public synchronized int[] pending(String key) {
        Record r = records.get(key);
        return r == null ? new int[] {0, 0} : new int[] {r.add, r.del};
    }
}
