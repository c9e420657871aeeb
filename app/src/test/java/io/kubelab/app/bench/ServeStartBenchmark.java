package io.kubelab.app.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubelab serve} from process start to the first answered request ({@code GET /version}),
 * beside a baseline measured in the same run: {@code kubelab --version}, the same launcher, JVM
 * and class path doing nothing but print its version — the floor any Java command has.
 *
 * <p>Needs the distribution ({@code ./mvnw -B -DskipTests package}). Run from the repository root
 * (see docs/benchmarks.md), as a single-file program:
 * {@code java app/src/test/java/io/kubelab/app/bench/ServeStartBenchmark.java app/target/kubelab/bin/kubelab 10}
 */
public final class ServeStartBenchmark {
    private static final Pattern URL = Pattern.compile("listening on (http://\\S+)");

    private ServeStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        String kubelab = args.length > 0 ? args[0] : "app/target/kubelab/bin/kubelab";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long[] baseline = new long[runs];
        long[] serve = new long[runs];
        for (int i = 0; i < runs; i++) {
            baseline[i] = version(kubelab);
            serve[i] = serve(kubelab, http);
        }
        report("baseline: kubelab --version", baseline);
        report("kubelab serve -> first answered GET /version", serve);
        Arrays.sort(baseline);
        Arrays.sort(serve);
        System.out.printf("ratio of medians: %.2f%n", (double) serve[runs / 2] / baseline[runs / 2]);
    }

    private static long version(String kubelab) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(kubelab, "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubelab --version failed");
        }
        return System.nanoTime() - t0;
    }

    private static long serve(String kubelab, HttpClient http) throws Exception {
        Path dir = Files.createTempDirectory("kubelab-serve-bench");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(kubelab, "serve", "--port", "0", "--kubeconfig", dir.resolve("kubeconfig").toString())
                .redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String base = null;
            while (base == null && (line = out.readLine()) != null) {
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            if (base == null) {
                throw new IllegalStateException("kubelab serve printed no address");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - t0;
            if (r.statusCode() != 200 || !r.body().contains("gitVersion")) {
                throw new IllegalStateException("GET /version answered " + r.statusCode());
            }
            return elapsed;
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            } else if (p.exitValue() != 0) {
                System.out.println("note: serve exited with " + p.exitValue() + " on SIGTERM");
            }
        }
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-48s n=%d  p50 %7.0f ms  min %7.0f ms  max %7.0f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }
}
