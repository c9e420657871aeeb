package io.kubelab.linux.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Pod start-up in real mode against its two peers, measured in the same run and interleaved so
 * that the machine's load hits all three alike: each round runs, in a rotating order,
 *
 * <ol>
 *   <li><b>Kubelab</b>: a Pod of one busybox container ({@code sleep 3600}) created through the API
 *       of a real-mode cluster (1 node, {@link LinuxPlatform}, {@link EngineLoop} on wall time as
 *       {@code kubelab serve --runtime linux} runs it), timed until a store watch sees its phase
 *       Running — scheduler, kubelet, pause sandbox, pod network, overlay, container;</li>
 *   <li><b>bare runc</b>: {@code runc run -d} of the same config.json (taken from the bundle of a
 *       Kubelab container, with new namespaces instead of the pod's) on an overlay of the same
 *       rootfs, timed until {@code runc state} says running;</li>
 *   <li><b>podman</b>: {@code podman --runtime runc run -d --network none} of the same rootfs
 *       imported with {@code podman import}, timed until it returns.</li>
 * </ol>
 *
 * Needs root, runc and podman. Everything it makes (cluster, bundle, podman containers and image)
 * is removed at the end. Run (see docs/benchmarks.md):
 * {@code ./mvnw -B -q -pl linux-runtime -am process-test-classes -Preal-bench -Dreal-bench.main=RealPodStartBenchmark -Dreal-bench.args="30 3"}
 *
 * <p>Arguments: rounds (30), warm-up rounds (3). {@code -Dbench.tick=50} sets the engine loop's tick
 * in ms; {@code -Dbench.trace=true} prints each Kubelab round's timeline of pod status changes.
 */
public final class RealPodStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealPodStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long tick = Long.getLong("bench.tick", 50);
        boolean trace = Boolean.getBoolean("bench.trace");
        if (!HostCheck.isRoot()) {
            System.err.println("RealPodStartBenchmark needs root (real mode runs runc and makes namespaces)");
            System.exit(2);
        }
        System.out.println("load average before: " + loadAverage());
        Path base = Files.createTempDirectory("kubelab-podstart-");
        LinuxPlatform platform = LinuxPlatform.create(1, base);
        Cluster cluster = null;
        EngineLoop loop = null;
        Podman podman = null;
        BareRunc bare = null;
        try {
            cluster = Cluster.create(ClusterConfig.defaults().withNodes(1)
                    .withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)).withPlatform(platform));
            loop = new EngineLoop(cluster, tick);
            if (!Boolean.getBoolean("bench.noWake")) {
                platform.wakeOnResults(loop);
            }
            loop.start();
            Kubelab kubelab = new Kubelab(cluster, loop, platform, trace);
            String firstContainer = kubelab.startOne("warm-0");
            LocalImage busybox = platform.images().ensureBusybox();
            bare = BareRunc.from(platform.stateDir().resolve("minikube").resolve("containers").resolve(firstContainer),
                    base.resolve("bare"), busybox.rootfs(), "/kubelab/" + platform.id() + "-minikube/bare");
            podman = Podman.importRootfs(busybox.rootfs(), base, "kubelab-bench-busybox:" + platform.id());
            System.out.println("podman command: " + String.join(" ", podman.runArgv()));
            kubelab.delete("warm-0");

            List<Double> tk = new ArrayList<>();
            List<Double> tr = new ArrayList<>();
            List<Double> tp = new ArrayList<>();
            for (int round = 0; round < warmup + rounds; round++) {
                boolean measured = round >= warmup;
                for (int k = 0; k < 3; k++) {
                    // rotate the order: a, b, c / b, c, a / c, a, b
                    switch ((round + k) % 3) {
                        case 0 -> {
                            String name = "bench-" + round;
                            long t0 = System.nanoTime();
                            kubelab.startOne(name);
                            double ms = (kubelab.runningAt(name) - t0) / 1e6;
                            if (measured) {
                                tk.add(ms);
                            }
                            if (trace) {
                                System.out.printf(Locale.ROOT, "round %d kubelab %.1f ms: %s%n", round, ms, kubelab.timeline(name, t0));
                            }
                            kubelab.delete(name);
                        }
                        case 1 -> {
                            double ms = bare.runOnce("kubelab-bare-" + round);
                            if (measured) {
                                tr.add(ms);
                            }
                        }
                        default -> {
                            double ms = podman.runOnce();
                            if (measured) {
                                tp.add(ms);
                            }
                        }
                    }
                }
            }
            System.out.println("load average after: " + loadAverage());
            System.out.printf(Locale.ROOT, "%-34s %4s %9s %9s %9s %9s%n", "pod start → running", "n", "p50 ms", "p95 ms", "min ms", "max ms");
            row("bare runc run -d + runc state", tr);
            row("podman run -d", tp);
            row("Kubelab pod → Running", tk);
            System.out.printf(Locale.ROOT, "ratio Kubelab / bare runc: p50 %.2f, p95 %.2f (goal ≤ 2)%n",
                    pct(tk, 50) / pct(tr, 50), pct(tk, 95) / pct(tr, 95));
            System.out.printf(Locale.ROOT, "ratio Kubelab / podman:    p50 %.2f, p95 %.2f (goal < 1)%n",
                    pct(tk, 50) / pct(tp, 50), pct(tk, 95) / pct(tp, 95));
        } finally {
            if (podman != null) {
                podman.close();
            }
            if (bare != null) {
                bare.close();
            }
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

    private static void row(String what, List<Double> ms) {
        System.out.printf(Locale.ROOT, "%-34s %4d %9.1f %9.1f %9.1f %9.1f%n", what, ms.size(), pct(ms, 50), pct(ms, 95),
                ms.stream().mapToDouble(d -> d).min().orElse(0), ms.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** Nearest-rank percentile: p95 of 30 samples is the 29th smallest. */
    static double pct(List<Double> samples, int p) {
        List<Double> s = new ArrayList<>(samples);
        s.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- (a) Kubelab ------------------------------------------------------------------------

    /** Creates pods through the API and learns from a store watch when they run. */
    private static final class Kubelab {
        final Cluster cluster;
        final EngineLoop loop;
        final LinuxPlatform platform;
        final boolean trace;
        final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
        final Map<String, List<String>> timelines = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<Void>> gone = new ConcurrentHashMap<>();
        final Watch watch;

        Kubelab(Cluster cluster, EngineLoop loop, LinuxPlatform platform, boolean trace) {
            this.cluster = cluster;
            this.loop = loop;
            this.platform = platform;
            this.trace = trace;
            // Called on the writing (engine) thread under the store lock: it only records.
            this.watch = cluster.store().watch(ResourceTypes.PODS, cluster.store().revision(), o -> true, this::onEvent);
        }

        private void onEvent(WatchEvent e) {
            long now = System.nanoTime();
            Pod p = (Pod) e.object();
            String name = p.getMetadata().getName();
            if (e.type() == WatchEvent.Type.DELETED) {
                gone.computeIfAbsent(name, n -> new CompletableFuture<>()).complete(null);
                return;
            }
            if (trace) {
                timelines.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(now + " " + describe(p));
            }
            if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
                running.computeIfAbsent(name, n -> new CompletableFuture<>()).complete(now);
            }
        }

        private static String describe(Pod p) {
            StringBuilder b = new StringBuilder();
            b.append(p.getSpec().getNodeName() == null ? "unbound" : "bound");
            if (p.getStatus() != null) {
                b.append(',').append(p.getStatus().getPhase());
                if (p.getStatus().getPodIP() != null) {
                    b.append(",ip");
                }
                if (p.getStatus().getContainerStatuses() != null) {
                    for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                        b.append(',').append(cs.getState() == null ? "?" : cs.getState().getRunning() != null ? "running"
                                : cs.getState().getWaiting() != null ? cs.getState().getWaiting().getReason() : "terminated");
                    }
                }
            }
            return b.toString();
        }

        String timeline(String name, long t0) {
            StringBuilder b = new StringBuilder();
            for (String line : timelines.getOrDefault(name, List.of())) {
                int sp = line.indexOf(' ');
                b.append(String.format(Locale.ROOT, "[+%.0f %s] ", (Long.parseLong(line.substring(0, sp)) - t0) / 1e6,
                        line.substring(sp + 1)));
            }
            return b.toString();
        }

        /** Creates the pod and waits until it runs; returns its container's ID. */
        String startOne(String name) throws Exception {
            Pod pod = Kube.YAML.readValue("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: %s
                    spec:
                      containers:
                      - name: busybox
                        image: busybox
                        command: ["sleep", "3600"]
                    """.formatted(name), Pod.class);
            CompletableFuture<Long> up = running.computeIfAbsent(name, n -> new CompletableFuture<>());
            loop.submit(() -> cluster.api().create(pod, "default")).get(30, TimeUnit.SECONDS);
            up.get(120, TimeUnit.SECONDS);
            Pod now = loop.submit(() -> cluster.store().<Pod>get(ResourceTypes.PODS, "default", name)).get(30, TimeUnit.SECONDS);
            String id = now.getStatus().getContainerStatuses().get(0).getContainerID();
            return id.substring(id.indexOf("://") + 3);
        }

        long runningAt(String name) throws Exception {
            return running.get(name).get(1, TimeUnit.SECONDS);
        }

        /** Deletes the pod at once (grace 0) and waits until the node runs none of its containers. */
        void delete(String name) throws Exception {
            CompletableFuture<Void> g = gone.computeIfAbsent(name, n -> new CompletableFuture<>());
            DeleteOptions now = new DeleteOptions();
            now.setGracePeriodSeconds(0L);
            loop.submit(() -> cluster.api().delete(ResourceTypes.PODS, "default", name, now)).get(30, TimeUnit.SECONDS);
            g.get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (platform.runtime(0).containers().stream().anyMatch(c -> c.state() == ContainerState.RUNNING)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    // ---- (b) bare runc ----------------------------------------------------------------------

    /** {@code runc run -d} of a copy of a Kubelab container's config.json, in new namespaces. */
    private static final class BareRunc {
        final Path bundle;
        final Path root;
        final Path rootfs;

        BareRunc(Path bundle) {
            this.bundle = bundle;
            this.root = bundle.resolve("runc-root");
            this.rootfs = bundle.resolve("rootfs");
        }

        static BareRunc from(Path kubelabBundle, Path dir, Path imageRootfs, String cgroupParent) throws IOException {
            BareRunc b = new BareRunc(dir);
            Files.createDirectories(b.rootfs);
            Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
            Files.createDirectories(b.root);
            // the same kind of root as Kubelab's: an overlay of the image
            run(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + imageRootfs + ",upperdir="
                    + dir.resolve("upper") + ",workdir=" + dir.resolve("work"), b.rootfs.toString()));
            ObjectNode config = (ObjectNode) JSON.readTree(kubelabBundle.resolve("config.json").toFile());
            ((ObjectNode) config.path("root")).put("path", b.rootfs.toString());
            // the pod's namespaces belong to its pause: a bare container makes its own
            ObjectNode linux = (ObjectNode) config.path("linux");
            for (JsonNode ns : linux.path("namespaces")) {
                ((ObjectNode) ns).remove("path");
            }
            config.put("hostname", "bare");
            linux.put("cgroupsPath", cgroupParent + "/CONTAINER");
            // /etc/hosts, hostname, resolv.conf: copies beside the bundle (the pod's go with it)
            for (JsonNode m : (ArrayNode) config.path("mounts")) {
                String src = m.path("source").asText();
                if (m.path("type").asText().equals("bind") && src.startsWith("/") && Files.isRegularFile(Path.of(src))) {
                    Path copy = dir.resolve("files").resolve(Path.of(src).getFileName());
                    Files.createDirectories(copy.getParent());
                    Files.copy(Path.of(src), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    ((ObjectNode) m).put("source", copy.toString());
                }
            }
            Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            return b;
        }

        double runOnce(String id) throws Exception {
            String cg = "/CONTAINER";
            // one cgroup per container, as Kubelab has one per container
            ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
            ObjectNode linux = (ObjectNode) config.path("linux");
            String path = linux.path("cgroupsPath").asText();
            linux.put("cgroupsPath", path.substring(0, path.lastIndexOf('/')) + "/" + id);
            Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("runc", "--root", root.toString(), "run", "-d", "--bundle", bundle.toString(), id)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(bundle.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(bundle.resolve("stderr.log").toFile()))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("runc run -d failed: " + Files.readString(bundle.resolve("stderr.log")));
            }
            while (true) {
                String state = run(List.of("runc", "--root", root.toString(), "state", id));
                if (state.contains("\"status\": \"running\"")) {
                    break;
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            run(List.of("runc", "--root", root.toString(), "delete", "--force", id));
            return ms;
        }

        void close() throws IOException {
            String list = run(List.of("runc", "--root", root.toString(), "list", "-q"));
            for (String id : list.split("\n")) {
                if (!id.isBlank()) {
                    run(List.of("runc", "--root", root.toString(), "delete", "--force", id.trim()));
                }
            }
            run(List.of("umount", rootfs.toString()));
        }
    }

    // ---- (c) podman -------------------------------------------------------------------------

    /** {@code podman run -d} of the same rootfs, imported once. */
    private static final class Podman {
        final String image;
        final List<String> options;
        final List<String> ids = new ArrayList<>();

        Podman(String image, List<String> options) {
            this.image = image;
            this.options = options;
        }

        /**
         * Imports the rootfs and finds the options podman needs here: on this machine raising
         * RLIMIT_NPROC / NOFILE is not permitted ("error setting rlimit type 7"), so the limits are
         * given as they are.
         */
        static Podman importRootfs(Path rootfs, Path work, String tag) throws Exception {
            Path tar = work.resolve("rootfs.tar");
            run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
            run(List.of("podman", "import", tar.toString(), "localhost/" + tag));
            Files.delete(tar);
            List<List<String>> tries = List.of(
                    List.of("--runtime", "runc", "--cgroup-manager", "cgroupfs"),
                    List.of("--runtime", "runc", "--cgroup-manager", "cgroupfs", "RUN", "--ulimit", "nofile=1024:1024",
                            "--ulimit", "nproc=1024:1024"));
            String last = "";
            for (List<String> t : tries) {
                Podman p = new Podman("localhost/" + tag, t);
                Result r = exec(p.runArgv());
                String id = lastLine(r.out);
                if (r.code == 0) {
                    p.remove(id);
                    return p;
                }
                last = r.out;
                if (!id.isEmpty() && id.matches("[0-9a-f]{64}")) {
                    p.remove(id);
                }
                run(List.of("sh", "-c", "podman ps -aq --filter ancestor=localhost/" + tag
                        + " | xargs -r podman rm -f -t 0 >/dev/null"));
            }
            throw new IOException("podman run failed: " + last);
        }

        List<String> runArgv() {
            List<String> argv = new ArrayList<>(List.of("podman"));
            int split = options.indexOf("RUN");
            argv.addAll(split < 0 ? options : options.subList(0, split));
            argv.addAll(List.of("run", "-d", "--network", "none"));
            if (split >= 0) {
                argv.addAll(options.subList(split + 1, options.size()));
            }
            argv.addAll(List.of(image, "sleep", "3600"));
            return argv;
        }

        double runOnce() throws Exception {
            long t0 = System.nanoTime();
            Result r = exec(runArgv());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.code != 0) {
                throw new IOException("podman run failed: " + r.out);
            }
            remove(lastLine(r.out));
            return ms;
        }

        void remove(String id) throws IOException, InterruptedException {
            exec(List.of("podman", "rm", "-f", "-t", "0", id));
        }

        void close() throws IOException, InterruptedException {
            exec(List.of("sh", "-c", "podman ps -aq --filter ancestor=" + image + " | xargs -r podman rm -f -t 0"));
            exec(List.of("podman", "rmi", "-f", image));
        }
    }

    /** podman prints warnings before the ID on the same stream: the ID is the last line. */
    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    // ---- processes ----------------------------------------------------------------------------

    private record Result(int code, String out) {}

    private static Result exec(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // podman run -d's stdout is the container's ID; its stdio are not handed to the container
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    private static String run(List<String> argv) throws IOException {
        try {
            Result r = exec(argv);
            if (r.code != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + r.out);
            }
            return r.out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
