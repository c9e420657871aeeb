package io.kubelab.app.lessons;

import io.kubelab.lessons.load.LessonLoader;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.parser.DeckLoader;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The bundled lessons and the intro deck, read once per process. Reading every lesson takes a
 * noticeable moment, so the app starts it in the background before it builds the cluster
 * ({@link #preload()}), and the window waits for it only when it needs it. The lessons' manifests
 * are not decoded here: {@code BundledLessonsTest} decodes every one at each build.
 */
public final class BundledContent {
    private BundledContent() {}

    private static final class Holder {
        static final CompletableFuture<List<Lesson>> LESSONS =
                CompletableFuture.supplyAsync(() -> LessonLoader.bundled().withoutManifestDecoding().loadAll());
        static final CompletableFuture<Map<String, Deck>> DECKS = CompletableFuture.supplyAsync(() ->
                DeckLoader.LANGUAGES.stream().collect(Collectors.toMap(l -> l, l -> DeckLoader.load(DeckLoader.INTRO, l))));
    }

    /** Starts reading in the background; any thread. */
    public static void preload() {
        // Touching the holder initializes it, which starts both reads.
        Holder.LESSONS.isDone();
    }

    /** The lessons in teaching order (waits for them). */
    public static List<Lesson> lessons() {
        return Holder.LESSONS.join();
    }

    /** The intro deck by language (waits for it). */
    public static Function<String, Deck> introDeck() {
        return language -> Holder.DECKS.join().get(language);
    }
}
