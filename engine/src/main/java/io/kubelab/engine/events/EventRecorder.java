package io.kubelab.engine.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.Map;

/**
 * Records core/v1 Events as client-go's recorder (its {@code EventCorrelator}) does: one Event per
 * (object, type, reason, message, source), its {@code count} and {@code lastTimestamp} bumped when
 * it repeats; and once an object has had 10 <em>similar</em> events (same source, type and reason,
 * different messages) within 10 minutes, the next ones go into one Event whose message is
 * {@code (combined from similar events): } and the latest message — a ReplicaSet scaled to 100
 * shows 9 {@code Created pod: …} events and one combined event counting the other 91, as on a
 * real cluster. Event names are {@code <object name>.<16 hex digits>}. Thread-safe.
 */
public final class EventRecorder {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private final KubeApi api;
    /**
     * What makes two events the same event (counted up rather than recorded anew): the similar key's
     * parts plus the field path and the message. Not a joined string: the parts are strings the
     * callers hold anyway, so a key costs one small object instead of a ~200-character copy —
     * 150,000 pods record ~750,000 events. Equal exactly when a record of the seven parts would be.
     *
     * <p>The hash is taken once, from the similar key's and two more: both LRU caches insert a new
     * key for almost every event and so evict their eldest, and {@code LinkedHashMap} asks the
     * evicted key for its hash again — a record would re-read seven strings recorded 4,096 events
     * ago (cold in the cache: ~1.7 % of the engine thread at 150,000 pods), this key one int.
     */
    static final class AggregateKey {
        final SimilarKey similar;
        final String fieldPath;
        final String message;
        private final int hash;

        AggregateKey(SimilarKey similar, String fieldPath, String message) {
            this.similar = similar;
            this.fieldPath = fieldPath;
            this.message = message;
            this.hash = (31 * similar.hash + java.util.Objects.hashCode(fieldPath)) * 31
                    + java.util.Objects.hashCode(message);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof AggregateKey k && hash == k.hash && similar.equals(k.similar)
                    && java.util.Objects.equals(fieldPath, k.fieldPath) && java.util.Objects.equals(message, k.message);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The events recorded lately, by what makes them the same: client-go's EventCorrelator keeps
     * this in an LRU cache of {@code maxLruCacheEntries = 4096}; an event that repeats after it
     * has been evicted is recorded anew, as upstream. Unbounded, 150,000 pods would keep ~750,000
     * keys for events that never repeat.
     */
    static final int MAX_LRU_CACHE_ENTRIES = 4096;
    private final Map<Object, String> seen = new java.util.LinkedHashMap<>(MAX_LRU_CACHE_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, String> eldest) {
            return size() > MAX_LRU_CACHE_ENTRIES;
        }
    };
    /**
     * client-go's {@code EventAggregatorByReasonFunc} key: what makes events similar (the object,
     * the source, the type and the reason; not the message, nor the container's field path).
     */
    static final class SimilarKey {
        final String uid;
        final String type;
        final String reason;
        final String component;
        final String host;
        /** Taken once (see {@link AggregateKey}): the eviction of this key 4,096 events later reads one int. */
        private final int hash;

        SimilarKey(String uid, String type, String reason, String component, String host) {
            this.uid = uid;
            this.type = type;
            this.reason = reason;
            this.component = component;
            this.host = host;
            int h = java.util.Objects.hashCode(uid);
            h = 31 * h + java.util.Objects.hashCode(type);
            h = 31 * h + java.util.Objects.hashCode(reason);
            h = 31 * h + java.util.Objects.hashCode(component);
            this.hash = 31 * h + java.util.Objects.hashCode(host);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof SimilarKey k && hash == k.hash && java.util.Objects.equals(uid, k.uid)
                    && java.util.Objects.equals(type, k.type) && java.util.Objects.equals(reason, k.reason)
                    && java.util.Objects.equals(component, k.component) && java.util.Objects.equals(host, k.host);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * {@code aggregateRecord}: the distinct messages seen lately among similar events, and when.
     * Most similar keys only ever see one message (a pod is scheduled once, its container started
     * once): that one is kept as it is, and the set is made when a second, different one comes —
     * with the first added before it, so the set and its order are what they would have been.
     */
    private static final class Similar {
        String first;
        java.util.Set<String> messages;
        java.time.Instant last;

        /** Adds {@code message}; the number of distinct messages now. */
        int add(String message) {
            if (messages == null) {
                if (first == null || first.equals(message)) {
                    first = message;
                    return 1;
                }
                messages = new java.util.HashSet<>();
                messages.add(first);
            }
            messages.add(message);
            return messages.size();
        }
    }

    /** {@code defaultAggregateMaxEvents}: similar events recorded one by one before they are combined. */
    static final int AGGREGATE_MAX_EVENTS = 10;
    /** {@code defaultAggregateIntervalInSeconds}: similar events further apart than this start afresh. */
    static final java.time.Duration AGGREGATE_INTERVAL = java.time.Duration.ofSeconds(600);
    static final String COMBINED_PREFIX = "(combined from similar events): ";

    /** The aggregator's own LRU cache, as large as the event logger's. */
    private final Map<SimilarKey, Similar> similar = new java.util.LinkedHashMap<>(MAX_LRU_CACHE_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SimilarKey, Similar> eldest) {
            return size() > MAX_LRU_CACHE_ENTRIES;
        }
    };

    /**
     * One {@code source} per component and host, shared by the Events that name it: stored Events
     * are never changed (a copy gets its own), and a kubelet's thousands of Events need not carry
     * thousands of equal {@code {component: kubelet, host: minikube-m02}} objects.
     */
    private final Map<String, Map<String, EventSource>> sources = new java.util.HashMap<>();

    /**
     * The {@code involvedObject} of the Event recorded last, given to the next one about the same
     * object at the same resourceVersion and field path: a kubelet records Pulling, Pulled, Created
     * and Started for one container in one sync, four equal references. A stored Event is never
     * changed (a copy gets its own), so they can be one.
     */
    private ObjectReference lastReference;

    private long counter = 0x1870000000000000L;
    private volatile boolean enabled = true;

    /**
     * Whether {@code now} is more than {@link #AGGREGATE_INTERVAL} after {@code last}
     * ({@code last.plus(interval).isBefore(now)} without a new Instant per event): 600 s apart is
     * not yet, 600 s and 1 ns is.
     */
    static boolean apart(java.time.Instant last, java.time.Instant now) {
        long seconds = now.getEpochSecond() - last.getEpochSecond() - AGGREGATE_INTERVAL.getSeconds();
        return seconds > 0 || (seconds == 0 && now.getNano() > last.getNano());
    }

    private ObjectReference reference(HasMetadata object, String fieldPath) {
        ObjectMeta meta = object.getMetadata();
        ObjectReference last = lastReference;
        if (last != null && java.util.Objects.equals(last.getUid(), meta.getUid())
                && java.util.Objects.equals(last.getResourceVersion(), meta.getResourceVersion())
                && java.util.Objects.equals(last.getFieldPath(), fieldPath)
                && java.util.Objects.equals(last.getName(), meta.getName())
                && java.util.Objects.equals(last.getNamespace(), meta.getNamespace())
                && java.util.Objects.equals(last.getKind(), object.getKind())
                && java.util.Objects.equals(last.getApiVersion(), object.getApiVersion())) {
            return last;
        }
        lastReference = new ObjectReference(object.getApiVersion(), fieldPath, object.getKind(), meta.getName(),
                meta.getNamespace(), meta.getResourceVersion(), meta.getUid());
        return lastReference;
    }

    /** The {@code source} given last: a kubelet records Pulled, Created and Started in a row. */
    private EventSource lastSource;

    /** The one {@code source} for {@code component} on {@code host}. */
    private EventSource source(String component, String host) {
        EventSource last = lastSource;
        if (last != null && java.util.Objects.equals(last.getComponent(), component)
                && java.util.Objects.equals(last.getHost(), host)) {
            return last;
        }
        lastSource = sources.computeIfAbsent(component, c -> new java.util.HashMap<>())
                .computeIfAbsent(host, h -> new EventSource(component, host));
        return lastSource;
    }

    public EventRecorder(KubeApi api) {
        this.api = api;
    }

    /** Turns recording off (benchmarks at a scale where events would dominate). */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void normal(HasMetadata object, String reason, String message, String component, String host) {
        record(object, null, NORMAL, reason, message, component, host);
    }

    public void warning(HasMetadata object, String reason, String message, String component, String host) {
        record(object, null, WARNING, reason, message, component, host);
    }

    /**
     * Records an event about {@code object} (optionally one of its containers, by {@code fieldPath}
     * such as {@code spec.containers{nginx}}).
     */
    public synchronized void record(HasMetadata object, String fieldPath, String type, String reason, String message,
                                    String component, String host) {
        if (!enabled) {
            return;
        }
        String ns = object.getMetadata().getNamespace();
        if (ns == null || ns.isEmpty()) {
            ns = "default";
        }
        java.time.Instant instant = api.now();
        String uid = object.getMetadata().getUid();
        // EventAggregate: past 10 distinct messages of similar events, this one joins the combined event.
        SimilarKey similarKey = new SimilarKey(uid, type, reason, component, host);
        Object aggregateKey = new AggregateKey(similarKey, fieldPath, message);
        Similar record = similar.get(similarKey);
        if (record == null || apart(record.last, instant)) {
            record = new Similar();
            similar.put(similarKey, record);
        }
        int distinct = record.add(message);
        record.last = instant;
        if (distinct >= AGGREGATE_MAX_EVENTS) {
            // Keeps the set from growing (client-go pops an arbitrary member; any one will do).
            record.messages.remove(record.messages.iterator().next());
            aggregateKey = similarKey;
            message = COMBINED_PREFIX + message;
        }
        String now = Kube.timestamp(instant);
        String existing = seen.get(aggregateKey);
        if (existing != null) {
            Event e = api.find(ResourceTypes.EVENTS, ns, existing);
            if (e != null) {
                // Only count, lastTimestamp and (for a combined event) the message change: a copy of
                // the top level (metadata copied too) is enough, and never touches what it shares
                // with the stored Event.
                Event copy = Kube.shallowCopy(e);
                copy.setCount((copy.getCount() == null ? 1 : copy.getCount()) + 1);
                copy.setLastTimestamp(now);
                copy.setMessage(message);
                try {
                    api.update(copy);
                    return;
                } catch (ApiException ignored) {
                    // fall through and record a new event
                }
            }
        }
        // Built with constructors and setters, not fabric8's builders: a builder allocates a fluent
        // copy of every nested object and then builds it again (a third of recording's cost in a
        // profile of 15,000 pods, ~6 events each). The stored Event is the same object either way.
        ObjectReference ref = reference(object, fieldPath);
        EventSource source = source(component, host);
        for (int attempt = 0; attempt < 100; attempt++) {
            String name = object.getMetadata().getName() + "." + Long.toHexString(counter++);
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setNamespace(ns);
            Event event = new Event();
            event.setMetadata(meta);
            event.setInvolvedObject(ref);
            event.setReason(reason);
            event.setMessage(message);
            event.setType(type);
            event.setCount(1);
            event.setFirstTimestamp(now);
            event.setLastTimestamp(now);
            event.setSource(source);
            event.setReportingComponent(component);
            event.setReportingInstance(host == null ? "" : host);
            try {
                api.create(event, ns);
                seen.put(aggregateKey, name);
                return;
            } catch (ApiException e) {
                if (e.code() != 409) {
                    // An event that cannot be stored (e.g. its namespace is gone) is dropped, as client-go does.
                    return;
                }
                // The name is taken (a cluster reopened from its state folder): take the next one.
            }
        }
    }
}
