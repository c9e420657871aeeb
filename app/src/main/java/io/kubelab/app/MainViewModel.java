package io.kubelab.app;

import io.kubelab.app.cluster.ClusterViewModel;
import io.kubelab.app.cluster.TrafficSink;
import io.kubelab.app.console.ConsoleViewModel;
import io.kubelab.app.console.WorkingFolder;
import io.kubelab.app.controls.FaultInjector;
import io.kubelab.app.controls.FaultsViewModel;
import io.kubelab.app.controls.SimulationControlsViewModel;
import io.kubelab.app.editor.YamlEditorViewModel;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.inspector.InspectorViewModel;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.lessons.LessonsSettings;
import io.kubelab.app.lessons.LessonsViewModel;
import io.kubelab.app.runtime.ClusterFactories;
import io.kubelab.app.runtime.ClusterRuntime;
import io.kubelab.app.runtime.PlatformFactory;
import io.kubelab.app.runtime.RuntimeViewModel;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.Selection;
import io.kubelab.app.slides.SlidesViewModel;
import io.kubelab.app.theme.Theme;
import io.kubelab.app.theme.ThemeViewModel;
import io.kubelab.app.timeline.TimelineViewModel;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.replay.ConsoleSolutionRunner;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The main window's view model: composes the feature view models over one cluster session and
 * wires them together (one selection shared by the cluster view and the inspector; the timeline
 * follows the namespace filter; the last message of any pane goes to the status line).
 */
public final class MainViewModel implements AutoCloseable {
    private final ClusterSession session;
    private final I18n i18n;
    private final ThemeViewModel theme;
    private final ClusterViewModel cluster = new ClusterViewModel();
    private final io.kubelab.app.cluster.TrafficHub traffic = new io.kubelab.app.cluster.TrafficHub();
    private final TimelineViewModel timeline = new TimelineViewModel();
    private final InspectorViewModel inspector;
    private final SimulationControlsViewModel controls;
    private final FaultsViewModel faults;
    private final LessonsViewModel lessons;
    private final SlidesViewModel slides;
    private final ConsoleViewModel console;
    private final YamlEditorViewModel editor;
    private final RuntimeViewModel runtime;
    private final Executor background;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final StringProperty kubeconfigLine = new SimpleStringProperty(this, "kubeconfigLine", "");

    /**
     * With the bundled lessons and deck, progress kept in memory only and the wall clock as the
     * presenter's timer.
     *
     * @param ui runs work on the UI thread ({@code Platform::runLater})
     */
    public MainViewModel(ClusterSession session, Locale locale, Theme initialTheme, SchedulingExplainer explainer,
                         Function<Cluster, FaultInjector> faultInjectors, Executor ui) {
        this(session, locale, initialTheme, explainer, faultInjectors, ui, BundledContent.lessons(),
                LessonsSettings.inMemory(), InstantSource.system());
    }

    /**
     * @param ui             runs work on the UI thread ({@code Platform::runLater})
     * @param lessonList     the lessons in teaching order
     * @param lessonSettings where progress is kept, and for whom
     * @param presenterClock the presenter's timer's clock
     */
    public MainViewModel(ClusterSession session, Locale locale, Theme initialTheme, SchedulingExplainer explainer,
                         Function<Cluster, FaultInjector> faultInjectors, Executor ui, List<Lesson> lessonList,
                         LessonsSettings lessonSettings, InstantSource presenterClock) {
        this(session, locale, initialTheme, explainer, faultInjectors, ui, lessonList, lessonSettings, presenterClock,
                r -> ClusterFactories.of(r, ClusterConfig.defaults(), PlatformFactory.LINUX), backgroundThread());
    }

    /**
     * @param runtimes   the cluster factory of each runtime, for the runtime switch ({@link ClusterFactories#of})
     * @param background where the runtime switch builds and tears down clusters (never the UI thread)
     */
    public MainViewModel(ClusterSession session, Locale locale, Theme initialTheme, SchedulingExplainer explainer,
                         Function<Cluster, FaultInjector> faultInjectors, Executor ui, List<Lesson> lessonList,
                         LessonsSettings lessonSettings, InstantSource presenterClock,
                         Function<ClusterRuntime, java.util.function.Supplier<Cluster>> runtimes, Executor background) {
        this.session = session;
        this.background = background;
        this.i18n = new I18n(locale);
        this.theme = new ThemeViewModel(initialTheme);
        this.inspector = new InspectorViewModel(session, i18n, ui, explainer, timeline::eventsOf);
        this.controls = new SimulationControlsViewModel(session, i18n, ui);
        this.faults = new FaultsViewModel(session, i18n, faultInjectors, ui, cluster::setStopped);
        this.console = new ConsoleViewModel(session, i18n, ui);
        this.editor = new YamlEditorViewModel(session, i18n, ui);
        // The console's working folder: the deck's files until a lesson brings its own; the editor opens the same.
        console.filesProperty().set(WorkingFolder.deck());
        editor.filesProperty().bind(console.filesProperty());
        // Order matters: the timeline has a batch's events before the inspector asks for an object's events.
        session.feed().addListener(cluster);
        traffic.add(cluster);
        session.feed().addListener(timeline);
        session.feed().addListener(inspector);
        this.lessons = new LessonsViewModel(session, i18n, ui, lessonList, lessonSettings);
        session.feed().addListener(lessons);
        // The lessons and the console: a command button types its line into the console's input
        // (the student presses Enter), checks read what was entered, and a checkpoint's commands
        // are replayed through the console of the cluster of the moment.
        lessons.setCommandSink(line -> console.inputProperty().set(line));
        lessons.setConsoleHistory(() -> console.console().history());
        lessons.setSolutionRunner((line, files) -> new ConsoleSolutionRunner(console.console()).run(line, files));
        this.slides = new SlidesViewModel(i18n, BundledContent.introDeck(), presenterClock, lessonSettings.io(), ui);
        // A slide's links lead into the lesson panel.
        slides.setOpenStep(lessons::openStep);
        slides.setRestoreCheckpoint(lessons::resetToCheckpoint);
        lessons.messageProperty().addListener((o, a, b) -> status.set(b));
        slides.messageProperty().addListener((o, a, b) -> status.set(b));
        inspector.selectionProperty().bindBidirectional(cluster.selectionProperty());
        timeline.namespaceProperty().bind(cluster.namespaceFilterProperty());
        controls.messageProperty().addListener((o, a, b) -> status.set(b));
        faults.messageProperty().addListener((o, a, b) -> status.set(b));
        // The runtime switch: real containers run on the wall clock (1×, running, step and speed off).
        this.runtime = new RuntimeViewModel(session, i18n, ui, background, runtimes);
        runtime.setBeforeSwitch(target -> {
            if (target.wallTime()) {
                controls.pausedProperty().set(false);
                controls.speedProperty().set(1);
            }
        });
        controls.wallTimeProperty().bind(runtime.runtimeProperty().isEqualTo(ClusterRuntime.LINUX));
        controls.setWallTimeReset(runtime::rebuild);
        lessons.realModeProperty().bind(runtime.runtimeProperty().isEqualTo(ClusterRuntime.LINUX));
        runtime.messageProperty().addListener((o, a, b) -> status.set(b));
        title = javafx.beans.binding.Bindings.createStringBinding(() -> i18n.get(
                        runtime.runtime() == ClusterRuntime.LINUX ? "app.title.linux" : "app.title"),
                runtime.runtimeProperty(), i18n.localeProperty());
        kubeconfigLine.set(i18n.get("status.kubeconfig.none"));
        i18n.localeProperty().addListener((o, a, b) -> {
            if (!kubeconfigLineSet) {
                kubeconfigLine.set(i18n.get("status.kubeconfig.none"));
            }
        });
    }

    private boolean kubeconfigLineSet;
    private final javafx.beans.binding.StringBinding title;

    /** One daemon thread for the runtime switch's slow work (building and removing real containers). */
    public static Executor backgroundThread() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubelab-runtime-switch");
            t.setDaemon(true);
            return t;
        });
    }

    /** The window's title: "Kubelab", or "Kubelab — real containers (Linux)" in real mode. */
    public javafx.beans.binding.StringBinding title() {
        return title;
    }

    /** The runtime switch: simulated ⇄ real containers. */
    public RuntimeViewModel runtime() {
        return runtime;
    }

    /** Deletes the selected pod (the Delete key). */
    public void deleteSelectedPod() {
        if (cluster.selectionProperty().get() instanceof Selection.ObjectRef ref && ref.type() == ResourceTypes.PODS) {
            faults.deletePod(ref.namespace(), ref.name());
        }
    }

    /** The inspector's object into the YAML editor pane (its "YAML editor" button). */
    public void openSelectionInEditor() {
        if (inspector.editableProperty().get()) {
            editor.openObject(inspector.yamlProperty().get(), inspector.titleProperty().get());
        }
    }

    /**
     * Shows where {@code kubelab serve}'s API and kubeconfig are, e.g.
     * {@code kubeconfig: ~/.kube/kubelab (https://127.0.0.1:8443)}. Set by whoever starts the server.
     */
    public void setKubeconfigLine(String line) {
        kubeconfigLineSet = true;
        kubeconfigLine.set(line);
    }

    public StringProperty kubeconfigLineProperty() {
        return kubeconfigLine;
    }

    /** Where kube-proxy's simulated requests are sent to be animated. */
    public TrafficSink trafficSink() {
        return traffic;
    }

    /** The same requests, for live widgets that come and go with their slide. */
    public io.kubelab.app.cluster.TrafficHub trafficHub() {
        return traffic;
    }

    public ClusterSession session() {
        return session;
    }

    public I18n i18n() {
        return i18n;
    }

    public ThemeViewModel theme() {
        return theme;
    }

    public ClusterViewModel cluster() {
        return cluster;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    public InspectorViewModel inspector() {
        return inspector;
    }

    public SimulationControlsViewModel controls() {
        return controls;
    }

    public FaultsViewModel faults() {
        return faults;
    }

    /** The lesson panel; the console fills its seams ({@code setCommandSink}, {@code setConsoleHistory}, {@code setSolutionRunner}). */
    public LessonsViewModel lessons() {
        return lessons;
    }

    /** The deck and presenter mode. */
    public SlidesViewModel slides() {
        return slides;
    }

    /** The console pane; {@code console().console().history()} is what lessons check. */
    public ConsoleViewModel console() {
        return console;
    }

    public YamlEditorViewModel editor() {
        return editor;
    }

    /** The last outcome of a control or a fault. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * Lets a runtime switch under way finish (its old cluster's real containers are being removed),
     * then closes the session: with real containers, nothing of them is left. Idempotent.
     */
    @Override
    public void close() {
        if (background instanceof java.util.concurrent.ExecutorService pool) {
            pool.shutdown();
            try {
                pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        session.close();
    }
}
