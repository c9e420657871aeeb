package io.kubelab.app.slides;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.theme.Theme;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.presenter.PresenterState;
import io.kubelab.slides.render.PdfExporter;
import io.kubelab.slides.render.SlideRenderer;
import io.kubelab.slides.render.SlideTheme;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The deck inside the main window: the current slide scaled to the pane, its notes, back and
 * forward, the slide's lesson step and checkpoint one click away, presenter mode and PDF export.
 */
public final class SlidesView {
    private final SlidesViewModel vm;
    private final I18n i18n;
    private final ObservableValue<Theme> theme;
    private final Supplier<Window> window;
    private final VBox root = new VBox(6);
    private final SlidePane slidePane = new SlidePane();
    private final VBox notes = new VBox();
    private final Button openStep = new Button();
    private final Button checkpoint = new Button();
    private Runnable onStepOpened = () -> { };
    private Runnable onPresent = () -> { };
    private Deck shownDeck;
    private int shownIndex = -1;
    private Theme shownTheme;
    private LiveWidgets live;

    public SlidesView(SlidesViewModel vm, I18n i18n, ObservableValue<Theme> theme, Supplier<Window> window) {
        this.vm = vm;
        this.i18n = i18n;
        this.theme = theme;
        this.window = window;
        root.setId("slides-panel");
        root.getStyleClass().add("slides-panel");
        root.getStylesheets().add(SlidesView.class.getResource("slides-panel.css").toExternalForm());

        Button back = button("slides-back", "slides.back", e -> vm.back());
        Button forward = button("slides-forward", "slides.forward", e -> vm.forward());
        Label position = new Label();
        position.setId("slides-position");
        position.getStyleClass().add("slides-position");
        position.textProperty().bind(Bindings.createStringBinding(() -> vm.state().position(), vm.stateProperty()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button present = button("slides-present", "slides.present", e -> onPresent.run());
        present.getStyleClass().add("accent");
        HBox nav = new HBox(6, back, position, forward, grow, present);
        nav.setAlignment(Pos.CENTER_LEFT);

        slidePane.setId("slides-current");
        openStep.setId("slides-open-step");
        openStep.setOnAction(e -> {
            if (vm.openLinkedStep()) {
                onStepOpened.run();
            }
        });
        checkpoint.setId("slides-checkpoint");
        checkpoint.textProperty().bind(i18n.text("slides.checkpoint"));
        checkpoint.setOnAction(e -> vm.restoreCheckpoint());
        Button pdf = button("slides-export-pdf", "slides.exportPdf", e -> chooseAndExport());
        FlowPane links = new FlowPane(6, 6, openStep, checkpoint, pdf);

        Label notesTitle = new Label();
        notesTitle.getStyleClass().add("slides-section");
        notesTitle.textProperty().bind(i18n.text("slides.notes"));
        ScrollPane notesScroll = new ScrollPane(notes);
        notesScroll.setId("slides-notes");
        notesScroll.setFitToWidth(true);
        VBox.setVgrow(notesScroll, Priority.ALWAYS);

        root.getChildren().addAll(nav, slidePane, links, notesTitle, notesScroll);

        vm.stateProperty().addListener(o -> show());
        theme.addListener(o -> show());
        i18n.localeProperty().addListener(o -> show());
        show();
    }

    private Button button(String id, String key, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        Button b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(action);
        return b;
    }

    /** The slide theme that matches the app's: light, dark, projector. */
    public static SlideTheme slideTheme(Theme theme) {
        return switch (theme) {
            case DARK -> SlideTheme.DARK;
            case PROJECTOR -> SlideTheme.PROJECTOR;
            case LIGHT -> SlideTheme.LIGHT;
        };
    }

    /**
     * A renderer for the app's theme, whose widgets speak the app's language but are static labels:
     * for the PDF export, which snapshots slides off screen and cannot show anything live.
     */
    public static SlideRenderer renderer(I18n i18n, Theme theme) {
        return new SlideRenderer(new AppWidgets(i18n), slideTheme(theme));
    }

    /** As {@link #renderer(I18n, Theme)}, with live widgets when {@code live} is given. */
    public static SlideRenderer renderer(I18n i18n, Theme theme, LiveWidgets live) {
        return new SlideRenderer(new AppWidgets(i18n, live), slideTheme(theme));
    }

    /** Makes the slides' widgets live from now on (the main window has its frame loop only after this view). */
    public void setLiveWidgets(LiveWidgets live) {
        this.live = live;
        shownDeck = null;
        show();
    }

    private void show() {
        PresenterState s = vm.state();
        Deck deck = vm.deckProperty().get();
        boolean moved = deck != shownDeck || s.index() != shownIndex || theme.getValue() != shownTheme;
        if (moved) {
            shownDeck = deck;
            shownIndex = s.index();
            shownTheme = theme.getValue();
            SlideRenderer renderer = renderer(i18n, shownTheme, live);
            Slide slide = s.current();
            slidePane.setSlide(renderer.render(deck, slide));
            notes.getChildren().setAll(renderer.renderNotes(deck, slide));
        }
        openStep.setText(s.lessonStep().map(step -> i18n.get("slides.openStep", step)).orElse(i18n.get("slides.noStep")));
        openStep.setDisable(s.lessonStep().isEmpty());
        checkpoint.setDisable(s.checkpoint().isEmpty());
    }

    /** What happens after "open step" opened the lesson (the main window shows the lesson tab). */
    public void setOnStepOpened(Runnable r) {
        onStepOpened = r;
    }

    /** Opens presenter mode (the main window owns its windows). */
    public void setOnPresent(Runnable r) {
        onPresent = r;
    }

    private void chooseAndExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(i18n.get("slides.exportPdf.title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        chooser.setInitialFileName(vm.deckProperty().get().id() + "-" + vm.deckProperty().get().language() + ".pdf");
        File file = chooser.showSaveDialog(window.get());
        if (file != null) {
            exportPdf(file.toPath());
        }
    }

    /**
     * Renders every slide of the deck in the current language and theme, snapshots them here (on
     * the UI thread, as JavaFX needs) and hands them to the view model, which writes the file.
     */
    public void exportPdf(Path out) {
        List<BufferedImage> pages = PdfExporter.snapshots(vm.deckProperty().get(), renderer(i18n, theme.getValue()), 1.5);
        vm.writePdf(pages, out);
    }

    public VBox root() {
        return root;
    }

    public SlidePane slidePane() {
        return slidePane;
    }
}
