package io.kubelab.lessons.progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgressStoreTest {
    @TempDir
    Path dir;

    private static Progress sample() {
        return Progress.empty("王小明")
                .withCompleted("10-nginx-deployment", "create")
                .withCompleted("10-nginx-deployment", "pods-running")
                .withCurrent("10-nginx-deployment", "rollout-status")
                .withQuizAnswer("01-virtualization", "compare", "c");
    }

    @Test
    void aNewUserStartsEmptyAndSavedProgressReadsBack() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        assertThat(store.load("王小明")).isEqualTo(Progress.empty("王小明"));
        store.save(sample());
        Progress read = new ProgressStore(dir).load("王小明");
        assertThat(read).isEqualTo(sample());
        assertThat(read.isCompleted("10-nginx-deployment", "create")).isTrue();
        assertThat(read.isCompleted("10-nginx-deployment", "rollout-status")).isFalse();
        assertThat(read.current("10-nginx-deployment")).contains("rollout-status");
        assertThat(read.lesson("01-virtualization").quizAnswers()).containsEntry("compare", "c");
        assertThat(read.lesson("99-none").completed()).isEmpty();
    }

    @Test
    void fileNamesAreSafeForAnyUserName() {
        assertThat(ProgressStore.fileName("kyle_bai-2")).isEqualTo("kyle_bai-2");
        assertThat(ProgressStore.fileName("../etc/passwd")).isEqualTo("%2E%2E%2Fetc%2Fpasswd");
        assertThat(ProgressStore.fileName("王")).isEqualTo("%E7%8E%8B");
        assertThat(new ProgressStore(dir).fileOf("a b")).isEqualTo(dir.resolve("a%20b.json"));
    }

    /** A stream that dies after {@code limit} bytes, as a process killed in the middle of a write. */
    private static final class TornStream extends FilterOutputStream {
        private int left;

        TornStream(OutputStream out, int limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException("killed mid-write");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    @Test
    void aWriteTornHalfWayNeverCorruptsTheSavedProgress() throws IOException {
        new ProgressStore(dir).save(sample());
        byte[] before = Files.readAllBytes(new ProgressStore(dir).fileOf("王小明"));

        Progress next = sample().withCompleted("10-nginx-deployment", "rollout-status");
        ProgressStore crashing = new ProgressStore(dir, out -> new TornStream(out, 40));
        assertThatThrownBy(() -> crashing.save(next)).hasMessage("killed mid-write");

        assertThat(Files.readAllBytes(crashing.fileOf("王小明"))).isEqualTo(before);
        assertThat(new ProgressStore(dir).load("王小明")).isEqualTo(sample());
        new ProgressStore(dir).save(next);
        assertThat(new ProgressStore(dir).load("王小明")).isEqualTo(next);
    }

    @Test
    void aTornTempFileLeftByACrashIsNeverReadAndIsCleanedUp() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        store.save(sample());
        // What a power cut during a save leaves: the first half of the new JSON in a temp file.
        String json = "{\"version\":1,\"user\":\"王小明\",\"lessons\":{\"10-nginx-deployment\":{\"comp";
        Path torn = dir.resolve(ProgressStore.fileName("王小明") + ".12345" + ProgressStore.TEMP_SUFFIX);
        Files.writeString(torn, json, StandardCharsets.UTF_8);

        assertThat(store.load("王小明")).isEqualTo(sample());
        Progress next = sample().withCurrent("11-nginx-service", "cluster-ip");
        store.save(next);
        assertThat(store.load("王小明")).isEqualTo(next);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(store.fileOf("王小明"));
        }
    }

    @Test
    void aDamagedFileIsReportedAndLeftAlone() throws IOException {
        ProgressStore store = new ProgressStore(dir);
        Files.writeString(store.fileOf("amy"), "{not json");
        assertThatThrownBy(() -> store.load("amy")).isInstanceOf(IOException.class).hasMessageContaining("is not a progress file");
        assertThat(Files.readString(store.fileOf("amy"))).isEqualTo("{not json");
    }
}
