package io.kubelab.app.lessons;

import io.kubelab.lessons.progress.ProgressStore;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Where the lesson panel keeps progress and who the user is.
 *
 * @param store the progress store, or {@code null} to keep progress in memory only (tests of other panes)
 * @param user  the user whose progress is shown, e.g. the login name
 * @param io    runs file writes off the UI thread (a same-thread executor in tests)
 */
public record LessonsSettings(ProgressStore store, String user, Executor io) {

    /** Progress in memory only, lost at exit. */
    public static LessonsSettings inMemory() {
        return new LessonsSettings(null, "student", Runnable::run);
    }

    /**
     * The app's: {@code $XDG_CONFIG_HOME/kubelab/progress/<user>.json} ({@code ~/.config/kubelab/progress}),
     * the login name as the user, saves on a background thread.
     */
    public static LessonsSettings forCurrentUser() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        String user = System.getProperty("user.name", "student");
        Executor io = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubelab-progress");
            t.setDaemon(true);
            return t;
        });
        return new LessonsSettings(new ProgressStore(base.resolve("kubelab").resolve("progress")),
                user.isBlank() ? "student" : user, io);
    }
}
