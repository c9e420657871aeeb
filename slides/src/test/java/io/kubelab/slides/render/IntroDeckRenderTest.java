package io.kubelab.slides.render;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import io.kubelab.slides.parser.DeckLoader;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled deck renders headless, fits its slides, and exports one PDF page per slide. */
@ExtendWith(ApplicationExtension.class)
class IntroDeckRenderTest {

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void everySlideFitsOnTheProjectorTheme(String language) throws Exception {
        Deck deck = DeckLoader.load(DeckLoader.INTRO, language);
        // The projector theme has the largest type: if it fits there, it fits everywhere.
        SlideRenderer renderer = new SlideRenderer(WidgetFactory.none(), SlideTheme.PROJECTOR);
        List<String> overflowing = overflowing(deck, renderer);
        assertThat(overflowing).as("slides taller than the slide").isEmpty();
    }

    /** The slides whose content runs past the slide's bottom edge, with where it ends. */
    static List<String> overflowing(Deck deck, SlideRenderer renderer) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> out = new ArrayList<>();
            for (Slide slide : deck.slides()) {
                Region node = renderer.render(deck, slide);
                new Scene(node, SlideRenderer.WIDTH, SlideRenderer.HEIGHT);
                node.applyCss();
                node.layout();
                double bottom = 0;
                for (Node child : node.getChildrenUnmodifiable()) {
                    bottom = Math.max(bottom, child.getBoundsInParent().getMaxY());
                }
                if (bottom > SlideRenderer.HEIGHT) {
                    out.add(slide.meta().id() + " ends at " + Math.round(bottom) + " px");
                }
            }
            return out;
        }).get(60, TimeUnit.SECONDS);
    }

    @org.junit.jupiter.api.Test
    void theFitCheckSeesATooLongSlide() throws Exception {
        String tall = "<!-- id: tall -->\n## Tall\n\n" + "- a line\n".repeat(40);
        Deck deck = new io.kubelab.slides.parser.DeckParser().parse("t", "en", "t.md", null, tall);
        assertThat(overflowing(deck, new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT)))
                .singleElement().asString().startsWith("tall ends at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "en"})
    void exportsOnePdfPagePerSlide(String language, @TempDir Path dir) throws Exception {
        Deck deck = DeckLoader.load(DeckLoader.INTRO, language);
        Path pdf = dir.resolve("intro-" + language + ".pdf");
        WaitForAsyncUtils.asyncFx(() -> {
            PdfExporter.write(PdfExporter.snapshots(deck, new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), 0.5),
                    deck.title(), pdf);
            return null;
        }).get(180, TimeUnit.SECONDS);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(deck.size()).isGreaterThanOrEqualTo(32);
        }
    }
}
