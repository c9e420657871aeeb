package io.kubelab.slides.model;

import java.util.List;
import java.util.Objects;

/**
 * One slide.
 *
 * @param number     the slide's position in its deck, from 1
 * @param line       the source line (1-based) where the slide's text starts
 * @param meta       the slide's metadata (id, lesson step, checkpoint, seed slides)
 * @param blocks     what the audience sees
 * @param notes      the speaker notes as Markdown source ({@code ""} when there are none)
 * @param noteBlocks the speaker notes, parsed
 */
public record Slide(int number, int line, SlideMeta meta, List<Block> blocks, String notes, List<Block> noteBlocks) {
    public Slide {
        Objects.requireNonNull(meta, "meta");
        blocks = List.copyOf(blocks);
        notes = notes == null ? "" : notes;
        noteBlocks = List.copyOf(noteBlocks);
    }

    /** Every live widget embedded in the slide, in order (not those nested in lists or quotes). */
    public List<Block.Widget> widgets() {
        return blocks.stream().filter(Block.Widget.class::isInstance).map(Block.Widget.class::cast).toList();
    }

    /** The text of the slide's first heading, or {@code ""}. */
    public String title() {
        for (Block b : blocks) {
            if (b instanceof Block.Heading h) {
                return Inline.plainText(h.content());
            }
        }
        return "";
    }
}
