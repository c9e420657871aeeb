package io.kubelab.engine.controller;

import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.model.ApiException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A level-driven controller in the style of {@code kube-controller-manager}: its watch handlers do
 * nothing but map an event to the key of the object that needs syncing and enqueue it;
 * {@link #sync(String)} reads the current state, computes the desired state and acts. A failing
 * sync is re-queued with exponential backoff (5 ms doubling to 1000 s, as client-go's default
 * rate limiter) in simulated time.
 *
 * <p>Threading: handlers (registered in {@link #start}) run on whatever thread wrote to the store
 * and only enqueue; {@code sync} runs on the engine thread only.
 */
public abstract class Controller implements Component {
    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    private final String name;
    protected final WorkQueue queue = new WorkQueue();
    private final Map<String, Integer> failures = new HashMap<>();
    protected ClusterContext ctx;

    protected Controller(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    public WorkQueue queue() {
        return queue;
    }

    /** Keeps the context; subclasses register their watches after calling this. */
    @Override
    public void start(ClusterContext context) {
        this.ctx = context;
    }

    /** Reconciles one key. */
    public abstract void sync(String key);

    @Override
    public boolean drain() {
        boolean worked = false;
        String key;
        while ((key = queue.poll()) != null) {
            worked = true;
            try {
                sync(key);
                failures.remove(key);
            } catch (ApiException e) {
                retry(key, e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": sync of " + key + " failed", e);
                retry(key, e);
            }
        }
        return worked;
    }

    private void retry(String key, RuntimeException e) {
        int n = failures.merge(key, 1, Integer::sum);
        long millis = Math.min(1_000_000L, 5L << Math.min(n - 1, 30));
        LOG.log(System.Logger.Level.DEBUG, name + ": re-queue " + key + " in " + millis + " ms: " + e.getMessage());
        requeueAfter(key, Duration.ofMillis(millis));
    }

    /** Enqueues {@code key} again after a delay of simulated time ({@code AddAfter}). Engine thread only. */
    protected void requeueAfter(String key, Duration delay) {
        ctx.clock().after(delay, () -> queue.add(key));
    }
}
