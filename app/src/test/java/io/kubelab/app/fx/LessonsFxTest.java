package io.kubelab.app.fx;

import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.lessons.model.Lesson;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class LessonsFxTest extends LearnFixture {

    @Start
    void start(Stage stage) {
        startLearning(stage);
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }

    private Lesson lesson(String id) {
        return viewModel.lessons().lessons().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private void chooseLesson(String id) {
        interact(() -> lookup("#lesson-choice").queryAs(ComboBox.class).setValue(lesson(id)));
    }

    /** All text of the rendered step prose. */
    private String prose() {
        return fx(() -> lookup("#lesson-prose").lookup(".slide-text").queryAllAs(Text.class).stream()
                .map(Text::getText).reduce("", String::concat));
    }

    @Test
    void aManifestStepTurnsGreenWhenItsSolutionIsApplied() throws Exception {
        chooseLesson("10-nginx-deployment");
        waitFor(() -> text("#lesson-step-title").equals("Apply run-my-nginx.yaml"));
        assertThat(prose()).contains("describes a Deployment named nginx-deployment");
        waitFor(() -> lookup("#lesson-check").queryAs(Label.class).getStyleClass().contains("check-not-yet"));
        assertThat(text("#lesson-check-details")).isEqualTo("deployments.apps \"nginx-deployment\" not found");

        String yaml = lesson("10-nginx-deployment").files().get("run-my-nginx.yaml");
        session.submit(() -> {
            cluster().apply(yaml);
            return null;
        }).get();

        waitFor(() -> lookup("#lesson-check").queryAs(Label.class).getStyleClass().contains("check-passed"));
        assertThat(text("#lesson-check")).isEqualTo("✓ Check passed");
        waitFor(() -> lookup("#step-choice").queryAs(ComboBox.class).getButtonCell().getText().startsWith("✓ 1."));
        waitFor(() -> Files.readString(progressFolder.resolve("ada.json")).contains("\"create\""));
    }

    @Test
    void nextBackJumpHintsAndCommands() {
        chooseLesson("10-nginx-deployment");
        clickOn("#lesson-next");
        waitFor(() -> text("#lesson-step-title").equals("Watch the Pods start"));
        assertThat(text("#lesson-position")).isEqualTo("Step 2 of 4");
        clickOn("#lesson-back");
        waitFor(() -> text("#lesson-step-title").equals("Apply run-my-nginx.yaml"));
        assertThat(lookup("#lesson-back").queryButton().isDisabled()).isTrue();

        interact(() -> lookup("#step-choice").queryAs(ComboBox.class).setValue(3));
        waitFor(() -> text("#lesson-step-title").equals("Describe the Deployment"));
        assertThat(lookup("#lesson-next").queryButton().isDisabled()).isTrue();

        assertThat(lookup("#lesson-hint-0").tryQuery()).isEmpty();
        // Below the fold of the panel's scroll pane: fired, not clicked.
        interact(() -> lookup("#lesson-hint").queryButton().fire());
        waitFor(() -> lookup("#lesson-hint-0").tryQuery().isPresent());
        assertThat(lookup("#lesson-hint").queryButton().isDisabled()).as("one hint only").isTrue();
        interact(() -> lookup("#lesson-show-solution").queryButton().fire());
        waitFor(() -> text("#lesson-solution").equals("kubectl describe deployments"));

        Button command = lookup("#lesson-command-0").queryButton();
        assertThat(command.getText()).isEqualTo("kubectl describe deployments");
        interact(command::fire);
        // One click types the line into the console's input; the student presses Enter.
        waitFor(() -> text("#status-message").equals("Pasted into the console: kubectl describe deployments"));
        assertThat(lookup("#console-input").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("kubectl describe deployments");
    }

    @Test
    void resetToCheckpointRestoresTheCluster() {
        var before = cluster();
        interact(() -> viewModel.lessons().openStep("11-nginx-service/create-service"));
        clickOn("#lesson-reset");
        waitFor(() -> session.cluster() != before
                && session.cluster().api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment") != null);
        waitFor(() -> text("#status-message").startsWith("The cluster is at the start of"));
        waitFor(() -> viewModel.cluster().model().podCount() == 2);
    }

    @Test
    void theLanguageSwitchRerendersTheLesson() {
        chooseLesson("10-nginx-deployment");
        waitFor(() -> prose().contains("describes a Deployment"));
        clickOn("#language-button");
        waitFor(() -> text("#lesson-step-title").equals("套用 run-my-nginx.yaml"));
        assertThat(prose()).doesNotContain("describes a Deployment");
        assertThat(fx(() -> lookup("#learn-tabs").queryAs(javafx.scene.control.TabPane.class).getTabs().get(0).getText()))
                .isEqualTo("課程");
        assertThat(lookup("#lesson-next").queryButton().getText()).isEqualTo("下一步");
        assertThat(text("#lesson-position")).isEqualTo("第 1 步,共 4 步");
    }
}
