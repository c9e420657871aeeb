package io.kubelab.slides.presenter;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.parser.DeckLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeckNavigatorTest {
    /** A hand-moved clock: the timer is tested without waiting. */
    private static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-03-01T09:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void plus(Duration d) {
            now = now.plus(d);
        }
    }

    private final Deck deck = DeckLoader.load("fixture", "en");
    private final ManualClock clock = new ManualClock();
    private final DeckNavigator nav = new DeckNavigator(deck, clock);

    @Test
    void movesThroughTheDeckAndShowsTheNextSlide() {
        PresenterState s = nav.state();
        assertThat(s.position()).isEqualTo("1 / 5");
        assertThat(s.current().meta().id()).isEqualTo("title");
        assertThat(s.next().orElseThrow().meta().id()).isEqualTo("lists");
        assertThat(s.notes()).isEqualTo("Say hello. These are *notes*.");
        assertThat(nav.back()).isFalse();
        assertThat(nav.forward()).isTrue();
        assertThat(nav.state().lessonStep()).contains("06-pod/what-is-a-pod");
        assertThat(nav.state().checkpoint()).contains("06-pod/shared-volume");
        assertThat(nav.last()).isTrue();
        assertThat(nav.state().next()).isEmpty();
        assertThat(nav.forward()).isFalse();
        assertThat(nav.state().lessonStep()).isEmpty();
        assertThat(nav.goTo("code")).isTrue();
        assertThat(nav.index()).isEqualTo(2);
        assertThat(nav.goTo("nope")).isFalse();
        assertThat(nav.goTo(99)).isFalse();
        assertThat(nav.goToStep("06-pod/what-is-a-pod")).isTrue();
        assertThat(nav.index()).isEqualTo(1);
    }

    @Test
    void timerCountsOnlyWhileRunningAndPerSlide() {
        assertThat(nav.elapsed()).isZero();
        nav.startTimer();
        clock.plus(Duration.ofSeconds(90));
        assertThat(nav.state().elapsedText()).isEqualTo("01:30");
        nav.forward();
        clock.plus(Duration.ofSeconds(20));
        assertThat(nav.onSlide()).isEqualTo(Duration.ofSeconds(20));
        nav.pauseTimer();
        clock.plus(Duration.ofMinutes(10)); // a coffee break does not count
        assertThat(nav.elapsed()).isEqualTo(Duration.ofSeconds(110));
        assertThat(nav.onSlide()).isEqualTo(Duration.ofSeconds(20));
        nav.startTimer();
        clock.plus(Duration.ofHours(1));
        assertThat(nav.state().elapsedText()).isEqualTo("1:01:50");
        nav.resetTimer();
        assertThat(nav.elapsed()).isZero();
        assertThat(nav.timerRunning()).isTrue();
    }

    @Test
    void tellsListenersAfterEveryMove() {
        List<String> seen = new ArrayList<>();
        Runnable remove = nav.addListener(s -> seen.add(s.current().meta().id()));
        nav.forward();
        nav.forward();
        nav.forward(); // from "code" to "widget"
        remove.run();
        nav.back();
        assertThat(seen).containsExactly("lists", "code", "widget");
    }

    @Test
    void refusesAnEmptyDeck() {
        assertThatThrownBy(() -> new DeckNavigator(new Deck("d", "en", "d.md", null, List.of()), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
