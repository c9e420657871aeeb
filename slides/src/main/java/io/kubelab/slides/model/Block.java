package io.kubelab.slides.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A block of a slide: the closed set of things a slide can show. */
public sealed interface Block {

    /** {@code # Title} (level 1) to {@code ###### Title} (level 6). */
    record Heading(int level, List<Inline> content) implements Block {
        public Heading {
            content = List.copyOf(content);
        }
    }

    record Paragraph(List<Inline> content) implements Block {
        public Paragraph {
            content = List.copyOf(content);
        }
    }

    record BulletList(List<ListItem> items) implements Block {
        public BulletList {
            items = List.copyOf(items);
        }
    }

    /** A numbered list starting at {@code start}. */
    record OrderedList(int start, List<ListItem> items) implements Block {
        public OrderedList {
            items = List.copyOf(items);
        }
    }

    /** One list item: its own blocks (usually a paragraph, sometimes a nested list). */
    record ListItem(List<Block> blocks) {
        public ListItem {
            blocks = List.copyOf(blocks);
        }
    }

    /** A fenced or indented code block; {@code language} is the info string's first word or {@code ""}. */
    record CodeBlock(String language, String code) implements Block {
        public CodeBlock {
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(code, "code");
        }
    }

    /** A paragraph that is only an image: {@code ![alt](source "title")}. */
    record Image(String source, String alt, String title) implements Block {
        public Image {
            Objects.requireNonNull(source, "source");
            alt = alt == null ? "" : alt;
            title = title == null ? "" : title;
        }
    }

    /** A GitHub-style table. */
    record Table(List<TableCell> header, List<List<TableCell>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    record TableCell(List<Inline> content, Alignment alignment) {
        public TableCell {
            content = List.copyOf(content);
            Objects.requireNonNull(alignment, "alignment");
        }
    }

    enum Alignment { LEFT, CENTER, RIGHT }

    /** {@code > quoted text}. */
    record Quote(List<Block> blocks) implements Block {
        public Quote {
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * A live widget, written as a fenced block whose info string is {@code kubelab-widget <type>} and
     * whose body is a YAML map of parameters:
     *
     * <pre>{@code
     * ```kubelab-widget service-traffic
     * service: my-nginx
     * ```
     * }</pre>
     *
     * The app turns it into a node through its widget factory; the deck only names it.
     */
    record Widget(String type, Map<String, String> params) implements Block {
        /** The whole cluster: control plane, nodes, pods, services. */
        public static final String CLUSTER_VIEW = "cluster-view";
        /** One Service with its endpoints and the requests kube-proxy spreads over them. */
        public static final String SERVICE_TRAFFIC = "service-traffic";

        public Widget {
            Objects.requireNonNull(type, "type");
            params = Map.copyOf(params);
        }
    }
}
