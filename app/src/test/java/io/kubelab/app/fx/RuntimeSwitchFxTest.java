package io.kubelab.app.fx;

import io.kubelab.app.MainView;
import io.kubelab.app.MainViewModel;
import io.kubelab.app.TestClusters;
import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.lessons.LessonsSettings;
import io.kubelab.app.runtime.ClusterFactories;
import io.kubelab.app.runtime.ClusterRuntime;
import io.kubelab.app.runtime.PlatformFactory;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.theme.Theme;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.Component;
import io.kubelab.engine.NodePlatform;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.linux.runc.RealModeUnavailableException;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime switch in the header, with stand-in platforms (no root needed): a machine that cannot
 * run real mode (the dialog says why, the app stays simulated), and a platform that plays real mode
 * (step and speed off, the lesson notice says so, and back).
 */
@ExtendWith(ApplicationExtension.class)
class RuntimeSwitchFxTest extends AppFixture {
    static final String NOT_ROOT = "real mode needs root: it creates network namespaces, cgroups and runc containers. "
            + "Start Kubelab with sudo to use it; Kubelab stays in simulated mode.";

    /** What the "real" factory makes: {@code null} fails as a machine without root does. */
    private volatile boolean realModeAvailable;
    private final AtomicInteger platformsMade = new AtomicInteger();

    @Start
    void start(Stage stage) {
        session = ClusterSession.running(TestClusters::withNodes, 20, true);
        PlatformFactory platforms = nodes -> {
            if (!realModeAvailable) {
                throw new RealModeUnavailableException(NOT_ROOT);
            }
            platformsMade.incrementAndGet();
            return new PlaysRealMode();
        };
        viewModel = new MainViewModel(session, Locale.ENGLISH, Theme.LIGHT, SchedulingExplainer.NONE,
                ClusterFaultInjector::new, Platform::runLater, BundledContent.lessons(), LessonsSettings.inMemory(),
                InstantSource.system(), r -> factory(r, platforms), Runnable::run);
        view = new MainView(viewModel);
        scene = new Scene(view.root(), 1280, 800);
        view.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    private static Supplier<Cluster> factory(ClusterRuntime r, PlatformFactory platforms) {
        return ClusterFactories.of(r, ClusterConfig.defaults(), platforms);
    }

    /** Simulated nodes under another name: the app takes it for real mode (it is not {@link NodePlatform#SIMULATED}). */
    private static final class PlaysRealMode implements NodePlatform {
        @Override
        public Component kubeProxy(Cluster cluster) {
            return SIMULATED.kubeProxy(cluster);
        }

        @Override
        public ContainerRuntime containerRuntime(Cluster cluster, int index, Component kubeProxy) {
            return SIMULATED.containerRuntime(cluster, index, kubeProxy);
        }
    }

    private void chooseRuntime(String item) {
        clickOn("#runtime-menu");
        clickOn(item);
    }

    private DialogPane dialog(String id) {
        waitFor(() -> lookup(id).tryQuery().isPresent());
        return lookup(id).queryAs(DialogPane.class);
    }

    private boolean disabled(String id) {
        return fx(() -> lookup(id).query().isDisabled());
    }

    @Test
    void withoutRootTheDialogSaysWhyAndTheAppStaysSimulated() {
        Cluster before = cluster();
        assertThat(lookup("#runtime-menu").queryAs(MenuButton.class).getText()).isEqualTo("Runtime: Simulated");
        assertThat(lookup("#runtime-status").queryAs(Label.class).getText()).isEqualTo("Simulated cluster");

        chooseRuntime("Real containers (Linux)");
        DialogPane confirm = dialog("#runtime-confirm");
        assertThat(confirm.getHeaderText()).isEqualTo("Switch to Real containers (Linux)?");
        assertThat(confirm.getContentText()).startsWith("The current cluster is replaced by a new, empty one")
                .contains("runc containers").contains("step and speed are turned off");
        clickOn(confirm.lookupButton(confirm.getButtonTypes().get(0)));

        DialogPane failure = dialog("#runtime-failure");
        assertThat(failure.getHeaderText()).isEqualTo("Kubelab stays on the simulated cluster.");
        assertThat(failure.getContentText()).isEqualTo(NOT_ROOT);
        assertThat(fx(() -> ((Stage) failure.getScene().getWindow()).getTitle())).isEqualTo("Real containers are not available");
        clickOn((Node) failure.lookupButton(failure.getButtonTypes().get(0)));
        waitFor(() -> lookup("#runtime-failure").tryQuery().isEmpty());

        assertThat(viewModel.runtime().runtime()).isEqualTo(ClusterRuntime.SIMULATED);
        assertThat(session.cluster()).isSameAs(before);
        assertThat(lookup("#runtime-menu").queryAs(MenuButton.class).getText()).isEqualTo("Runtime: Simulated");
        assertThat(disabled("#step")).isFalse();
        assertThat(disabled("#speed-slider")).isFalse();
        assertThat(viewModel.runtime().failureProperty().get()).isEmpty();
    }

    @Test
    void cancellingKeepsTheCluster() {
        Cluster before = cluster();
        realModeAvailable = true;
        chooseRuntime("Real containers (Linux)");
        DialogPane confirm = dialog("#runtime-confirm");
        clickOn((Node) confirm.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        waitFor(() -> lookup("#runtime-confirm").tryQuery().isEmpty());
        assertThat(platformsMade.get()).isZero();
        assertThat(session.cluster()).isSameAs(before);
        assertThat(viewModel.runtime().runtime()).isEqualTo(ClusterRuntime.SIMULATED);
    }

    @Test
    void onRealContainersStepAndSpeedAreOffAndTheLessonSaysSo() {
        Cluster before = cluster();
        realModeAvailable = true;
        // A lesson written for real containers offers the switch while simulated.
        interact(() -> viewModel.lessons().openStep("02-kernel-features/see-namespaces"));
        waitFor(() -> lookup("#lesson-real-mode").query().isVisible());
        assertThat(lookup("#lesson-real-mode-text").queryAs(Label.class).getText())
                .startsWith("This step shows real kernel state only on real containers");
        clickOn("#lesson-real-mode-switch");
        DialogPane confirm = dialog("#runtime-confirm");
        clickOn(confirm.lookupButton(confirm.getButtonTypes().get(0)));

        waitFor(() -> viewModel.runtime().runtime() == ClusterRuntime.LINUX && !viewModel.runtime().busyProperty().get());
        assertThat(platformsMade.get()).isEqualTo(1);
        assertThat(session.cluster()).isNotSameAs(before);
        waitFor(() -> viewModel.cluster().model().nodes().length == 3);
        assertThat(lookup("#runtime-menu").queryAs(MenuButton.class).getText()).isEqualTo("Runtime: Real containers (Linux)");
        assertThat(lookup("#runtime-status").queryAs(Label.class).getText()).isEqualTo("Real containers (Linux)");
        assertThat(viewModel.title().get()).isEqualTo("Kubelab — real containers (Linux)");
        assertThat(lookup("#status-message").queryAs(Label.class).getText())
                .isEqualTo("The cluster now runs on: Real containers (Linux)");
        assertThat(disabled("#step")).isTrue();
        assertThat(disabled("#speed-slider")).isTrue();
        assertThat(disabled("#pause")).isFalse();
        assertThat(session.isPaused()).isFalse();
        assertThat(session.speed()).isEqualTo(1.0);
        assertThat(fx(() -> javafx.scene.control.Tooltip.class.cast(
                lookup("#sim-only-controls").query().getProperties().get("javafx.scene.control.Tooltip")).getText()))
                .isEqualTo("Real containers run on the wall clock: step and speed only apply to the simulation");
        // The keys do nothing either.
        clickOn("#cluster-canvas");
        write('+');
        assertThat(fx(() -> viewModel.controls().speedProperty().get())).isEqualTo(1.0);
        // The lesson now says where the student is, and has no switch to offer.
        assertThat(lookup("#lesson-real-mode-text").queryAs(Label.class).getText()).endsWith("You are on real containers.");
        assertThat(lookup("#lesson-real-mode-switch").query().isVisible()).isFalse();

        // Reset on real containers: a fresh cluster on a fresh platform, still real.
        Cluster real = cluster();
        clickOn("#reset");
        waitFor(() -> platformsMade.get() == 2 && !viewModel.runtime().busyProperty().get());
        assertThat(session.cluster()).isNotSameAs(real);
        assertThat(viewModel.runtime().runtime()).isEqualTo(ClusterRuntime.LINUX);
        assertThat(lookup("#status-message").queryAs(Label.class).getText()).isEqualTo("A fresh cluster");

        chooseRuntime("Simulated");
        clickOn(dialog("#runtime-confirm").lookupButton(dialog("#runtime-confirm").getButtonTypes().get(0)));
        waitFor(() -> viewModel.runtime().runtime() == ClusterRuntime.SIMULATED && !viewModel.runtime().busyProperty().get());
        assertThat(disabled("#step")).isFalse();
        assertThat(lookup("#lesson-real-mode-switch").query().isVisible()).isTrue();
        assertThat(ClusterFactories.runtimeOf(session.cluster())).isEqualTo(ClusterRuntime.SIMULATED);
    }

    @Test
    void aLessonForEitherRuntimeShowsNoNotice() {
        interact(() -> viewModel.lessons().openStep("01-virtualization/" + BundledContent.lessons().get(0).steps().get(0).id()));
        waitFor(() -> !lookup("#lesson-real-mode").query().isVisible());
        interact(() -> viewModel.lessons().openStep("03-docker/history"));
        waitFor(() -> lookup("#lesson-real-mode").query().isVisible());
        assertThat(lookup("#lesson-real-mode-text").queryAs(Label.class).getText())
                .startsWith("This lesson is written for real containers");
        assertThat(lookup("#lesson-real-mode-switch").queryAs(Button.class).getText()).isEqualTo("Switch to real containers");
    }
}
