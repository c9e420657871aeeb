package io.kubelab.app;

import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.demo.ConsoleScript;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.lessons.LessonsSettings;
import io.kubelab.app.runtime.ClusterFactories;
import io.kubelab.app.runtime.ClusterRuntime;
import io.kubelab.app.runtime.PlatformFactory;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.Selection;
import io.kubelab.app.theme.Theme;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JavaFX application: the main window over a simulated cluster.
 *
 * <p>System properties (for demos, screenshots and the projector):
 * <ul>
 *   <li>{@code kubelab.theme=light|dark|projector}, {@code kubelab.lang=en|zh-TW}: override the remembered ones</li>
 *   <li>{@code kubelab.nodes=N}: cluster size (default 3)</li>
 *   <li>{@code kubelab.runtime=sim|linux} (or {@code kubelab --runtime linux}; through Maven
 *       {@code ./mvnw javafx:run -Djavafx.args=--runtime=linux}): start on
 *       real containers (needs root; without it the app says why and stays simulated). The runtime
 *       menu switches later.</li>
 *   <li>{@code kubelab.demo=nginx|showcase|kernel}: a start-up scenario ({@link DemoScenario})</li>
 *   <li>{@code kubelab.inspector=why|kernel}: with {@code kubelab.select}, open the inspector's "Why?" or Kernel tab</li>
 *   <li>{@code kubelab.select=pods/default/crashy}: select an object at start</li>
 *   <li>{@code kubelab.lesson=10-nginx-deployment/create}: open a lesson step at start
 *       ({@code kubelab.lesson.hints=N}: with N hints shown)</li>
 *   <li>{@code kubelab.slide=N}: show slide N of the deck; {@code kubelab.present=true}: open
 *       presenter mode (and screenshot its presenter window)</li>
 *   <li>{@code kubelab.select=pods/default/crashy}: select an object at start (after the demo; without
 *       one, a second before the screenshot)</li>
 *   <li>{@code kubelab.console=@2 kubectl apply -f run-my-nginx.yaml|@20 kubectl get pods}: lines typed
 *       into the console pane at those simulated seconds, time being stepped ({@link ConsoleScript});
 *       {@code kubelab.console.end=25} where the clock stops before time runs again (unless
 *       {@code kubelab.console.pause=true}, which keeps it stopped there); a screenshot
 *       is then taken {@code kubelab.screenshot.delay} seconds after the script</li>
 *   <li>{@code kubelab.tab=console|editor|timeline}: the bottom tab to show; {@code kubelab.divider.bottom=0.55}
 *       where the bottom tabs begin (a fraction of the height); {@code kubelab.divider.side=0.4} where the
 *       inspector begins (a fraction of the cluster view and inspector's width)</li>
 *   <li>{@code kubelab.screenshot=FILE.png}: save the window after {@code kubelab.screenshot.delay}
 *       seconds (default 4) and exit; the layout is then neither read nor saved, the size is
 *       {@code kubelab.size=1440x900}</li>
 * </ul>
 */
public final class KubelabApp extends Application {
    private volatile MainViewModel viewModel;
    private MainView view;
    private WindowState.Store windowStore;
    private Stage stage;
    private WindowLayout layout;

    static void launchApp(String[] args) {
        StartupProbe.mark("main");
        // The cluster, the lessons and the deck are built while JavaFX starts (EarlyStart).
        EarlyStart.begin(KubelabApp::openSession);
        Application.launch(KubelabApp.class, args);
    }

    /**
     * Makes the clusters the window shows on each runtime (at start, on every reset and switch),
     * from the system properties.
     */
    private static java.util.function.Function<ClusterRuntime, java.util.function.Supplier<Cluster>> runtimes() {
        int nodes = Integer.getInteger("kubelab.nodes", ClusterConfig.defaults().nodes());
        ClusterConfig config = ClusterConfig.defaults().withNodes(nodes);
        if (System.getProperty("kubelab.screenshot") == null) {
            // Wall time, as `kubelab serve`: the real kubectl computes ages from its own clock.
            config = config.withStart(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        ClusterConfig startConfig = config;
        return r -> ClusterFactories.of(r, startConfig, PlatformFactory.LINUX);
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        StartupProbe.mark("JavaFX started");
        EarlyStart.warmUpControls();
        String screenshot = System.getProperty("kubelab.screenshot");
        windowStore = screenshot != null ? WindowState.none() : WindowState.forCurrentUser();
        WindowState state = windowStore.load();
        Theme theme = Theme.byId(System.getProperty("kubelab.theme", state.theme()));
        Locale locale = Locale.forLanguageTag(System.getProperty("kubelab.lang", state.language()));
        java.util.function.Function<ClusterRuntime, java.util.function.Supplier<Cluster>> runtimes = runtimes();
        ClusterSession session = EarlyStart.session(KubelabApp::openSession);
        // Closed abruptly (SIGTERM, Ctrl-C in the terminal), real mode still removes its containers,
        // namespaces and cgroups; after a normal exit the session is closed already and this does nothing.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            MainViewModel vm = viewModel;
            if (vm != null) {
                vm.close();
            } else {
                session.close();
            }
        }, "kubelab-shutdown"));
        // Screenshots must neither read nor write the user's progress.
        LessonsSettings lessonSettings = screenshot != null ? LessonsSettings.inMemory() : LessonsSettings.forCurrentUser();
        viewModel = new MainViewModel(session, locale, theme,
                new io.kubelab.app.inspector.SchedulerExplainer(session::cluster), ClusterFaultInjector::new,
                Platform::runLater, BundledContent.lessons(), lessonSettings, java.time.InstantSource.system(),
                runtimes, MainViewModel.backgroundThread());
        // The Kernel tab asks the platform the session runs on now: a runtime switch or a reset makes a new one.
        viewModel.inspector().kernel().setSource(new io.kubelab.app.inspector.LinuxKernelSource(
                () -> session.cluster().config().platform() instanceof io.kubelab.linux.LinuxPlatform p ? p : null));
        StartupProbe.mark("view model");
        view = new MainView(viewModel);
        StartupProbe.mark("view built");
        double w = state.width();
        double h = state.height();
        String size = System.getProperty("kubelab.size");
        if (size != null && size.matches("\\d+x\\d+")) {
            w = Double.parseDouble(size.substring(0, size.indexOf('x')));
            h = Double.parseDouble(size.substring(size.indexOf('x') + 1));
        } else if (screenshot != null) {
            w = WindowState.DEFAULT.width();
            h = WindowState.DEFAULT.height();
        }
        Scene scene = new Scene(view.root(), w, h);
        view.install(scene);
        stage.titleProperty().bind(viewModel.title());
        stage.setScene(scene);
        WindowState shown = screenshot != null ? WindowState.DEFAULT : state;
        String sideDivider = System.getProperty("kubelab.divider.side");
        String bottomDivider = System.getProperty("kubelab.divider.bottom");
        if (sideDivider != null || bottomDivider != null) {
            shown = new WindowState(shown.x(), shown.y(), shown.width(), shown.height(), shown.maximized(),
                    shown.lessonDivider(),
                    sideDivider != null ? Double.parseDouble(sideDivider) : shown.sideDivider(),
                    bottomDivider != null ? Double.parseDouble(bottomDivider) : shown.bottomDivider(),
                    shown.learnTab(), shown.bottomTab(), shown.theme(), shown.language());
        }
        layout = WindowLayout.apply(shown, stage, view, screenshot == null);
        if (size != null && size.matches("\\d+x\\d+")) {
            stage.setWidth(w);
            stage.setHeight(h);
        }
        stage.show();
        StartupProbe.mark("shown");
        reportFirstFrame();
        if (unavailable != null) {
            viewModel.runtime().reportUnavailable(unavailable);
        }
        // Not needed for the first frame: kube-proxy's traffic and the kubectl API come after it.
        connect(session, session.cluster());
        session.addClusterListener(c -> connect(session, c));

        String demo = System.getProperty("kubelab.demo");
        if (demo != null) {
            session.submit(() -> {
                DemoScenario.run(demo, session.cluster());
                return null;
            }).whenComplete((v, e) -> Platform.runLater(() -> {
                if (e != null) {
                    System.getLogger(KubelabApp.class.getName()).log(System.Logger.Level.ERROR, "demo failed", e);
                }
                select(System.getProperty("kubelab.select"));
            }));
            if (DemoScenario.SHOWCASE.equals(demo)) {
                demoTraffic(session);
            }
        }
        String lesson = System.getProperty("kubelab.lesson");
        if (lesson != null) {
            viewModel.lessons().openStep(lesson);
            for (int i = Integer.getInteger("kubelab.lesson.hints", 0); i > 0; i--) {
                viewModel.lessons().revealHint();
            }
        }
        String slide = System.getProperty("kubelab.slide");
        if (slide != null && slide.matches("\\d+")) {
            viewModel.slides().goTo(Integer.parseInt(slide) - 1);
            view.showSlides();
        }
        Scene shotScene = scene;
        if (Boolean.getBoolean("kubelab.present")) {
            view.presenterView().open(stage);
            if (screenshot != null) {
                // The presenter's window is the picture; both windows stay off the real screen's way.
                Stage presenter = view.presenterView().presenterStage();
                presenter.setWidth(w);
                presenter.setHeight(h);
                shotScene = presenter.getScene();
            }
        }
        Scene finalShotScene = shotScene;
        String tab = System.getProperty("kubelab.tab");
        if ("console".equals(tab)) {
            view.showConsole();
        } else if ("editor".equals(tab)) {
            view.showEditor();
        } else if ("timeline".equals(tab)) {
            view.bottomTabs().getSelectionModel().select(2);
        }
        CompletableFuture<Void> scripted = CompletableFuture.completedFuture(null);
        String script = System.getProperty("kubelab.console");
        if (script != null && !script.isBlank()) {
            // Time is stepped while the lines are typed, so the picture does not depend on the machine's speed.
            viewModel.controls().pausedProperty().set(true);
            double end = Double.parseDouble(System.getProperty("kubelab.console.end", "0"));
            boolean stayPaused = Boolean.getBoolean("kubelab.console.pause");
            scripted = ConsoleScript.parse(script).play(session, viewModel.console(), end, Platform::runLater)
                    .thenRun(() -> viewModel.controls().pausedProperty().set(stayPaused));
        }
        if (screenshot != null) {
            scripted.thenRun(() -> screenshotLater(finalShotScene, screenshot, demo));
        }
    }

    /** Why real mode, asked for at start, could not start; {@code null} when it was not asked for or started. */
    private static volatile String unavailable;

    /**
     * The session on the runtime asked for; simulated when real mode cannot start here
     * ({@link #unavailable} says why). On {@link EarlyStart}'s thread, or the FX thread.
     */
    private static ClusterSession openSession() {
        var runtimes = runtimes();
        if (wantedRuntime() == ClusterRuntime.LINUX) {
            try {
                return ClusterSession.running(runtimes.apply(ClusterRuntime.LINUX), 50, false);
            } catch (ClusterFactories.RealModeFailure e) {
                unavailable = e.getMessage();
            }
        }
        return ClusterSession.running(runtimes.apply(ClusterRuntime.SIMULATED), 50, false);
    }

    /**
     * {@code -Dkubelab.runtime=linux}, else simulated. {@code kubelab --runtime linux} (and so
     * {@code ./mvnw javafx:run -Djavafx.args=--runtime=linux}) sets the property before the launch.
     */
    private static ClusterRuntime wantedRuntime() {
        String value = System.getProperty(ClusterRuntime.PROPERTY);
        if (value == null) {
            return ClusterRuntime.SIMULATED;
        }
        return ClusterRuntime.parse(value).orElseGet(() -> {
            System.err.println("kubelab: unknown runtime '" + value + "'; choose sim or linux. Starting simulated.");
            return ClusterRuntime.SIMULATED;
        });
    }

    /**
     * The start-up check ({@link StartupProbe}): the window counts as up and interactive at the
     * second pulse after the cluster view has the cluster's nodes — the first frame that shows them
     * is on screen and the FX thread is free for input. Prints the stages and exits.
     */
    private void reportFirstFrame() {
        if (!StartupProbe.on()) {
            return;
        }
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
                if (frames == 0 && viewModel.cluster().countsProperty().get().nodes() == 0) {
                    return;
                }
                if (++frames == 2) {
                    stop();
                    StartupProbe.mark("first frame, input");
                    long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                    StartupProbe.marks().forEach(m -> System.out.println("kubelab: startup " + m));
                    StartupProbe.cpuByThread().forEach(m -> System.out.println("kubelab: cpu " + m));
                    System.out.println("kubelab: window shown and interactive " + uptime + " ms after the JVM started");
                    Platform.exit();
                }
            }
        }.start();
    }

    private final java.util.concurrent.ExecutorService apiThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kubelab-api");
        t.setDaemon(true);
        return t;
    });
    /** The API server and its port: only on the "kubelab-api" thread. */
    private io.kubelab.engine.server.ApiServer apiServer;
    private int apiPort;

    /**
     * Connects a (new) cluster to what surrounds it: kube-proxy's traffic to the view, and the
     * kubectl-compatible API server, so the real kubectl changes what the window shows. The API
     * keeps its port across resets; its kubeconfig line is shown in the status bar.
     */
    private void connect(ClusterSession session, Cluster cluster) {
        io.kubelab.engine.proxy.ServiceProxy.of(cluster).ifPresent(proxy -> proxy.subscribe(e -> {
            if (e.service() != null && e.podName() != null) {
                viewModel.trafficSink().traffic(new io.kubelab.app.cluster.TrafficRecord(e.service(), e.podNode(), e.podName()));
            }
        }));
        if (Boolean.getBoolean("kubelab.noApi") || session.loop() == null) {
            return;
        }
        // Netty and the server's routes load ~600 classes: off the FX thread, one start or stop at a time.
        try {
            apiThread.execute(() -> startApi(cluster, session));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the app is stopping
        }
    }

    /** (Re)starts the API server over {@code cluster}. The "kubelab-api" thread. */
    private void startApi(Cluster cluster, ClusterSession session) {
        try {
            if (apiServer != null) {
                apiServer.close();
            }
            apiServer = new io.kubelab.engine.server.ApiServer(cluster.api());
            apiServer.setPodIO(new io.kubelab.engine.server.KubeletPodIO(session.loop()));
            int wanted = apiPort != 0 ? apiPort : Integer.getInteger("kubelab.port", 6443);
            try {
                apiPort = apiServer.start("127.0.0.1", wanted);
            } catch (java.net.BindException busy) {
                apiPort = apiServer.start("127.0.0.1", 0);
            }
            java.nio.file.Path kubeconfig = io.kubelab.app.cli.Kubeconfig.defaultPath(null);
            io.kubelab.app.cli.Kubeconfig.write(kubeconfig, "http://127.0.0.1:" + apiPort);
            String line = "export KUBECONFIG=" + kubeconfig;
            Platform.runLater(() -> viewModel.setKubeconfigLine(line));
        } catch (java.io.IOException | RuntimeException e) {
            System.getLogger(KubelabApp.class.getName()).log(System.Logger.Level.WARNING,
                    "the kubectl API could not start: " + e.getMessage());
        }
    }

    /** Without kube-proxy in the cluster, the showcase shows what its traffic looks like. */
    private void demoTraffic(ClusterSession session) {
        if (session.cluster().components().keySet().stream().anyMatch(n -> n.startsWith("kube-proxy"))) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        Timeline t = new Timeline(new KeyFrame(Duration.millis(450),
                e -> DemoScenario.sendRequest(session.cluster(), viewModel.trafficSink(), n.getAndIncrement())));
        t.setCycleCount(Timeline.INDEFINITE);
        t.play();
    }

    /** Saves the window after {@code kubelab.screenshot.delay} seconds and exits. UI thread. */
    private void screenshotLater(Scene scene, String screenshot, String demo) {
        double delay = Double.parseDouble(System.getProperty("kubelab.screenshot.delay", "4"));
        // Also after a demo: a reset batch of the feed (the cluster view starting over) may have cleared the first selection.
        if (System.getProperty("kubelab.select") != null) {
            PauseTransition before = new PauseTransition(Duration.seconds(Math.max(0, delay - 1)));
            before.setOnFinished(e -> select(System.getProperty("kubelab.select")));
            before.play();
        }
        PauseTransition wait = new PauseTransition(Duration.seconds(delay));
        wait.setOnFinished(e -> {
            try {
                Screenshot.save(scene, Path.of(screenshot));
                System.out.println("screenshot: " + screenshot);
            } catch (Exception ex) {
                System.err.println("screenshot failed: " + ex);
            }
            Platform.exit();
        });
        wait.play();
    }

    private void select(String spec) {
        if (spec == null) {
            return;
        }
        String[] parts = spec.split("/");
        ResourceTypes.byPlural(parts[0]).ifPresent(type -> {
            String ns = parts.length == 3 ? parts[1] : null;
            String name = parts[parts.length - 1];
            viewModel.cluster().selectionProperty().set(new Selection.ObjectRef(type, ns, name));
        });
        // kubelab.inspector=why: the inspector shows the scheduler's verdict (screenshots of a Pending pod's "why");
        // kubelab.inspector=kernel: the pod's kernel objects (real mode).
        if ("why".equals(System.getProperty("kubelab.inspector"))) {
            view.inspectorView().tabs().getSelectionModel().select(2);
        } else if ("kernel".equals(System.getProperty("kubelab.inspector"))) {
            view.inspectorView().tabs().getSelectionModel().select(3);
        }
    }

    @Override
    public void stop() {
        apiThread.execute(() -> {
            if (apiServer != null) {
                apiServer.close();
            }
        });
        apiThread.shutdown();
        try {
            apiThread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (view != null) {
            view.stop();
            if (layout != null) {
                windowStore.save(layout.capture(viewModel.theme().theme().id(), viewModel.i18n().locale().toLanguageTag()));
            }
        }
        if (viewModel != null) {
            viewModel.close();
        }
    }
}
