package io.kubelab.slides.model;

import java.util.List;
import java.util.Objects;

/** Text within a paragraph, heading, list item or table cell. */
public sealed interface Inline {

    record Text(String text) implements Inline {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code *emphasis*}. */
    record Emphasis(List<Inline> content) implements Inline {
        public Emphasis {
            content = List.copyOf(content);
        }
    }

    /** {@code **strong**}. */
    record Strong(List<Inline> content) implements Inline {
        public Strong {
            content = List.copyOf(content);
        }
    }

    /** {@code `code`}. */
    record Code(String code) implements Inline {
        public Code {
            Objects.requireNonNull(code, "code");
        }
    }

    record Link(String destination, List<Inline> content) implements Inline {
        public Link {
            Objects.requireNonNull(destination, "destination");
            content = List.copyOf(content);
        }
    }

    /** An image inside running text. */
    record InlineImage(String source, String alt) implements Inline {
        public InlineImage {
            Objects.requireNonNull(source, "source");
            alt = alt == null ? "" : alt;
        }
    }

    /** A line break within a paragraph: soft (a newline in the source) or hard (two spaces or a backslash). */
    record Break(boolean hard) implements Inline {}

    /** The text without markup, e.g. for titles and search. */
    static String plainText(List<Inline> inlines) {
        StringBuilder sb = new StringBuilder();
        appendPlain(inlines, sb);
        return sb.toString();
    }

    private static void appendPlain(List<Inline> inlines, StringBuilder sb) {
        // Java 17: no pattern matching in switch yet, so an instanceof chain over the sealed set.
        for (Inline i : inlines) {
            if (i instanceof Text t) {
                sb.append(t.text());
            } else if (i instanceof Emphasis e) {
                appendPlain(e.content(), sb);
            } else if (i instanceof Strong s) {
                appendPlain(s.content(), sb);
            } else if (i instanceof Code c) {
                sb.append(c.code());
            } else if (i instanceof Link l) {
                appendPlain(l.content(), sb);
            } else if (i instanceof InlineImage img) {
                sb.append(img.alt());
            } else if (i instanceof Break b) {
                sb.append(b.hard() ? "\n" : " ");
            }
        }
    }
}
