package io.kubelab.slides.parser;

import io.kubelab.slides.model.Deck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Loads the bundled decks: {@code decks/<deck-id>/<language>.md} on the class path. */
public final class DeckLoader {
    /** The languages every bundled deck is written in, the first being the default. */
    public static final List<String> LANGUAGES = List.of("zh-TW", "en");
    /** The deck that follows the seed deck, "An Introduction to Kubernetes". */
    public static final String INTRO = "intro";

    private DeckLoader() {}

    /**
     * Reads and parses a bundled deck.
     *
     * @throws DeckParseException when the deck has problems
     * @throws IllegalArgumentException when there is no such deck
     */
    public static Deck load(String deckId, String language) {
        String resource = "decks/" + deckId + "/" + language + ".md";
        URL url = DeckLoader.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no deck " + resource + " on the class path");
        }
        try (InputStream in = url.openStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            URI base = url.toURI();
            return new DeckParser().parse(deckId, language, resource, base, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
