package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {

    private static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("k", value).build();
    }

    @Test
    void everyWriteGetsTheNextGlobalRevision() {
        Store store = new Store();
        ConfigMap a = store.create(cm("a", "1"));
        ConfigMap b = store.create(cm("b", "1"));
        assertThat(a.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(b.getMetadata().getResourceVersion()).isEqualTo("2");
        ConfigMap a2 = Kube.copy(a);
        a2.getData().put("k", "2");
        assertThat(store.update(a2).getMetadata().getResourceVersion()).isEqualTo("3");
        assertThat(store.revision()).isEqualTo(3);
    }

    @Test
    void staleResourceVersionIsAConflictAndChangesNothing() {
        Store store = new Store();
        ConfigMap a = store.create(cm("a", "1"));
        ConfigMap first = Kube.copy(a);
        first.getData().put("k", "first");
        store.update(first);
        ConfigMap stale = Kube.copy(a);
        stale.getData().put("k", "stale");
        assertThatThrownBy(() -> store.update(stale))
                .isInstanceOf(ApiException.class)
                .hasMessage("Operation cannot be fulfilled on configmaps \"a\": the object has been modified; "
                        + "please apply your changes to the latest version and try again");
        ConfigMap stored = store.get(ResourceTypes.CONFIGMAPS, "default", "a");
        assertThat(stored.getData()).containsEntry("k", "first");
    }

    @Test
    void createTwiceIsAlreadyExists() {
        Store store = new Store();
        store.create(cm("a", "1"));
        assertThatThrownBy(() -> store.create(cm("a", "2")))
                .isInstanceOf(ApiException.class)
                .hasMessage("configmaps \"a\" already exists");
    }

    /** The API server sets uid and creationTimestamp in {@code admit}: a taken name must never reach it. */
    @Test
    void createAdmitsOnlyAFreeNameBeforeItGetsItsResourceVersion() {
        Store store = new Store();
        store.create(cm("a", "1"));
        List<String> admitted = new ArrayList<>();
        assertThatThrownBy(() -> store.create(cm("a", "2"), o -> admitted.add(o.getMetadata().getName())))
                .isInstanceOf(ApiException.class)
                .hasMessage("configmaps \"a\" already exists");
        ConfigMap b = store.create(cm("b", "1"),
                o -> admitted.add(o.getMetadata().getName() + " rv=" + o.getMetadata().getResourceVersion()));
        assertThat(admitted).containsExactly("b rv=null");
        assertThat(b.getMetadata().getResourceVersion()).isEqualTo("2");
        assertThat(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "a").getData()).containsEntry("k", "1");
    }

    /**
     * The name is taken in the same probe that checks it, before {@code admit}: until the object is
     * stored, a reader finds nothing under it, and a create that fails on the way frees it again.
     */
    @Test
    void aCreateThatFailsAfterTakingTheNameLeavesItFreeAndUnseen() {
        Store store = new Store();
        List<String> seenDuringAdmit = new ArrayList<>();
        assertThatThrownBy(() -> store.create(cm("a", "1"), o -> {
            seenDuringAdmit.add(String.valueOf((Object) store.get(ResourceTypes.CONFIGMAPS, "default", "a")));
            throw new IllegalStateException("admission failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("admission failed");

        assertThat(seenDuringAdmit).containsExactly("null");
        assertThat((Object) store.get(ResourceTypes.CONFIGMAPS, "default", "a")).isNull();
        assertThat(store.count(ResourceTypes.CONFIGMAPS)).isZero();
        assertThat(store.list(ResourceTypes.CONFIGMAPS, "default").items()).isEmpty();
        assertThat(store.revision()).isZero();
        ConfigMap a = store.create(cm("a", "2"));
        assertThat(a.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "a").getData()).containsEntry("k", "2");
        assertThat(store.list(ResourceTypes.CONFIGMAPS, null).items()).extracting(o -> o.getMetadata().getName())
                .containsExactly("a");
    }

    @Test
    void watchFromARevisionReplaysLaterChangesThenFollows() {
        Store store = new Store();
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        List<String> seen = new ArrayList<>();
        store.watch(ResourceTypes.CONFIGMAPS, 1, o -> true,
                e -> seen.add(e.type() + " " + e.object().getMetadata().getName() + " " + e.revision()));
        store.delete(ResourceTypes.CONFIGMAPS, "default", "a", null, null);
        assertThat(seen).containsExactly("ADDED b 2", "DELETED a 3");
    }

    @Test
    void watchFromACompactedRevisionIsGone() {
        Store store = new Store(null, 2);
        for (int i = 0; i < 5; i++) {
            store.create(cm("c" + i, "1"));
        }
        assertThatThrownBy(() -> store.watch(ResourceTypes.CONFIGMAPS, 1, o -> true, e -> { }))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(410));
    }

    @Test
    void journalRestoresEveryAcknowledgedWrite(@TempDir Path dir) throws Exception {
        try (Store store = new Store(new Journal(dir, false), 100)) {
            store.create(cm("a", "1"));
            store.create(cm("b", "1"));
            store.delete(ResourceTypes.CONFIGMAPS, "default", "a", null, null);
        }
        Store reopened = new Store(new Journal(dir, false), 100);
        assertThat(reopened.revision()).isEqualTo(3);
        assertThat(reopened.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "b")).isNotNull();
        assertThat(reopened.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "a")).isNull();
        reopened.close();
    }

    @Test
    void tornJournalTailIsCutWithAWarning(@TempDir Path dir) throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        journal.close(); // a crash: no snapshot
        Files.writeString(dir.resolve(Journal.LOG_FILE), "{\"rev\":3,\"op\":\"PUT\"", StandardOpenOption.APPEND);
        Journal again = new Journal(dir, false);
        Journal.Loaded loaded = again.load();
        assertThat(loaded.objects()).hasSize(2);
        assertThat(loaded.warnings()).singleElement().asString().contains("cut");
        again.close();
    }

    @Test
    void aSecondOpenOfTheSameStateFolderIsRefused(@TempDir Path dir) throws Exception {
        try (Journal first = new Journal(dir, false)) {
            first.load();
            assertThatThrownBy(() -> new Journal(dir, false))
                    .isInstanceOf(StateLockedException.class)
                    .hasMessageContaining("is in use by another Kubelab");
        }
    }

    /** The data value "k" as an index: updates that keep it, change it, and deletes, against a scan. */
    @Test
    void anIndexAnswersTheCurrentObjectsSortedByKeyThroughUpdatesAndDeletes() {
        Store store = new Store();
        store.addIndex(ResourceTypes.CONFIGMAPS, "k", o -> List.of(((ConfigMap) o).getData().get("k")));
        for (String name : List.of("d", "b", "a", "c")) {
            store.create(cm(name, name.equals("c") ? "y" : "x"));
        }
        assertThat(names(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "x"))).containsExactly("a", "b", "d");
        // an update that keeps the value: the index answers the new version
        ConfigMap b = Kube.copy(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "b"));
        b.getMetadata().setLabels(java.util.Map.of("v", "2"));
        String rv = store.update(b).getMetadata().getResourceVersion();
        List<ConfigMap> xs = store.byIndex(ResourceTypes.CONFIGMAPS, "k", "x");
        assertThat(xs.get(1).getMetadata().getResourceVersion()).isEqualTo(rv);
        assertThat(xs.get(1)).isSameAs(store.get(ResourceTypes.CONFIGMAPS, "default", "b"));
        // an update that moves it to another value
        ConfigMap d = Kube.copy(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "d"));
        d.getData().put("k", "y");
        store.update(d);
        assertThat(names(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "x"))).containsExactly("a", "b");
        assertThat(names(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "y"))).containsExactly("c", "d");
        store.delete(ResourceTypes.CONFIGMAPS, "default", "c", null, null);
        assertThat(names(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "y"))).containsExactly("d");
        assertThat(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "z")).isEmpty();
        // the same key made again is filed again, and lists answer current objects in key order
        store.create(cm("c", "x"));
        assertThat(names(store.byIndex(ResourceTypes.CONFIGMAPS, "k", "x"))).containsExactly("a", "b", "c");
        assertThat(names(store.list(ResourceTypes.CONFIGMAPS, "default").items())).containsExactly("a", "b", "c", "d");
        assertThat(store.<ConfigMap>list(ResourceTypes.CONFIGMAPS, null).items().get(1).getMetadata().getResourceVersion())
                .isEqualTo(rv);
    }

    private static ConfigMap cm(String namespace, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToData("k", value).build();
    }

    /**
     * Namespaces whose keys interleave: "a-b/…" and "a.b/…" sort before "a/…" ('-' 0x2D and '.'
     * 0x2E are below '/' 0x2F), "a0/…" after; names share prefixes ("n1" < "n10" < "n2").
     */
    private static final List<String> NAMESPACES = List.of("a", "a-b", "a.b", "a0", "default", "z");

    /**
     * Thousands of interleaved creates, updates, deletes and re-creates across namespaces, with
     * lists (all namespaces and each one), watches from revision 0 and lookups now and then, each
     * answer held against a sorted map of {@code namespace/name} keys kept beside the store. Long
     * stretches without a list let the unsorted run grow and deleted slots pile up to a sweep; a
     * merge that drops, duplicates or misplaces one object fails here.
     */
    @Test
    void listsAndWatchesFromZeroFollowKeyOrderThroughInterleavedCreatesDeletesAndRecreates() {
        Store store = new Store();
        // An index over the value's last digit: updates move objects between values, across namespaces.
        store.addIndex(ResourceTypes.CONFIGMAPS, "digit", o -> List.of(lastDigit(((ConfigMap) o).getData().get("k"))));
        java.util.TreeMap<String, String> model = new java.util.TreeMap<>();
        java.util.Random random = new java.util.Random(42);
        int checks = 0;
        for (int step = 0; step < 20_000; step++) {
            String ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            String name = "n" + random.nextInt(400);
            String key = ns + "/" + name;
            int op = random.nextInt(10);
            if (op < 5) {
                if (model.containsKey(key)) {
                    assertThatThrownBy(() -> store.create(cm(ns, name, "x"))).isInstanceOf(ApiException.class);
                } else {
                    store.create(cm(ns, name, "v" + step));
                    model.put(key, "v" + step);
                }
            } else if (op < 8) {
                if (model.containsKey(key)) {
                    store.delete(ResourceTypes.CONFIGMAPS, ns, name, null, null);
                    model.remove(key);
                } else {
                    assertThatThrownBy(() -> store.delete(ResourceTypes.CONFIGMAPS, ns, name, null, null))
                            .isInstanceOf(ApiException.class);
                }
            } else if (model.containsKey(key)) {
                ConfigMap next = Kube.copy(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, ns, name));
                next.getData().put("k", "u" + step);
                store.update(next);
                model.put(key, "u" + step);
            }
            ConfigMap stored = store.get(ResourceTypes.CONFIGMAPS, ns, name);
            assertThat(stored == null ? null : stored.getData().get("k")).isEqualTo(model.get(key));
            // Lists in bursts: some steps list after every write, most go thousands of writes without.
            if (step % 2000 < 40 || random.nextInt(500) == 0) {
                checks++;
                assertThat(entries(store.list(ResourceTypes.CONFIGMAPS, null).items()))
                        .containsExactlyElementsOf(entries(model));
                String listed = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
                assertThat(entries(store.list(ResourceTypes.CONFIGMAPS, listed).items()))
                        .containsExactlyElementsOf(entries(model.subMap(listed + "/", listed + "/\uffff")));
                List<String> replayed = new ArrayList<>();
                store.watch(ResourceTypes.CONFIGMAPS, 0, o -> true, e -> replayed.add(
                        e.type() + " " + Kube.key(e.object()) + "=" + ((ConfigMap) e.object()).getData().get("k"))).close();
                assertThat(replayed).containsExactlyElementsOf(
                        entries(model).stream().map(e -> "ADDED " + e).toList());
                for (int d = 0; d < 10; d++) {
                    String digit = Integer.toString(d);
                    assertThat(entries(store.<ConfigMap>byIndex(ResourceTypes.CONFIGMAPS, "digit", digit)))
                            .containsExactlyElementsOf(entries(model).stream().filter(e -> lastDigit(e).equals(digit)).toList());
                }
            }
            assertThat(store.count(ResourceTypes.CONFIGMAPS)).isEqualTo(model.size());
        }
        assertThat(checks).isGreaterThan(400);
        assertThat(model.size()).isGreaterThan(500);
    }

    @Test
    void aNamespaceListHoldsOnlyThatNamespaceInNameOrder() {
        Store store = new Store();
        for (String key : List.of("a0/m", "a/n10", "a-b/n1", "a/n2", "a.b/n1", "a/n1", "ab/n0")) {
            String[] parts = key.split("/");
            store.create(cm(parts[0], parts[1], key));
        }
        store.delete(ResourceTypes.CONFIGMAPS, "a", "n2", null, null);
        store.create(cm("a", "n0", "a/n0"));
        assertThat(names(store.list(ResourceTypes.CONFIGMAPS, "a").items())).containsExactly("n0", "n1", "n10");
        assertThat(store.list(ResourceTypes.CONFIGMAPS, "nope").items()).isEmpty();
        assertThat(entries(store.list(ResourceTypes.CONFIGMAPS, null).items())).containsExactly(
                "a-b/n1=a-b/n1", "a.b/n1=a.b/n1", "a/n0=a/n0", "a/n1=a/n1", "a/n10=a/n10", "a0/m=a0/m", "ab/n0=ab/n0");
    }

    /**
     * Deletes with no list between them (Events age out unlisted) are swept out of the runs once
     * they outnumber the live objects; objects created before, between and after stay in order.
     */
    @Test
    void manyDeletesWithoutAListLeaveExactlyTheLiveObjectsInOrder() {
        Store store = new Store();
        java.util.TreeMap<String, String> model = new java.util.TreeMap<>();
        for (int i = 0; i < 1200; i++) {
            store.create(cm("default", "e" + i, "1"));
            model.put("default/e" + i, "1");
        }
        store.list(ResourceTypes.CONFIGMAPS, "default"); // sorts the first 1,200
        for (int i = 0; i < 1200; i++) {
            if (i % 7 != 0) {
                store.delete(ResourceTypes.CONFIGMAPS, "default", "e" + i, null, null);
                model.remove("default/e" + i);
            }
            if (i % 3 == 0) {
                store.create(cm("default", "f" + i, "2")); // pending while the sweep runs
                model.put("default/f" + i, "2");
            }
        }
        store.create(cm("default", "e1", "3")); // re-created after its slot was swept
        model.put("default/e1", "3");
        assertThat(entries(store.list(ResourceTypes.CONFIGMAPS, "default").items())).containsExactlyElementsOf(entries(model));
        assertThat(entries(store.list(ResourceTypes.CONFIGMAPS, null).items())).containsExactlyElementsOf(entries(model));
    }

    /** Objects written straight to the store without a namespace sort among namespaced keys by whole key. */
    @Test
    void keysWithoutANamespaceSortAmongNamespacedKeys() {
        Store store = new Store();
        store.create(cm("c", "y", "1"));
        store.create(cm(null, "b", "2"));
        store.create(cm("a", "x", "3"));
        store.create(cm(null, "d", "4"));
        assertThat(store.list(ResourceTypes.CONFIGMAPS, null).items().stream().map(Kube::key).toList())
                .containsExactly("a/x", "b", "c/y", "d");
        assertThat(store.<ConfigMap>get(ResourceTypes.CONFIGMAPS, null, "b").getData()).containsEntry("k", "2");
    }

    /** A snapshot holds every object in key order, and a store reopened from it lists the same. */
    @Test
    void aSnapshotRoundTripsEveryObjectInKeyOrder(@TempDir Path dir) throws Exception {
        List<String> before;
        try (Store store = new Store(new Journal(dir, false), 100)) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 600; i++) {
                String ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
                String name = "n" + random.nextInt(100);
                if (store.get(ResourceTypes.CONFIGMAPS, ns, name) == null) {
                    store.create(cm(ns, name, "v" + i));
                } else {
                    store.delete(ResourceTypes.CONFIGMAPS, ns, name, null, null);
                }
            }
            before = entries(store.list(ResourceTypes.CONFIGMAPS, null).items());
            store.snapshot();
        }
        try (Journal journal = new Journal(dir, false)) {
            List<String> snapshotted = journal.load().objects().stream()
                    .filter(o -> o instanceof ConfigMap).map(o -> Kube.key(o) + "=" + ((ConfigMap) o).getData().get("k"))
                    .toList();
            assertThat(snapshotted).containsExactlyElementsOf(before);
        }
        try (Store reopened = new Store(new Journal(dir, false), 100)) {
            assertThat(entries(reopened.list(ResourceTypes.CONFIGMAPS, null).items())).containsExactlyElementsOf(before);
            assertThat(reopened.count(ResourceTypes.CONFIGMAPS)).isEqualTo(before.size());
        }
        assertThat(before).hasSizeGreaterThan(100);
    }

    private static String lastDigit(String s) {
        return s.substring(s.length() - 1);
    }

    private static List<String> entries(java.util.Map<String, String> model) {
        return model.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static List<String> entries(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> Kube.key(o) + "=" + ((ConfigMap) o).getData().get("k")).toList();
    }

    private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
