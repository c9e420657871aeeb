package io.kubelab.slides.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Inline;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.model.SlideMeta;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Markdown deck: slides separated by {@code ---} lines, each with an optional metadata
 * comment, Markdown content (CommonMark + GitHub tables, parsed by commonmark-java), live widgets
 * as {@code kubelab-widget} fenced blocks, and speaker notes after a {@code Note:} (or {@code ???})
 * line. Every problem is collected and reported with its line; one bad slide does not hide the
 * next one's problem.
 *
 * <p>Thread-safe: commonmark's {@link Parser} is immutable and reusable.
 */
public final class DeckParser {
    /** The info string of a widget block: {@code kubelab-widget <type>}. */
    public static final String WIDGET_INFO = "kubelab-widget";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern STEP_REF = Pattern.compile("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*");
    private static final Set<String> META_KEYS = Set.of("id", "step", "checkpoint", "seed");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Parser markdown = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    /**
     * Parses a deck.
     *
     * @param id       the deck's id
     * @param language its language tag
     * @param source   its name in messages, e.g. {@code decks/intro/en.md}
     * @param base     what relative image paths resolve against, or {@code null}
     * @param text     the Markdown
     * @throws DeckParseException listing every problem found
     */
    public Deck parse(String id, String language, String source, URI base, String text) {
        List<DeckParseException.Problem> problems = new ArrayList<>();
        List<Slide> slides = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DeckSplitter.Chunk chunk : DeckSplitter.split(text)) {
            if (chunk.isBlank()) {
                continue;
            }
            int number = slides.size() + 1;
            SlideReader reader = new SlideReader(source, problems);
            List<Block> blocks = reader.blocks(markdown.parse(chunk.body()), chunk.line(), true);
            List<Block> notes = chunk.notes().isBlank() ? List.of()
                    : new SlideReader(source, problems).blocks(markdown.parse(chunk.notes()), chunk.notesLine(), false);
            SlideMeta meta = reader.meta != null ? reader.meta : new SlideMeta("slide-" + number, null, null, List.of());
            if (!ids.add(meta.id())) {
                problems.add(new DeckParseException.Problem(source, reader.metaLine > 0 ? reader.metaLine : chunk.line(),
                        "duplicate slide id \"" + meta.id() + "\""));
            }
            slides.add(new Slide(number, chunk.line(), meta, blocks, chunk.notes().strip(), notes));
        }
        if (!problems.isEmpty()) {
            throw new DeckParseException(problems);
        }
        return new Deck(id, language, source, base, slides);
    }

    /** Turns one slide's commonmark tree into blocks, collecting problems. */
    private static final class SlideReader {
        private final String source;
        private final List<DeckParseException.Problem> problems;
        private SlideMeta meta;
        private int metaLine;

        SlideReader(String source, List<DeckParseException.Problem> problems) {
            this.source = source;
            this.problems = problems;
        }

        private void problem(int line, String message) {
            problems.add(new DeckParseException.Problem(source, line, message));
        }

        private static int lineOf(Node node, int firstLine) {
            return node.getSourceSpans().isEmpty() ? firstLine : firstLine + node.getSourceSpans().get(0).getLineIndex();
        }

        List<Block> blocks(Node parent, int firstLine, boolean allowMeta) {
            List<Block> out = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                int line = lineOf(n, firstLine);
                if (n instanceof Heading h) {
                    out.add(new Block.Heading(h.getLevel(), inlines(h)));
                } else if (n instanceof Paragraph p) {
                    if (p.getFirstChild() instanceof Image img && img.getNext() == null) {
                        out.add(new Block.Image(img.getDestination(), altText(img), img.getTitle()));
                    } else {
                        out.add(new Block.Paragraph(inlines(p)));
                    }
                } else if (n instanceof BulletList list) {
                    out.add(new Block.BulletList(items(list, firstLine)));
                } else if (n instanceof OrderedList list) {
                    Integer start = list.getMarkerStartNumber();
                    out.add(new Block.OrderedList(start == null ? 1 : start, items(list, firstLine)));
                } else if (n instanceof FencedCodeBlock code) {
                    String info = code.getInfo() == null ? "" : code.getInfo().strip();
                    String[] words = info.isEmpty() ? new String[0] : info.split("\\s+");
                    if (words.length > 0 && words[0].equals(WIDGET_INFO)) {
                        Block widget = widget(words, code.getLiteral(), line);
                        if (widget != null) {
                            out.add(widget);
                        }
                    } else {
                        out.add(new Block.CodeBlock(words.length == 0 ? "" : words[0], stripFinalNewline(code.getLiteral())));
                    }
                } else if (n instanceof IndentedCodeBlock code) {
                    out.add(new Block.CodeBlock("", stripFinalNewline(code.getLiteral())));
                } else if (n instanceof BlockQuote quote) {
                    out.add(new Block.Quote(blocks(quote, firstLine, false)));
                } else if (n instanceof TableBlock table) {
                    out.add(table(table));
                } else if (n instanceof HtmlBlock html) {
                    String literal = html.getLiteral().strip();
                    if (!literal.startsWith("<!--")) {
                        problem(line, "raw HTML is not shown on slides; use Markdown");
                    } else if (allowMeta && meta == null) {
                        meta = meta(literal, line);
                        metaLine = line;
                    }
                    // Any further comment is the author's note to self: not shown.
                } else if (n instanceof ThematicBreak) {
                    problem(line, "a thematic break inside a slide; only a line \"---\" separates slides");
                } else if (n instanceof LinkReferenceDefinition) {
                    continue; // used by links, not shown
                } else {
                    problem(line, "unsupported Markdown block " + n.getClass().getSimpleName());
                }
            }
            return out;
        }

        private List<Block.ListItem> items(Node list, int firstLine) {
            List<Block.ListItem> items = new ArrayList<>();
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (item instanceof ListItem li) {
                    items.add(new Block.ListItem(blocks(li, firstLine, false)));
                }
            }
            return items;
        }

        private Block.Table table(TableBlock table) {
            List<Block.TableCell> header = new ArrayList<>();
            List<List<Block.TableCell>> rows = new ArrayList<>();
            for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
                for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                    if (!(row instanceof TableRow)) {
                        continue;
                    }
                    List<Block.TableCell> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell tc) {
                            cells.add(new Block.TableCell(inlines(tc), alignment(tc.getAlignment())));
                        }
                    }
                    if (section instanceof TableHead) {
                        header.addAll(cells);
                    } else if (section instanceof TableBody) {
                        rows.add(cells);
                    }
                }
            }
            return new Block.Table(header, rows);
        }

        private static Block.Alignment alignment(TableCell.Alignment a) {
            if (a == TableCell.Alignment.CENTER) {
                return Block.Alignment.CENTER;
            }
            return a == TableCell.Alignment.RIGHT ? Block.Alignment.RIGHT : Block.Alignment.LEFT;
        }

        private Block widget(String[] words, String body, int line) {
            if (words.length != 2 || !ID.matcher(words[1]).matches()) {
                problem(line, "a widget block needs one widget type: ```" + WIDGET_INFO + " cluster-view");
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode tree = yaml(body, line, "widget parameters");
            if (tree == null) {
                return null;
            }
            if (!tree.isMissingNode() && !tree.isNull()) {
                if (!tree.isObject()) {
                    problem(line, "widget parameters must be a YAML map of \"key: value\" lines");
                    return null;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isValueNode()) {
                        problem(line, "widget parameter \"" + e.getKey() + "\" must be a single value");
                        return null;
                    }
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            return new Block.Widget(words[1], params);
        }

        private SlideMeta meta(String comment, int line) {
            String inner = comment.substring(4, comment.endsWith("-->") ? comment.length() - 3 : comment.length());
            // "<!-- id: x" puts the first key after the opener's space; YAML wants the keys aligned.
            inner = inner.stripLeading();
            JsonNode tree = yaml(inner, line, "slide metadata");
            if (tree == null) {
                return null;
            }
            if (!tree.isObject()) {
                problem(line, "slide metadata must be a YAML map, e.g. \"id: pod-basics\"");
                return null;
            }
            tree.fieldNames().forEachRemaining(k -> {
                if (!META_KEYS.contains(k)) {
                    problem(line, "unknown slide metadata key \"" + k + "\" (known: id, step, checkpoint, seed)");
                }
            });
            String id = text(tree, "id", ID, line, "a slide id is lower-case letters, digits and '-'");
            String step = text(tree, "step", STEP_REF, line, "a lesson step is written <lesson-id>/<step-id>");
            String checkpoint = text(tree, "checkpoint", STEP_REF, line, "a checkpoint is written <lesson-id>/<step-id>");
            List<Integer> seed = new ArrayList<>();
            JsonNode s = tree.get("seed");
            if (s != null) {
                for (JsonNode n : s.isArray() ? s : List.of(s)) {
                    if (n.canConvertToInt() && n.isIntegralNumber() && n.asInt() > 0) {
                        seed.add(n.asInt());
                    } else {
                        problem(line, "seed lists seed-deck slide numbers (1, 2, …), got " + n);
                    }
                }
            }
            if (id == null) {
                problem(line, "slide metadata needs an id");
                return null;
            }
            return new SlideMeta(id, step, checkpoint, seed);
        }

        private String text(JsonNode tree, String key, Pattern pattern, int line, String rule) {
            JsonNode n = tree.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            String value = n.asText();
            if (!n.isTextual() || !pattern.matcher(value).matches()) {
                problem(line, "bad " + key + " \"" + value + "\": " + rule);
                return null;
            }
            return value;
        }

        private JsonNode yaml(String text, int line, String what) {
            try {
                JsonNode tree = YAML.readTree(text);
                return tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree;
            } catch (JsonProcessingException e) {
                int at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr() - 1);
                problem(line + at, what + " are not YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
                return null;
            }
        }

        private static String stripFinalNewline(String s) {
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        }

        private static String altText(Node image) {
            StringBuilder sb = new StringBuilder();
            for (Node c = image.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof Text t) {
                    sb.append(t.getLiteral());
                }
            }
            return sb.toString();
        }

        private List<Inline> inlines(Node parent) {
            List<Inline> out = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                if (n instanceof Text t) {
                    out.add(new Inline.Text(t.getLiteral()));
                } else if (n instanceof Emphasis) {
                    out.add(new Inline.Emphasis(inlines(n)));
                } else if (n instanceof StrongEmphasis) {
                    out.add(new Inline.Strong(inlines(n)));
                } else if (n instanceof Code c) {
                    out.add(new Inline.Code(c.getLiteral()));
                } else if (n instanceof Link l) {
                    out.add(new Inline.Link(l.getDestination(), inlines(l)));
                } else if (n instanceof Image img) {
                    out.add(new Inline.InlineImage(img.getDestination(), altText(img)));
                } else if (n instanceof SoftLineBreak) {
                    out.add(new Inline.Break(false));
                } else if (n instanceof HardLineBreak) {
                    out.add(new Inline.Break(true));
                } else if (n instanceof HtmlInline html) {
                    out.add(new Inline.Text(html.getLiteral()));
                } else {
                    out.addAll(inlines(n));
                }
            }
            return out;
        }
    }
}
