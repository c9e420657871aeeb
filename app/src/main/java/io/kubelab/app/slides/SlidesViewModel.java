package io.kubelab.app.slides;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.lessons.LessonsViewModel;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.parser.DeckLoader;
import io.kubelab.slides.presenter.DeckNavigator;
import io.kubelab.slides.presenter.PresenterState;
import io.kubelab.slides.render.PdfExporter;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The slide deck in the app and in presenter mode: the current slide, the next, the notes, the
 * talk's timer, black screen, and each slide's links — its lesson step and the checkpoint a live
 * demo starts from. The deck follows the app's language; the slide stays where it was.
 *
 * <p>One {@link DeckNavigator} per language, moved together, so a language switch keeps the slide
 * and the timer (both navigators read the same clock and are started and paused together).
 *
 * <p>Threading: UI thread. The timer is not an event: the view calls {@link #tick()} a few times a
 * second while it shows it.
 */
public final class SlidesViewModel {
    private final I18n i18n;
    private final Executor io;
    private final Executor ui;
    private final Map<String, DeckNavigator> navigators = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<PresenterState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyObjectWrapper<Deck> deck = new ReadOnlyObjectWrapper<>(this, "deck");
    private final BooleanProperty black = new SimpleBooleanProperty(this, "black", false);
    private final ReadOnlyBooleanWrapper presenting = new ReadOnlyBooleanWrapper(this, "presenting", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private Consumer<String> openStep = ref -> { };
    private Consumer<String> restoreCheckpoint = ref -> { };

    /**
     * @param decks  the deck in a language ({@code zh-TW}, {@code en}); the app's is {@code DeckLoader.load("intro", lang)}
     * @param clock  the timer's clock (wall time in the app, a hand-moved one in tests)
     * @param io     writes PDFs off the UI thread
     * @param ui     runs work on the UI thread
     */
    public SlidesViewModel(I18n i18n, Function<String, Deck> decks, InstantSource clock, Executor io, Executor ui) {
        this.i18n = i18n;
        this.io = io;
        this.ui = ui;
        for (String language : DeckLoader.LANGUAGES) {
            navigators.put(language, new DeckNavigator(decks.apply(language), clock));
        }
        i18n.localeProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** The bundled "An Introduction to Kubernetes" deck. */
    public static Function<String, Deck> introDeck() {
        return language -> DeckLoader.load(DeckLoader.INTRO, language);
    }

    private DeckNavigator current() {
        return navigators.getOrDefault(LessonsViewModel.languageOf(i18n.locale()), navigators.values().iterator().next());
    }

    /** Recomputes what is shown: after a move, a language switch, or time passing. */
    private void refresh() {
        DeckNavigator n = current();
        deck.set(n.deck());
        state.set(n.state());
    }

    // ---- wiring ------------------------------------------------------------------------------

    /** What "open the step" does with a slide's {@code <lesson>/<step>}: the lesson panel opens it. */
    public void setOpenStep(Consumer<String> openStep) {
        this.openStep = Objects.requireNonNull(openStep);
    }

    /** What "load the checkpoint" does with a slide's {@code <lesson>/<step>}: the cluster is reset to it. */
    public void setRestoreCheckpoint(Consumer<String> restoreCheckpoint) {
        this.restoreCheckpoint = Objects.requireNonNull(restoreCheckpoint);
    }

    // ---- navigation --------------------------------------------------------------------------

    public boolean forward() {
        return move(DeckNavigator::forward);
    }

    public boolean back() {
        return move(DeckNavigator::back);
    }

    public boolean first() {
        return move(DeckNavigator::first);
    }

    public boolean last() {
        return move(DeckNavigator::last);
    }

    /** Goes to the slide at {@code index} (0-based). */
    public boolean goTo(int index) {
        return move(n -> n.goTo(index));
    }

    /** Goes to the first slide that leads to {@code <lesson>/<step>}. */
    public boolean goToStep(String ref) {
        return move(n -> n.goToStep(ref));
    }

    private boolean move(java.util.function.Predicate<DeckNavigator> how) {
        boolean moved = false;
        for (DeckNavigator n : navigators.values()) {
            moved |= how.test(n);
        }
        // Decks of different lengths: the others follow the current language's index.
        int index = current().index();
        for (DeckNavigator n : navigators.values()) {
            n.goTo(Math.min(index, n.deck().size() - 1));
        }
        refresh();
        return moved;
    }

    // ---- links -------------------------------------------------------------------------------

    /** Opens the current slide's lesson step in the lesson panel. */
    public boolean openLinkedStep() {
        var step = state.get().lessonStep();
        step.ifPresent(openStep);
        return step.isPresent();
    }

    /** Resets the cluster to the current slide's checkpoint, so a live demo starts from a known cluster. */
    public boolean restoreCheckpoint() {
        var cp = state.get().checkpoint();
        cp.ifPresent(restoreCheckpoint);
        return cp.isPresent();
    }

    // ---- presenter -----------------------------------------------------------------------------

    /** Presenter mode opened (the view opens its windows) or closed. */
    public void setPresenting(boolean on) {
        presenting.set(on);
        if (on) {
            startTimer();
        } else {
            black.set(false);
        }
    }

    public void toggleBlack() {
        black.set(!black.get());
    }

    public void startTimer() {
        navigators.values().forEach(DeckNavigator::startTimer);
        refresh();
    }

    public void toggleTimer() {
        if (current().timerRunning()) {
            navigators.values().forEach(DeckNavigator::pauseTimer);
        } else {
            navigators.values().forEach(DeckNavigator::startTimer);
        }
        refresh();
    }

    public void resetTimer() {
        navigators.values().forEach(DeckNavigator::resetTimer);
        refresh();
    }

    /** Time passed: the timer's text. */
    public void tick() {
        refresh();
    }

    // ---- PDF ---------------------------------------------------------------------------------

    /**
     * Writes the slides' snapshots (taken by the view on the UI thread) as a PDF, off the UI thread;
     * the outcome goes to {@link #messageProperty()}.
     */
    public void writePdf(List<BufferedImage> pages, Path out) {
        String title = deck.get().title();
        message.set(i18n.get("slides.pdf.writing", out.getFileName().toString()));
        io.execute(() -> {
            Exception failure = null;
            try {
                PdfExporter.write(pages, title, out);
            } catch (Exception e) {
                failure = e;
            }
            Exception f = failure;
            // Texts are looked up on the UI thread, where the language lives.
            ui.execute(() -> message.set(f == null
                    ? i18n.get("slides.pdf.done", out.getFileName().toString(), pages.size())
                    : i18n.get("slides.pdf.failed", Objects.requireNonNullElse(f.getMessage(), f.toString()))));
        });
    }

    // ---- properties ----------------------------------------------------------------------------

    public ReadOnlyObjectProperty<PresenterState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public PresenterState state() {
        return state.get();
    }

    /** The deck in the current language. */
    public ReadOnlyObjectProperty<Deck> deckProperty() {
        return deck.getReadOnlyProperty();
    }

    /** The audience sees black (the B key). */
    public BooleanProperty blackProperty() {
        return black;
    }

    public ReadOnlyBooleanProperty presentingProperty() {
        return presenting.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
