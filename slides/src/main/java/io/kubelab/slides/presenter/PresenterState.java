package io.kubelab.slides.presenter;

import io.kubelab.slides.model.Slide;

import java.time.Duration;
import java.util.Optional;

/**
 * What the presenter view shows at one moment. Immutable: safe to hand to another thread.
 *
 * @param index       the current slide's 0-based index
 * @param count       how many slides the deck has
 * @param current     the slide the audience sees
 * @param next        the slide after it, empty on the last slide
 * @param notes       the current slide's speaker notes (Markdown), {@code ""} when none
 * @param lessonStep  the lesson step the current slide leads to ({@code <lesson>/<step>}), if any
 * @param checkpoint  the lesson step whose starting state the current slide can load, if any
 * @param elapsed     the talk's timer
 * @param onSlide     time spent on the current slide while the timer ran
 * @param timerRunning whether the timer runs
 */
public record PresenterState(int index, int count, Slide current, Optional<Slide> next, String notes,
                             Optional<String> lessonStep, Optional<String> checkpoint, Duration elapsed,
                             Duration onSlide, boolean timerRunning) {

    /** {@code 12 / 36}: the position as the presenter view prints it. */
    public String position() {
        return (index + 1) + " / " + count;
    }

    /** The timer as {@code mm:ss} (or {@code h:mm:ss} past an hour). */
    public String elapsedText() {
        long s = elapsed.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
