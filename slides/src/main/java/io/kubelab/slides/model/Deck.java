package io.kubelab.slides.model;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed slide deck in one language.
 *
 * @param id       the deck's id, e.g. {@code intro}
 * @param language the deck's language tag, e.g. {@code zh-TW} or {@code en}
 * @param source   where the deck was read from, e.g. {@code decks/intro/en.md} (for messages)
 * @param base     what relative image paths resolve against, or {@code null}
 * @param slides   the slides in order (numbered from 1)
 */
public record Deck(String id, String language, String source, URI base, List<Slide> slides) {
    public Deck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(language, "language");
        slides = List.copyOf(slides);
    }

    /** The deck's title: the first heading of its first slide, or its id. */
    public String title() {
        if (!slides.isEmpty()) {
            for (Block b : slides.get(0).blocks()) {
                if (b instanceof Block.Heading h) {
                    return Inline.plainText(h.content());
                }
            }
        }
        return id;
    }

    public int size() {
        return slides.size();
    }

    /** The slide with metadata {@code id}. */
    public Optional<Slide> slide(String slideId) {
        return slides.stream().filter(s -> s.meta().id().equals(slideId)).findFirst();
    }
}
