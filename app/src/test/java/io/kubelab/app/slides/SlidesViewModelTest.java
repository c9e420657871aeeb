package io.kubelab.app.slides;

import io.kubelab.app.Messages;
import io.kubelab.app.i18n.I18n;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SlidesViewModelTest {
    /** A clock the test moves by hand. */
    static final class HandClock implements InstantSource {
        Instant now = Instant.parse("2026-01-01T09:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final I18n i18n = new I18n(Locale.ENGLISH);
    private final HandClock clock = new HandClock();
    private final SlidesViewModel vm = new SlidesViewModel(i18n, SlidesViewModel.introDeck(), clock, Runnable::run, Runnable::run);

    @Test
    void movesThroughTheDeckInTheCurrentLanguage() {
        Deck en = vm.deckProperty().get();
        assertThat(en.language()).isEqualTo("en");
        assertThat(vm.state().index()).isZero();
        assertThat(vm.back()).isFalse();
        assertThat(vm.forward()).isTrue();
        assertThat(vm.state().current().meta().id()).isEqualTo("full-virtualization");
        assertThat(vm.state().next()).map(s -> s.meta().id()).contains("para-virtualization");
        assertThat(vm.state().position()).isEqualTo("2 / " + en.size());
        vm.last();
        assertThat(vm.state().next()).isEmpty();
        assertThat(vm.forward()).isFalse();
        vm.first();
        assertThat(vm.goToStep("06-pod/first-pod")).isTrue();
        assertThat(vm.state().lessonStep()).contains("06-pod/first-pod");
    }

    @Test
    void aLanguageSwitchKeepsTheSlideAndTheTimer() {
        vm.goTo(4);
        vm.startTimer();
        clock.advance(Duration.ofSeconds(75));
        vm.tick();
        assertThat(vm.state().elapsedText()).isEqualTo("01:15");
        String enTitle = vm.state().current().title();

        i18n.setLocale(Messages.ZH_TW);

        assertThat(vm.deckProperty().get().language()).isEqualTo("zh-TW");
        assertThat(vm.state().index()).isEqualTo(4);
        assertThat(vm.state().current().title()).isNotEqualTo(enTitle);
        assertThat(vm.state().elapsedText()).isEqualTo("01:15");
        vm.forward();
        i18n.setLocale(Locale.ENGLISH);
        assertThat(vm.state().index()).isEqualTo(5);
    }

    @Test
    void theTimerRunsPausesAndResets() {
        vm.setPresenting(true);
        assertThat(vm.state().timerRunning()).isTrue();
        clock.advance(Duration.ofSeconds(61));
        vm.tick();
        assertThat(vm.state().elapsedText()).isEqualTo("01:01");
        vm.toggleTimer();
        clock.advance(Duration.ofSeconds(30));
        vm.tick();
        assertThat(vm.state().elapsedText()).as("paused").isEqualTo("01:01");
        vm.resetTimer();
        assertThat(vm.state().elapsedText()).isEqualTo("00:00");
    }

    @Test
    void aSlidesLinksOpenItsStepAndLoadItsCheckpoint() {
        List<String> opened = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        vm.setOpenStep(opened::add);
        vm.setRestoreCheckpoint(restored::add);
        assertThat(vm.restoreCheckpoint()).as("the title slide has no checkpoint").isFalse();
        Slide withCheckpoint = vm.deckProperty().get().slides().stream()
                .filter(s -> s.meta().checkpointStep().isPresent()).findFirst().orElseThrow();
        vm.goTo(withCheckpoint.number() - 1);
        assertThat(vm.openLinkedStep()).isTrue();
        assertThat(vm.restoreCheckpoint()).isTrue();
        assertThat(opened).containsExactly(withCheckpoint.meta().step());
        assertThat(restored).containsExactly(withCheckpoint.meta().checkpoint());
    }

    @Test
    void blackScreenEndsWithPresenterMode() {
        vm.setPresenting(true);
        vm.toggleBlack();
        assertThat(vm.blackProperty().get()).isTrue();
        vm.setPresenting(false);
        assertThat(vm.blackProperty().get()).isFalse();
        assertThat(vm.presentingProperty().get()).isFalse();
    }

    @Test
    void writesThePdfAndSaysSo(@TempDir Path dir) throws Exception {
        BufferedImage page = new BufferedImage(32, 18, BufferedImage.TYPE_INT_RGB);
        Path out = dir.resolve("intro.pdf");
        vm.writePdf(List.of(page, page), out);
        assertThat(Files.readAllBytes(out)).startsWith("%PDF".getBytes());
        assertThat(vm.messageProperty().get()).isEqualTo("Exported 2 slides to intro.pdf");
        Files.writeString(dir.resolve("blocker"), "x");
        vm.writePdf(List.of(page), dir.resolve("blocker").resolve("x.pdf"));
        assertThat(vm.messageProperty().get()).startsWith("The PDF could not be written:");
    }
}
