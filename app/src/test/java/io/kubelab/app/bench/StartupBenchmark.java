package io.kubelab.app.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's start-up: from typing {@code ./mvnw javafx:run} on a built tree to a window that has
 * drawn its first frame and answers input, beside a baseline of the same run: {@code ./mvnw
 * validate}, Maven starting and doing nothing (the part no app can make faster). The app reports
 * its own first frame when {@code KUBELAB_STARTUP_PROBE=1} (see {@code KubelabApp}).
 *
 * <p>Needs a display (or {@code xvfb-run -a}) and a built tree ({@code ./mvnw -B -DskipTests package}: {@code javafx:run}
 * runs from the modules' {@code target/classes}, no install needed).
 * Run from the repository root (see docs/benchmarks.md):
 * {@code xvfb-run -a java app/src/test/java/io/kubelab/app/bench/StartupBenchmark.java 5}
 */
public final class StartupBenchmark {
    private static final Pattern SHOWN = Pattern.compile("window shown and interactive (\\d+) ms after the JVM started");

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long[] maven = new long[runs];
        long[] app = new long[runs];
        long[] jvm = new long[runs];
        for (int i = 0; i < runs; i++) {
            maven[i] = run(List.of("./mvnw", "-o", "-q", "validate"), null)[0];
            long[] r = run(List.of("./mvnw", "-o", "-q", "javafx:run"), SHOWN);
            app[i] = r[0];
            jvm[i] = r[1];
        }
        report("baseline: ./mvnw -o -q validate", maven);
        report("./mvnw javafx:run -> window interactive", app);
        report("  of which: app JVM start -> window interactive", jvm);
        System.out.printf("app beyond Maven's own start (medians): %.0f ms%n", (median(app) - median(maven)) / 1e6);
    }

    private static long[] run(List<String> command, Pattern until) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().put("KUBELAB_STARTUP_PROBE", "1");
        Process p = pb.start();
        long inJvm = -1;
        long elapsed = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = until == null ? null : until.matcher(line);
                if (m != null && m.find()) {
                    elapsed = System.nanoTime() - t0;
                    inJvm = Long.parseLong(m.group(1)) * 1_000_000L;
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue());
        }
        if (until == null) {
            elapsed = System.nanoTime() - t0;
        } else if (elapsed < 0) {
            throw new IllegalStateException(command + " never reported its first frame");
        }
        return new long[] {elapsed, inJvm};
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-48s n=%d  p50 %6.0f ms  min %6.0f ms  max %6.0f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }
}
