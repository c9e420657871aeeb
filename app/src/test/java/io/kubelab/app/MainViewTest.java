package io.kubelab.app;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MainViewTest {

    @Start
    void start(Stage stage) {
        Cluster cluster = Cluster.create(ClusterConfig.defaults());
        MainView view = new MainView(cluster, Messages.bundle(Messages.ZH_TW));
        stage.setScene(new Scene(view.root(), 800, 600));
        stage.show();
    }

    @Test
    void showsTheTitleInTraditionalChinese(FxRobot robot) {
        Label subtitle = robot.lookup(".label").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().contains("Kubernetes")).findFirst().orElseThrow();
        assertThat(subtitle.getText()).isEqualTo("一台筆電上的 Kubernetes 教室");
        assertThat(Messages.bundle(Locale.ENGLISH).getString("app.subtitle")).isEqualTo("A Kubernetes classroom on one laptop");
    }
}
