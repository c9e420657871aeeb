package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kill -9 at a random moment loses no acknowledged write. A child JVM ({@link DurabilityChild})
 * writes creates, updates and deletes to a {@link Store} on a state folder and prints each write
 * once {@code Store} returned; the test kills it with SIGKILL at a seeded random point, opens a
 * Store on the same folder and checks that the state is exactly every acknowledged write, plus at
 * most the one that was in flight: same values, same resourceVersions, revision = the last write's,
 * no key twice. The 50 trials run on the same folder, so each starts from the previous crash; the
 * journal is compacted every ~48 KiB, so kills also land in the middle of snapshots. The next
 * child JVM is started (and warmed up) while the current one runs, to keep the test short.
 */
class StoreDurabilityTest {
    static final int TRIALS = 50;
    static final long COMPACT_AFTER = 48 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        Random random = new Random(20260101L);
        long started = System.nanoTime();
        Map<String, String> base = new HashMap<>();
        Map<String, Long> baseRevisions = new HashMap<>();
        long baseRevision = 0;
        int totalAcked = 0;
        int inFlightLanded = 0;
        Child next = Child.start(dir);
        for (int trial = 0; trial < TRIALS; trial++) {
            Child child = next;
            long seed = random.nextLong();
            int killAfter = random.nextInt(120);
            child.go(seed);
            next = Child.start(dir);

            String ready = child.readLine();
            assertThat(ready).as("trial " + trial).isEqualTo("READY " + baseRevision);
            if (trial % 10 == 0) {
                // The running child holds the folder: a second Kubelab is refused.
                assertThatThrownBy(() -> new Journal(dir, false)).isInstanceOf(StateLockedException.class);
            }
            List<String> acks = new ArrayList<>();
            while (acks.size() < killAfter) {
                acks.add(child.readLine());
            }
            child.kill();
            String line;
            while ((line = child.readLine()) != null) {
                acks.add(line);
            }

            // Replay the acknowledged writes from the same seed and starting state.
            DurabilityWorkload workload = new DurabilityWorkload(seed);
            Map<String, String> expected = new HashMap<>(base);
            Map<String, Long> expectedRevisions = new HashMap<>(baseRevisions);
            for (int i = 0; i < acks.size(); i++) {
                DurabilityWorkload.Op op = workload.next(expected);
                long rev = baseRevision + i + 1;
                assertThat(acks.get(i)).as("trial " + trial).isEqualTo("ACK " + i + " " + op.kind() + " " + op.name() + " " + rev);
                DurabilityWorkload.applyToModel(expected, op);
                record(expectedRevisions, op, rev);
            }
            DurabilityWorkload.Op inFlight = workload.next(expected);

            // "No duplicate keys": what the journal replays, before the Store puts it in maps.
            try (Journal journal = new Journal(dir, false)) {
                Journal.Loaded loaded = journal.load();
                Set<String> keys = new HashSet<>();
                for (HasMetadata o : loaded.objects()) {
                    assertThat(keys.add(ResourceTypes.of(o).plural() + "/" + Kube.key(o))).as("duplicate " + Kube.key(o)).isTrue();
                }
            }
            Journal journal = new Journal(dir, false);
            Store store = new Store(journal, 100, COMPACT_AFTER);
            long acked = baseRevision + acks.size();
            if (store.revision() == acked + 1) {
                DurabilityWorkload.applyToModel(expected, inFlight);
                record(expectedRevisions, inFlight, acked + 1);
                inFlightLanded++;
            } else {
                assertThat(store.revision()).as("trial " + trial + ": revision").isEqualTo(acked);
            }
            Map<String, String> actual = new HashMap<>();
            Map<String, Long> actualRevisions = new HashMap<>();
            for (ConfigMap cm : store.<ConfigMap>list(ResourceTypes.CONFIGMAPS, null).items()) {
                actual.put(cm.getMetadata().getName(), cm.getData().get("v"));
                long rv = Long.parseLong(cm.getMetadata().getResourceVersion());
                assertThat(rv).isLessThanOrEqualTo(store.revision());
                actualRevisions.put(cm.getMetadata().getName(), rv);
            }
            assertThat(actual).as("trial " + trial + ": values").isEqualTo(expected);
            assertThat(actualRevisions).as("trial " + trial + ": resourceVersions").isEqualTo(expectedRevisions);
            journal.close(); // a crash of the checker too: no snapshot on the way out

            base = expected;
            baseRevisions = expectedRevisions;
            baseRevision = store.revision();
            totalAcked += acks.size();
        }
        next.kill();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("durability: %d trials, %d acknowledged writes, %d in-flight writes landed, %.1f s%n",
                TRIALS, totalAcked, inFlightLanded, seconds);
        assertThat(totalAcked).isGreaterThan(TRIALS);
    }

    private static void record(Map<String, Long> revisions, DurabilityWorkload.Op op, long rev) {
        if (op.kind() == DurabilityWorkload.Kind.DELETE) {
            revisions.remove(op.name());
        } else {
            revisions.put(op.name(), rev);
        }
    }

    /** One child JVM: started warm, told to go, killed with SIGKILL. */
    private record Child(Process process, BufferedReader out, OutputStream in) {

        static Child start(Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // A short-lived JVM: C1 only, serial GC, no verification of our own classes (about 0.7 s of CPU).
            ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote", "-XX:-UsePerfData",
                    "-XX:CICompilerCount=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DurabilityChild.class.getName(), dir.toString(), Long.toString(COMPACT_AFTER));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            Child c = new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    p.getOutputStream());
            return c;
        }

        void go(long seed) throws IOException {
            String warm = out.readLine();
            assertThat(warm).isEqualTo("WARM");
            in.write(("GO " + seed + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String readLine() throws IOException {
            return out.readLine();
        }

        /**
         * SIGKILL through the process handle: {@code Process.destroyForcibly()} would also close our
         * end of the pipe and lose the acknowledgements still in it.
         */
        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            process.waitFor();
        }
    }
}
