package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.server.table.Tables;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One {@code ?watch=true} response: a chunked stream of {@code {"type":…,"object":…}} lines, one per
 * change, flushed as soon as the writer thread has nothing more queued.
 *
 * <p>The store calls {@link #offer} on the writing thread under its lock, so offering only queues;
 * the channel's executor drains the queue, encodes ({@link EncodedObjects} shares the bytes among
 * watchers) and writes. Nothing is dropped: a watcher that falls more than {@link #MAX_QUEUED}
 * events behind (a stuck client) is ended instead, like the API server's slow-watcher termination,
 * and its client re-watches from its last resourceVersion.
 *
 * <p>Selectors are applied to the events the way the watch cache does: an object that stops
 * matching is sent as {@code DELETED}, one that starts matching as {@code ADDED}. For a watch that
 * resumes from a resourceVersion, the objects matching when the watch starts count as known to
 * the client.
 */
final class WatchStream {
    static final int MAX_QUEUED = 100_000;
    /** The API server ends watches after 30–60 minutes; informers re-watch, {@code get -w} exits. */
    static final long DEFAULT_TIMEOUT_SECONDS = 1800;

    private final Exchange exchange;
    private final KubeApi api;
    private final EncodedObjects encoded;
    private final ResourceType type;
    private final Predicate<HasMetadata> selector;
    private final String tableVersion;
    private final Queue<WatchEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Set<String> known = new HashSet<>();
    private volatile boolean ended;
    private volatile boolean finished;
    private boolean columnsSent;
    private Watch watch;
    private ScheduledFuture<?> timeout;

    /**
     * @param selector     label and field selectors, or {@code null} when the request has none
     * @param tableVersion the Table version asked for, or {@code null} for objects
     */
    WatchStream(Exchange exchange, KubeApi api, EncodedObjects encoded, ResourceType type,
                Predicate<HasMetadata> selector, String tableVersion) {
        this.exchange = exchange;
        this.api = api;
        this.encoded = encoded;
        this.type = type;
        this.selector = selector;
        this.tableVersion = tableVersion;
    }

    /**
     * Sends the response head and registers the watch. Runs on the channel's executor.
     *
     * @param namespace    the namespace of the URL, or {@code null}
     * @param fromRevision 0 to start with an ADDED event per existing object, else the revision after
     *                     which changes are sent
     */
    void start(String namespace, long fromRevision, long timeoutSeconds) {
        exchange.startStream(Exchange.JSON);
        Predicate<HasMetadata> inNamespace = namespace == null ? o -> true
                : o -> namespace.equals(o.getMetadata().getNamespace());
        if (selector != null && fromRevision > 0) {
            for (HasMetadata o : api.list(type, namespace, selector).items()) {
                known.add(Kube.key(o));
            }
        }
        try {
            watch = api.watch(type, fromRevision, inNamespace, this::offer);
        } catch (ApiException e) {
            // A resourceVersion older than the kept history: one ERROR event with the 410 Status, then the end.
            byte[] line = eventLine("ERROR", Exchange.statusBytes(e.status()));
            exchange.chunk(Unpooled.wrappedBuffer(line));
            end();
            return;
        }
        timeout = exchange.ctx().executor().schedule(this::end, timeoutSeconds, TimeUnit.SECONDS);
        exchange.ctx().channel().closeFuture().addListener(f -> stop());
    }

    /** Called by the store on the writing thread: queue and wake the drain. */
    private void offer(WatchEvent event) {
        if (ended) {
            return;
        }
        queue.add(event);
        if (queued.incrementAndGet() > MAX_QUEUED) {
            ended = true;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            exchange.ctx().executor().execute(this::drain);
        }
    }

    /** Writes the queued events; runs on the channel's executor. */
    void drain() {
        drainScheduled.set(false);
        if (finished) {
            return;
        }
        if (ended) {
            end();
            return;
        }
        boolean wrote = false;
        WatchEvent e;
        while (exchange.ctx().channel().isWritable() && (e = queue.poll()) != null) {
            queued.decrementAndGet();
            byte[] line = encode(e);
            if (line != null) {
                exchange.chunk(Unpooled.wrappedBuffer(line));
                wrote = true;
            }
        }
        if (wrote) {
            exchange.flush();
        }
    }

    /** The channel became writable again after a slow client caught up. */
    void writable() {
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            exchange.ctx().executor().execute(this::drain);
        }
    }

    private byte[] encode(WatchEvent e) {
        String eventType = e.type().name();
        if (selector != null) {
            String key = Kube.key(e.object());
            boolean matches = selector.test(e.object());
            boolean wasKnown = known.contains(key);
            if (e.type() == WatchEvent.Type.DELETED) {
                known.remove(key);
                if (!wasKnown && !matches) {
                    return null;
                }
            } else if (matches) {
                known.add(key);
                if (!wasKnown) {
                    eventType = "ADDED";
                }
            } else if (wasKnown) {
                // The object no longer matches: for this watcher it is gone.
                known.remove(key);
                eventType = "DELETED";
            } else {
                return null;
            }
        }
        if (tableVersion != null) {
            ObjectNode table = Tables.table(type, List.of(e.object()), tableVersion,
                    e.object().getMetadata().getResourceVersion(), !columnsSent, api.now());
            columnsSent = true;
            return eventLine(eventType, Kube.toJsonBytes(table));
        }
        return eventLine(eventType, encoded.json(e.object()));
    }

    private static byte[] eventLine(String type, byte[] object) {
        byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + object.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(object, 0, line, head.length, object.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    /** Ends the response (timeout, too far behind); the connection stays usable. Channel executor. */
    void end() {
        if (finished) {
            return;
        }
        stop();
        if (exchange.ctx().channel().isActive()) {
            exchange.end();
        }
    }

    /** Stops the watch; the client went away or the response ends. */
    void stop() {
        finished = true;
        ended = true;
        if (watch != null) {
            watch.close();
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        queue.clear();
    }
}
