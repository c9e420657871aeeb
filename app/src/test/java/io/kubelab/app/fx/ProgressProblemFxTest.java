package io.kubelab.app.fx;

import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** A progress file cut off half-way (a disk that filled up, an editor) opens the window with words, not a crash. */
@ExtendWith(ApplicationExtension.class)
class ProgressProblemFxTest extends LearnFixture {

    @Start
    void start(Stage stage) {
        startLearning(stage, "{\"version\": 1, \"user\": \"ada\", \"lessons\": {\"06-po");
    }

    @Test
    void theLessonPanelSaysWhatHappenedAndStartsAfresh() {
        Label problem = lookup("#lesson-progress-problem").queryAs(Label.class);
        assertThat(problem.isVisible()).isTrue();
        assertThat(problem.getText()).startsWith("Your saved progress could not be read")
                .contains("ada.json.unreadable").doesNotContain(progressFolder.toString());
        assertThat(lookup("#lesson-step-title").queryAs(Label.class).getText()).isEqualTo("Full virtualization");
        assertThat(Files.exists(progressFolder.resolve("ada.json.unreadable"))).isTrue();
        clickOn("#lesson-next");
        waitFor(() -> Files.exists(progressFolder.resolve("ada.json"))
                && Files.readString(progressFolder.resolve("ada.json")).contains("para-virtualization"));
    }
}
