package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {
    @TempDir
    Path dir;

    static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("k", value).build();
    }

    private Path log() {
        return dir.resolve(Journal.LOG_FILE);
    }

    private static String value(Store store, String name) {
        ConfigMap cm = store.get(ResourceTypes.CONFIGMAPS, "default", name);
        return cm == null ? null : cm.getData().get("k");
    }

    @Test
    void aTornTailIsCutAndLaterWritesFollowTheLastGoodLine() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        journal.close(); // crash: no snapshot
        Files.writeString(log(), "{\"rev\":3,\"op\":\"PUT\",\"res\":\"configm", StandardOpenOption.APPEND);

        Journal again = new Journal(dir, false);
        Store reopened = new Store(again, 100);
        assertThat(reopened.revision()).isEqualTo(2);
        reopened.create(cm("c", "1"));
        again.close();

        Journal third = new Journal(dir, false);
        Journal.Loaded loaded = third.load();
        assertThat(loaded.revision()).isEqualTo(3);
        assertThat(loaded.objects()).hasSize(3);
        assertThat(loaded.warnings()).isEmpty();
        third.close();
    }

    @Test
    void aLastLineWithABadChecksumIsAnUnacknowledgedWrite() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        journal.close();
        List<String> lines = Files.readAllLines(log());
        lines.set(1, lines.get(1).replace("\"k\":\"1\"", "\"k\":\"2\""));
        Files.write(log(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

        Journal again = new Journal(dir, false);
        Journal.Loaded loaded = again.load();
        assertThat(loaded.revision()).isEqualTo(1);
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("a line whose checksum does not match at line 2");
        again.close();
    }

    @Test
    void aBadLineInTheMiddleRefusesToLoadWithAClearMessage() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        store.create(cm("c", "1"));
        journal.close();
        List<String> lines = Files.readAllLines(log());
        lines.set(1, lines.get(1).replace("\"k\":\"1\"", "\"k\":\"X\""));
        Files.write(log(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

        try (Journal again = new Journal(dir, false)) {
            assertThatThrownBy(again::load)
                    .isInstanceOf(StateCorruptException.class)
                    .hasMessageContaining("journal.log is corrupt at line 2: a line whose checksum does not match, "
                            + "followed by more writes; refusing to load it");
        }
    }

    @Test
    void snapshotPlusJournalReplay() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        store.snapshot();
        assertThat(Files.size(log())).isZero();
        ConfigMap b = store.get(ResourceTypes.CONFIGMAPS, "default", "b");
        ConfigMap b2 = new ConfigMapBuilder(b).addToData("k", "2").build();
        store.update(b2);
        store.delete(ResourceTypes.CONFIGMAPS, "default", "a", null, null);
        store.create(cm("c", "1"));
        journal.close(); // crash after the snapshot

        Journal again = new Journal(dir, false);
        Store reopened = new Store(again, 100);
        assertThat(reopened.revision()).isEqualTo(5);
        assertThat(value(reopened, "a")).isNull();
        assertThat(value(reopened, "b")).isEqualTo("2");
        assertThat(value(reopened, "c")).isEqualTo("1");
        assertThat(reopened.<ConfigMap>get(ResourceTypes.CONFIGMAPS, "default", "b").getMetadata().getResourceVersion()).isEqualTo("3");
        reopened.close();
    }

    @Test
    void aCrashBetweenTheSnapshotRenameAndTheJournalTruncationReplaysNothingTwice() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        store.create(cm("b", "1"));
        store.delete(ResourceTypes.CONFIGMAPS, "default", "a", null, null);
        byte[] before = Files.readAllBytes(log());
        store.snapshot();
        store.create(cm("a", "again"));
        journal.close();
        // The journal as if the truncation never happened: lines 1-3 (in the snapshot) and line 4.
        byte[] after = Files.readAllBytes(log());
        byte[] both = new byte[before.length + after.length];
        System.arraycopy(before, 0, both, 0, before.length);
        System.arraycopy(after, 0, both, before.length, after.length);
        Files.write(log(), both);

        Journal again = new Journal(dir, false);
        Store reopened = new Store(again, 100);
        assertThat(reopened.revision()).isEqualTo(4);
        assertThat(value(reopened, "a")).isEqualTo("again");
        assertThat(value(reopened, "b")).isEqualTo("1");
        assertThat(reopened.count(ResourceTypes.CONFIGMAPS)).isEqualTo(2);
        again.close();
    }

    @Test
    void theJournalIsCompactedWhenItOutgrowsTheThreshold() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100, 4096);
        for (int i = 0; i < 60; i++) {
            store.create(cm("c" + i, "x".repeat(200)));
        }
        assertThat(Files.exists(dir.resolve(Journal.SNAPSHOT))).isTrue();
        // Each record is ~450 bytes: the journal never holds more than the threshold plus one.
        assertThat(journal.size()).isLessThan(4096 + 1024);
        journal.close();

        Journal again = new Journal(dir, false);
        Store reopened = new Store(again, 100, 4096);
        assertThat(reopened.revision()).isEqualTo(60);
        assertThat(reopened.count(ResourceTypes.CONFIGMAPS)).isEqualTo(60);
        again.close();
    }

    @Test
    void anUnreadableSnapshotRefusesToLoad() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(Journal.SNAPSHOT), "{\"revision\":3,\"objects\":[{\"resource\":\"config");
        try (Journal journal = new Journal(dir, false)) {
            assertThatThrownBy(journal::load)
                    .isInstanceOf(StateCorruptException.class)
                    .hasMessageContaining("snapshot.json cannot be read")
                    .hasMessageContaining("refusing to load it");
        }
    }

    @Test
    void aLeftoverTemporarySnapshotIsIgnored() throws Exception {
        Journal journal = new Journal(dir, false);
        Store store = new Store(journal, 100);
        store.create(cm("a", "1"));
        journal.close();
        Files.writeString(dir.resolve(Journal.SNAPSHOT + ".tmp"), "{\"revision\":99,");
        Journal again = new Journal(dir, false);
        Store reopened = new Store(again, 100);
        assertThat(reopened.revision()).isEqualTo(1);
        reopened.close();
    }

    @Test
    void theLockIsReleasedOnCloseAndNamesTheProcess() throws Exception {
        Journal first = new Journal(dir, false);
        first.load();
        assertThat(Files.readString(dir.resolve(Journal.LOCK)).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> new Journal(dir, false))
                .isInstanceOf(StateLockedException.class)
                .hasMessage("the state folder " + dir + " is in use by another Kubelab; stop it first or choose another --state folder");
        first.close();
        try (Journal second = new Journal(dir, false)) {
            assertThat(second.load().revision()).isZero();
        }
    }
}
