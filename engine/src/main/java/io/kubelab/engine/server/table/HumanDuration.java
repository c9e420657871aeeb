package io.kubelab.engine.server.table;

import java.time.Duration;
import java.time.Instant;

/**
 * The AGE of {@code kubectl get}: Kubernetes' {@code duration.HumanDuration}. Two significant units
 * while they still help, one afterwards:
 *
 * <pre>
 *   45s → "45s"    (under 2 minutes: seconds)
 *   200s → "3m20s" (under 10 minutes: minutes and seconds, "3m" when the seconds are 0)
 *   95m → "95m"    (under 3 hours: minutes)
 *   310m → "5h10m" (under 8 hours: hours and minutes)
 *   30h → "30h"    (under 2 days: hours)
 *   76h → "3d4h"   (under 8 days: days and hours)
 *   200d → "200d"  (under 2 years: days)
 *   3y20d          (under 8 years: years and days), then "9y"
 * </pre>
 *
 * A small negative difference (clock skew of under 2 s) reads "0s"; a larger one "&lt;invalid&gt;".
 */
public final class HumanDuration {
    private HumanDuration() {}

    public static String format(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero: -1.5 s is -1, which still counts as "now".
        long seconds = d.toMillis() / 1000;
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /**
     * The age of a Kubernetes timestamp at {@code now} ({@code translateTimestampSince}); an absent
     * timestamp reads {@code <unknown>}.
     */
    public static String since(String timestamp, Instant now) {
        Instant t = parse(timestamp);
        return t == null ? "<unknown>" : format(Duration.between(t, now));
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
