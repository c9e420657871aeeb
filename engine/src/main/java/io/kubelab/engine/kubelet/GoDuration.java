package io.kubelab.engine.kubelet;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's {@code time.Duration.String()}, which Kubernetes' messages print: {@code 2.1s},
 * {@code 845ms}, {@code 1m20s}, {@code 5m0s}, {@code 1h0m0s}, {@code 0s}.
 */
public final class GoDuration {
    private GoDuration() {}

    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + trim(BigDecimal.valueOf(n, 3)) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + trim(BigDecimal.valueOf(n, 6)) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long secNanos = rest % 60_000_000_000L;
        StringBuilder sb = new StringBuilder(sign);
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(trim(BigDecimal.valueOf(secNanos, 9))).append('s');
        return sb.toString();
    }

    /** Truncated to milliseconds first, as the kubelet's pull message does ({@code 2.1s}, {@code 845ms}). */
    public static String formatMillis(Duration d) {
        return format(Duration.ofMillis(d.toMillis()));
    }

    private static String trim(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
