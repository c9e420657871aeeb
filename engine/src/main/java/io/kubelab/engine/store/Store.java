package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Compactor;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An etcd-like store of API objects: one global revision, {@code metadata.resourceVersion} on every
 * object, create / get / list / guaranteed update / delete with preconditions, watch from a
 * revision with a bounded history (older revisions answer 410 Gone), and durability through an
 * optional {@link Journal}.
 *
 * <p>Thread-safety: every method may be called from any thread. Writes are serialized; reads of a
 * single object take no lock. Stored objects are shared and must never be mutated: callers copy
 * first ({@link Kube#copy}). An object handed to {@code create} or {@code update} belongs to the
 * store afterwards.
 *
 * <p>Watch listeners are called on the writing thread while the store's lock is held, in revision
 * order. They must not block and must not write to the store; typically they enqueue a key.
 */
public final class Store implements AutoCloseable {
    /** Watch history kept by default; a watch from an older revision gets 410 Gone. */
    public static final int DEFAULT_HISTORY = 50_000;
    /** The journal size after which a snapshot is taken and the journal emptied (64 MiB). */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;
    private static final System.Logger LOG = System.getLogger(Store.class.getName());

    /**
     * Objects by key, sorted (for lists and watches from revision 0). A plain TreeMap, read and
     * written only under this store's lock: inserting into it costs about half what a concurrent
     * skip list does, and lock-free reads go through {@link #byKey}.
     */
    private final Map<String, java.util.TreeMap<String, Slot>> data = new HashMap<>();
    /**
     * The same objects by key in a hash map: a lookup by key ({@link #get}, the existence checks of
     * create/update/delete) hashes once instead of ~17 string comparisons down a skip list of
     * 150,000 keys that share their {@code default/app-1…} prefix. The skip list stays for ordered lists.
     */
    private final Map<String, java.util.concurrent.ConcurrentHashMap<String, Slot>> byKey = new HashMap<>();

    /**
     * Where one key's current object lives: the sorted map, the hash map and every index hold the
     * same slot, so an update (most writes: 10 of a pod's ~11.5) swaps the object in the slot and
     * walks no tree — a TreeMap put of an existing key of 150,000 costs ~17 string comparisons, and
     * each index another walk. Only a new key, a deleted one or a changed index value touches a tree.
     */
    private static final class Slot {
        volatile HasMetadata object;

        Slot(HasMetadata object) {
            this.object = object;
        }
    }
    private final Deque<WatchEvent> history = new ArrayDeque<>();
    private final int historyLimit;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Journal journal;
    private final long compactAfterBytes;
    private volatile long revision;
    private long compactedRevision;

    /** An in-memory store: nothing survives the process. */
    public Store() {
        this(null, DEFAULT_HISTORY);
    }

    /**
     * A store backed by a journal; the journal's content is loaded first.
     *
     * @param journal where every write is appended before it is acknowledged; {@code null} for memory only
     * @param historyLimit how many watch events are kept for watches from an older revision
     */
    public Store(Journal journal, int historyLimit) {
        this(journal, historyLimit, DEFAULT_COMPACT_AFTER_BYTES);
    }

    /**
     * A store backed by a journal that is compacted into a snapshot once it grows past
     * {@code compactAfterBytes}.
     *
     * @throws StateCorruptException when the state folder cannot be trusted
     */
    public Store(Journal journal, int historyLimit, long compactAfterBytes) {
        this.journal = journal;
        this.historyLimit = historyLimit;
        this.compactAfterBytes = compactAfterBytes;
        for (ResourceType t : ResourceTypes.all()) {
            data.put(t.plural(), new java.util.TreeMap<>());
            byKey.put(t.plural(), new java.util.concurrent.ConcurrentHashMap<>());
        }
        if (journal != null) {
            Journal.Loaded loaded = journal.load();
            for (HasMetadata object : loaded.objects()) {
                compactor.compact(object);
                ResourceType type = ResourceTypes.of(object);
                Slot slot = new Slot(object);
                data.get(type.plural()).put(Kube.key(object), slot);
                byKey.get(type.plural()).put(Kube.key(object), slot);
            }
            revision = loaded.revision();
            compactedRevision = revision;
        }
        Indexes.register(this);
    }

    /** The current global revision (the resourceVersion of the latest write). */
    public long revision() {
        return revision;
    }

    /** Secondary indexes: type → index name → (function, value → keys). Guarded by this store's lock. */
    private final Map<ResourceType, Map<String, Index>> indexes = new HashMap<>();

    /** An index: value → the objects filed under it, by key (sorted, so answers need no sorting). */
    private record Index(java.util.function.Function<HasMetadata, List<String>> values,
                         Map<String, java.util.TreeMap<String, Slot>> keys) {}

    /**
     * Adds a secondary index over one type, like a client-go informer's indexer: {@code values}
     * gives the index values an object is filed under (e.g. its controller's uid). Lookups with
     * {@link #byIndex} then cost the size of the answer, not of the store.
     */
    public synchronized void addIndex(ResourceType type, String name, java.util.function.Function<HasMetadata, List<String>> values) {
        Map<String, Index> byName = indexes.computeIfAbsent(type, t -> new HashMap<>());
        if (byName.containsKey(name)) {
            return;
        }
        Index index = new Index(values, new HashMap<>());
        byName.put(name, index);
        for (Map.Entry<String, Slot> e : map(type).entrySet()) {
            file(index, e.getKey(), e.getValue(), index.values().apply(e.getValue().object));
        }
    }

    /** The objects filed under {@code value} in an index added by {@link #addIndex}, sorted by key. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> List<T> byIndex(ResourceType type, String name, String value) {
        Index index = indexes.getOrDefault(type, Map.of()).get(name);
        if (index == null) {
            throw new IllegalArgumentException("no index " + name + " on " + type.plural());
        }
        java.util.TreeMap<String, Slot> filed = index.keys().get(value);
        List<T> objects = new ArrayList<>(filed == null ? 0 : filed.size());
        if (filed != null) {
            for (Slot slot : filed.values()) {
                objects.add((T) slot.object);
            }
        }
        return objects;
    }

    private static void file(Index index, String key, Slot slot, List<String> values) {
        for (String v : values) {
            index.keys().computeIfAbsent(v, x -> new java.util.TreeMap<>()).put(key, slot);
        }
    }

    private static void unfile(Index index, String key, List<String> values) {
        for (String v : values) {
            java.util.TreeMap<String, Slot> filed = index.keys().get(v);
            if (filed != null) {
                filed.remove(key);
                if (filed.isEmpty()) {
                    index.keys().remove(v);
                }
            }
        }
    }

    /**
     * Shares empty collections and repeated strings in what the store keeps (see {@link Compactor}):
     * about 2 KB less per stored pod and 0.5 KB per Event. Used under this store's lock.
     */
    private final Compactor compactor = new Compactor();

    private void put(ResourceType type, String key, HasMetadata object) {
        compactor.compact(object);
        Slot slot = byKey(type).get(key);
        HasMetadata old = null;
        if (slot == null) {
            slot = new Slot(object);
            map(type).put(key, slot);
            byKey(type).put(key, slot);
        } else {
            old = slot.object;
            slot.object = object;
        }
        Map<String, Index> byName = indexes.get(type);
        if (byName != null) {
            for (Index index : byName.values()) {
                List<String> values = index.values().apply(object);
                if (old == null) {
                    file(index, key, slot, values);
                    continue;
                }
                List<String> oldValues = index.values().apply(old);
                if (!oldValues.equals(values)) {
                    // Filed under the same values, the slot already holds the new object.
                    unfile(index, key, oldValues);
                    file(index, key, slot, values);
                }
            }
        }
    }

    private void remove(ResourceType type, String key) {
        byKey(type).remove(key);
        Slot old = map(type).remove(key);
        Map<String, Index> byName = indexes.get(type);
        if (byName != null && old != null) {
            for (Index index : byName.values()) {
                unfile(index, key, index.values().apply(old.object));
            }
        }
    }

    private java.util.TreeMap<String, Slot> map(ResourceType type) {
        return data.get(type.plural());
    }

    private Map<String, Slot> byKey(ResourceType type) {
        return byKey.get(type.plural());
    }

    private HasMetadata current(ResourceType type, String key) {
        Slot slot = byKey(type).get(key);
        return slot == null ? null : slot.object;
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
        return (T) current(type, Kube.key(type.namespaced() ? namespace : null, name));
    }

    /** The object, or a 404 Status error in Kubernetes' words. */
    public <T extends HasMetadata> T require(ResourceType type, String namespace, String name) {
        T object = get(type, namespace, name);
        if (object == null) {
            throw ApiException.notFound(type, name);
        }
        return object;
    }

    /** All objects of a type in a namespace ({@code null} for all namespaces), sorted by namespace and name. */
    public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace) {
        return list(type, namespace, o -> true);
    }

    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace,
                                                                     Predicate<? super HasMetadata> filter) {
        NavigableMap<String, Slot> m = map(type);
        if (namespace != null && !namespace.isEmpty() && type.namespaced()) {
            m = m.subMap(namespace + "/", true, namespace + "/\uffff", true);
        }
        List<T> items = new ArrayList<>();
        for (Slot slot : m.values()) {
            HasMetadata o = slot.object;
            if (filter.test(o)) {
                items.add((T) o);
            }
        }
        return new ListResult<>(items, revision);
    }

    /** How many objects of a type are stored. */
    public int count(ResourceType type) {
        return byKey(type).size();
    }

    /**
     * Stores a new object and gives it the next revision as its resourceVersion.
     *
     * @throws ApiException 409 AlreadyExists when the key is taken
     */
    public synchronized <T extends HasMetadata> T create(T object) {
        ResourceType type = ResourceTypes.of(object);
        String key = Kube.key(object);
        if (byKey(type).containsKey(key)) {
            throw ApiException.alreadyExists(type, object.getMetadata().getName());
        }
        long rev = revision + 1;
        object.getMetadata().setResourceVersion(Long.toString(rev));
        append(Journal.Op.PUT, type, key, object, rev);
        put(type, key, object);
        publish(new WatchEvent(WatchEvent.Type.ADDED, type, object, rev));
        return object;
    }

    /**
     * Replaces an object. When the new object carries a resourceVersion, it must equal the stored
     * one (optimistic concurrency); without one the update is unconditional.
     *
     * @throws ApiException 404 when absent, 409 Conflict on a stale resourceVersion
     */
    public synchronized <T extends HasMetadata> T update(T object) {
        ResourceType type = ResourceTypes.of(object);
        String key = Kube.key(object);
        HasMetadata current = current(type, key);
        if (current == null) {
            throw ApiException.notFound(type, object.getMetadata().getName());
        }
        String expected = object.getMetadata().getResourceVersion();
        if (expected != null && !expected.isEmpty()
                && !expected.equals(current.getMetadata().getResourceVersion())) {
            throw ApiException.staleResourceVersion(type, object.getMetadata().getName());
        }
        long rev = revision + 1;
        object.getMetadata().setResourceVersion(Long.toString(rev));
        append(Journal.Op.PUT, type, key, object, rev);
        put(type, key, object);
        publish(new WatchEvent(WatchEvent.Type.MODIFIED, type, object, rev));
        return object;
    }

    /**
     * Removes an object, optionally only if its resourceVersion and uid still match.
     *
     * @return the object's last state, with the deletion's revision as its resourceVersion
     * @throws ApiException 404 when absent, 409 Conflict when a precondition fails
     */
    public synchronized <T extends HasMetadata> T delete(ResourceType type, String namespace, String name,
                                                         String expectedResourceVersion, String expectedUid) {
        String key = Kube.key(type.namespaced() ? namespace : null, name);
        HasMetadata current = current(type, key);
        if (current == null) {
            throw ApiException.notFound(type, name);
        }
        if (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid())) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + expectedUid
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        if (expectedResourceVersion != null
                && !expectedResourceVersion.equals(current.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + expectedResourceVersion + ", ResourceVersion in object meta: "
                    + current.getMetadata().getResourceVersion());
        }
        long rev = revision + 1;
        append(Journal.Op.DELETE, type, key, null, rev);
        remove(type, key);
        HasMetadata last = Kube.copy(current);
        last.getMetadata().setResourceVersion(Long.toString(rev));
        compactor.compact(last);
        publish(new WatchEvent(WatchEvent.Type.DELETED, type, last, rev));
        @SuppressWarnings("unchecked")
        T result = (T) last;
        return result;
    }

    private void append(Journal.Op op, ResourceType type, String key, HasMetadata object, long rev) {
        if (journal != null) {
            try {
                journal.append(op, type, key, object, rev);
            } catch (IOException e) {
                throw ApiException.internal("could not write the state journal: " + e.getMessage());
            }
        }
    }

    private void publish(WatchEvent event) {
        revision = event.revision();
        history.addLast(event);
        while (history.size() > historyLimit) {
            compactedRevision = history.removeFirst().revision();
        }
        for (Watcher w : watchers) {
            w.offer(event);
        }
        Map<String, Index> byName = routed.isEmpty() ? null : indexes.get(event.resource());
        if (byName != null) {
            for (Map.Entry<String, Index> e : byName.entrySet()) {
                for (String value : e.getValue().values().apply(event.object())) {
                    List<Watcher> ws = routed.get(event.resource().plural() + "|" + e.getKey() + "|" + value);
                    if (ws != null) {
                        for (Watcher w : ws) {
                            w.offer(event);
                        }
                    }
                }
            }
        }
        compactIfLarge();
    }

    /** Watchers of one index value, by {@code type|index|value}: an event reaches only its own. */
    private final Map<String, List<Watcher>> routed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Watches the objects of one type filed under {@code value} in an index (e.g. the pods of one
     * node): like {@link #watch} with a filter, but an event costs nothing for the watchers of
     * other values — with 5,000 kubelets, each pod change reaches one of them, not all 5,000.
     * Starts from now, with an ADDED event for every object already filed under the value.
     */
    public synchronized Watch watchIndexed(ResourceType type, String index, String value, Consumer<WatchEvent> listener) {
        Objects.requireNonNull(listener);
        if (!indexes.getOrDefault(type, Map.of()).containsKey(index)) {
            throw new IllegalArgumentException("no index " + index + " on " + type.plural());
        }
        Watcher watcher = new Watcher(type, o -> true, listener);
        for (HasMetadata o : byIndex(type, index, value)) {
            watcher.offer(new WatchEvent(WatchEvent.Type.ADDED, type, o, Long.parseLong(o.getMetadata().getResourceVersion())));
        }
        String key = type.plural() + "|" + index + "|" + value;
        routed.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> routed.getOrDefault(key, List.of()).remove(watcher);
    }

    /** Snapshots when the journal has grown past the threshold; the write is already durable either way. */
    private void compactIfLarge() {
        if (journal == null) {
            return;
        }
        try {
            if (journal.size() > compactAfterBytes) {
                snapshot();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not compact the state journal: " + e.getMessage());
        }
    }

    /**
     * Watches one type (or every type, with {@code type == null}).
     *
     * @param fromRevision deliver every change after this revision; 0 means "from now, starting with
     *                     an ADDED event for every existing object" (Kubernetes' resourceVersion=0 / unset)
     * @param filter which objects to deliver (namespace, selectors); applied to each event's object
     * @param listener called on the writing thread, under the store lock; must not block
     * @throws ApiException 410 Gone when {@code fromRevision} is older than the kept history
     */
    public synchronized Watch watch(ResourceType type, long fromRevision, Predicate<? super HasMetadata> filter,
                                    Consumer<WatchEvent> listener) {
        Objects.requireNonNull(listener);
        Watcher watcher = new Watcher(type, filter, listener);
        if (fromRevision <= 0) {
            List<ResourceType> types = type == null ? new ArrayList<>(ResourceTypes.all()) : List.of(type);
            for (ResourceType t : types) {
                for (Slot slot : map(t).values()) {
                    HasMetadata o = slot.object;
                    watcher.offer(new WatchEvent(WatchEvent.Type.ADDED, t, o,
                            Long.parseLong(o.getMetadata().getResourceVersion())));
                }
            }
        } else {
            if (fromRevision < compactedRevision) {
                throw ApiException.gone(fromRevision, compactedRevision);
            }
            for (WatchEvent e : history) {
                if (e.revision() > fromRevision) {
                    watcher.offer(e);
                }
            }
        }
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Writes a snapshot and empties the journal (a no-op for a memory-only store). */
    public synchronized void snapshot() throws IOException {
        if (journal == null) {
            return;
        }
        List<HasMetadata> all = new ArrayList<>();
        for (ResourceType t : ResourceTypes.all()) {
            for (Slot slot : map(t).values()) {
                all.add(slot.object);
            }
        }
        journal.snapshot(Collections.unmodifiableList(all), revision);
    }

    /** Takes a snapshot and releases the journal. */
    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            snapshot();
            journal.close();
        }
        watchers.clear();
    }

    private record Watcher(ResourceType type, Predicate<? super HasMetadata> filter, Consumer<WatchEvent> listener) {
        void offer(WatchEvent event) {
            if ((type == null || type == event.resource()) && filter.test(event.object())) {
                listener.accept(event);
            }
        }
    }
}
