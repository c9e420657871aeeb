package io.kubelab.app.bench;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubelab.app.cluster.ClusterCanvas;
import io.kubelab.app.cluster.ClusterLayout;
import io.kubelab.app.cluster.ClusterView;
import io.kubelab.app.cluster.ClusterViewModel;
import io.kubelab.app.cluster.Rect;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.app.theme.Theme;
import io.kubelab.app.theme.ThemeView;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Frames per second of the cluster view, against an empty scene's in the same run:
 *
 * <ol>
 *   <li>baseline: an empty scene of the same size, counting frames;</li>
 *   <li>10 nodes / 1,000 pods, and 5,000 nodes / 150,000 pods, created through the API (pods
 *       with {@code nodeName} set, then a Running status), while a churn thread rewrites pod
 *       statuses through the API (Running ↔ CrashLoopBackOff) at a fixed rate;</li>
 *   <li>for each, three views: all of it (fit), mid zoom (boxes), near (pods with containers),
 *       panning by a pixel every frame so that every frame is redrawn.</li>
 * </ol>
 *
 * <p>Run (a display is needed; on a headless machine wrap in {@code xvfb-run -a}):
 * {@code ./mvnw -B -pl app -am package -DskipTests -Pview-bench}. Arguments (exec.args):
 * {@code seconds=5 churn=500 big=5000x150000 small=10x1000}. Frames are not capped at 60 Hz
 * ({@code javafx.animation.fullspeed=true}), so the figures show the headroom.
 */
public final class ViewBenchmark {
    private ViewBenchmark() {}

    static int seconds = 5;
    static int churnPerSecond = 500;
    static int[] small = {10, 1_000};
    static int[] big = {5_000, 150_000};

    public static void main(String[] args) {
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "churn" -> churnPerSecond = Integer.parseInt(kv[1]);
                case "small" -> small = size(kv[1]);
                case "big" -> big = size(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (System.getProperty("javafx.animation.fullspeed") == null) {
            System.setProperty("javafx.animation.fullspeed", "true");
        }
        Application.launch(BenchApp.class, args);
    }

    private static int[] size(String s) {
        String[] p = s.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /** The benchmark's window; the director thread drives it. */
    public static final class BenchApp extends Application {
        private Stage stage;

        @Override
        public void start(Stage stage) {
            this.stage = stage;
            stage.setTitle("Kubelab view benchmark");
            Thread director = new Thread(this::direct, "benchmark-director");
            director.setDaemon(true);
            director.start();
        }

        private void direct() {
            List<String> report = new ArrayList<>();
            try {
                report.add(String.format("%-38s %8s %12s %12s %10s %12s %12s", "scenario", "fps", "draw ms/f", "events ms/f",
                        "events/s", "FX cpu ms/f", "render cpu/f"));
                double base = baseline(false);
                report.add(String.format("%-38s %8.1f %12s %12s %10s", "baseline: empty scene 1280x800", base, "-", "-", "-"));
                double repaint = baseline(true);
                report.add(String.format("%-38s %8.1f %12s %12s %10s", "baseline: canvas cleared every frame", repaint, "-", "-", "-"));
                for (int[] size : List.of(small, big)) {
                    report.addAll(scenario(size[0], size[1]));
                }
            } catch (Throwable t) {
                t.printStackTrace();
            }
            System.out.println();
            System.out.println("prism pipeline: " + com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()
                    + ", fullspeed=" + System.getProperty("javafx.animation.fullspeed") + ", " + seconds + " s per row, churn "
                    + churnPerSecond + " pod status updates/s, " + Runtime.getRuntime().availableProcessors() + " cpus");
            report.forEach(System.out::println);
            Platform.exit();
        }

        /**
         * Frames per second of an empty scene (nothing changes, so nothing is repainted: the pulse
         * rate), or of a window-sized canvas cleared every frame (a full repaint with nothing on it:
         * the most any canvas view can reach in this pipeline).
         */
        private double baseline(boolean repaint) throws Exception {
            javafx.scene.canvas.Canvas c = new javafx.scene.canvas.Canvas(1280, 800);
            onFx(() -> {
                stage.setScene(new Scene(repaint ? new StackPane(c) : new Pane(), 1280, 800));
                stage.show();
            });
            AtomicLong frames = new AtomicLong();
            AnimationTimer t = new AnimationTimer() {
                private boolean odd;

                @Override
                public void handle(long now) {
                    if (repaint) {
                        c.getGraphicsContext2D().setFill(odd ? javafx.scene.paint.Color.WHITE : javafx.scene.paint.Color.WHITESMOKE);
                        c.getGraphicsContext2D().fillRect(0, 0, 1280, 800);
                        odd = !odd;
                    }
                    frames.incrementAndGet();
                }
            };
            onFx(t::start);
            sleep(1);
            long f0 = frames.get();
            long t0 = System.nanoTime();
            sleep(seconds);
            double fps = (frames.get() - f0) / ((System.nanoTime() - t0) / 1e9);
            onFx(t::stop);
            return fps;
        }

        private List<String> scenario(int nodes, int pods) throws Exception {
            List<String> rows = new ArrayList<>();
            long fill0 = System.nanoTime();
            Cluster cluster = fill(nodes, pods);
            double fillSeconds = (System.nanoTime() - fill0) / 1e9;
            String name = String.format(Locale.ROOT, "%,d nodes / %,d pods", nodes, pods);
            System.out.printf("%s: filled through the API in %.1f s%n", name, fillSeconds);

            ClusterViewModel vm = new ClusterViewModel();
            ClusterFeed feed = new ClusterFeed();
            feed.addListener(vm);
            I18n i18n = new I18n(Locale.ENGLISH);
            ClusterCanvas[] canvas = new ClusterCanvas[1];
            onFx(() -> {
                canvas[0] = new ClusterCanvas(vm, i18n);
                Scene scene = new Scene(new StackPane(canvas[0]), 1280, 800);
                ThemeView.apply(scene, Theme.LIGHT);
                scene.getStylesheets().add(ClusterView.class.getResource("cluster.css").toExternalForm());
                stage.setScene(scene);
            });
            long attach0 = System.nanoTime();
            feed.attach(cluster);
            long[] firstBatch = new long[1];
            onFx(() -> {
                long t0 = System.nanoTime();
                feed.flush();
                firstBatch[0] = System.nanoTime() - t0;
            });
            System.out.printf("%s: watch from 0 (all ADDED) %.0f ms, first batch applied in %.0f ms%n", name,
                    (System.nanoTime() - attach0) / 1e6 - firstBatch[0] / 1e6, firstBatch[0] / 1e6);

            AtomicBoolean churning = new AtomicBoolean(true);
            AtomicLong updates = new AtomicLong();
            Thread churn = new Thread(() -> churn(cluster, nodes, pods, churning, updates), "benchmark-churn");
            churn.setDaemon(true);
            churn.start();

            ClusterLayout layout = onFxGet(vm::layout);
            Rect node0 = layout.node(0);
            Rect mid = layout.node(Math.min(layout.cols() * (layout.rows() / 2) + layout.cols() / 2, nodes - 1));
            rows.add(measure(name + ", fit", vm, feed, canvas[0], updates, v -> v.fit()));
            rows.add(measure(name + ", boxes (zoom 0.2)", vm, feed, canvas[0], updates,
                    v -> v.camera().centerOn(mid.centerX(), mid.centerY(), 0.2, 1280, 800)));
            rows.add(measure(name + ", pods (zoom 0.8)", vm, feed, canvas[0], updates,
                    v -> v.camera().centerOn(node0.centerX() + 200, node0.y() + 400, 0.8, 1280, 800)));
            churning.set(false);
            churn.join();
            feed.close();
            cluster.close();
            return rows;
        }

        private String measure(String name, ClusterViewModel vm, ClusterFeed feed, ClusterCanvas canvas, AtomicLong updates,
                               Consumer<ClusterViewModel> view) throws Exception {
            AtomicLong frames = new AtomicLong();
            AtomicLong flushNanos = new AtomicLong();
            long[] detail = new long[1];
            AnimationTimer t = new AnimationTimer() {
                private boolean right;

                @Override
                public void handle(long now) {
                    long f0 = System.nanoTime();
                    feed.flush();
                    flushNanos.addAndGet(System.nanoTime() - f0);
                    // A one-pixel pan every frame: every frame is a full redraw.
                    vm.camera().pan(right ? 1 : -1, 0);
                    right = !right;
                    canvas.onFrame(now);
                    frames.incrementAndGet();
                }
            };
            onFx(() -> {
                view.accept(vm);
                detail[0] = vm.detail().ordinal();
                t.start();
            });
            sleep(1);
            long[] cpu0 = {threadCpu("JavaFX Application Thread"), threadCpu("QuantumRenderer")};
            long f0 = frames.get();
            long d0 = canvas.drawNanos();
            long fl0 = flushNanos.get();
            long u0 = updates.get();
            long t0 = System.nanoTime();
            sleep(seconds);
            long elapsed = System.nanoTime() - t0;
            long f = frames.get() - f0;
            double fxCpuMs = (threadCpu("JavaFX Application Thread") - cpu0[0]) / 1e6 / Math.max(1, f);
            double renderCpuMs = (threadCpu("QuantumRenderer") - cpu0[1]) / 1e6 / Math.max(1, f);
            double drawMs = (canvas.drawNanos() - d0) / 1e6 / Math.max(1, f);
            double flushMs = (flushNanos.get() - fl0) / 1e6 / Math.max(1, f);
            double eventsPerSecond = (updates.get() - u0) / (elapsed / 1e9);
            onFx(t::stop);
            return String.format("%-38s %8.1f %12.2f %12.2f %10.0f %12.2f %12.2f", name + " [" + ClusterViewModel.Detail.values()[(int) detail[0]] + "]",
                    f / (elapsed / 1e9), drawMs, flushMs, eventsPerSecond, fxCpuMs, renderCpuMs);
        }

        /** Nodes as kubelets register them, pods bound and Running, all through the API. */
        private static Cluster fill(int nodes, int pods) {
            ClusterConfig config = ClusterConfig.defaults().withNodes(nodes);
            Cluster c = Cluster.create(config);
            c.events().setEnabled(false);
            for (int i = 0; i < nodes; i++) {
                c.api().create(DemoScenario.node(config, i), null);
            }
            int perNode = (pods + nodes - 1) / nodes;
            for (int i = 0; i < pods; i++) {
                int n = i / perNode;
                String name = "web-" + n + "-" + (i % perNode);
                Pod p = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                        .addToLabels("app", "web-" + (i % 7)).endMetadata()
                        .withNewSpec().withNodeName(ClusterConfig.nodeName(n)).addNewContainer().withName("web")
                        .withImage("nginx:1.7.9").endContainer().endSpec().build();
                Pod created = c.api().create(p, "default");
                Pod running = Kube.copy(created);
                running.getStatus().setPhase("Running");
                running.getStatus().setPodIP("10." + (n >> 8 & 255) + "." + (n & 255) + "." + (2 + i % perNode));
                running.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("web")
                        .withImage("nginx:1.7.9").withReady(true).withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build()));
                c.api().updateStatus(running);
            }
            return c;
        }

        /** Rewrites random pods' status through the API at {@link #churnPerSecond}. */
        private static void churn(Cluster c, int nodes, int pods, AtomicBoolean on, AtomicLong updates) {
            Random r = new Random(7);
            int perNode = (pods + nodes - 1) / nodes;
            long interval = 1_000_000_000L / Math.max(1, churnPerSecond);
            long next = System.nanoTime();
            while (on.get()) {
                int i = r.nextInt(pods);
                int n = i / perNode;
                Pod p = c.store().get(ResourceTypes.PODS, "default", "web-" + n + "-" + (i % perNode));
                if (p != null) {
                    Pod q = Kube.copy(p);
                    boolean crash = !"CrashLoopBackOff".equals(q.getStatus().getContainerStatuses().get(0).getState().getWaiting() == null
                            ? null : q.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
                    q.getStatus().getContainerStatuses().get(0).setState(crash
                            ? new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build()
                            : new ContainerStateBuilder().withNewRunning().endRunning().build());
                    q.getStatus().getContainerStatuses().get(0).setReady(!crash);
                    c.api().updateStatus(q);
                    updates.incrementAndGet();
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime();
                }
            }
        }

        /**
         * CPU time so far of the live thread whose name starts with {@code prefix} (JavaFX's
         * "QuantumRenderer-0" rasterizes, the application thread issues the commands): on a shared
         * machine a thread's CPU time per frame says what a frame costs, where fps also says how
         * often the neighbours let it run.
         */
        private static long threadCpu(String prefix) {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(prefix)) {
                    return mx.getThreadCpuTime(t.getId());
                }
            }
            return 0;
        }

        private static void sleep(int s) throws InterruptedException {
            TimeUnit.SECONDS.sleep(s);
        }

        private static void onFx(Runnable r) throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    r.run();
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            f.get();
        }

        private static <T> T onFxGet(java.util.concurrent.Callable<T> c) throws Exception {
            CompletableFuture<T> f = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    f.complete(c.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            return f.get();
        }
    }
}
