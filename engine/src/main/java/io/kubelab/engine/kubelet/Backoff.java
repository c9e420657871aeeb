package io.kubelab.engine.kubelet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * client-go's {@code flowcontrol.Backoff} as the kubelet uses it, without jitter: a per-key delay
 * that starts at {@code initial}, doubles on every {@link #next} up to {@code max}, and is forgotten
 * once an event comes more than {@code 2 × max} after the last update.
 *
 * <p>Worked example, the kubelet's container restart backoff (10 s doubling to 300 s) for a
 * container that crashes as soon as it starts:
 * <ul>
 *   <li>1st exit: no entry, so not in back-off: restart at once, {@code next} → 10 s;</li>
 *   <li>2nd exit: within 10 s of that exit → CrashLoopBackOff "back-off 10s"; after 10 s restart, → 20 s;</li>
 *   <li>then 20 s, 40 s, 80 s, 160 s, 300 s, 300 s…;</li>
 *   <li>a container that ran for more than 10 min (2 × 300 s) after its last restart starts over
 *       at "restart at once, then 10 s".</li>
 * </ul>
 * Not thread-safe: the kubelet's engine thread owns it.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(Duration backoff, Instant lastUpdate) {}

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    private boolean expired(Instant eventTime, Instant lastUpdate) {
        return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    /** Moves a key's delay on: the initial delay for a new (or expired) key, else double, capped. */
    Duration next(String key, Instant eventTime, Instant now) {
        Entry e = entries.get(key);
        Duration d;
        if (e == null || expired(eventTime, e.lastUpdate())) {
            d = initial;
        } else {
            d = e.backoff().multipliedBy(2);
            if (d.compareTo(max) > 0) {
                d = max;
            }
        }
        entries.put(key, new Entry(d, now));
        return d;
    }

    /** The current delay of a key (zero when unknown). */
    Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** Whether {@code now} is within the key's delay after {@code eventTime} (e.g. the container's exit). */
    boolean isInBackOffSince(String key, Instant eventTime, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(eventTime, e.lastUpdate())) {
            return false;
        }
        return Duration.between(eventTime, now).compareTo(e.backoff()) < 0;
    }

    /** Whether {@code now} is within the key's delay after its last update (image pulls). */
    boolean isInBackOffSinceUpdate(String key, Instant now) {
        Entry e = entries.get(key);
        if (e == null || expired(now, e.lastUpdate())) {
            return false;
        }
        return Duration.between(e.lastUpdate(), now).compareTo(e.backoff()) < 0;
    }

    /** When the key's current delay, counted from its last update, ends (the next pull may go). */
    Instant untilAfterUpdate(String key, Instant now) {
        Entry e = entries.get(key);
        return e == null ? now : e.lastUpdate().plus(e.backoff());
    }

    void forget(String key) {
        entries.remove(key);
    }
}
