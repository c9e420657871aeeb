package io.kubelab.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up check: with {@code KUBELAB_STARTUP_PROBE=1} in the environment (it reaches the app
 * also through {@code ./mvnw javafx:run}), the app notes when each stage of its start-up ended, in
 * milliseconds since the JVM started, prints them once the window has drawn its first frame and
 * answered input, and exits. {@code StartupBenchmark} reads the printed lines (docs/benchmarks.md).
 *
 * <p>Any thread may {@link #mark}; the marks cost nothing when the probe is off.
 */
public final class StartupProbe {
    private static final boolean ON = "1".equals(System.getenv("KUBELAB_STARTUP_PROBE"));
    private static final List<String> MARKS = new ArrayList<>();

    private StartupProbe() {}

    /** Whether the probe is on. */
    public static boolean on() {
        return ON;
    }

    /** Notes that {@code stage} ended now. Any thread. */
    public static void mark(String stage) {
        if (!ON) {
            return;
        }
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        String thread = Thread.currentThread().getName();
        synchronized (MARKS) {
            MARKS.add(String.format("%6d ms  %-28s [%s]", uptime, stage, thread));
        }
    }

    /**
     * CPU time per thread so far, from {@code /proc/self/task} (Linux; empty elsewhere), threads of
     * the same kind summed ("C2 CompilerThre" and so on, as the kernel truncates the names), largest first.
     */
    static List<String> cpuByThread() {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return List.of();
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#-]?\\d+$", "");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            } catch (java.io.IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        // Clock ticks are 1/100 s on Linux (USER_HZ).
        return ticks.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("%6d ms  %s", e.getValue() * 10, e.getKey())).toList();
    }

    /** The stages so far, one line each. */
    static List<String> marks() {
        synchronized (MARKS) {
            return List.copyOf(MARKS);
        }
    }
}
