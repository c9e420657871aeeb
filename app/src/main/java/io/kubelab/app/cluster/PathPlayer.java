package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a command's path step by step: the steps of one engine tick arrive together (a Deployment,
 * its ReplicaSet, three pods, three bindings …) and are shown one after the other, each for
 * {@link #STEP_NANOS}, so that a student sees the order in which the components acted. When the
 * cluster changes faster than that, older steps are skipped (only the last {@link #MAX_QUEUE} wait).
 * Time is passed in (nanoseconds), so tests need no clock.
 */
public final class PathPlayer {
    public static final long STEP_NANOS = 600_000_000L;
    public static final long GLOW_NANOS = 1_500_000_000L;
    public static final int MAX_QUEUE = 24;
    public static final int HISTORY = 8;

    /** A step that was shown, for the breadcrumb. */
    public record Shown(PathStep step, long at) {}

    private final Deque<PathStep> queue = new ArrayDeque<>();
    private final Deque<Shown> history = new ArrayDeque<>();
    private final Map<ComponentId, Long> litAt = new HashMap<>();
    private PathStep current;
    private long currentStart;
    private long historyVersion;

    public void offer(List<PathStep> steps) {
        queue.addAll(steps);
        while (queue.size() > MAX_QUEUE) {
            queue.removeFirst();
        }
    }

    public void clear() {
        queue.clear();
        history.clear();
        litAt.clear();
        current = null;
        historyVersion++;
    }

    /**
     * Moves to the next step when the current one has been shown long enough.
     *
     * @return whether something is animating (a step playing, or a glow fading)
     */
    public boolean tick(long now) {
        if (current != null && now - currentStart >= STEP_NANOS) {
            current = null;
        }
        if (current == null && !queue.isEmpty()) {
            current = queue.removeFirst();
            currentStart = now;
            for (PathStep.Arrow a : current.arrows()) {
                litAt.put(a.from(), now);
                litAt.put(a.to(), now);
            }
            history.addLast(new Shown(current, now));
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            historyVersion++;
        }
        litAt.values().removeIf(t -> now - t > GLOW_NANOS);
        return current != null || !litAt.isEmpty();
    }

    /** The step being shown, or {@code null}. */
    public PathStep current() {
        return current;
    }

    /** 0–1: how far the current step's dot has travelled. */
    public double progress(long now) {
        return current == null ? 0 : Math.min(1.0, (now - currentStart) / (double) STEP_NANOS);
    }

    /** 0–1: how brightly a component glows (1 just lit, fading to 0). */
    public double glow(ComponentId id, long now) {
        Long t = litAt.get(id);
        return t == null ? 0 : Math.max(0, 1 - (now - t) / (double) GLOW_NANOS);
    }

    /** The last steps shown, oldest first. */
    public List<Shown> history() {
        return new ArrayList<>(history);
    }

    public long historyVersion() {
        return historyVersion;
    }

    public int queued() {
        return queue.size();
    }
}
