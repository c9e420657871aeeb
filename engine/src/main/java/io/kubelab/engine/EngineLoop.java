package io.kubelab.engine;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine thread: owns a {@link Cluster}, moves its clock with wall time at the chosen speed
 * (0.25× to 100×, or paused), and runs commands from other threads (the UI, the console, the HTTP
 * API) between ticks.
 */
public final class EngineLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EngineLoop.class.getName());
    public static final double MIN_SPEED = 0.25;
    public static final double MAX_SPEED = 100;

    private final Cluster cluster;
    private final BlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final long tickMillis;
    private volatile double speed = 1.0;
    private volatile boolean paused;
    private volatile boolean running = true;

    /**
     * @param tickMillis how often (wall time) the clock moves; 20–100 ms is smooth enough to watch
     */
    public EngineLoop(Cluster cluster, long tickMillis) {
        this.cluster = cluster;
        this.tickMillis = tickMillis;
        this.thread = new Thread(this::run, "kubelab-engine");
        this.thread.setDaemon(true);
    }

    public Cluster cluster() {
        return cluster;
    }

    public void start() {
        thread.start();
    }

    /** Whether the calling thread is the engine thread. */
    public boolean isEngineThread() {
        return Thread.currentThread() == thread;
    }

    public double speed() {
        return speed;
    }

    /** Sets the speed, clamped to 0.25×–100×. Any thread. */
    public void setSpeed(double s) {
        speed = Math.max(MIN_SPEED, Math.min(MAX_SPEED, s));
    }

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean p) {
        paused = p;
    }

    /** Moves simulated time by {@code by} at once (the "step" button), also while paused. Any thread. */
    public CompletableFuture<Void> step(Duration by) {
        return submit(() -> {
            cluster.advance(by);
            return null;
        });
    }

    /** Runs {@code task} on the engine thread between ticks. Any thread. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (isEngineThread()) {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
            return f;
        }
        commands.add(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void run() {
        cluster.start();
        long last = System.nanoTime();
        while (running) {
            try {
                Runnable cmd = commands.poll(tickMillis, TimeUnit.MILLISECONDS);
                while (cmd != null) {
                    cmd.run();
                    cmd = commands.poll();
                }
                long now = System.nanoTime();
                long elapsedNanos = now - last;
                last = now;
                if (!paused) {
                    cluster.advance(Duration.ofNanos((long) (elapsedNanos * speed)));
                } else {
                    cluster.settle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "engine tick failed", e);
            }
        }
    }

    /** Stops the thread after its current tick; the cluster stays open. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
