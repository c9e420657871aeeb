package io.kubelab.engine.kubelet;

import io.kubelab.engine.model.Kube;

import java.time.Instant;

/**
 * {@link Kube#timestamp} for the kubelet's statuses, remembered per second. A timestamp has
 * second precision, so it depends only on the instant's epoch second, and a status carries few
 * distinct ones: at 15,000 pods, about 100,000 status generations format the same handful of
 * seconds (now, the pod's start, its containers' starts) — each a {@code DateTimeFormatter} run.
 *
 * <p>Any thread: slots hold immutable pairs, a race at worst formats a second again.
 */
final class Timestamps {
    private Timestamps() {}

    private record Formatted(long second, String text) {}

    private static final int SLOTS = 256;
    private static final Formatted[] CACHE = new Formatted[SLOTS];

    /** The same text as {@code Kube.timestamp(instant)}. */
    static String of(Instant instant) {
        long second = instant.getEpochSecond();
        int slot = (int) (second & (SLOTS - 1));
        Formatted f = CACHE[slot];
        if (f != null && f.second() == second) {
            return f.text();
        }
        String text = Kube.timestamp(instant);
        CACHE[slot] = new Formatted(second, text);
        return text;
    }
}
