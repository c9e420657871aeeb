package io.kubelab.slides.parser;

import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Inline;
import io.kubelab.slides.model.Slide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeckParserTest {
    private final DeckParser parser = new DeckParser();

    private Deck fixture() {
        return DeckLoader.load("fixture", "en");
    }

    @Test
    void splitsAtDashLinesButNotInsideCodeFences() {
        Deck deck = fixture();
        assertThat(deck.slides()).extracting(s -> s.meta().id())
                .containsExactly("title", "lists", "code", "widget", "table-and-image");
        assertThat(deck.slides()).extracting(Slide::number).containsExactly(1, 2, 3, 4, 5);
        Block.CodeBlock code = (Block.CodeBlock) deck.slide("code").orElseThrow().blocks().get(1);
        assertThat(code.language()).isEqualTo("yaml");
        assertThat(code.code()).isEqualTo("apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Pod");
        assertThat(deck.title()).isEqualTo("A fixture deck");
    }

    @Test
    void readsMetadataFromTheFirstComment() {
        Slide lists = fixture().slide("lists").orElseThrow();
        assertThat(lists.meta().step()).isEqualTo("06-pod/what-is-a-pod");
        assertThat(lists.meta().checkpoint()).isEqualTo("06-pod/shared-volume");
        assertThat(lists.meta().seed()).containsExactly(2, 3);
        assertThat(fixture().slide("title").orElseThrow().meta().seed()).containsExactly(1);
        assertThat(fixture().slide("code").orElseThrow().meta().step()).isNull();
    }

    @Test
    void separatesSpeakerNotesWithEitherMarker() {
        Deck deck = fixture();
        assertThat(deck.slide("title").orElseThrow().notes()).isEqualTo("Say hello. These are *notes*.");
        assertThat(deck.slide("title").orElseThrow().noteBlocks()).hasSize(1);
        assertThat(deck.slide("lists").orElseThrow().notes()).isEqualTo("Remote-style notes.");
        assertThat(deck.slide("code").orElseThrow().notes()).contains("did not split");
        assertThat(deck.slide("widget").orElseThrow().notes()).isEmpty();
        // The notes are not part of what the audience sees.
        assertThat(deck.slide("title").orElseThrow().blocks()).hasSize(2);
    }

    @Test
    void parsesInlineMarkup() {
        Slide title = fixture().slide("title").orElseThrow();
        Block.Heading h = (Block.Heading) title.blocks().get(0);
        assertThat(h.level()).isEqualTo(1);
        assertThat(h.content()).containsExactly(new Inline.Text("A "),
                new Inline.Emphasis(List.of(new Inline.Text("fixture"))), new Inline.Text(" deck"));
        Block.Paragraph p = (Block.Paragraph) title.blocks().get(1);
        assertThat(p.content()).contains(new Inline.Strong(List.of(new Inline.Text("tests"))), new Inline.Code("code"),
                new Inline.Link("https://kubernetes.io", List.of(new Inline.Text("link"))));
    }

    @Test
    void parsesNestedAndNumberedLists() {
        List<Block> blocks = fixture().slide("lists").orElseThrow().blocks();
        Block.BulletList bullets = (Block.BulletList) blocks.get(1);
        assertThat(bullets.items()).hasSize(2);
        Block.OrderedList nested = (Block.OrderedList) bullets.items().get(1).blocks().get(1);
        assertThat(nested.start()).isEqualTo(1);
        assertThat(nested.items()).hasSize(2);
        Block.OrderedList numbered = (Block.OrderedList) blocks.get(2);
        assertThat(numbered.start()).isEqualTo(3);
    }

    @Test
    void readsWidgetsWithParameters() {
        Slide slide = fixture().slide("widget").orElseThrow();
        assertThat(slide.widgets()).containsExactly(new Block.Widget(Block.Widget.SERVICE_TRAFFIC,
                Map.of("service", "my-nginx", "namespace", "default")));
    }

    @Test
    void readsTablesImagesAndQuotes() {
        List<Block> blocks = fixture().slide("table-and-image").orElseThrow().blocks();
        Block.Table table = (Block.Table) blocks.get(0);
        assertThat(table.header()).extracting(c -> Inline.plainText(c.content())).containsExactly("kind", "short");
        assertThat(table.header()).extracting(Block.TableCell::alignment)
                .containsExactly(Block.Alignment.LEFT, Block.Alignment.CENTER);
        assertThat(table.rows()).hasSize(2);
        assertThat(table.rows().get(1).get(1).content()).containsExactly(new Inline.Code("svc"));
        assertThat(blocks.get(1)).isEqualTo(new Block.Image("pixel.png", "a pixel", ""));
        assertThat(blocks.get(2)).isInstanceOf(Block.Quote.class);
    }

    @Test
    void slidesWithoutMetadataGetNumberedIds() {
        Deck deck = parser.parse("d", "en", "d.md", null, "# One\n---\n# Two\n---\n\n---\n# Three\n");
        assertThat(deck.slides()).extracting(s -> s.meta().id()).containsExactly("slide-1", "slide-2", "slide-3");
        assertThat(deck.slides().get(2).line()).isEqualTo(7);
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        String text = String.join("\n",
                "<!-- id: one", "stpe: 06-pod/x -->", // line 1-2
                "# One",                              // 3
                "---",                                // 4
                "<!-- id: one -->",                   // 5: duplicate
                "<div>raw</div>",                     // 6
                "",
                "```kubelab-widget",                  // 8: no type
                "```",
                "---",                                // 10
                "<!-- id: Bad_Id",                    // 11
                "step: no-slash -->",
                "");
        assertThatThrownBy(() -> parser.parse("d", "en", "decks/d/en.md", null, text))
                .isInstanceOfSatisfying(DeckParseException.class, e -> assertThat(e.problems())
                        .extracting(DeckParseException.Problem::toString)
                        .containsExactlyInAnyOrder(
                                "decks/d/en.md:1: unknown slide metadata key \"stpe\" (known: id, step, checkpoint, seed)",
                                "decks/d/en.md:5: duplicate slide id \"one\"",
                                "decks/d/en.md:6: raw HTML is not shown on slides; use Markdown",
                                "decks/d/en.md:8: a widget block needs one widget type: ```kubelab-widget cluster-view",
                                "decks/d/en.md:11: bad id \"Bad_Id\": a slide id is lower-case letters, digits and '-'",
                                "decks/d/en.md:11: bad step \"no-slash\": a lesson step is written <lesson-id>/<step-id>",
                                "decks/d/en.md:11: slide metadata needs an id"));
    }

    @Test
    void reportsBadYamlInWidgetParameters() {
        String text = "# W\n\n```kubelab-widget cluster-view\nnodes: [a\n```\n";
        assertThatThrownBy(() -> parser.parse("d", "en", "w.md", null, text))
                .isInstanceOf(DeckParseException.class)
                .hasMessageStartingWith("w.md:")
                .hasMessageContaining("widget parameters are not YAML");
    }
}
