package io.kubelab.app.fx;

import io.kubelab.app.MainView;
import io.kubelab.app.MainViewModel;
import io.kubelab.app.TestClusters;
import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.lessons.LessonsSettings;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.theme.Theme;
import io.kubelab.lessons.progress.ProgressStore;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/**
 * The main window as {@link AppFixture} makes it, with progress in a folder of the test's own and
 * a presenter timer on a clock the test moves by hand.
 */
abstract class LearnFixture extends AppFixture {
    /** The presenter's clock: moved only by the test. */
    static final class HandClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T09:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    protected final HandClock clock = new HandClock();
    protected Path progressFolder;

    protected void startLearning(Stage stage) {
        startLearning(stage, "");
    }

    /** With {@code savedProgress} as the user's progress file (none when empty). */
    protected void startLearning(Stage stage, String savedProgress) {
        try {
            progressFolder = Files.createTempDirectory("kubelab-progress");
            if (!savedProgress.isEmpty()) {
                Files.writeString(progressFolder.resolve("ada.json"), savedProgress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        session = ClusterSession.running(TestClusters::withNodes, 20, true);
        viewModel = new MainViewModel(session, Locale.ENGLISH, Theme.LIGHT, SchedulingExplainer.NONE,
                ClusterFaultInjector::new, Platform::runLater, BundledContent.lessons(),
                new LessonsSettings(new ProgressStore(progressFolder), "ada", Runnable::run), clock);
        view = new MainView(viewModel);
        scene = new Scene(view.root(), 1280, 800);
        view.install(scene);
        stage.setScene(scene);
        stage.show();
    }
}
