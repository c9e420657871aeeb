package io.kubelab.app.session;

import javafx.animation.AnimationTimer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The UI's one tick, FXGL's {@code onUpdate} way: an {@link AnimationTimer} that, once per frame,
 * first flushes the cluster feed and then lets every view animate and redraw.
 */
public final class FrameLoop {
    /** A view's per-frame work. */
    @FunctionalInterface
    public interface Tick {
        /** Called on the JavaFX application thread once per frame, after the feed's batch. */
        void onFrame(long nowNanos);
    }

    private final ClusterFeed feed;
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frame(now);
        }
    };

    public FrameLoop(ClusterFeed feed) {
        this.feed = feed;
    }

    public void add(Tick tick) {
        ticks.add(tick);
    }

    public void remove(Tick tick) {
        ticks.remove(tick);
    }

    /** Whether {@code tick} is called each frame (tests check that a widget let go). */
    public boolean contains(Tick tick) {
        return ticks.contains(tick);
    }

    /** Starts ticking. FX thread. */
    public void start() {
        timer.start();
    }

    public void stop() {
        timer.stop();
    }

    /** One frame; public so that tests can run frames without a pulse. FX thread. */
    public void frame(long nowNanos) {
        feed.flush();
        for (Tick t : ticks) {
            t.onFrame(nowNanos);
        }
    }
}
