package io.kubelab.slides.render;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.parser.DeckLoader;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ApplicationExtension.class)
class PdfExporterTest {

    @Test
    void writesOnePagePerSlide(@TempDir Path dir) throws Exception {
        Deck deck = DeckLoader.load("fixture", "en");
        SlideRenderer renderer = new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT);
        Path pdf = dir.resolve("fixture.pdf");
        WaitForAsyncUtils.asyncFx(() -> {
            PdfExporter.export(deck, renderer, pdf);
            return null;
        }).get(120, TimeUnit.SECONDS);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(deck.size()).isEqualTo(5);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(960f);
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("A fixture deck");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temp file left behind").containsExactly(pdf);
        }
    }

    @Test
    void snapshotsShowTheThemeBackground() throws Exception {
        Deck deck = DeckLoader.load("fixture", "en");
        List<BufferedImage> light = WaitForAsyncUtils.asyncFx(() -> PdfExporter.snapshots(deck,
                new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), 0.5)).get(60, TimeUnit.SECONDS);
        List<BufferedImage> dark = WaitForAsyncUtils.asyncFx(() -> PdfExporter.snapshots(deck,
                new SlideRenderer(WidgetFactory.none(), SlideTheme.DARK), 0.5)).get(60, TimeUnit.SECONDS);
        assertThat(light).hasSize(5);
        assertThat(light.get(0).getWidth()).isEqualTo(640);
        assertThat(light.get(0).getHeight()).isEqualTo(360);
        // The top-left corner is padding: the theme's background colour.
        assertThat(light.get(0).getRGB(2, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(dark.get(0).getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x0D1117);
    }

    @Test
    void snapshotsRefuseAnyOtherThread() {
        Deck deck = DeckLoader.load("fixture", "en");
        assertThatThrownBy(() -> PdfExporter.snapshots(deck, new SlideRenderer(WidgetFactory.none(), SlideTheme.LIGHT), 1))
                .isInstanceOf(IllegalStateException.class);
    }
}
