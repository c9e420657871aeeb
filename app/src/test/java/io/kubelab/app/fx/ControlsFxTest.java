package io.kubelab.app.fx;

import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ControlsFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    @Test
    void pauseStepAndSpeedDriveTheEngineLoop() {
        ToggleButton pause = lookup("#pause").queryAs(ToggleButton.class);
        assertThat(session.isPaused()).isTrue();
        assertThat(pause.getText()).isEqualTo("Resume");
        var before = cluster().clock().now();
        clickOn("#step");
        waitFor(() -> cluster().clock().now().equals(before.plus(Duration.ofSeconds(1))));
        waitFor(() -> lookup("#sim-time").queryAs(Label.class).getText().equals("2026-01-01 00:00:01"));

        clickOn("#pause");
        waitFor(() -> !session.isPaused());
        assertThat(pause.getText()).isEqualTo("Pause");

        clickOn("#cluster-canvas");
        type(KeyCode.SPACE);
        waitFor(session::isPaused);
        write('+');
        waitFor(() -> session.speed() == 2.0);
        assertThat(lookup("#speed-text").queryAs(Label.class).getText()).isEqualTo("2\u00D7");
        write("--");
        waitFor(() -> session.speed() == 0.5);
        // Paused again (Space): only the step moves the clock, by exactly one second.
        var paused = fx(() -> cluster().clock().now());
        write('.');
        waitFor(() -> cluster().clock().now().equals(paused.plus(Duration.ofSeconds(1))));
    }

    @Test
    void resetGivesAFreshCluster() {
        var old = cluster();
        old.apply(io.kubelab.app.TestClusters.pod("web", "default", "web"));
        waitFor(() -> viewModel.cluster().model().podCount() == 1);
        clickOn("#reset");
        waitFor(() -> session.cluster() != old && viewModel.cluster().model().podCount() == 0
                && viewModel.cluster().model().nodes().length == 3);
        assertThat(lookup("#status-message").queryAs(Label.class).getText()).isEqualTo("A fresh cluster");
    }
}
