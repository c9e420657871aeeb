package io.kubelab.linux.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.image.ImageStore;
import io.kubelab.linux.image.LocalImage;
import io.kubelab.linux.runc.HostCheck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP throughput through a Service's ClusterIP (kube-proxy's iptables DNAT in the node) against
 * the pod's own IP, measured in the same run: {@code wrk} inside the node's network namespace,
 * runs alternating between the two URLs, medians and their ratio.
 *
 * <p>The server is nginx, in an image built from Debian's nginx package by
 * {@code scripts/nginx-image.sh} (at the repository root) and imported into Kubelab's image store (no registry);
 * with {@code server=busybox} it is busybox's httpd instead (to show why that one is no measure).
 * A real-mode cluster of 1 node runs a Deployment of 1 pod behind a ClusterIP Service, on wall
 * time in an {@link EngineLoop} as {@code kubelab serve --runtime linux} runs it.
 *
 * <p>Needs root, runc, wrk, curl. Run (see docs/benchmarks.md):
 * {@code ./mvnw -B -q -pl linux-runtime -am process-test-classes -Preal-bench -Dreal-bench.main=ServiceThroughputBenchmark -Dreal-bench.args="5 10"}
 *
 * <p>Arguments: runs per URL (5), seconds per run (10), then options: {@code server=nginx|busybox},
 * {@code connections=32}, {@code threads=2}.
 */
public final class ServiceThroughputBenchmark {
    private ServiceThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String server = "nginx";
        int connections = 32;
        int threads = 2;
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "server" -> server = kv[1];
                case "connections" -> connections = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!HostCheck.isRoot()) {
            System.err.println("ServiceThroughputBenchmark needs root (real mode runs runc and makes namespaces)");
            System.exit(2);
        }
        Path base = Files.createTempDirectory("kubelab-throughput-");
        LinuxPlatform platform = LinuxPlatform.create(1, base);
        Cluster cluster = null;
        EngineLoop loop = null;
        try {
            String image = "busybox";
            // the container, at the indentation of the manifest's "containers:" list below
            String container = "      - name: httpd\n        image: busybox\n"
                    + "        command: [\"sh\", \"-c\", \"mkdir /www; echo hello > /www/index.html; exec httpd -f -p 80 -h /www\"]\n";
            if (server.equals("nginx")) {
                Path tar = base.resolve("nginx.tar");
                Path script = Path.of(System.getProperty("bench.nginxScript", "../scripts/nginx-image.sh"));
                run(List.of("sh", script.toString(), tar.toString(), "nginx:latest"), 600);
                List<LocalImage> imported = platform.images().importArchive(tar);
                System.out.println("imported " + imported.get(0).repoTags() + " " + imported.get(0).id());
                image = "nginx";
                container = "      - name: nginx\n        image: nginx\n        imagePullPolicy: IfNotPresent\n";
            }
            cluster = Cluster.create(ClusterConfig.defaults().withNodes(1)
                    .withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)).withPlatform(platform));
            loop = new EngineLoop(cluster, 50);
            platform.wakeOnResults(loop);
            loop.start();
            String manifest = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web
                    spec:
                      replicas: 1
                      selector:
                        matchLabels:
                          app: web
                      template:
                        metadata:
                          labels:
                            app: web
                        spec:
                          containers:
                    %s        ports:
                            - containerPort: 80
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: web
                    spec:
                      selector:
                        app: web
                      ports:
                      - port: 80
                        targetPort: 80
                    """.formatted(container);
            Cluster c = cluster;
            loop.submit(() -> c.apply(manifest)).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Pod pod = null;
            while (pod == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the web pod did not become Ready in 120 s");
                }
                pod = loop.submit(() -> c.store().<Pod>list(ResourceTypes.PODS, "default").items().stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions().stream()
                                .anyMatch(k -> "Ready".equals(k.getType()) && "True".equals(k.getStatus())))
                        .findFirst().orElse(null)).get(30, TimeUnit.SECONDS);
                if (pod == null) {
                    Thread.sleep(200);
                }
            }
            Service svc = loop.submit(() -> c.store().<Service>get(ResourceTypes.SERVICES, "default", "web")).get(30, TimeUnit.SECONDS);
            String clusterIp = svc.getSpec().getClusterIP();
            String podIp = pod.getStatus().getPodIP();
            String netns = platform.network().netnsName("minikube");
            // kube-proxy writes the rules on its own time: wait until the ClusterIP answers
            String page = "";
            for (int i = 0; i < 100 && page.isEmpty(); i++) {
                page = exec(List.of("ip", "netns", "exec", netns, "curl", "-s", "--max-time", "2",
                        "http://" + clusterIp + "/"), 10).out.strip();
                if (page.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            if (page.isEmpty()) {
                throw new IllegalStateException("the ClusterIP " + clusterIp + " never answered");
            }
            System.out.printf(Locale.ROOT, "server %s (%s), pod %s at %s, Service web at %s; wrk -t%d -c%d -d%ds in %s%n",
                    server, image, pod.getMetadata().getName(), podIp, clusterIp, threads, connections, seconds, netns);
            if (Boolean.getBoolean("bench.dump")) {
                System.out.println(exec(List.of("ip", "netns", "exec", netns, "sh", "-c",
                        "iptables-save; ip route; ip -br addr; sysctl net.bridge.bridge-nf-call-iptables net.netfilter.nf_conntrack_max"), 30).out);
            }
            System.out.println("load average before: " + RealPodStartBenchmark.loadAverage());
            List<Double> viaService = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                // alternate which goes first, so that neither always runs on the warmer machine
                for (int k = 0; k < 2; k++) {
                    boolean svcFirst = r % 2 == 0;
                    boolean viaSvc = (k == 0) == svcFirst;
                    String url = "http://" + (viaSvc ? clusterIp : podIp) + "/";
                    if (Boolean.getBoolean("bench.dump")) {
                        exec(List.of("ip", "netns", "exec", netns, "nstat", "-n"), 10);
                    }
                    Wrk w = wrk(netns, url, threads, connections, seconds);
                    if (Boolean.getBoolean("bench.dump")) {
                        System.out.println(exec(List.of("ip", "netns", "exec", netns, "sh", "-c", "nstat | grep -iE 'retrans|drop|Tcp(In|Out)Segs|Listen|Estab|Timeout'; conntrack -C 2>/dev/null"), 10).out);
                    }
                    System.out.printf(Locale.ROOT, "run %d %-9s %10.1f req/s  latency p50 %s p99 %s  errors %s%n", r,
                            viaSvc ? "ClusterIP" : "pod IP", w.rps, w.p50, w.p99, w.errors);
                    (viaSvc ? viaService : direct).add(w.rps);
                }
            }
            System.out.println("load average after: " + RealPodStartBenchmark.loadAverage());
            double ms = RealPodStartBenchmark.pct(viaService, 50);
            double md = RealPodStartBenchmark.pct(direct, 50);
            System.out.printf(Locale.ROOT, "median req/s: ClusterIP %.1f, pod IP %.1f; ratio %.3f (goal ≥ 0.90)%n", ms, md, ms / md);
            // each round's two runs back to back see about the same machine: their ratio cancels most of
            // the neighbours' load, which moves the absolute figures by 2× between rounds here
            List<Double> paired = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                paired.add(viaService.get(r) / direct.get(r));
            }
            System.out.printf(Locale.ROOT, "median of the rounds' ratios: %.3f (min %.3f, max %.3f)%n",
                    RealPodStartBenchmark.pct(paired, 50), paired.stream().mapToDouble(d -> d).min().orElse(0),
                    paired.stream().mapToDouble(d -> d).max().orElse(0));
        } finally {
            if (loop != null) {
                loop.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            platform.close();
            ImageStore.deleteTree(base);
        }
    }

    private record Wrk(double rps, String p50, String p99, String errors) {}

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+(\\S+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+(\\S+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors:([^\\n]*)|Non-2xx or 3xx responses:\\s*(\\d+)");

    private static Wrk wrk(String netns, String url, int threads, int connections, int seconds) throws IOException {
        Result r = exec(List.of("ip", "netns", "exec", netns, "wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", url), seconds + 60);
        Matcher m = RPS.matcher(r.out);
        if (r.code != 0 || !m.find()) {
            throw new IOException("wrk failed: " + r.out);
        }
        Matcher p50 = P50.matcher(r.out);
        Matcher p99 = P99.matcher(r.out);
        StringBuilder errors = new StringBuilder();
        Matcher e = ERRORS.matcher(r.out);
        while (e.find()) {
            errors.append(e.group(1) != null ? e.group(1).strip() : "non-2xx " + e.group(2)).append("; ");
        }
        return new Wrk(Double.parseDouble(m.group(1)), p50.find() ? p50.group(1) : "?", p99.find() ? p99.group(1) : "?",
                errors.length() == 0 ? "none" : errors.toString());
    }

    private record Result(int code, String out) {}

    private static Result exec(List<String> argv, long timeoutSeconds) throws IOException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void run(List<String> argv, long timeoutSeconds) throws IOException {
        Result r = exec(argv, timeoutSeconds);
        if (r.code != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + r.out);
        }
        System.out.print(r.out);
    }
}
