package io.kubelab.slides.presenter;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The presenter's view model, free of JavaFX so the audience window, the presenter window and a
 * remote control can all drive one instance: the current and next slide, the speaker notes, a
 * talk timer, and for each slide the lesson step it leads to and the checkpoint it can load.
 *
 * <p>Threading: not thread-safe; use it from one thread (the JavaFX application thread in the
 * app). Listeners are called on the thread that moved the navigator, after the move. The timer
 * reads the injected {@link InstantSource}; the view refreshes {@link #state()} on its own tick
 * (an {@code AnimationTimer}), since time passing is not an event.
 */
public final class DeckNavigator {
    private final Deck deck;
    private final InstantSource clock;
    private final List<Consumer<PresenterState>> listeners = new CopyOnWriteArrayList<>();
    private int index;

    // The timer: time accumulated while paused + the instant it was last started (null when paused).
    private Duration banked = Duration.ZERO;
    private Instant runningSince;
    // Time on the current slide, the same way.
    private Duration slideBanked = Duration.ZERO;
    private Instant slideSince;

    public DeckNavigator(Deck deck, InstantSource clock) {
        if (deck.slides().isEmpty()) {
            throw new IllegalArgumentException("deck " + deck.id() + " has no slides");
        }
        this.deck = deck;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Deck deck() {
        return deck;
    }

    public int index() {
        return index;
    }

    public Slide current() {
        return deck.slides().get(index);
    }

    public Optional<Slide> next() {
        return index + 1 < deck.size() ? Optional.of(deck.slides().get(index + 1)) : Optional.empty();
    }

    /** Moves to the next slide; {@code false} (and no change) on the last one. */
    public boolean forward() {
        return goTo(index + 1);
    }

    /** Moves to the previous slide; {@code false} (and no change) on the first one. */
    public boolean back() {
        return goTo(index - 1);
    }

    public boolean first() {
        return goTo(0);
    }

    public boolean last() {
        return goTo(deck.size() - 1);
    }

    /** Moves to the slide at {@code newIndex} (0-based); {@code false} when out of range or already there. */
    public boolean goTo(int newIndex) {
        if (newIndex < 0 || newIndex >= deck.size() || newIndex == index) {
            return false;
        }
        index = newIndex;
        slideBanked = Duration.ZERO;
        slideSince = runningSince == null ? null : clock.instant();
        fire();
        return true;
    }

    /** Moves to the slide whose metadata id is {@code slideId}. */
    public boolean goTo(String slideId) {
        for (Slide s : deck.slides()) {
            if (s.meta().id().equals(slideId)) {
                return goTo(s.number() - 1);
            }
        }
        return false;
    }

    /** Moves to the first slide that leads to {@code lessonStep} ({@code <lesson>/<step>}), e.g. when a student opens a lesson. */
    public boolean goToStep(String lessonStep) {
        for (Slide s : deck.slides()) {
            if (lessonStep.equals(s.meta().step())) {
                return goTo(s.number() - 1);
            }
        }
        return false;
    }

    // ---- timer ----------------------------------------------------------------------------

    public void startTimer() {
        if (runningSince == null) {
            Instant now = clock.instant();
            runningSince = now;
            slideSince = now;
            fire();
        }
    }

    public void pauseTimer() {
        if (runningSince != null) {
            Instant now = clock.instant();
            banked = banked.plus(Duration.between(runningSince, now));
            slideBanked = slideBanked.plus(Duration.between(slideSince, now));
            runningSince = null;
            slideSince = null;
            fire();
        }
    }

    /** Sets the timer back to zero; a running timer keeps running from zero. */
    public void resetTimer() {
        banked = Duration.ZERO;
        slideBanked = Duration.ZERO;
        if (runningSince != null) {
            runningSince = clock.instant();
            slideSince = runningSince;
        }
        fire();
    }

    public boolean timerRunning() {
        return runningSince != null;
    }

    public Duration elapsed() {
        return runningSince == null ? banked : banked.plus(Duration.between(runningSince, clock.instant()));
    }

    public Duration onSlide() {
        return slideSince == null ? slideBanked : slideBanked.plus(Duration.between(slideSince, clock.instant()));
    }

    // ---- state ----------------------------------------------------------------------------

    public PresenterState state() {
        Slide slide = current();
        return new PresenterState(index, deck.size(), slide, next(), slide.notes(), slide.meta().lessonStep(),
                slide.meta().checkpointStep(), elapsed(), onSlide(), timerRunning());
    }

    /** Adds a listener called after every move and timer change; returns what removes it. */
    public Runnable addListener(Consumer<PresenterState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire() {
        PresenterState s = state();
        for (Consumer<PresenterState> l : listeners) {
            l.accept(s);
        }
    }
}
