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
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * Objects by type (plural), then namespace, then name. Built in the constructor and never
     * changed after, so lock-free readers see it whole.
     */
    private final Map<String, Table> tables = new HashMap<>();

    /**
     * One type's objects. A lookup hashes the namespace and the name the caller holds instead of
     * building a {@code namespace/name} key: at 150,000 pods and ~770,000 Events that key (~40
     * chars) was a fresh allocation and a fresh hash on every get, create, update and delete. A
     * name taken from an object's metadata has its hash cached in the String; a caller that splits
     * a work-queue key hashes the two halves, no more characters than the key had.
     */
    private static final class Table {
        /** Buckets by namespace ({@code ""} for cluster-scoped objects); lock-free reads. */
        final java.util.concurrent.ConcurrentHashMap<String, Bucket> buckets = new java.util.concurrent.ConcurrentHashMap<>();
        /** Buckets in key order (see {@link #ordered}); {@code null} once a bucket is added. Under the store lock. */
        Bucket[] ordered;
        /** How many objects are stored (written under the store lock, read from any thread). */
        volatile int size;

        Bucket bucket(String namespace) {
            Bucket b = buckets.get(namespace);
            if (b == null) {
                b = new Bucket(namespace);
                buckets.put(namespace, b);
                ordered = null;
            }
            return b;
        }

        /**
         * The buckets in the order of their keys: {@code namespace/name} sorts by
         * {@code namespace + "/"} first, so "a-b/x" comes before "a/x" ('-' is 0x2D, '/' 0x2F) —
         * the order a sorted map of the whole keys had.
         */
        Bucket[] ordered() {
            if (ordered == null) {
                Bucket[] all = buckets.values().toArray(new Bucket[0]);
                Arrays.sort(all, java.util.Comparator.comparing(b -> b.namespace + "/"));
                ordered = all;
            }
            return ordered;
        }
    }

    /**
     * One namespace's objects of one type: a hash map by name (the source of truth, lock-free
     * reads) and, for ordered reads, a run sorted by name plus an unsorted run of names added
     * since. Ordered reads are rare against writes (lists and watches from revision 0; ~770,000
     * Events are created and never listed during a run), so a new name costs an array append
     * instead of a red-black tree insert (~20 string comparisons of keys sharing a long
     * {@code default/app-1-…} prefix, plus a rebalance), and the first ordered read after writes
     * sorts the appended run and merges it in: a merge is linear, as reading the list is anyway.
     * Per key this keeps one 24-byte slot and a 4-byte array cell instead of a 40-byte tree entry
     * and the key string (~64 bytes). The runs are touched only under the store lock.
     */
    private static final class Bucket {
        /** A sweep of deleted slots out of the runs is due past this many (and half the runs). */
        private static final int SWEEP_AFTER = 256;
        final String namespace;
        final java.util.concurrent.ConcurrentHashMap<String, Slot> byName = new java.util.concurrent.ConcurrentHashMap<>();
        /** Slots sorted by name in {@code [0, sortedCount)}; deleted ones stay until the next settle or sweep. */
        Slot[] sorted = NO_SLOTS;
        int sortedCount;
        /** Slots added since the last settle, in arrival order. */
        Slot[] pending = NO_SLOTS;
        int pendingCount;
        /** Deleted slots still in {@code sorted} or {@code pending}. */
        int dead;

        Bucket(String namespace) {
            this.namespace = namespace;
        }

        void add(Slot slot) {
            byName.put(slot.name, slot);
            addToRuns(slot);
        }

        /** Appends a slot already in {@link #byName} to the unsorted run. */
        void addToRuns(Slot slot) {
            if (pendingCount == pending.length) {
                pending = Arrays.copyOf(pending, Math.max(16, pendingCount * 2));
            }
            pending[pendingCount++] = slot;
        }

        /** Forgets a slot; {@code object} null marks it deleted in the runs. */
        void remove(Slot slot) {
            byName.remove(slot.name);
            slot.object = null;
            dead++;
            // Without ordered reads (Events: created, aged out, never listed) the runs would keep
            // every deleted slot; drop them once they are half of the runs (amortized O(1) a delete).
            if (dead > SWEEP_AFTER && dead * 2 > sortedCount + pendingCount) {
                sortedCount = sweep(sorted, sortedCount);
                pendingCount = sweep(pending, pendingCount);
                dead = 0;
            }
        }

        /** Packs the live slots of {@code run[0, count)} to its front, in order; returns their count. */
        private static int sweep(Slot[] run, int count) {
            int live = 0;
            for (int i = 0; i < count; i++) {
                if (run[i].object != null) {
                    run[live++] = run[i];
                }
            }
            Arrays.fill(run, live, count, null);
            return live;
        }

        /**
         * Makes {@code sorted[0, sortedCount)} exactly the live slots in name order: deleted ones
         * dropped, the pending run sorted and merged in from the back (no second array unless the
         * sorted one must grow). Names are unique among live slots, so the merge never meets a tie.
         */
        void settle() {
            if (dead > 0) {
                sortedCount = sweep(sorted, sortedCount);
                pendingCount = sweep(pending, pendingCount);
                dead = 0;
            }
            int p = pendingCount;
            if (p == 0) {
                return;
            }
            Arrays.sort(pending, 0, p, BY_NAME);
            int s = sortedCount;
            if (sorted.length < s + p) {
                sorted = Arrays.copyOf(sorted, Math.max(s + p, s + (s >> 1)));
            }
            int i = s - 1;
            int j = p - 1;
            int k = s + p - 1;
            while (j >= 0) {
                if (i >= 0 && sorted[i].name.compareTo(pending[j].name) > 0) {
                    sorted[k--] = sorted[i--];
                } else {
                    sorted[k--] = pending[j--];
                }
            }
            sortedCount = s + p;
            if (pending.length > 4096) {
                pending = NO_SLOTS; // a burst (e.g. a 100,000-pod scale-up) need not stay allocated
            } else {
                Arrays.fill(pending, 0, p, null);
            }
            pendingCount = 0;
        }
    }

    private static final Slot[] NO_SLOTS = new Slot[0];
    private static final java.util.Comparator<Slot> BY_NAME = (a, b) -> a.name.compareTo(b.name);

    /**
     * Where one key's current object lives: the bucket's hash map, its runs and every index hold
     * the same slot, so an update (most writes: 10 of a pod's ~11.5) swaps the object in the slot
     * and walks no tree. Only a new key, a deleted one or a changed index value touches more.
     */
    private static final class Slot {
        /** The bucket's namespace ({@code ""} without one) and the name: the key, without a key string. */
        final String namespace;
        final String name;
        /** The current object; {@code null} once deleted. */
        volatile HasMetadata object;

        Slot(String namespace, String name, HasMetadata object) {
            this.namespace = namespace;
            this.name = name;
            this.object = object;
        }

        /**
         * Compares the keys of two slots as the strings {@code namespace/name} (or {@code name}
         * without a namespace) compare, without building them: "a-b/x" < "a/x" < "a0/x".
         */
        static int compareKeys(Slot a, Slot b) {
            String x = a.namespace;
            String y = b.namespace;
            if (x.equals(y)) {
                return a.name.compareTo(b.name);
            }
            if (!x.isEmpty() && !y.isEmpty()) {
                int n = Math.min(x.length(), y.length());
                for (int i = 0; i < n; i++) {
                    char cx = x.charAt(i);
                    char cy = y.charAt(i);
                    if (cx != cy) {
                        return cx - cy;
                    }
                }
                // One namespace is a prefix of the other: the shorter one's '/' meets the longer one's next char.
                char cx = x.length() > n ? x.charAt(n) : '/';
                char cy = y.length() > n ? y.charAt(n) : '/';
                if (cx != cy) {
                    return cx - cy;
                }
            }
            // A key without a namespace, or a namespace holding '/': neither comes through the API.
            return Kube.key(x, a.name).compareTo(Kube.key(y, b.name));
        }
    }

    /**
     * The slots filed under one index value, in key order: a ReplicaSet's pods (~100), a node's
     * (~30). A sorted array with binary search costs 4 bytes a slot where a TreeMap cost a 40-byte
     * entry plus the key string (~64 bytes) it was sorted by: ~30 MB at 150,000 pods in two indexes.
     */
    private static final class Filed {
        Slot[] slots = new Slot[4];
        int count;

        void add(Slot slot) {
            int i = search(slot);
            if (i >= 0) {
                slots[i] = slot;
                return;
            }
            i = -i - 1;
            if (count == slots.length) {
                slots = Arrays.copyOf(slots, count * 2);
            }
            System.arraycopy(slots, i, slots, i + 1, count - i);
            slots[i] = slot;
            count++;
        }

        void remove(Slot slot) {
            int i = search(slot);
            if (i >= 0) {
                System.arraycopy(slots, i + 1, slots, i, count - i - 1);
                slots[--count] = null;
            }
        }

        private int search(Slot slot) {
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Slot.compareKeys(slots[mid], slot);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
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
            tables.put(t.plural(), new Table());
        }
        if (journal != null) {
            Journal.Loaded loaded = journal.load();
            for (HasMetadata object : loaded.objects()) {
                compactor.compact(object);
                Table table = table(ResourceTypes.of(object));
                Bucket bucket = table.bucket(namespaceOf(object));
                Slot old = bucket.byName.get(object.getMetadata().getName());
                if (old != null) {
                    bucket.remove(old);
                    table.size--;
                }
                bucket.add(new Slot(bucket.namespace, object.getMetadata().getName(), object));
                table.size++;
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

    /**
     * An index: value → the objects filed under it, by key (sorted, so answers need no sorting),
     * and value → the watchers of that value ({@link #watchIndexed}; lock-free reads).
     */
    private record Index(java.util.function.Function<HasMetadata, List<String>> values,
                         Map<String, Filed> keys,
                         Map<String, List<Watcher>> routed) {}

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
        Index index = new Index(values, new HashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
        byName.put(name, index);
        for (Bucket bucket : table(type).buckets.values()) {
            for (Slot slot : bucket.byName.values()) {
                file(index, slot, index.values().apply(slot.object));
            }
        }
    }

    /** The objects filed under {@code value} in an index added by {@link #addIndex}, sorted by key. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> List<T> byIndex(ResourceType type, String name, String value) {
        Index index = index(type, name);
        Filed filed = index.keys().get(value);
        List<T> objects = new ArrayList<>(filed == null ? 0 : filed.count);
        if (filed != null) {
            for (int i = 0; i < filed.count; i++) {
                objects.add((T) filed.slots[i].object);
            }
        }
        return objects;
    }

    private Index index(ResourceType type, String name) {
        Index index = indexes.getOrDefault(type, Map.of()).get(name);
        if (index == null) {
            throw new IllegalArgumentException("no index " + name + " on " + type.plural());
        }
        return index;
    }

    private static void file(Index index, Slot slot, List<String> values) {
        for (String v : values) {
            index.keys().computeIfAbsent(v, x -> new Filed()).add(slot);
        }
    }

    private static void unfile(Index index, Slot slot, List<String> values) {
        for (String v : values) {
            Filed filed = index.keys().get(v);
            if (filed != null) {
                filed.remove(slot);
                if (filed.count == 0) {
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

    /** Files a new slot's object in the type's indexes. */
    private void fileNew(ResourceType type, Slot slot, HasMetadata object) {
        Map<String, Index> byName = indexes.get(type);
        if (byName != null) {
            for (Index index : byName.values()) {
                file(index, slot, index.values().apply(object));
            }
        }
    }

    /** Moves an updated object between index values where they changed; the slot already holds it. */
    private void refile(ResourceType type, Slot slot, HasMetadata old, HasMetadata object) {
        Map<String, Index> byName = indexes.get(type);
        if (byName != null) {
            for (Index index : byName.values()) {
                List<String> values = index.values().apply(object);
                List<String> oldValues = index.values().apply(old);
                if (!oldValues.equals(values)) {
                    unfile(index, slot, oldValues);
                    file(index, slot, values);
                }
            }
        }
    }

    private void unfileAll(ResourceType type, Slot slot, HasMetadata old) {
        Map<String, Index> byName = indexes.get(type);
        if (byName != null) {
            for (Index index : byName.values()) {
                unfile(index, slot, index.values().apply(old));
            }
        }
    }

    private Table table(ResourceType type) {
        return tables.get(type.plural());
    }

    /** The bucket of an object: its namespace, {@code ""} without one (as {@link Kube#key} has it). */
    private static String namespaceOf(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? "" : ns;
    }

    /** The bucket of a lookup: a cluster-scoped type ignores the namespace asked for. */
    private static String namespaceOf(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? namespace : "";
    }

    private Slot slot(ResourceType type, String namespace, String name) {
        if (name == null) {
            return null;
        }
        Bucket bucket = table(type).buckets.get(namespace);
        return bucket == null ? null : bucket.byName.get(name);
    }

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
        Slot slot = slot(type, namespaceOf(type, namespace), name);
        return slot == null ? null : (T) slot.object;
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
        List<T> items = new ArrayList<>();
        Consumer<HasMetadata> sink = o -> {
            if (filter.test(o)) {
                items.add((T) o);
            }
        };
        if (namespace != null && !namespace.isEmpty() && type.namespaced()) {
            Bucket bucket = table(type).buckets.get(namespace);
            if (bucket != null) {
                forEach(bucket, sink);
            }
        } else {
            forEachOrdered(table(type), sink);
        }
        return new ListResult<>(items, revision);
    }

    private static void forEach(Bucket bucket, Consumer<HasMetadata> sink) {
        bucket.settle();
        Slot[] sorted = bucket.sorted;
        for (int i = 0, n = bucket.sortedCount; i < n; i++) {
            sink.accept(sorted[i].object);
        }
    }

    /** Every object of a table in key order ({@code namespace/name}, or {@code name} without a namespace). */
    private static void forEachOrdered(Table table, Consumer<HasMetadata> sink) {
        Bucket bare = table.buckets.get("");
        if (bare != null && !bare.byName.isEmpty() && bare.byName.size() < table.size) {
            // Keys without a namespace ("b") sort among "namespace/name" keys ("a/x" < "b" < "c/y"),
            // so buckets cannot simply follow each other. The API never mixes them within a type;
            // only objects written straight to the store can, and they get a sort by whole key.
            List<HasMetadata> all = new ArrayList<>(table.size);
            for (Bucket bucket : table.ordered()) {
                forEach(bucket, all::add);
            }
            all.sort(java.util.Comparator.comparing(Kube::key));
            all.forEach(sink);
            return;
        }
        for (Bucket bucket : table.ordered()) {
            forEach(bucket, sink);
        }
    }

    /** How many objects of a type are stored. */
    public int count(ResourceType type) {
        return table(type).size;
    }

    /**
     * Stores a new object and gives it the next revision as its resourceVersion.
     *
     * @throws ApiException 409 AlreadyExists when the key is taken
     */
    public <T extends HasMetadata> T create(T object) {
        return create(object, o -> { });
    }

    /**
     * Stores a new object like {@link #create(HasMetadata)}, calling {@code admit} once the name is
     * known to be free, under this store's lock, just before the object is stored: the API server
     * sets uid and creationTimestamp there, so that its existence check and the store's are one
     * lookup instead of two, and a 409 still leaves the object without them.
     *
     * @throws ApiException 409 AlreadyExists when the key is taken
     */
    public synchronized <T extends HasMetadata> T create(T object, Consumer<? super T> admit) {
        ResourceType type = ResourceTypes.of(object);
        Table table = table(type);
        String namespace = namespaceOf(object);
        String name = object.getMetadata().getName();
        Bucket existing = table.buckets.get(namespace);
        // The existence check and the insert are one probe of the bucket's map: the slot goes in
        // empty (lock-free readers take an empty slot for an absent key) and gets its object once
        // admitted, journalled and compacted. At ~770,000 Events a second probe of that map was a
        // second cache miss per create.
        Bucket bucket = existing != null ? existing : table.bucket(namespace);
        Slot slot = new Slot(bucket.namespace, name, null);
        if (bucket.byName.putIfAbsent(name, slot) != null) {
            throw ApiException.alreadyExists(type, name);
        }
        long rev = revision + 1;
        try {
            admit.accept(object);
            object.getMetadata().setResourceVersion(Long.toString(rev));
            append(Journal.Op.PUT, type, object, rev);
            compactor.compact(object);
        } catch (RuntimeException | Error e) {
            bucket.byName.remove(name, slot);
            throw e;
        }
        slot.object = object;
        bucket.addToRuns(slot);
        table.size++;
        fileNew(type, slot, object);
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
        Slot slot = slot(type, namespaceOf(object), object.getMetadata().getName());
        HasMetadata current = slot == null ? null : slot.object;
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
        append(Journal.Op.PUT, type, object, rev);
        compactor.compact(object);
        slot.object = object;
        refile(type, slot, current, object);
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
        Table table = table(type);
        String ns = namespaceOf(type, namespace);
        Slot slot = slot(type, ns, name);
        HasMetadata current = slot == null ? null : slot.object;
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
        if (journal != null) {
            append(Journal.Op.DELETE, type, Kube.key(type.namespaced() ? namespace : null, name), null, rev);
        }
        table.buckets.get(ns).remove(slot);
        table.size--;
        unfileAll(type, slot, current);
        HasMetadata last = Kube.copy(current);
        last.getMetadata().setResourceVersion(Long.toString(rev));
        compactor.compact(last);
        publish(new WatchEvent(WatchEvent.Type.DELETED, type, last, rev));
        @SuppressWarnings("unchecked")
        T result = (T) last;
        return result;
    }

    /** Journals a PUT; the key is built only when there is a journal. */
    private void append(Journal.Op op, ResourceType type, HasMetadata object, long rev) {
        if (journal != null) {
            append(op, type, Kube.key(object), object, rev);
        }
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
        Map<String, Index> byName = indexes.get(event.resource());
        if (byName != null) {
            for (Index index : byName.values()) {
                if (index.routed().isEmpty()) {
                    continue;
                }
                for (String value : index.values().apply(event.object())) {
                    List<Watcher> ws = index.routed().get(value);
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

    /**
     * Watches the objects of one type filed under {@code value} in an index (e.g. the pods of one
     * node): like {@link #watch} with a filter, but an event costs nothing for the watchers of
     * other values — with 5,000 kubelets, each pod change reaches one of them, not all 5,000.
     * Starts from now, with an ADDED event for every object already filed under the value.
     */
    public synchronized Watch watchIndexed(ResourceType type, String index, String value, Consumer<WatchEvent> listener) {
        Objects.requireNonNull(listener);
        Map<String, List<Watcher>> routed = index(type, index).routed();
        Watcher watcher = new Watcher(type, o -> true, listener);
        for (HasMetadata o : byIndex(type, index, value)) {
            watcher.offer(new WatchEvent(WatchEvent.Type.ADDED, type, o, Long.parseLong(o.getMetadata().getResourceVersion())));
        }
        routed.computeIfAbsent(value, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> routed.getOrDefault(value, List.of()).remove(watcher);
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
                forEachOrdered(table(t), o -> watcher.offer(new WatchEvent(WatchEvent.Type.ADDED, t, o,
                        Long.parseLong(o.getMetadata().getResourceVersion()))));
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
            forEachOrdered(table(t), all::add);
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
