package io.kubelab.slides.render;

import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Inline;
import io.kubelab.slides.model.Slide;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.scene.text.TextFlow;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a slide into native JavaFX nodes: headings and paragraphs as {@link TextFlow}s of styled
 * {@link Text}s, lists as rows of bullet + content, code in monospace, images, tables as a
 * {@link GridPane}, widgets from the {@link WidgetFactory}. Every node carries a style class from
 * {@link StyleClasses}; how it looks is the theme's business ({@link SlideTheme}).
 *
 * <p>A slide is laid out at a fixed logical size of {@value #WIDTH} × {@value #HEIGHT}; windows
 * scale it to fit. Threading: call on the JavaFX application thread (nodes are made here).
 */
public final class SlideRenderer {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 720;
    /** Images never take more than this share of the slide's height, so a title still fits. */
    private static final double MAX_IMAGE_HEIGHT = HEIGHT * 0.6;

    private final WidgetFactory widgets;
    private final SlideTheme theme;

    public SlideRenderer(WidgetFactory widgets, SlideTheme theme) {
        this.widgets = Objects.requireNonNull(widgets, "widgets");
        this.theme = Objects.requireNonNull(theme, "theme");
    }

    public SlideTheme theme() {
        return theme;
    }

    /** The slide as the audience sees it, themed, at {@value #WIDTH} × {@value #HEIGHT}. */
    public Region render(Deck deck, Slide slide) {
        VBox root = new VBox();
        root.getStyleClass().add(StyleClasses.SLIDE);
        if (slide.number() == 1) {
            root.getStyleClass().add(StyleClasses.FIRST_SLIDE);
        }
        root.setId(slide.meta().id());
        root.setMinSize(WIDTH, HEIGHT);
        root.setPrefSize(WIDTH, HEIGHT);
        root.setMaxSize(WIDTH, HEIGHT);
        root.getChildren().addAll(blocks(deck.base(), slide.blocks(), 0));
        theme.applyTo(root);
        return root;
    }

    /** The speaker notes, themed, for the presenter view (no fixed size: it scrolls). */
    public Region renderNotes(Deck deck, Slide slide) {
        VBox root = new VBox();
        root.getStyleClass().add(StyleClasses.NOTES);
        root.getChildren().addAll(blocks(deck.base(), slide.noteBlocks(), 0));
        theme.applyTo(root);
        return root;
    }

    private List<Node> blocks(URI base, List<Block> blocks, int depth) {
        List<Node> out = new ArrayList<>();
        for (Block b : blocks) {
            out.add(block(base, b, depth));
        }
        return out;
    }

    private Node block(URI base, Block b, int depth) {
        // Java 17: no pattern matching in switch, so an instanceof chain over the sealed set.
        if (b instanceof Block.Heading h) {
            TextFlow flow = flow(base, h.content());
            flow.getStyleClass().addAll(StyleClasses.HEADING, StyleClasses.HEADING_LEVEL + h.level());
            return flow;
        } else if (b instanceof Block.Paragraph p) {
            TextFlow flow = flow(base, p.content());
            flow.getStyleClass().add(StyleClasses.PARAGRAPH);
            return flow;
        } else if (b instanceof Block.BulletList list) {
            return list(base, list.items(), -1, depth);
        } else if (b instanceof Block.OrderedList list) {
            return list(base, list.items(), list.start(), depth);
        } else if (b instanceof Block.CodeBlock code) {
            return codeBlock(code);
        } else if (b instanceof Block.Image img) {
            return image(base, img.source(), img.alt());
        } else if (b instanceof Block.Table table) {
            return table(base, table);
        } else if (b instanceof Block.Quote quote) {
            VBox box = new VBox();
            box.getStyleClass().add(StyleClasses.QUOTE);
            box.getChildren().addAll(blocks(base, quote.blocks(), depth));
            return box;
        } else if (b instanceof Block.Widget widget) {
            return widget(widget);
        }
        throw new IllegalArgumentException("unknown block " + b);
    }

    private Node list(URI base, List<Block.ListItem> items, int start, int depth) {
        VBox box = new VBox();
        box.getStyleClass().add(StyleClasses.LIST);
        int n = start;
        for (Block.ListItem item : items) {
            Text bullet = new Text(start < 0 ? (depth == 0 ? "•" : "◦") : (n++) + ".");
            bullet.getStyleClass().addAll(StyleClasses.TEXT, StyleClasses.BULLET);
            VBox content = new VBox();
            content.getChildren().addAll(blocks(base, item.blocks(), depth + 1));
            HBox.setHgrow(content, Priority.ALWAYS);
            HBox row = new HBox(bullet, content);
            row.getStyleClass().add(StyleClasses.LIST_ITEM);
            box.getChildren().add(row);
        }
        return box;
    }

    private Node codeBlock(Block.CodeBlock code) {
        Text text = new Text(code.code());
        text.getStyleClass().add(StyleClasses.CODE_TEXT);
        TextFlow flow = new TextFlow(text);
        StackPane box = new StackPane(flow);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add(StyleClasses.CODE_BLOCK);
        if (!code.language().isEmpty()) {
            box.getStyleClass().add(StyleClasses.CODE_LANGUAGE + code.language());
        }
        return box;
    }

    private Node image(URI base, String source, String alt) {
        Image image = loadImage(base, source);
        if (image == null || image.isError()) {
            Label missing = new Label(alt.isEmpty() ? source : alt);
            missing.getStyleClass().add(StyleClasses.IMAGE_MISSING);
            return missing;
        }
        ImageView view = new ImageView(image);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setFitHeight(Math.min(image.getHeight(), MAX_IMAGE_HEIGHT));
        view.setFitWidth(Math.min(image.getWidth(), WIDTH * 0.9));
        StackPane box = new StackPane(view);
        box.getStyleClass().add(StyleClasses.IMAGE);
        return box;
    }

    private static Image loadImage(URI base, String source) {
        try {
            URI uri = base == null ? new URI(source) : base.resolve(source);
            if (!uri.isAbsolute()) {
                return null;
            }
            // Loaded now, not in the background: a PDF snapshot must not catch it half-way.
            return new Image(uri.toString(), false);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private Node table(URI base, Block.Table table) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add(StyleClasses.TABLE);
        int columns = table.header().size();
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHgrow(Priority.SOMETIMES);
            cc.setHalignment(hpos(table.header().get(c).alignment()));
            grid.getColumnConstraints().add(cc);
        }
        for (int c = 0; c < columns; c++) {
            grid.add(cell(base, table.header().get(c), StyleClasses.TABLE_HEADER), c, 0);
        }
        for (int r = 0; r < table.rows().size(); r++) {
            List<Block.TableCell> row = table.rows().get(r);
            for (int c = 0; c < Math.min(columns, row.size()); c++) {
                grid.add(cell(base, row.get(c), StyleClasses.TABLE_CELL), c, r + 1);
            }
        }
        return grid;
    }

    private Node cell(URI base, Block.TableCell cell, String styleClass) {
        TextFlow flow = flow(base, cell.content());
        flow.setTextAlignment(switch (cell.alignment()) {
            case CENTER -> TextAlignment.CENTER;
            case RIGHT -> TextAlignment.RIGHT;
            case LEFT -> TextAlignment.LEFT;
        });
        StackPane box = new StackPane(flow);
        box.getStyleClass().add(styleClass);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMaxHeight(Double.MAX_VALUE);
        return box;
    }

    private static HPos hpos(Block.Alignment a) {
        return switch (a) {
            case CENTER -> HPos.CENTER;
            case RIGHT -> HPos.RIGHT;
            case LEFT -> HPos.LEFT;
        };
    }

    private Node widget(Block.Widget widget) {
        Node node = widgets.create(widget).orElseGet(() -> {
            Label placeholder = new Label("⟨" + widget.type() + "⟩");
            placeholder.getStyleClass().add(StyleClasses.WIDGET_PLACEHOLDER);
            return placeholder;
        });
        StackPane box = new StackPane(node);
        box.getStyleClass().add(StyleClasses.WIDGET);
        box.getProperties().put(Block.Widget.class, widget);
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    // ---- inline text ----------------------------------------------------------------------

    private TextFlow flow(URI base, List<Inline> inlines) {
        TextFlow flow = new TextFlow();
        inline(base, inlines, List.of(), flow);
        return flow;
    }

    /** Adds {@code inlines} to {@code flow}; {@code classes} are the enclosing emphasis/strong/link classes. */
    private void inline(URI base, List<Inline> inlines, List<String> classes, TextFlow flow) {
        for (Inline i : inlines) {
            if (i instanceof Inline.Text t) {
                flow.getChildren().add(text(t.text(), classes));
            } else if (i instanceof Inline.Emphasis e) {
                inline(base, e.content(), with(classes, StyleClasses.EMPHASIS), flow);
            } else if (i instanceof Inline.Strong s) {
                inline(base, s.content(), with(classes, StyleClasses.STRONG), flow);
            } else if (i instanceof Inline.Code c) {
                flow.getChildren().add(text(c.code(), with(classes, StyleClasses.CODE_INLINE)));
            } else if (i instanceof Inline.Link l) {
                inline(base, l.content(), with(classes, StyleClasses.LINK), flow);
            } else if (i instanceof Inline.InlineImage img) {
                flow.getChildren().add(image(base, img.source(), img.alt()));
            } else if (i instanceof Inline.Break b) {
                // A soft break is a space, as in HTML; a hard one ends the line.
                flow.getChildren().add(text(b.hard() ? "\n" : " ", classes));
            }
        }
    }

    private static Text text(String s, List<String> classes) {
        Text t = new Text(s);
        t.getStyleClass().add(StyleClasses.TEXT);
        t.getStyleClass().addAll(classes);
        return t;
    }

    private static List<String> with(List<String> classes, String more) {
        List<String> out = new ArrayList<>(classes);
        out.add(more);
        return out;
    }
}
