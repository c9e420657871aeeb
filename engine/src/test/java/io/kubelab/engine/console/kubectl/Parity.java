package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.server.ApiServer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulated cluster served over HTTP, with a console on it: the same command line can be run
 * by a real {@code kubectl} (against the API server, with its own {@code HOME}, kubeconfig and
 * working folder) and by the console's kubectl (straight on the engine), and both results compared.
 * The cluster's clock stands still unless a test moves it, so AGE columns agree.
 */
final class Parity implements AutoCloseable {
    static final String RUN_MY_NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
            spec:
              replicas: 2
              selector:
                matchLabels:
                  run: my-nginx
              template:
                metadata:
                  labels:
                    run: my-nginx
                spec:
                  containers:
                  - name: my-nginx
                    image: nginx
                    ports:
                    - containerPort: 80
            """;
    static final String NGINX_SVC = """
            apiVersion: v1
            kind: Service
            metadata:
              name: my-nginx
              labels:
                run: my-nginx
            spec:
              type: NodePort
              ports:
              - port: 80
                targetPort: 80
                protocol: TCP
                nodePort: 31000
              selector:
                run: my-nginx
            """;

    /** A Deployment the API server refuses for two reasons. */
    static final String INVALID = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              replicas: -1
              selector:
                matchLabels:
                  app: broken
              template:
                metadata:
                  labels:
                    app: broken
                spec:
                  containers:
                  - name: web
            """;

    final Cluster cluster;
    final ApiServer server;
    final Console console;
    final Path home;
    final Path kubeconfig;
    final Map<String, String> files = new LinkedHashMap<>();

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "rc=" + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Parity(ClusterConfig config) {
        cluster = Cluster.create(config);
        cluster.start();
        server = new ApiServer(cluster.api());
        try {
            int port = server.start("127.0.0.1", 0);
            console = Consoles.standard(cluster, "http://127.0.0.1:" + port);
            home = Files.createTempDirectory("kubectl-parity");
            kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - cluster:
                        server: http://127.0.0.1:%d
                      name: minikube
                    contexts:
                    - context:
                        cluster: minikube
                        namespace: default
                        user: minikube
                      name: minikube
                    current-context: minikube
                    users:
                    - name: minikube
                      user: {}
                    """.formatted(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deck's state: run-my-nginx (2 replicas) rolled out and the NodePort service, settled. */
    static Parity deck() {
        Parity p = new Parity(ClusterConfig.defaults());
        p.file("run-my-nginx.yaml", RUN_MY_NGINX);
        p.file("nginx-svc.yaml", NGINX_SVC);
        p.file("invalid.yaml", INVALID);
        p.cluster.apply(RUN_MY_NGINX);
        p.cluster.runUntil(p::rolledOut, Duration.ofMinutes(2));
        p.cluster.apply(NGINX_SVC);
        p.cluster.advance(Duration.ofSeconds(30));
        return p;
    }

    boolean rolledOut() {
        Deployment d = cluster.api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas().equals(d.getSpec().getReplicas());
    }

    /** A file of the working folder, for both kubectls. */
    void file(String name, String text) {
        files.put(name, text);
        try {
            Files.writeString(home.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A real kubectl for {@code line}, in the working folder, with its own {@code HOME} (so its discovery
     * cache) and the kubeconfig in {@code KUBECONFIG}: flags before the command would make kubectl
     * take an unknown command for a plugin.
     */
    private ProcessBuilder processBuilder(String kubectl, String line) {
        List<String> words = words(line);
        if (!words.get(0).equals("kubectl")) {
            throw new IllegalArgumentException("not a kubectl line: " + line);
        }
        List<String> command = new ArrayList<>(List.of(kubectl));
        command.addAll(words.subList(1, words.size()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        return pb;
    }

    /** Runs a real kubectl binary with {@code line}'s words, in the working folder; time stands still. */
    Result real(String kubectl, String line) {
        return real(kubectl, line, false);
    }

    /**
     * Runs a real kubectl; with {@code drive}, the cluster's time moves on (in steps of 100 ms) while
     * kubectl runs, for commands that wait for the cluster ({@code delete pod} waits for the kubelet).
     */
    Result real(String kubectl, String line, boolean drive) {
        ProcessBuilder pb = processBuilder(kubectl, line);
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (drive && p.isAlive() && System.nanoTime() < deadline) {
                p.waitFor(50, TimeUnit.MILLISECONDS);
                cluster.advance(Duration.ofMillis(100));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(line + " did not finish");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A command that runs until stopped ({@code get -w}). */
    interface Watching {
        /** Waits (wall time, at most 20 s) until the command has printed something. */
        default void awaitOutput() {
        }

        /** Waits (wall time) until the output has not grown for {@code millis}. */
        default void awaitQuiet(long millis) {
        }

        /** Stops it once its output has not grown for a second, and returns what it printed. */
        Result stopWhenQuiet();

        default Result stop() {
            return stopWhenQuiet();
        }
    }

    /** Starts a real kubectl that runs until stopped; the test moves the cluster meanwhile. */
    Watching startReal(String kubectl, String line) throws IOException {
        ProcessBuilder pb = processBuilder(kubectl, line);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        return new Watching() {
            @Override
            public void awaitOutput() {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try {
                    while (Files.size(out) == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void awaitQuiet(long millis) {
                try {
                    long size = -1;
                    while (Files.size(out) != size) {
                        size = Files.size(out);
                        Thread.sleep(millis);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public Result stopWhenQuiet() {
                try {
                    long size = -1;
                    while (Files.size(out) != size) {
                        size = Files.size(out);
                        Thread.sleep(1000);
                    }
                    p.destroy();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(p.isAlive() ? -1 : 0, Files.readString(out), Files.readString(err));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    /** Starts a console command that runs until interrupted. */
    Watching startConsole(String line) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Object lock = new Object();
        Execution e = console.start(line, files, new Output() {
            @Override
            public void out(String text) {
                synchronized (lock) {
                    out.append(text);
                }
            }

            @Override
            public void err(String text) {
                synchronized (lock) {
                    err.append(text);
                }
            }
        });
        return () -> {
            e.interrupt();
            synchronized (lock) {
                return new Result(e.exitCode(), out.toString(), err.toString());
            }
        };
    }

    /** Runs {@code line} through the console, moving time on until it finishes (at most {@code max}). */
    Result console(String line, Duration max) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Execution e = console.start(line, files, new Output() {
            @Override
            public synchronized void out(String text) {
                out.append(text);
            }

            @Override
            public synchronized void err(String text) {
                err.append(text);
            }
        });
        if (!e.isDone()) {
            cluster.runUntil(e::isDone, max, Duration.ofMillis(100));
            e.interrupt();
        }
        return new Result(e.exitCode(), out.toString(), err.toString());
    }

    /** Runs {@code line} through the console (it must finish without time moving). */
    Result console(String line) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Execution e = console.start(line, files, new Output() {
            @Override
            public void out(String text) {
                out.append(text);
            }

            @Override
            public void err(String text) {
                err.append(text);
            }
        });
        if (!e.isDone()) {
            e.interrupt();
        }
        return new Result(e.exitCode(), out.toString(), err.toString());
    }

    /** A command line's words: blanks split, single and double quotes group (enough for tests). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    @Override
    public void close() {
        server.close();
        cluster.close();
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
