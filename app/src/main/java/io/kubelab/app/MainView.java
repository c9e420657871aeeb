package io.kubelab.app;

import io.kubelab.app.cluster.ClusterView;
import io.kubelab.app.console.ConsoleView;
import io.kubelab.app.controls.SimulationControlsView;
import io.kubelab.app.editor.YamlEditorView;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.inspector.InspectorView;
import io.kubelab.app.lessons.LessonsView;
import io.kubelab.app.presenter.PresenterView;
import io.kubelab.app.session.FrameLoop;
import io.kubelab.app.slides.SlidesView;
import io.kubelab.app.theme.ThemeView;
import io.kubelab.app.timeline.TimelineView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import org.fxmisc.richtext.GenericStyledArea;

/**
 * The main window: simulation controls on top; the lesson panel and the deck (tabs) on the left,
 * the cluster view beside the inspector; below, in tabs, the console, the YAML editor and the
 * event timeline; a status line with the kubeconfig, counts and the last message.
 *
 * <p>Keyboard: Space pause/resume, {@code .} step, {@code +}/{@code -} speed, Ctrl+L language,
 * Ctrl+T theme, Ctrl+0 fit the cluster, F5 presenter mode, Delete deletes the selected pod,
 * Ctrl+` the console, Ctrl+E the YAML editor. Single keys are ignored while a text field has the
 * focus; in the console's input line Ctrl+L clears the screen, as in a terminal.
 */
public final class MainView {
    private final BorderPane root = new BorderPane();
    private final MainViewModel viewModel;
    private final ClusterView clusterView;
    private final InspectorView inspectorView;
    private final TimelineView timelineView;
    private final SimulationControlsView controlsView;
    private final ConsoleView consoleView;
    private final YamlEditorView editorView;
    private final TabPane bottom = new TabPane();
    private final Tab consoleTab = new Tab();
    private final Tab editorTab = new Tab();
    private final SplitPane side;
    private final SplitPane lessonSplit;
    private final TabPane learnTabs;
    private final Tab lessonTab;
    private final Tab slidesTab;
    private final LessonsView lessonsView;
    private final SlidesView slidesView;
    private final PresenterView presenterView;
    private final SplitPane vertical;
    private final StackPane consoleSlot = new StackPane();
    private final FrameLoop frames;
    private final Button language = new Button();
    private final HBox header;
    private final io.kubelab.app.runtime.RuntimeView runtimeView;
    private ThemeView themeView;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        I18n i18n = viewModel.i18n();
        root.setId("main");
        root.getStyleClass().add("kubelab-root");
        clusterView = new ClusterView(viewModel.cluster(), i18n, viewModel.faults());
        inspectorView = new InspectorView(viewModel.inspector(), i18n);
        timelineView = new TimelineView(viewModel.timeline(), i18n);
        controlsView = new SimulationControlsView(viewModel.controls(), i18n, this::window);
        consoleView = new ConsoleView(viewModel.console(), i18n);
        editorView = new YamlEditorView(viewModel.editor(), i18n);
        inspectorView.setOnOpenInEditor(() -> {
            viewModel.openSelectionInEditor();
            showEditor();
        });

        Label title = new Label();
        title.setId("title");
        title.getStyleClass().add("app-title");
        title.textProperty().bind(i18n.text("app.title"));
        Label subtitle = new Label();
        subtitle.setId("subtitle");
        subtitle.getStyleClass().add("app-subtitle");
        subtitle.textProperty().bind(i18n.text("app.subtitle"));
        language.setId("language-button");
        language.textProperty().bind(i18n.text("language.switch"));
        language.setOnAction(e -> i18n.next());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // Two rows, so that the projector theme's large type fits: the app and its switches, then the controls.
        runtimeView = new io.kubelab.app.runtime.RuntimeView(viewModel.runtime(), i18n, this::window);
        header = new HBox(14, title, subtitle, spacer, runtimeView.root(), language);
        header.setId("header");
        header.getStyleClass().add("app-header");
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(4, 10, 2, 10));
        // While the runtime switch builds or removes a cluster, the controls wait.
        controlsView.root().disableProperty().bind(viewModel.runtime().busyProperty());
        HBox controlsRow = new HBox(controlsView.root());
        controlsRow.getStyleClass().add("app-controls");
        controlsRow.setPadding(new Insets(2, 10, 4, 10));
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(header, controlsRow);
        top.getStyleClass().add("app-top");
        root.setTop(top);

        side = new SplitPane(clusterView.root(), inspectorView.root());
        side.setId("side-split");
        side.setDividerPositions(WindowState.DEFAULT.sideDivider());
        SplitPane.setResizableWithParent(inspectorView.root(), false);

        // The lesson and the deck on the left of the cluster view, as in a guided lab.
        lessonsView = new LessonsView(viewModel.lessons(), i18n);
        slidesView = new SlidesView(viewModel.slides(), i18n, viewModel.theme().themeProperty(), this::window);
        presenterView = new PresenterView(viewModel.slides(), i18n, viewModel.theme().themeProperty());
        learnTabs = new TabPane();
        learnTabs.setId("learn-tabs");
        learnTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lessonTab = new Tab();
        lessonTab.setId("tab-lesson");
        lessonTab.textProperty().bind(i18n.text("lessons.title"));
        lessonTab.setContent(lessonsView.root());
        slidesTab = new Tab();
        slidesTab.setId("tab-slides");
        slidesTab.textProperty().bind(i18n.text("slides.title"));
        slidesTab.setContent(slidesView.root());
        learnTabs.getTabs().addAll(lessonTab, slidesTab);
        learnTabs.setMinWidth(0);
        slidesView.setOnStepOpened(this::showLesson);
        slidesView.setOnPresent(() -> presenterView.open(window()));
        presenterView.setOnStepOpened(this::showLesson);
        lessonsView.setOnSwitchToReal(() -> runtimeView.requestSwitch(io.kubelab.app.runtime.ClusterRuntime.LINUX));
        viewModel.lessons().setFallbackCommandSink(line -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(line);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        lessonSplit = new SplitPane(learnTabs, side);
        lessonSplit.setId("lesson-split");
        lessonSplit.setDividerPositions(LESSON_DIVIDER);
        SplitPane.setResizableWithParent(learnTabs, false);

        consoleSlot.getChildren().add(consoleView.root());
        consoleSlot.getStyleClass().add("console-slot");
        bottom.setId("bottom-tabs");
        bottom.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        consoleTab.setId("tab-console");
        consoleTab.textProperty().bind(i18n.text("console.title"));
        consoleTab.setContent(consoleSlot);
        editorTab.setId("tab-editor");
        editorTab.textProperty().bind(i18n.text("editor.title"));
        editorTab.setContent(editorView.root());
        Tab timelineTab = new Tab();
        timelineTab.setId("tab-timeline");
        timelineTab.textProperty().bind(i18n.text("timeline.title"));
        timelineTab.setContent(timelineView.root());
        bottom.getTabs().addAll(consoleTab, editorTab, timelineTab);

        vertical = new SplitPane(lessonSplit, bottom);
        vertical.setId("vertical-split");
        vertical.setOrientation(Orientation.VERTICAL);
        vertical.setDividerPositions(WindowState.DEFAULT.bottomDivider());
        SplitPane.setResizableWithParent(bottom, false);
        root.setCenter(vertical);

        Label kubeconfig = new Label();
        kubeconfig.setId("kubeconfig-line");
        kubeconfig.getStyleClass().add("kubeconfig-line");
        kubeconfig.textProperty().bind(viewModel.kubeconfigLineProperty());
        Label runtimeStatus = new Label();
        runtimeStatus.setId("runtime-status");
        runtimeStatus.getStyleClass().add("runtime-status");
        runtimeStatus.textProperty().bind(viewModel.runtime().statusProperty());
        javafx.beans.value.ChangeListener<io.kubelab.app.runtime.ClusterRuntime> realStyle = (o, a, r) -> {
            runtimeStatus.getStyleClass().remove("runtime-real");
            if (r == io.kubelab.app.runtime.ClusterRuntime.LINUX) {
                runtimeStatus.getStyleClass().add("runtime-real");
            }
        };
        viewModel.runtime().runtimeProperty().addListener(realStyle);
        realStyle.changed(null, null, viewModel.runtime().runtime());
        Label counts = new Label();
        counts.setId("counts");
        counts.textProperty().bind(Bindings.createStringBinding(() -> {
            var c = viewModel.cluster().countsProperty().get();
            return i18n.get("status.counts", c.nodes(), c.pods(), c.pending(), c.services());
        }, viewModel.cluster().countsProperty(), i18n.localeProperty()));
        Label message = new Label();
        message.setId("status-message");
        message.getStyleClass().add("status-message");
        message.textProperty().bind(viewModel.statusProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label keys = new Label();
        keys.getStyleClass().add("shortcuts");
        keys.textProperty().bind(i18n.text("status.shortcuts"));
        // The runtime, the kubeconfig and the counts keep their width; the shortcuts' reminder gives way.
        for (Label l : new Label[] {runtimeStatus, kubeconfig, counts}) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox statusBar = new HBox(18, runtimeStatus, kubeconfig, counts, message, grow, keys);
        statusBar.setId("status-bar");
        statusBar.getStyleClass().add("status-bar");
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.setPadding(new Insets(3, 10, 3, 10));
        root.setBottom(statusBar);

        frames = new FrameLoop(viewModel.session().feed());
        frames.add(clusterView::onFrame);
        frames.add(viewModel.controls()::onFrame);
        frames.add(viewModel.lessons()::onFrame);
        io.kubelab.app.slides.LiveWidgets live =
                new io.kubelab.app.slides.LiveWidgets(viewModel.session(), frames, viewModel.trafficHub());
        slidesView.setLiveWidgets(live);
        presenterView.setLiveWidgets(live);
    }

    /** Where the lesson pane ends, as a share of the window's width. */
    static final double LESSON_DIVIDER = 0.27;

    /** Brings the lesson tab to the front (after a slide opened its step). */
    public void showLesson() {
        learnTabs.getSelectionModel().select(lessonTab);
    }

    /** Brings the deck tab to the front. */
    public void showSlides() {
        learnTabs.getSelectionModel().select(slidesTab);
    }

    /**
     * Puts the view in {@code scene}: theme, keyboard shortcuts, and starts the frame loop. UI thread.
     */
    public void install(Scene scene) {
        themeView = new ThemeView(viewModel.theme(), viewModel.i18n(), scene);
        themeView.button().getStyleClass().add("theme-button");
        header.getChildren().add(themeView.button());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), viewModel.i18n()::next);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), viewModel.theme()::next);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN),
                viewModel.cluster()::fit);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> presenterView.open(window()));
        // The audience window has no owner (it may go full screen on the projector): it closes with the main window.
        scene.windowProperty().addListener((o, before, w) -> {
            if (w != null) {
                w.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> presenterView.close());
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.BACK_QUOTE, KeyCombination.SHORTCUT_DOWN), this::showConsole);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::showEditor);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        scene.addEventFilter(KeyEvent.KEY_TYPED, this::typed);
        frames.start();
    }

    private boolean typing() {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        return focus instanceof TextInputControl || focus instanceof GenericStyledArea;
    }

    /** Space and Delete by key; Space is consumed so that a focused button does not fire as well. */
    private void key(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || typing()) {
            return;
        }
        if (e.getCode() == KeyCode.SPACE) {
            viewModel.controls().togglePause();
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE) {
            viewModel.deleteSelectedPod();
            e.consume();
        }
    }

    /** +, - and . by the character typed, whatever the keyboard layout needs to type it. */
    private void typed(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || typing()) {
            return;
        }
        switch (e.getCharacter()) {
            case "+", "=" -> viewModel.controls().faster();
            case "-" -> viewModel.controls().slower();
            case "." -> viewModel.controls().step();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Puts another console view in the console's slot (the console pane is there by default). */
    public void setConsole(Node console) {
        consoleSlot.getChildren().setAll(console);
    }

    /** Shows the console tab and gives its input line the focus (Ctrl+`). */
    public void showConsole() {
        bottom.getSelectionModel().select(consoleTab);
        consoleView.focus();
    }

    /** Shows the YAML editor tab and gives the editor the focus (Ctrl+E, the inspector's "YAML editor"). */
    public void showEditor() {
        bottom.getSelectionModel().select(editorTab);
        editorView.focus();
    }

    /** The runtime switch in the header. */
    public io.kubelab.app.runtime.RuntimeView runtimeView() {
        return runtimeView;
    }

    public ConsoleView consoleView() {
        return consoleView;
    }

    public YamlEditorView editorView() {
        return editorView;
    }

    public TabPane bottomTabs() {
        return bottom;
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    public BorderPane root() {
        return root;
    }

    public FrameLoop frames() {
        return frames;
    }

    public ClusterView clusterView() {
        return clusterView;
    }

    public InspectorView inspectorView() {
        return inspectorView;
    }

    public TimelineView timelineView() {
        return timelineView;
    }

    public SplitPane sideSplit() {
        return side;
    }

    public SplitPane verticalSplit() {
        return vertical;
    }

    public LessonsView lessonsView() {
        return lessonsView;
    }

    public SlidesView slidesView() {
        return slidesView;
    }

    public PresenterView presenterView() {
        return presenterView;
    }

    public SplitPane lessonSplit() {
        return lessonSplit;
    }

    /** The lesson and deck tabs, left of the cluster view. */
    public TabPane learnTabs() {
        return learnTabs;
    }

    public void stop() {
        frames.stop();
        presenterView.close();
    }
}
