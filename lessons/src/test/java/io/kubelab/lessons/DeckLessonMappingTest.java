package io.kubelab.lessons;

import io.kubelab.lessons.load.LessonLoader;
import io.kubelab.lessons.model.Languages;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Step;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.parser.DeckLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deck and the lessons tell one story: every slide of the seed deck (32) has a slide in both
 * languages, and every slide's lesson step (and checkpoint) exists, with prose in both languages,
 * in a lesson that teaches that seed slide.
 */
class DeckLessonMappingTest {
    private static final int SEED_SLIDES = 32;
    private final Map<String, Lesson> lessons = new LinkedHashMap<>();

    DeckLessonMappingTest() {
        for (Lesson l : LessonLoader.bundled().loadAll()) {
            lessons.put(l.id(), l);
        }
    }

    private Optional<Step> step(String ref) {
        String[] parts = ref.split("/", 2);
        return Optional.ofNullable(lessons.get(parts[0])).flatMap(l -> l.step(parts[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void everySeedSlideMapsToASlideAndALessonStep(String language) {
        Deck deck = DeckLoader.load(DeckLoader.INTRO, language);
        for (int seed : IntStream.rangeClosed(1, SEED_SLIDES).toArray()) {
            List<Slide> slides = deck.slides().stream().filter(s -> s.meta().seed().contains(seed)).toList();
            assertThat(slides).as("%s slides for seed slide %d", language, seed).hasSize(1);
            Slide slide = slides.get(0);
            String lessonId = slide.meta().step().split("/")[0];
            assertThat(lessons.get(lessonId).seed()).as("lesson %s teaches seed slide %d (slide %s)", lessonId, seed,
                    slide.meta().id()).contains(seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void everySlidesStepAndCheckpointExistInBothLanguages(String language) {
        for (Slide slide : DeckLoader.load(DeckLoader.INTRO, language).slides()) {
            for (Optional<String> ref : List.of(slide.meta().lessonStep(), slide.meta().checkpointStep())) {
                if (ref.isEmpty()) {
                    continue;
                }
                Optional<Step> step = step(ref.get());
                assertThat(step).as("slide %s links to %s", slide.meta().id(), ref.get()).isPresent();
                for (String lang : Languages.ALL) {
                    assertThat(step.get().prose().byLanguage().get(lang)).as("%s in %s", ref.get(), lang).isNotBlank();
                    assertThat(step.get().title().byLanguage().get(lang)).as("%s in %s", ref.get(), lang).isNotBlank();
                }
            }
            assertThat(slide.meta().lessonStep()).as("slide %s links to a step", slide.meta().id()).isPresent();
        }
    }

    @Test
    void everyLessonIsReachedFromTheDeck() {
        Deck deck = DeckLoader.load(DeckLoader.INTRO, "en");
        for (String id : lessons.keySet()) {
            assertThat(deck.slides()).as("a slide leads to lesson %s", id)
                    .anyMatch(s -> s.meta().step() != null && s.meta().step().startsWith(id + "/"));
        }
    }
}
