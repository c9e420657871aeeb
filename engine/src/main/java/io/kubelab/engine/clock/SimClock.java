package io.kubelab.engine.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The simulation clock. Time moves only when {@link #advance} is called: by the engine's driver
 * (at a speed the user picks, or not at all while paused) or by a test, as fast as it likes.
 * Timers fire in time order during {@code advance}, on the thread that advances.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
public final class SimClock {
    private volatile Instant now;
    private long sequence;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    public SimClock(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    /** Runs {@code action} once the clock reaches {@code at} (at once on the next advance if already past). */
    public void schedule(Instant at, Runnable action) {
        timers.add(new Timer(at, sequence++, action));
    }

    public void after(Duration delay, Runnable action) {
        schedule(now.plus(delay), action);
    }

    /** The time of the next timer, or {@code null} when none is pending. */
    public Instant nextTimer() {
        Timer t = timers.peek();
        return t == null ? null : t.at;
    }

    /**
     * Moves time forward by {@code by}, firing every timer that falls due, each with the clock set
     * to its own time.
     */
    public void advance(Duration by) {
        Instant target = now.plus(by);
        while (!timers.isEmpty() && !timers.peek().at.isAfter(target)) {
            Timer t = timers.poll();
            if (t.at.isAfter(now)) {
                now = t.at;
            }
            t.action.run();
        }
        now = target;
    }

    private record Timer(Instant at, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
