package io.kubelab.slides;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.parser.DeckLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled deck follows the seed deck slide by slide, in both languages. */
class IntroDeckTest {
    /** "An Introduction to Kubernetes" (Kyle Bai, 2016) has 32 slides in its transcript. */
    static final int SEED_SLIDES = 32;

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void everySeedSlideHasExactlyOneSlideInTheSeedsOrder(String language) {
        Deck deck = DeckLoader.load(DeckLoader.INTRO, language);
        List<Integer> seeds = new ArrayList<>();
        for (Slide s : deck.slides()) {
            seeds.addAll(s.meta().seed());
        }
        assertThat(seeds).as("seed slides in order, each once").containsExactlyElementsOf(
                IntStream.rangeClosed(1, SEED_SLIDES).boxed().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void everySlideHasATitleNotesAndALessonStep(String language) {
        for (Slide s : DeckLoader.load(DeckLoader.INTRO, language).slides()) {
            assertThat(s.title()).as(s.meta().id()).isNotBlank();
            assertThat(s.notes()).as(s.meta().id()).isNotBlank();
            assertThat(s.meta().step()).as(s.meta().id()).isNotNull();
        }
    }

    @Test
    void bothLanguagesHaveTheSameSlidesStepsAndWidgets() {
        Deck zh = DeckLoader.load(DeckLoader.INTRO, "zh-TW");
        Deck en = DeckLoader.load(DeckLoader.INTRO, "en");
        assertThat(zh.slides()).extracting(Slide::meta).containsExactlyElementsOf(
                en.slides().stream().map(Slide::meta).toList());
        assertThat(zh.slides()).extracting(Slide::widgets).containsExactlyElementsOf(
                en.slides().stream().map(Slide::widgets).toList());
        assertThat(zh.title()).isEqualTo("Kubernetes 入門");
        assertThat(en.title()).isEqualTo("An Introduction to Kubernetes");
    }
}
