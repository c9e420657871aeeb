package io.kubelab.app.fx;

import io.kubelab.app.MainView;
import io.kubelab.app.MainViewModel;
import io.kubelab.app.WindowLayout;
import io.kubelab.app.WindowState;
import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.theme.Theme;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The window's layout: dividers, tabs and size moved, the window closed, a new one opened as it was. */
@ExtendWith(ApplicationExtension.class)
class WindowLayoutFxTest extends AppFixture {
    @TempDir
    Path dir;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        startApp(stage);
    }

    @Test
    void dividersTabsAndSizeComeBackInANewWindow() {
        WindowState.Store store = WindowState.file(dir.resolve("window.properties"));
        // As KubelabApp does: the (default) state on the first window (at the size of Monocle's
        // 1280 × 800 screen, not the default 1440 × 900), the user moves things, then closes it.
        WindowLayout first = fx(() -> WindowLayout.apply(store.load(), stage, view, false));
        fx(() -> {
            stage.setWidth(1100);
            stage.setHeight(700);
            return null;
        });
        waitFor(() -> stage.getWidth() == 1100 && view.root().getWidth() == 1100);
        // The user drags the dividers, one after the other, and brings other tabs to the front.
        fx(() -> {
            first.dividers(0.18, 0.55, 0.6);
            view.showSlides();
            view.bottomTabs().getSelectionModel().select(2);
            return null;
        });
        waitFor(() -> Math.abs(view.sideSplit().getDividerPositions()[0] - 0.55) < 0.01);
        WindowState saved = fx(() -> first.capture("dark", "zh-TW"));
        store.save(saved);
        fx(() -> {
            stage.hide();
            return null;
        });

        WindowState loaded = store.load();
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.lessonDivider()).isCloseTo(0.18, within(0.01));
        assertThat(loaded.learnTab()).isEqualTo("slides");
        assertThat(loaded.bottomTab()).isEqualTo("timeline");

        // A new window over the same session, as after a restart.
        MainView[] second = new MainView[1];
        Stage reopened = fx(() -> {
            MainViewModel vm = new MainViewModel(session, Locale.ENGLISH, Theme.LIGHT, SchedulingExplainer.NONE,
                    ClusterFaultInjector::new, Platform::runLater);
            second[0] = new MainView(vm);
            Stage s = new Stage();
            s.setScene(new Scene(second[0].root(), WindowState.DEFAULT.width(), WindowState.DEFAULT.height()));
            second[0].install(s.getScene());
            WindowLayout.apply(loaded, s, second[0], true);
            s.show();
            return s;
        });
        try {
            waitFor(() -> reopened.isShowing() && second[0].root().getWidth() > 0);
            MainView v = second[0];
            assertThat(fx(() -> reopened.getWidth())).isEqualTo(1100);
            assertThat(fx(() -> reopened.getHeight())).isEqualTo(700);
            assertThat(fx(() -> v.lessonSplit().getDividerPositions()[0])).isCloseTo(saved.lessonDivider(), within(0.01));
            assertThat(fx(() -> v.sideSplit().getDividerPositions()[0])).isCloseTo(saved.sideDivider(), within(0.01));
            assertThat(fx(() -> v.verticalSplit().getDividerPositions()[0])).isCloseTo(saved.bottomDivider(), within(0.01));
            assertThat(fx(() -> v.learnTabs().getSelectionModel().getSelectedItem().getId())).isEqualTo("tab-slides");
            assertThat(fx(() -> v.bottomTabs().getSelectionModel().getSelectedItem().getId())).isEqualTo("tab-timeline");
        } finally {
            fx(() -> {
                second[0].stop();
                reopened.hide();
                return null;
            });
        }
    }
}
