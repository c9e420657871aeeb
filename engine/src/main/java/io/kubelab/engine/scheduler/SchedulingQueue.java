package io.kubelab.engine.scheduler;

import io.kubelab.engine.clock.SimClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The scheduling queue ({@code internal/queue.PriorityQueue}) in simulated time:
 * <ul>
 *   <li>activeQ: pods ready to be tried, highest priority first, then first come first served;</li>
 *   <li>unschedulable pods: tried and rejected; they wait for a cluster event that could help
 *       (a node added or changed, a bound pod removed…) and only the plugins that rejected them
 *       decide which events count, so a pod short of CPU does not wake up for every new pod;</li>
 *   <li>backoff: a woken pod waits 1 s × 2^(attempts-1), at most 10 s, after its last attempt, so a
 *       busy cluster never makes the scheduler spin;</li>
 *   <li>and a pod left unschedulable for 5 minutes is tried again anyway
 *       ({@code podMaxInUnschedulablePodsDuration}).</li>
 * </ul>
 * Engine thread only (timers run on the clock's thread, which is the engine thread).
 */
final class SchedulingQueue {
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);

    private record Entry(String key, int priority, long seq) {}

    /** A pod that was tried and must wait. */
    private static final class Waiting {
        final int priority;
        final Object signature;
        final Set<String> rejectors;
        final Instant lastAttempt;
        final int attempts;
        boolean backingOff;

        Waiting(int priority, Object signature, Set<String> rejectors, Instant lastAttempt, int attempts) {
            this.priority = priority;
            this.signature = signature;
            this.rejectors = rejectors;
            this.lastAttempt = lastAttempt;
            this.attempts = attempts;
        }
    }

    private final SimClock clock;
    private final PriorityQueue<Entry> active = new PriorityQueue<>(
            Comparator.comparingInt(Entry::priority).reversed().thenComparingLong(Entry::seq));
    private final Map<String, Entry> inActive = new HashMap<>();
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private long seq;

    SchedulingQueue(SimClock clock) {
        this.clock = clock;
    }

    /**
     * A pending pod was added or changed. A pod already waiting stays waiting unless the pod itself
     * changed ({@code signature}: its spec generation and labels), which may be what it waited for.
     */
    void add(String key, int priority, Object signature) {
        Waiting w = waiting.get(key);
        if (w != null) {
            if (Objects.equals(w.signature, signature)) {
                return;
            }
            waiting.remove(key);
        } else if (inActive.containsKey(key)) {
            return;
        }
        push(key, priority);
    }

    private void push(String key, int priority) {
        Entry e = new Entry(key, priority, seq++);
        inActive.put(key, e);
        active.add(e);
    }

    /** The next pod to try, or {@code null}. */
    String pop() {
        Entry e;
        while ((e = active.poll()) != null) {
            if (inActive.get(e.key()) == e) {
                inActive.remove(e.key());
                return e.key();
            }
        }
        return null;
    }

    /** Counts an attempt; returns its number (1 for the first). */
    int beginAttempt(String key) {
        return attempts.merge(key, 1, Integer::sum);
    }

    /** How many attempts the pod has had. */
    int attempts(String key) {
        return attempts.getOrDefault(key, 0);
    }

    /**
     * Whether the queue knows no pod at all (none active, waiting or with attempts counted): then
     * {@link #remove} has nothing to do, and a caller need not even build the key. Most pod events
     * are writes to bound pods (their kubelet's status updates) after every pending pod is placed.
     */
    boolean isEmpty() {
        return inActive.isEmpty() && waiting.isEmpty() && attempts.isEmpty();
    }

    /** Forgets a pod: bound, deleted, or no longer ours. */
    void remove(String key) {
        inActive.remove(key);
        waiting.remove(key);
        attempts.remove(key);
    }

    /**
     * Parks a pod that fits no node until an event interesting to one of {@code rejectors} (the
     * plugins that rejected it; empty means any event), or 5 minutes.
     */
    void markUnschedulable(String key, int priority, Object signature, Set<String> rejectors, Instant now) {
        Waiting w = new Waiting(priority, signature, Set.copyOf(rejectors), now, attempts.getOrDefault(key, 1));
        waiting.put(key, w);
        clock.schedule(now.plus(MAX_IN_UNSCHEDULABLE), () -> {
            if (waiting.get(key) == w) {
                waiting.remove(key);
                push(key, w.priority);
            }
        });
    }

    /** Retries a pod after its backoff (a failed bind, an error). */
    void backoff(String key, int priority, Object signature, Instant now) {
        Waiting w = new Waiting(priority, signature, Set.of(), now, attempts.getOrDefault(key, 1));
        waiting.put(key, w);
        wake(key, w, now);
    }

    /**
     * A cluster event happened: wakes the waiting pods it may help. {@code interested} names the
     * plugins whose rejections this event can undo; {@code null} means all.
     */
    void moveOnEvent(Set<String> interested, Instant now) {
        if (waiting.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Waiting>> toWake = new ArrayList<>();
        for (Map.Entry<String, Waiting> e : waiting.entrySet()) {
            Waiting w = e.getValue();
            if (w.backingOff) {
                continue;
            }
            if (interested == null || w.rejectors.isEmpty() || intersects(w.rejectors, interested)) {
                toWake.add(e);
            }
        }
        for (Map.Entry<String, Waiting> e : toWake) {
            wake(e.getKey(), e.getValue(), now);
        }
    }

    private void wake(String key, Waiting w, Instant now) {
        Instant readyAt = w.lastAttempt.plus(backoff(w.attempts));
        if (!readyAt.isAfter(now)) {
            waiting.remove(key);
            push(key, w.priority);
            return;
        }
        w.backingOff = true;
        clock.schedule(readyAt, () -> {
            if (waiting.get(key) == w) {
                waiting.remove(key);
                push(key, w.priority);
            }
        });
    }

    /** 1 s, 2 s, 4 s, 8 s, then 10 s: {@code podInitialBackoffDuration} doubling to {@code podMaxBackoffDuration}. */
    static Duration backoff(int attempts) {
        long millis = INITIAL_BACKOFF.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String s : a) {
            if (b.contains(s)) {
                return true;
            }
        }
        return false;
    }

    boolean isWaiting(String key) {
        return waiting.containsKey(key);
    }

    boolean isActive(String key) {
        return inActive.containsKey(key);
    }

    int activeSize() {
        return inActive.size();
    }

    int waitingSize() {
        return waiting.size();
    }
}
