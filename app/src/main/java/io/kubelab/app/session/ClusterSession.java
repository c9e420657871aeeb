package io.kubelab.app.session;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cluster the window shows, the engine thread that moves it, and the feed the views follow.
 * Reset and "load snapshot" replace the cluster; views learn of it through a reset batch of the
 * {@link ClusterFeed} and, for those that keep a reference, through {@link #addClusterListener}.
 *
 * <p>Two modes: with an {@link EngineLoop} (the app), where {@link #submit} runs work on the engine
 * thread; or manual (view-model tests), where {@link #submit} runs it at once on the caller's
 * thread and the test moves the clock itself.
 *
 * <p>Each cluster comes with its {@link Console}, the laptop's terminal over it (a reset gives a
 * fresh one): the console pane types into it, lessons read its {@link Console#history()}.
 */
public final class ClusterSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterSession.class.getName());
    private volatile Supplier<Cluster> factory;
    private final Function<Cluster, Console> consoles;
    private final long tickMillis;
    private final boolean withLoop;
    private final ClusterFeed feed = new ClusterFeed();
    private final List<Consumer<Cluster>> clusterListeners = new CopyOnWriteArrayList<>();
    private volatile Cluster cluster;
    private volatile Console console;
    private volatile EngineLoop loop;
    private volatile double speed = 1.0;
    private volatile boolean paused;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ClusterSession(Supplier<Cluster> factory, Function<Cluster, Console> consoles, boolean withLoop, long tickMillis) {
        this.factory = factory;
        this.consoles = consoles;
        this.withLoop = withLoop;
        this.tickMillis = tickMillis;
    }

    /**
     * A session whose engine thread moves the clock with wall time.
     *
     * @param factory makes a fresh cluster, at start and on every reset; it must not reuse the
     *                previous cluster's state folder content
     */
    public static ClusterSession running(Supplier<Cluster> factory, long tickMillis, boolean startPaused) {
        return running(factory, Consoles::standard, tickMillis, startPaused);
    }

    /** As {@link #running(Supplier, long, boolean)}, with the console each cluster gets. */
    public static ClusterSession running(Supplier<Cluster> factory, Function<Cluster, Console> consoles,
                                         long tickMillis, boolean startPaused) {
        ClusterSession s = new ClusterSession(factory, consoles, true, tickMillis);
        s.paused = startPaused;
        s.open(factory.get());
        return s;
    }

    /** A session without an engine thread: work runs on the caller's thread, time moves only when the caller moves it. */
    public static ClusterSession manual(Cluster cluster, Supplier<Cluster> factory) {
        return manual(cluster, factory, Consoles::standard);
    }

    /** As {@link #manual(Cluster, Supplier)}, with the console each cluster gets. */
    public static ClusterSession manual(Cluster cluster, Supplier<Cluster> factory, Function<Cluster, Console> consoles) {
        ClusterSession s = new ClusterSession(factory, consoles, false, 0);
        s.open(cluster);
        return s;
    }

    private void open(Cluster next) {
        cluster = next;
        console = consoles.apply(next);
        if (withLoop) {
            EngineLoop l = new EngineLoop(next, tickMillis);
            l.setSpeed(speed);
            l.setPaused(paused);
            if (next.config().platform() instanceof io.kubelab.linux.LinuxPlatform real) {
                // real containers hand their results to the kubelets at once, not at the next tick
                real.wakeOnResults(l);
            }
            l.start();
            loop = l;
        } else {
            next.start();
        }
        feed.attach(next);
    }

    /** The engine thread of the current cluster, or {@code null} in manual mode. */
    public EngineLoop loop() {
        return loop;
    }

    public Cluster cluster() {
        return cluster;
    }

    /**
     * The console of the current cluster. Its {@code start}, {@code prompt} and {@code complete}
     * run on the engine thread ({@link #submit}); {@link Console#history()} may be read on any thread.
     */
    public Console console() {
        return console;
    }

    public ClusterFeed feed() {
        return feed;
    }

    /** Called (on the thread that resets) with the new cluster after a reset or a load. */
    public void addClusterListener(Consumer<Cluster> listener) {
        clusterListeners.add(listener);
    }

    /** Runs {@code task} on the engine thread (or at once, in manual mode). Any thread. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        EngineLoop l = loop;
        if (l != null) {
            return l.submit(task);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            f.complete(task.call());
        } catch (Throwable e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    // ---- simulation controls -------------------------------------------------------------

    public boolean isPaused() {
        return paused;
    }

    public void setPaused(boolean p) {
        paused = p;
        EngineLoop l = loop;
        if (l != null) {
            l.setPaused(p);
        }
    }

    public double speed() {
        return speed;
    }

    /** Sets the speed, clamped to {@link EngineLoop#MIN_SPEED}–{@link EngineLoop#MAX_SPEED}. */
    public void setSpeed(double s) {
        speed = Math.max(EngineLoop.MIN_SPEED, Math.min(EngineLoop.MAX_SPEED, s));
        EngineLoop l = loop;
        if (l != null) {
            l.setSpeed(speed);
        }
    }

    /** Moves simulated time by {@code by} at once, also while paused. */
    public CompletableFuture<Void> step(Duration by) {
        EngineLoop l = loop;
        if (l != null) {
            return l.step(by);
        }
        return submit(() -> {
            cluster.advance(by);
            return null;
        });
    }

    /**
     * Throws the cluster away and starts a fresh one from the factory, keeping speed and pause.
     * Call from one thread at a time (the UI thread).
     */
    public synchronized Cluster reset() {
        closeCurrent();
        open(factory.get());
        Cluster c = cluster;
        for (Consumer<Cluster> l : clusterListeners) {
            l.accept(c);
        }
        return c;
    }

    /**
     * Puts a cluster from {@code newFactory} in place of the current one, and keeps that factory
     * for later resets (the runtime switch: simulated ⇄ real containers). The new cluster is made
     * and started before the old one's engine thread stops, so {@link #submit} always has an engine
     * thread to go to; listeners learn of it on the calling thread.
     *
     * <p>Any thread but the engine thread; slow with real containers (the new platform's network is
     * built here): call it off the UI thread.
     *
     * @return the old cluster, its engine thread stopped but the cluster still open: the caller
     *         {@link #dispose disposes} of it (off the UI thread: real containers take a few seconds to stop)
     * @throws RuntimeException whatever {@code newFactory} throws; the session is then unchanged
     */
    public synchronized Cluster replace(Supplier<Cluster> newFactory) {
        Cluster next = newFactory.get();
        Cluster old = cluster;
        EngineLoop oldLoop = loop;
        factory = newFactory;
        open(next);
        if (oldLoop != null) {
            oldLoop.close();
        }
        for (Consumer<Cluster> l : clusterListeners) {
            l.accept(next);
        }
        return old;
    }

    /**
     * Closes a cluster that no engine thread runs any more, then what it ran on: real mode's
     * platform ({@code LinuxPlatform}) stops every container and removes its namespaces, cgroups and
     * iptables rules. Failures are logged, not thrown: the caller is tearing down.
     */
    public static void dispose(Cluster c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the cluster failed: " + e);
        }
        if (c.config().platform() instanceof AutoCloseable platform) {
            try {
                platform.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "real mode did not clean up completely: " + e.getMessage());
            }
        }
    }

    private void closeCurrent() {
        EngineLoop l = loop;
        loop = null;
        if (l != null) {
            l.close();
        }
        dispose(cluster);
    }

    /** Stops the engine thread and disposes of the cluster (with real containers: removes them). Idempotent, any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        feed.close();
        synchronized (this) {
            closeCurrent();
        }
    }
}
