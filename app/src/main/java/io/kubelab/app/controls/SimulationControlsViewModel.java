package io.kubelab.app.controls;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.EngineLoop;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Pause, step, speed (0.25×–100×), reset, save and load a snapshot. The properties are the UI's
 * wish; they are pushed to the engine thread's {@link EngineLoop} through the session.
 */
public final class SimulationControlsViewModel {
    /** The speeds the +/- keys and the slider step through. */
    public static final double[] SPEEDS = {0.25, 0.5, 1, 2, 5, 10, 25, 50, 100};
    public static final Duration STEP = Duration.ofSeconds(1);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 1);
    private final ReadOnlyStringWrapper simTime = new ReadOnlyStringWrapper(this, "simTime", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final BooleanProperty wallTime = new SimpleBooleanProperty(this, "wallTime");
    private Runnable wallTimeReset;
    private long lastClockUpdate;
    private boolean clockShown;

    public SimulationControlsViewModel(ClusterSession session, I18n i18n, Executor ui) {
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        paused.set(session.isPaused());
        speed.set(session.speed());
        paused.addListener((o, a, b) -> session.setPaused(b));
        speed.addListener((o, a, b) -> {
            double clamped = Math.max(EngineLoop.MIN_SPEED, Math.min(EngineLoop.MAX_SPEED, b.doubleValue()));
            if (clamped != b.doubleValue()) {
                speed.set(clamped);
                return;
            }
            session.setSpeed(clamped);
        });
        updateClock();
    }

    public void togglePause() {
        paused.set(!paused.get());
    }

    /** Moves simulated time by {@link #STEP} at once (also while paused). */
    public CompletableFuture<Void> step() {
        if (wallTime.get()) {
            return CompletableFuture.completedFuture(null);
        }
        return session.step(STEP).whenComplete((v, e) -> ui.execute(() -> {
            updateClock();
            if (e != null) {
                message.set(KubeErrors.describe(e));
            }
        }));
    }

    /** The next speed up the ladder 0.25× … 100× (the + key). */
    public void faster() {
        if (wallTime.get()) {
            return;
        }
        for (double s : SPEEDS) {
            if (s > speed.get() + 1e-9) {
                speed.set(s);
                return;
            }
        }
    }

    /** The next speed down the ladder (the - key). */
    public void slower() {
        if (wallTime.get()) {
            return;
        }
        for (int i = SPEEDS.length - 1; i >= 0; i--) {
            if (SPEEDS[i] < speed.get() - 1e-9) {
                speed.set(SPEEDS[i]);
                return;
            }
        }
    }

    /** Index into {@link #SPEEDS} of the current speed (the slider's position). */
    public int speedIndex() {
        int best = 0;
        for (int i = 0; i < SPEEDS.length; i++) {
            if (Math.abs(Math.log(SPEEDS[i]) - Math.log(speed.get())) < Math.abs(Math.log(SPEEDS[best]) - Math.log(speed.get()))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * On the wall clock (real containers), what Reset does instead of a reset on the UI thread:
     * the runtime switch's rebuild, off the UI thread.
     */
    public void setWallTimeReset(Runnable reset) {
        this.wallTimeReset = reset;
    }

    /** Throws the cluster away and starts a fresh one. UI thread. */
    public void reset() {
        if (wallTime.get() && wallTimeReset != null) {
            wallTimeReset.run();
            return;
        }
        session.reset();
        message.set(i18n.get("controls.resetDone"));
        updateClock();
    }

    /** Writes the user's objects to {@code file}. */
    public CompletableFuture<Void> save(Path file) {
        return session.submit(() -> ClusterSnapshot.export(session.cluster())).thenAccept(yaml -> {
            try {
                Files.writeString(file, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((v, e) -> ui.execute(() -> message.set(e == null
                ? i18n.get("controls.saved", file.getFileName().toString())
                : i18n.get("controls.saveFailed", KubeErrors.describe(e)))));
    }

    /** Starts a fresh cluster and re-applies the snapshot in {@code file} into it. UI thread. */
    public CompletableFuture<List<String>> load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            message.set(i18n.get("controls.loadFailed", e.getMessage()));
            return CompletableFuture.failedFuture(e);
        }
        session.reset();
        return session.submit(() -> ClusterSnapshot.restore(session.cluster(), yaml)).whenComplete((errors, e) -> ui.execute(() -> {
            if (e != null) {
                message.set(i18n.get("controls.loadFailed", KubeErrors.describe(e)));
            } else if (!errors.isEmpty()) {
                message.set(i18n.get("controls.loadedWithErrors", file.getFileName().toString(), errors.get(0)));
            } else {
                message.set(i18n.get("controls.loaded", file.getFileName().toString()));
            }
            updateClock();
        }));
    }

    /** Refreshes the simulated clock's text, at most ten times a second. UI thread, once per frame. */
    public void onFrame(long now) {
        if (!clockShown || now - lastClockUpdate >= 100_000_000L) {
            clockShown = true;
            lastClockUpdate = now;
            updateClock();
        }
    }

    private void updateClock() {
        Instant t = session.cluster().clock().now();
        simTime.set(CLOCK.format(t));
    }

    /**
     * Whether the cluster runs on the wall clock (real containers): step and speed then do nothing
     * (a real process cannot be stepped or sped up) and the view disables them; pause still stops
     * the control plane's clock.
     */
    public BooleanProperty wallTimeProperty() {
        return wallTime;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    /** {@code 1×}, {@code 0.25×}, {@code 100×}. */
    public static String speedText(double s) {
        return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%s", s)) + "\u00D7";
    }

    /** The simulated time, UTC. */
    public ReadOnlyStringProperty simTimeProperty() {
        return simTime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
