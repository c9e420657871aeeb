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

    private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
