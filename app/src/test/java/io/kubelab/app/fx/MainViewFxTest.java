package io.kubelab.app.fx;

import io.kubelab.app.cluster.Palette;
import io.kubelab.app.theme.Theme;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MainViewFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    private String text(String id) {
        return lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void theLanguageSwitchesEveryVisibleTextAtRunTime() {
        assertThat(text("#subtitle")).isEqualTo("A Kubernetes classroom on one laptop");
        assertThat(lookup("#pause").queryAs(javafx.scene.control.ToggleButton.class).getText()).isEqualTo("Resume");
        clickOn("#language-button");
        waitFor(() -> text("#subtitle").equals("一台筆電上的 Kubernetes 教室"));
        assertThat(lookup("#pause").queryAs(javafx.scene.control.ToggleButton.class).getText()).isEqualTo("繼續");
        assertThat(lookup("#step").queryButton().getText()).isEqualTo("前進 1 秒");
        assertThat(fx(() -> view.bottomTabs().getTabs().get(0).getText())).isEqualTo("主控台");
        assertThat(text("#counts")).isEqualTo("3 個節點 · 0 個 Pod · 0 個 Pending · 2 個 Service");
        press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        waitFor(() -> text("#subtitle").equals("A Kubernetes classroom on one laptop"));
        assertThat(fx(() -> view.bottomTabs().getTabs().get(0).getText())).isEqualTo("Console");
    }

    @Test
    void theThemeChangesStylesheetsControlsAndCanvasColours() {
        Color lightBg = fx(() -> view.clusterView().canvas().palette().get(Palette.Key.BACKGROUND));
        assertThat(lightBg).isEqualTo(Color.web("#f6f8fa"));
        press(KeyCode.CONTROL).press(KeyCode.T).release(KeyCode.T).release(KeyCode.CONTROL);
        waitFor(() -> viewModel.theme().theme() == Theme.DARK);
        assertThat(scene.getStylesheets()).anyMatch(s -> s.endsWith("dark.css"));
        waitFor(() -> view.clusterView().canvas().palette().get(Palette.Key.BACKGROUND).equals(Color.web("#161b22")));
        assertThat(lookup("#theme-button").queryButton().getText()).isEqualTo("Theme: Dark");
        clickOn("#theme-button");
        waitFor(() -> viewModel.theme().theme() == Theme.PROJECTOR);
        waitFor(() -> lookup("#subtitle").queryAs(Label.class).getFont().getSize() == 19.0);
        assertThat(view.root().getStyleClass()).contains("theme-projector");
        waitFor(() -> view.clusterView().canvas().palette().fontScale() == 1.15);
    }

    @Test
    void slotsForTheConsoleAndTheKubeconfigLine() {
        assertThat(lookup("#console-input").tryQuery()).isPresent();
        assertThat(text("#kubeconfig-line")).isEqualTo("kubeconfig: not served");
        interact(() -> viewModel.setKubeconfigLine("kubeconfig: /home/u/.kube/kubelab (https://127.0.0.1:6443)"));
        assertThat(text("#kubeconfig-line")).isEqualTo("kubeconfig: /home/u/.kube/kubelab (https://127.0.0.1:6443)");
        interact(() -> view.setConsole(new Label("console here")));
        assertThat(lookup("#console-input").tryQuery()).isEmpty();
    }
}
