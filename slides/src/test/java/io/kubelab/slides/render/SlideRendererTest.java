package io.kubelab.slides.render;

import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import io.kubelab.slides.parser.DeckLoader;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders the fixture deck headless (Monocle) and looks at the nodes. */
@ExtendWith(ApplicationExtension.class)
class SlideRendererTest {
    private final Deck deck = DeckLoader.load("fixture", "en");

    /** Renders a slide in a scene (so CSS applies) on the FX thread, and returns it. */
    private Region render(SlideRenderer renderer, String slideId) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Region node = renderer.render(deck, deck.slide(slideId).orElseThrow());
            new Scene(node);
            node.applyCss();
            node.layout();
            return node;
        }).get(30, TimeUnit.SECONDS);
    }

    private static Set<Node> all(Node root, String styleClass) {
        return root.lookupAll("." + styleClass);
    }

    @Test
    void headingsAndParagraphsAreStyledTextFlows() throws Exception {
        Region slide = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "title");
        assertThat(slide.getStyleClass()).contains(StyleClasses.SLIDE, StyleClasses.FIRST_SLIDE);
        assertThat(slide.getPrefWidth()).isEqualTo(SlideRenderer.WIDTH);
        TextFlow h1 = (TextFlow) slide.lookup("." + StyleClasses.HEADING_LEVEL + "1");
        assertThat(h1.getChildren()).hasSize(3);
        Text emphasised = (Text) h1.getChildren().get(1);
        assertThat(emphasised.getText()).isEqualTo("fixture");
        assertThat(emphasised.getStyleClass()).contains(StyleClasses.EMPHASIS);
        // The CSS reached the text: italic from slides.css, the 64px title size of a first slide.
        assertThat(emphasised.getFont().getStyle()).containsIgnoringCase("italic");
        assertThat(emphasised.getFont().getSize()).isEqualTo(64.0);
        Text code = (Text) all(slide, StyleClasses.CODE_INLINE).iterator().next();
        assertThat(code.getText()).isEqualTo("code");
        assertThat(code.getFont().getFamily()).isEqualTo("Monospaced");
        assertThat(all(slide, StyleClasses.LINK)).hasSize(1);
        assertThat(all(slide, StyleClasses.STRONG)).hasSize(1);
    }

    @Test
    void themesChangeOnlyTheLookedUpColours() throws Exception {
        Region light = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "title");
        Region dark = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.DARK), "title");
        Text lightText = (Text) light.lookup("." + StyleClasses.PARAGRAPH + " ." + StyleClasses.TEXT);
        Text darkText = (Text) dark.lookup("." + StyleClasses.PARAGRAPH + " ." + StyleClasses.TEXT);
        assertThat(lightText.getFill()).isEqualTo(Color.web("#1f2328"));
        assertThat(darkText.getFill()).isEqualTo(Color.web("#e6edf3"));
        assertThat(dark.getStylesheets()).hasSize(2).allMatch(s -> s.endsWith(".css"));
        assertThat(dark.getStylesheets().get(1)).endsWith("theme-dark.css");
        // Switching theme replaces the theme sheet, never stacks two.
        WaitForAsyncUtils.asyncFx(() -> SlideTheme.PROJECTOR.applyTo(dark)).get(10, TimeUnit.SECONDS);
        assertThat(dark.getStylesheets()).hasSize(2);
        assertThat(dark.getStylesheets().get(1)).endsWith("theme-projector.css");
    }

    @Test
    void listsGetBulletsAndNumbers() throws Exception {
        Region slide = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "lists");
        List<String> bullets = new ArrayList<>();
        for (Node n : all(slide, StyleClasses.BULLET)) {
            bullets.add(((Text) n).getText());
        }
        assertThat(bullets).containsExactlyInAnyOrder("•", "•", "1.", "2.", "3.", "4.");
    }

    @Test
    void codeBlocksAreMonospaceAndKeepTheirLines() throws Exception {
        Region slide = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "code");
        Node block = slide.lookup("." + StyleClasses.CODE_BLOCK);
        assertThat(block.getStyleClass()).contains("language-yaml");
        Text code = (Text) block.lookup("." + StyleClasses.CODE_TEXT);
        assertThat(code.getText()).contains("---\napiVersion: v1");
        assertThat(code.getFont().getFamily()).isEqualTo("Monospaced");
        assertThat(code.getFont().getStyle()).doesNotContainIgnoringCase("italic");
    }

    @Test
    void widgetsComeFromTheFactoryOrShowAPlaceholder() throws Exception {
        List<Block.Widget> asked = new ArrayList<>();
        WidgetFactory factory = w -> {
            asked.add(w);
            Label live = new Label("live " + w.params().get("service"));
            live.setId("live-widget");
            return Optional.of(live);
        };
        Region slide = render(new SlideRenderer(factory, SlideTheme.LIGHT), "widget");
        assertThat(asked).extracting(Block.Widget::type).containsExactly("service-traffic");
        assertThat(((Label) slide.lookup("#live-widget")).getText()).isEqualTo("live my-nginx");

        Region placeholder = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "widget");
        Label label = (Label) placeholder.lookup("." + StyleClasses.WIDGET_PLACEHOLDER);
        assertThat(label.getText()).isEqualTo("⟨service-traffic⟩");
    }

    @Test
    void tablesAndImagesRender() throws Exception {
        Region slide = render(new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), "table-and-image");
        GridPane table = (GridPane) slide.lookup("." + StyleClasses.TABLE);
        assertThat(table.getChildren()).hasSize(6); // a header row and two rows of two cells
        assertThat(all(slide, StyleClasses.TABLE_HEADER)).hasSize(2);
        ImageView image = (ImageView) slide.lookup("." + StyleClasses.IMAGE + " > .image-view");
        assertThat(image).as("the image resolved next to the deck").isNotNull();
        assertThat(image.getImage().getWidth()).isEqualTo(40);
        assertThat(all(slide, StyleClasses.QUOTE)).hasSize(1);
    }

    @Test
    void notesRenderForThePresenter() throws Exception {
        SlideRenderer renderer = new SlideRenderer(WidgetFactory.none(), SlideTheme.DARK);
        Region notes = WaitForAsyncUtils.asyncFx(() -> renderer.renderNotes(deck, deck.slides().get(0)))
                .get(10, TimeUnit.SECONDS);
        assertThat(notes.getStyleClass()).contains(StyleClasses.NOTES);
        assertThat(all(notes, StyleClasses.EMPHASIS)).hasSize(1);
    }
}
