package io.kubelab.app.fx;

import io.kubelab.app.MainView;
import io.kubelab.app.MainViewModel;
import io.kubelab.app.TestClusters;
import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.theme.Theme;
import io.kubelab.engine.Cluster;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The real main window over a real engine thread (started paused, so time moves only when a test
 * steps it), in a headless Monocle stage. Tests change the cluster from their own thread through
 * the API, as the console or kubectl would, and wait for the next frames.
 */
public abstract class AppFixture extends FxRobot {
    protected ClusterSession session;
    protected MainViewModel viewModel;
    protected MainView view;
    protected Scene scene;

    /** Call from the test class's own {@code @Start} method (TestFX only looks at the test class). */
    protected void startApp(Stage stage) {
        startApp(stage, ClusterSession.running(TestClusters::withNodes, 20, true));
    }

    /** As {@link #startApp(Stage)}, over {@code session} (e.g. a whole cluster that runs by itself). */
    protected void startApp(Stage stage, ClusterSession session) {
        this.session = session;
        viewModel = new MainViewModel(session, Locale.ENGLISH, Theme.LIGHT, SchedulingExplainer.NONE,
                ClusterFaultInjector::new, Platform::runLater);
        view = new MainView(viewModel);
        // Monocle's headless screen is 1280 × 800: a larger window overflows its frame buffer.
        scene = new Scene(view.root(), 1280, 800);
        view.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    /** The lessons and deck the window shows are read here, not on the FX thread within TestFX's setup timeout. */
    @org.junit.jupiter.api.BeforeAll
    static void readLessonsAndDeck() {
        io.kubelab.app.lessons.BundledContent.lessons();
        io.kubelab.app.lessons.BundledContent.introDeck().apply("en");
    }

    @AfterEach
    void closeSession() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> view.stop()).get();
        session.close();
    }

    protected Cluster cluster() {
        return session.cluster();
    }

    /** Waits (up to 10 s) until {@code condition}, checked on the FX thread, holds. */
    protected void waitFor(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 10 s", e);
        }
    }

    protected <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The screen point of a world point of the cluster view. */
    protected Point2D screenOfWorld(double wx, double wy) {
        return fx(() -> {
            var cam = viewModel.cluster().camera();
            return view.clusterView().canvas().localToScreen(cam.toScreenX(wx), cam.toScreenY(wy));
        });
    }
}
