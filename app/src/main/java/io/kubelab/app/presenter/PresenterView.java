package io.kubelab.app.presenter;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.slides.SlidePane;
import io.kubelab.app.slides.LiveWidgets;
import io.kubelab.app.slides.SlidesView;
import io.kubelab.app.slides.SlidesViewModel;
import io.kubelab.app.theme.Theme;
import io.kubelab.app.theme.ThemeView;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.presenter.PresenterState;
import io.kubelab.slides.render.SlideRenderer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.time.Duration;
import java.util.List;

/**
 * Presenter mode: an audience window — full screen on the second screen when there is one (the
 * projector), else an ordinary window — and a presenter window with the current slide, the next
 * one, the speaker notes and the timer. Both windows take the same keys: → Space PageDown ↓
 * forward, ← PageUp ↑ back, Home/End, B black screen, Esc leaves presenter mode.
 *
 * <p>Threading: UI thread. A {@link Timeline} ticks the view model's timer four times a second
 * while presenter mode is open.
 */
public final class PresenterView {
    private final SlidesViewModel vm;
    private final I18n i18n;
    private final ObservableValue<Theme> theme;
    private final Timeline ticker;
    private final InvalidationListener onState = o -> show();
    private Stage audience;
    private Stage presenter;
    private SlidePane audienceSlide;
    private StackPane blackCover;
    private SlidePane currentSlide;
    private SlidePane nextSlide;
    private Label nextEnd;
    private VBox notes;
    private Label position;
    private Label timer;
    private Label onSlide;
    private Button checkpoint;
    private Button openStep;
    private Deck shownDeck;
    private int shownIndex = -1;
    private Theme shownTheme;
    private Runnable onStepOpened = () -> { };
    private Scene themeScene;
    private LiveWidgets live;
    private final InvalidationListener onTheme = o -> retheme();

    public PresenterView(SlidesViewModel vm, I18n i18n, ObservableValue<Theme> theme) {
        this.vm = vm;
        this.i18n = i18n;
        this.theme = theme;
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.millis(250), e -> vm.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
    }

    /** Opens both windows (a second call brings them to the front). */
    public void open(Window owner) {
        if (presenter != null) {
            presenter.toFront();
            return;
        }
        audience = audienceWindow();
        presenter = presenterWindow();
        if (owner != null) {
            presenter.initOwner(owner);
        }
        vm.stateProperty().addListener(onState);
        vm.blackProperty().addListener(onState);
        theme.addListener(onState);
        theme.addListener(onTheme);
        i18n.localeProperty().addListener(onState);
        vm.setPresenting(true);
        show();
        placeAudience(audience);
        audience.show();
        presenter.show();
        presenter.requestFocus();
        ticker.play();
    }

    /** Closes both windows and leaves presenter mode. */
    public void close() {
        if (presenter == null) {
            return;
        }
        ticker.stop();
        vm.stateProperty().removeListener(onState);
        vm.blackProperty().removeListener(onState);
        theme.removeListener(onState);
        theme.removeListener(onTheme);
        themeScene = null;
        i18n.localeProperty().removeListener(onState);
        Stage a = audience;
        Stage p = presenter;
        audience = null;
        presenter = null;
        shownDeck = null;
        // Live widgets let go of the frame loop and the session when their node leaves its scene.
        audienceSlide.setSlide(null);
        currentSlide.setSlide(null);
        nextSlide.setSlide(null);
        a.close();
        p.close();
        vm.setPresenting(false);
    }

    /** Makes the current slide's widgets live (audience and presenter windows). */
    public void setLiveWidgets(LiveWidgets live) {
        this.live = live;
    }

    public boolean isOpen() {
        return presenter != null;
    }

    public Stage audienceStage() {
        return audience;
    }

    public Stage presenterStage() {
        return presenter;
    }

    /** What happens after "open step" opened the lesson (the main window shows it). */
    public void setOnStepOpened(Runnable r) {
        onStepOpened = r;
    }

    // ---- windows -------------------------------------------------------------------------------

    private Stage audienceWindow() {
        audienceSlide = new SlidePane();
        audienceSlide.setId("audience-slide");
        blackCover = new StackPane();
        blackCover.setId("audience-black");
        blackCover.getStyleClass().add("audience-black");
        StackPane root = new StackPane(audienceSlide, blackCover);
        root.setId("audience");
        root.getStyleClass().add("audience");
        Scene scene = new Scene(root, 960, 540);
        scene.getStylesheets().add(css());
        keys(scene);
        Stage stage = new Stage();
        stage.titleProperty().bind(i18n.text("presenter.audienceTitle"));
        stage.setScene(scene);
        stage.setFullScreenExitHint("");
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setOnCloseRequest(e -> close());
        return stage;
    }

    /** On the projector (any screen but the primary one), full screen; with one screen, a window. */
    private static void placeAudience(Stage stage) {
        List<Screen> screens = Screen.getScreens();
        if (screens.size() < 2) {
            return;
        }
        Screen projector = screens.stream().filter(s -> !s.equals(Screen.getPrimary())).findFirst().orElse(screens.get(1));
        Rectangle2D b = projector.getBounds();
        stage.setX(b.getMinX());
        stage.setY(b.getMinY());
        stage.setWidth(b.getWidth());
        stage.setHeight(b.getHeight());
        stage.setFullScreen(true);
    }

    private Stage presenterWindow() {
        position = label("presenter-position", "presenter-position");
        timer = label("presenter-timer", "presenter-timer");
        onSlide = label("presenter-on-slide", "presenter-on-slide");
        Label blackBadge = new Label();
        blackBadge.setId("presenter-black-badge");
        blackBadge.getStyleClass().add("presenter-black-badge");
        blackBadge.textProperty().bind(i18n.text("presenter.blackBadge"));
        blackBadge.visibleProperty().bind(vm.blackProperty());
        Button timerButton = button("presenter-timer-toggle", "presenter.timer.toggle", vm::toggleTimer);
        Button timerReset = button("presenter-timer-reset", "presenter.timer.reset", vm::resetTimer);
        Button black = button("presenter-black", "presenter.black", vm::toggleBlack);
        checkpoint = button("presenter-checkpoint", "presenter.checkpoint", vm::restoreCheckpoint);
        openStep = button("presenter-open-step", "presenter.openStep", () -> {
            if (vm.openLinkedStep()) {
                onStepOpened.run();
            }
        });
        Button exit = button("presenter-exit", "presenter.exit", this::close);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(14, timer, onSlide, position, blackBadge, grow, timerButton, timerReset, black, checkpoint, openStep, exit);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("presenter-bar");

        currentSlide = new SlidePane();
        currentSlide.setId("presenter-current");
        Label currentHeading = heading("presenter.current");
        VBox left = new VBox(6, currentHeading, currentSlide);
        HBox.setHgrow(left, Priority.ALWAYS);
        // The slide takes the column's height and sits centred in it, scaled to fit.
        VBox.setVgrow(currentSlide, Priority.ALWAYS);

        nextSlide = new SlidePane();
        nextSlide.setId("presenter-next");
        nextEnd = new Label();
        nextEnd.setId("presenter-next-end");
        nextEnd.textProperty().bind(i18n.text("presenter.end"));
        nextEnd.getStyleClass().add("presenter-heading");
        notes = new VBox();
        ScrollPane notesScroll = new ScrollPane(notes);
        notesScroll.setId("presenter-notes");
        notesScroll.setFitToWidth(true);
        VBox.setVgrow(notesScroll, Priority.ALWAYS);
        VBox right = new VBox(6, heading("presenter.next"), new StackPane(nextSlide, nextEnd), heading("presenter.notes"), notesScroll);
        right.setPrefWidth(420);
        right.setMinWidth(300);

        HBox center = new HBox(12, left, right);
        center.setPadding(new javafx.geometry.Insets(10, 0, 0, 0));
        BorderPane root = new BorderPane(center);
        root.setTop(bar);
        root.setId("presenter");
        root.getStyleClass().add("presenter");
        Scene scene = new Scene(root, 1200, 720);
        ThemeView.apply(scene, theme.getValue());
        scene.getStylesheets().add(css());
        themeScene = scene;
        keys(scene);
        Stage stage = new Stage();
        stage.titleProperty().bind(i18n.text("presenter.title"));
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> close());
        return stage;
    }

    private void retheme() {
        if (themeScene != null) {
            ThemeView.apply(themeScene, theme.getValue());
            themeScene.getStylesheets().add(css());
        }
    }

    private static String css() {
        return PresenterView.class.getResource("presenter.css").toExternalForm();
    }

    private Label label(String id, String styleClass) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(styleClass);
        return l;
    }

    private Label heading(String key) {
        Label l = new Label();
        l.getStyleClass().add("presenter-heading");
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private Button button(String id, String key, Runnable action) {
        Button b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(e -> action.run());
        // Keys belong to the deck: Space must not press the focused button.
        b.setFocusTraversable(false);
        return b;
    }

    /** The same keys in both windows; consumed, so no button or scroll pane takes them as well. */
    private void keys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            KeyCode c = e.getCode();
            switch (c) {
                case RIGHT, SPACE, PAGE_DOWN, DOWN -> vm.forward();
                case LEFT, PAGE_UP, UP, BACK_SPACE -> vm.back();
                case HOME -> vm.first();
                case END -> vm.last();
                case B, PERIOD -> vm.toggleBlack();
                case ESCAPE -> close();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    // ---- showing -------------------------------------------------------------------------------

    private void show() {
        if (presenter == null) {
            return;
        }
        PresenterState s = vm.state();
        Deck deck = vm.deckProperty().get();
        if (deck != shownDeck || s.index() != shownIndex || theme.getValue() != shownTheme) {
            shownDeck = deck;
            shownIndex = s.index();
            shownTheme = theme.getValue();
            SlideRenderer renderer = SlidesView.renderer(i18n, shownTheme);
            SlideRenderer liveRenderer = SlidesView.renderer(i18n, shownTheme, live);
            audienceSlide.setSlide(liveRenderer.render(deck, s.current()));
            currentSlide.setSlide(liveRenderer.render(deck, s.current()));
            // The next slide is a preview: its widgets stay static labels.
            nextSlide.setSlide(s.next().map(n -> (javafx.scene.Node) renderer.render(deck, n)).orElse(null));
            nextEnd.setVisible(s.next().isEmpty());
            notes.getChildren().setAll(renderer.renderNotes(deck, s.current()));
        }
        blackCover.setVisible(vm.blackProperty().get());
        position.setText(s.position());
        timer.setText(s.elapsedText());
        timer.getStyleClass().remove("paused");
        if (!s.timerRunning()) {
            timer.getStyleClass().add("paused");
        }
        onSlide.setText(i18n.get("presenter.onSlide", minutesSeconds(s.onSlide())));
        checkpoint.setDisable(s.checkpoint().isEmpty());
        openStep.setDisable(s.lessonStep().isEmpty());
    }

    private static String minutesSeconds(Duration d) {
        long sec = d.getSeconds();
        return String.format("%d:%02d", sec / 60, sec % 60);
    }
}
