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
 * journal is compacted every ~48 KiB, so kills also land in the middle of snapshots. The next two
 * child JVMs are started (and warmed up) while the current one runs, to keep the test short.
 */
class StoreDurabilityTest {
    static final int TRIALS = 50;
    static final long COMPACT_AFTER = 48 * 1024;

    @TempDir
    Path dir;

    @TempDir
    Path tools;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS) // a safety net for a loaded machine; ~30 s on an idle one
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        Random random = new Random(20260101L);
        long started = System.nanoTime();
        java.time.Duration ownCpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
        Map<String, String> base = new HashMap<>();
        Map<String, Long> baseRevisions = new HashMap<>();
        long baseRevision = 0;
        int totalAcked = 0;
        int inFlightLanded = 0;
        java.time.Duration childCpu = java.time.Duration.ZERO;
        List<String> jvm = childJvm();
        // Two children warm up ahead of the one being killed: a JVM start costs more than a trial.
        java.util.ArrayDeque<Child> warming = new java.util.ArrayDeque<>();
        warming.add(Child.start(jvm, dir));
        warming.add(Child.start(jvm, dir));
        for (int trial = 0; trial < TRIALS; trial++) {
            Child child = warming.poll();
            long seed = random.nextLong();
            int killAfter = random.nextInt(120);
            child.go(seed);
            if (trial + warming.size() + 1 < TRIALS) {
                warming.add(Child.start(jvm, dir));
            }

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
            childCpu = childCpu.plus(child.process().toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO));
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
        for (Child c : warming) {
            c.kill();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        java.time.Duration ownCpu = ProcessHandle.current().info().totalCpuDuration().orElse(java.time.Duration.ZERO)
                .minus(ownCpuBefore);
        System.out.printf("durability: %d trials, %d acknowledged writes, %d in-flight writes landed, %.1f s "
                        + "(CPU: children %.1f s, test %.1f s)%n", TRIALS, totalAcked, inFlightLanded, seconds,
                childCpu.toMillis() / 1e3, ownCpu.toMillis() / 1e3);
        assertThat(totalAcked).isGreaterThan(TRIALS);
    }

    /**
     * The command line of a child JVM: a short-lived JVM (C1 only, serial GC, no verification of
     * our classes) started from a class-data archive that a training run wrote, which halves the
     * ~0.8 s of CPU a start costs. The archive needs a jar, so the test classes are jarred first;
     * without an archive the children simply start slower.
     */
    private List<String> childJvm() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classPath = new ArrayList<>();
        Path jar = tools.resolve("classes.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            Set<String> written = new HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!java.nio.file.Files.isDirectory(p)) {
                    classPath.add(entry);
                    continue;
                }
                try (var files = java.nio.file.Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                        String name = p.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                        if (written.add(name)) {
                            out.putNextEntry(new java.util.jar.JarEntry(name));
                            out.write(java.nio.file.Files.readAllBytes(f));
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        classPath.add(0, jar.toString());
        List<String> base = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote", "-XX:-UsePerfData",
                "-XX:CICompilerCount=1", "-Xmx256m", "-cp", String.join(java.io.File.pathSeparator, classPath)));
        Path archive = tools.resolve("child.jsa");
        List<String> train = new ArrayList<>(base);
        train.add(1, "-XX:ArchiveClassesAtExit=" + archive);
        train.addAll(List.of(DurabilityChild.class.getName(), tools.resolve("train-state").toString(), Long.toString(COMPACT_AFTER)));
        Process p = new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write("TRAIN\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.toHandle().destroyForcibly();
        }
        if (java.nio.file.Files.isRegularFile(archive)) {
            base.add(1, "-XX:SharedArchiveFile=" + archive);
            base.add(1, "-Xshare:auto");
        }
        return base;
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

        static Child start(List<String> jvm, Path dir) throws IOException {
            List<String> command = new ArrayList<>(jvm);
            command.addAll(List.of(DurabilityChild.class.getName(), dir.toString(), Long.toString(COMPACT_AFTER)));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    p.getOutputStream());
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
