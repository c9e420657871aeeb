package io.kubelab.app.fx;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** "Export PDF…" past its file chooser: every slide of the deck in the current language, one page each. */
@ExtendWith(ApplicationExtension.class)
class SlidesExportFxTest extends LearnFixture {

    @Start
    void start(Stage stage) {
        startLearning(stage);
    }

    @Test
    void exportsTheDeckAsAPdf() throws Exception {
        Path out = progressFolder.resolve("intro-en.pdf");
        int slides = fx(() -> viewModel.slides().deckProperty().get().size());
        interact(() -> view.slidesView().exportPdf(out));
        waitFor(() -> lookup("#status-message").queryAs(Label.class).getText()
                .equals("Exported " + slides + " slides to intro-en.pdf"));
        byte[] pdf = Files.readAllBytes(out);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(slides);
        }
    }
}
