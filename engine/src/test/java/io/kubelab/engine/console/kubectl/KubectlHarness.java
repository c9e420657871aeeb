package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.server.ApiServer;
import io.kubelab.engine.server.PodIO;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated cluster served by an {@link ApiServer}, the real {@code kubectl} pointed at it (a
 * temporary HOME and kubeconfig), and the console on the same cluster: the same command line runs
 * through both and their stdout, stderr and exit codes can be compared.
 *
 * <p>kubectl measures ages against the wall clock, the console against the simulated clock. The
 * cluster starts 200 s before the wall clock, is advanced through its scenario, and
 * {@link #compare} moves it to the wall clock right before both runs (and runs again if a second
 * ticked over between them), so that a "5s" means the same in both.
 */
final class KubectlHarness implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("Client Version: v1\\.(\\d+)\\.");

    final String kubectl;
    final int minor;
    final Cluster cluster;
    final ApiServer server;
    final Console console;
    final Path home;
    final Path kubeconfig;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The kubectl binaries to compare against; skips the test when there is none. */
    static List<String> kubectls() {
        List<String> found = io.kubelab.engine.server.KubectlTest.kubectls();
        Assumptions.assumeFalse(found.isEmpty(), "no kubectl found: list kubectl binaries in KUBELAB_KUBECTL "
                + "(e.g. /path/to/kubectl-1.20/usr/bin/kubectl) or install one at /usr/bin/kubectl");
        return found;
    }

    KubectlHarness(String kubectl) {
        this.kubectl = kubectl;
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(200));
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1).withStart(start));
        cluster.settle();
        server = new ApiServer(cluster.api(), new DirectPodIO(cluster));
        console = new Console(cluster).register(new KubectlProgram());
        try {
            server.start("127.0.0.1", 0);
            home = Files.createTempDirectory("kubectl-home");
            kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - cluster:
                        server: http://127.0.0.1:%d
                      name: kubelab
                    contexts:
                    - context:
                        cluster: kubelab
                        user: kubelab
                      name: kubelab
                    current-context: kubelab
                    users:
                    - name: kubelab
                      user: {}
                    """.formatted(server.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run v = kubectl("version", "--client");
        Matcher m = VERSION.matcher(v.out());
        int parsed = 0;
        if (m.find()) {
            parsed = Integer.parseInt(m.group(1));
        } else {
            Matcher old = Pattern.compile("Minor:\"(\\d+)").matcher(v.out());
            if (old.find()) {
                parsed = Integer.parseInt(old.group(1));
            }
        }
        minor = parsed;
    }

    /** Runs the real kubectl with {@code args}. */
    Run kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        // kubectl prints local times in TZ; the console in the JVM's zone.
        pb.environment().put("TZ", ZoneId.systemDefault().getId());
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code kubectl args} in the console; a command still waiting after {@code limit} of simulated time is interrupted. */
    Run console(Duration limit, String... args) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Execution ex = console.start("kubectl " + line(args), Map.of(), new Output() {
            @Override
            public synchronized void out(String text) {
                out.append(text);
            }

            @Override
            public synchronized void err(String text) {
                err.append(text);
            }
        });
        if (!ex.isDone()) {
            cluster.runUntil(ex::isDone, limit);
            ex.interrupt();
        }
        return new Run(ex.exitCode(), out.toString(), err.toString());
    }

    Run console(String... args) {
        return console(Duration.ofSeconds(1), args);
    }

    /** The words as one command line, quoted for the console's bash-like splitting. */
    static String line(String... args) {
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(a.isEmpty() || a.matches(".*[\\s'\"$\\\\{}*;|&<>()].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return String.join(" ", quoted);
    }

    /** Moves the simulated clock up to the wall clock. */
    void catchUp() {
        advanceTo(Instant.now());
    }

    private void advanceTo(Instant t) {
        Duration behind = Duration.between(cluster.clock().now(), t);
        if (!behind.isNegative()) {
            cluster.advance(behind);
        }
    }

    /** The result of both runs of {@code args}, at the same moment as far as ages go. */
    record Pair(Run kubectl, Run console) {}

    /**
     * Runs kubectl, then the console at the second kubectl read its clock in. Timestamps have
     * second precision and ages are truncated to seconds, so any instant within that second gives
     * the same ages: when kubectl started and ended within one wall-clock second, the console runs
     * at the middle of it; otherwise just before kubectl ended. A second boundary can still fall
     * between the two, so a differing pair is run again a few times.
     */
    Pair both(String... args) {
        Pair last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            catchUp();
            Instant t0 = Instant.now();
            Run real = kubectl(args);
            Instant t1 = Instant.now();
            Instant second = t0.truncatedTo(ChronoUnit.SECONDS);
            advanceTo(second.equals(t1.truncatedTo(ChronoUnit.SECONDS)) ? second.plusMillis(500) : t1.minusMillis(100));
            Run ours = console(args);
            last = new Pair(real, ours);
            if (real.equals(ours)) {
                return last;
            }
        }
        return last;
    }

    @Override
    public void close() {
        server.close();
        cluster.close();
    }

    /**
     * The kubelets' logs and exec, called straight from the API server's threads: the test thread
     * waits for kubectl meanwhile, so nothing else touches the cluster.
     */
    static final class DirectPodIO implements PodIO {
        private final Cluster cluster;

        DirectPodIO(Cluster cluster) {
            this.cluster = cluster;
        }

        private Kubelet kubelet(Pod pod) {
            String node = pod.getSpec().getNodeName();
            return Kubelets.byNode(cluster, node == null ? "" : node).orElseThrow(() -> ApiException.badRequest(
                    "pod " + pod.getMetadata().getName() + " does not have a host assigned"));
        }

        @Override
        public synchronized ContainerLog log(Pod pod, String container, boolean previous, boolean follow) {
            Kubelet k = kubelet(pod);
            List<LogLine> lines = k.logs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container, previous)
                    .stream().map(l -> new LogLine(l.time(), l.text())).toList();
            return new ContainerLog() {
                @Override
                public List<LogLine> lines() {
                    return lines;
                }

                @Override
                public AutoCloseable follow(Consumer<LogLine> onLine, Runnable onEnd) {
                    var sub = k.followLogs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container,
                            l -> onLine.accept(new LogLine(l.time(), l.text())));
                    return sub::close;
                }
            };
        }

        @Override
        public synchronized ExecSession exec(Pod pod, String container, List<String> command, boolean stdin, boolean tty,
                                             ExecOutput output) {
            CompletableFuture<ExecResult> f = kubelet(pod).exec(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    container, command);
            f.whenComplete((r, e) -> {
                if (e != null) {
                    output.error(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                    return;
                }
                if (!r.stdout().isEmpty()) {
                    output.stdout(r.stdout().getBytes(StandardCharsets.UTF_8));
                }
                if (!r.stderr().isEmpty()) {
                    output.stderr(r.stderr().getBytes(StandardCharsets.UTF_8));
                }
                output.exit(r.exitCode());
            });
            return new ExecSession() {
                @Override
                public void stdin(byte[] data) {
                }

                @Override
                public void closeStdin() {
                }

                @Override
                public void resize(int width, int height) {
                }

                @Override
                public void terminate() {
                    f.cancel(false);
                }
            };
        }
    }
}
