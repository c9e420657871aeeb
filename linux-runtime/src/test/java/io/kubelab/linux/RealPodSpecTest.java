package io.kubelab.linux;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.runc.CgroupLimits;
import io.kubelab.linux.runc.LinuxContainerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real mode honours the whole pod spec, through the whole engine (API, scheduler, kubelet) on one
 * real node: cgroup limits from {@code resources}, the OOM killer, {@code emptyDir} shared by a
 * pod's containers, probes that really connect and exec, restarts after a kill from outside, the
 * image store's pull error, and the node's {@code docker} on runc. One cluster for all tests, each
 * in its own pods, on wall time in an {@link EngineLoop} as {@code kubelab serve --runtime linux}
 * runs it.
 */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPodSpecTest {
    private static final long POD_PIDS_LIMIT = 64;

    private Path dir;
    private LinuxPlatform platform;
    private Cluster cluster;
    private EngineLoop loop;

    @BeforeAll
    void start() throws Exception {
        RealClusterTest.assumeRealMode();
        dir = Files.createTempDirectory("kubelab-podspec-");
        platform = LinuxPlatform.create(1, dir);
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1).withPodPidsLimit(POD_PIDS_LIMIT)
                .withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)).withPlatform(platform));
        loop = new EngineLoop(cluster, 50);
        loop.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (loop != null) {
            loop.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (dir != null) {
            io.kubelab.linux.image.ImageStore.deleteTree(dir);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private LinuxContainerRuntime runtime() {
        return platform.runtime(0);
    }

    private Pod pod(String name) {
        return cluster.store().get(ResourceTypes.PODS, "default", name);
    }

    private Optional<ContainerStatus> status(String pod, String container) {
        Pod p = pod(pod);
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return p.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container)).findFirst();
    }

    private String containerId(String pod, String container) {
        return status(pod, container).orElseThrow().getContainerID().replaceFirst("^runc://", "");
    }

    private boolean ready(String name) {
        Pod p = pod(name);
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private boolean running(String pod, String container) {
        return status(pod, container).map(s -> s.getState().getRunning() != null).orElse(false);
    }

    private List<String> events(String involved) {
        return cluster.store().<Event>list(ResourceTypes.EVENTS, "default").items().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(involved))
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    private static void waitFor(Duration max, Supplier<Boolean> condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what.get()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void waitFor(Duration max, Supplier<Boolean> condition, String what) throws InterruptedException {
        waitFor(max, condition, () -> what + "; pods now: " + cluster.store().<Pod>list(ResourceTypes.PODS, "default")
                .items().stream().map(p -> p.getMetadata().getName() + "=" + p.getStatus()).toList());
    }

    private void delete(String pod) throws Exception {
        loop.submit(() -> {
            cluster.api().delete(ResourceTypes.PODS, "default", pod, null);
            return null;
        }).get();
    }

    /** One console line run to its end on the engine thread; waits on wall time. */
    private Console.Result sh(Console console, String line) throws Exception {
        StringBuilder text = new StringBuilder();
        Output out = new Output() {
            @Override
            public void out(String s) {
                synchronized (text) {
                    text.append(s);
                }
            }

            @Override
            public void err(String s) {
                synchronized (text) {
                    text.append(s);
                }
            }
        };
        Execution ex = loop.submit(() -> console.start(line, Map.of(), out)).get();
        waitFor(Duration.ofSeconds(60), ex::isDone, () -> "`" + line + "` to finish; so far: " + text);
        synchronized (text) {
            return new Console.Result(ex.exitCode(), text.toString());
        }
    }

    // ---- resources ----------------------------------------------------------------------------

    @Test
    void cpuAndMemoryLimitsAndThePodsPidLimitAreInTheCgroups() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: limited}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: main
                    image: busybox
                    command: ["sleep", "3600"]
                    resources:
                      requests: {cpu: 250m, memory: 32Mi}
                      limits: {cpu: 500m, memory: 64Mi}
                """);
        waitFor(Duration.ofSeconds(60), () -> running("limited", "main"), "limited to run");
        String cg = runtime().cgroupPath(containerId("limited", "main")).orElseThrow();
        CgroupLimits limits = CgroupLimits.of(cg).orElseThrow();
        // 500m: 50000 µs of every 100000 µs; 250m: 256 shares = cpu.weight 1 + 254 × 9999 / 262142 = 10
        assertThat(limits.cpuMax()).isEqualTo("50000 100000");
        assertThat(limits.cpuWeight()).isEqualTo(10);
        assertThat(limits.memoryMax()).isEqualTo(64L << 20);
        // the kubelet's podPidsLimit is the pod's, on the pod's cgroup (the container's parent)
        assertThat(CgroupLimits.of(cg.substring(0, cg.lastIndexOf('/'))).orElseThrow().pidsMax()).isEqualTo(POD_PIDS_LIMIT);
        // ...and it holds: the 64th process of the pod cannot be forked (busybox sh gives up at once)
        var fork = runtime().exec(containerId("limited", "main"), List.of("sh", "-c",
                "for i in $(seq 100); do sleep 3 & done; echo all forked")).get();
        assertThat(fork.stdout()).doesNotContain("all forked");
        assertThat(fork.stderr()).contains("can't fork");
        delete("limited");
    }

    @Test
    void aMemoryHogOverItsLimitIsOomKilled() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: hog}
                spec:
                  restartPolicy: Never
                  containers:
                  - name: hog
                    image: busybox
                    command: ["sh", "-c", "x=0123456789abcdef; while true; do x=\\"$x$x\\"; done"]
                    resources:
                      limits: {memory: 32Mi}
                """);
        waitFor(Duration.ofSeconds(60), () -> status("hog", "hog").map(s -> s.getState().getTerminated() != null).orElse(false),
                "the hog to be killed");
        var terminated = status("hog", "hog").orElseThrow().getState().getTerminated();
        assertThat(terminated.getReason()).isEqualTo("OOMKilled");
        assertThat(terminated.getExitCode()).isEqualTo(137);
        assertThat(pod("hog").getStatus().getPhase()).isEqualTo("Failed");
        delete("hog");
    }

    // ---- volumes ------------------------------------------------------------------------------

    @Test
    void anEmptyDirIsSharedByThePodsContainers() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: shared}
                spec:
                  terminationGracePeriodSeconds: 0
                  volumes:
                  - name: cache
                    emptyDir: {}
                  containers:
                  - name: writer
                    image: busybox
                    command: ["sh", "-c", "echo written by $HOSTNAME > /cache/note; exec sleep 3600"]
                    volumeMounts:
                    - {name: cache, mountPath: /cache}
                  - name: reader
                    image: busybox
                    command: ["sleep", "3600"]
                    volumeMounts:
                    - {name: cache, mountPath: /data, readOnly: true}
                """);
        waitFor(Duration.ofSeconds(60), () -> running("shared", "writer") && running("shared", "reader"), "shared to run");
        Console console = loop.submit(() -> Consoles.standard(cluster)).get();
        Console.Result read = null;
        for (int i = 0; i < 50; i++) {
            read = sh(console, "kubectl exec shared -c reader -- cat /data/note");
            if (read.exitCode() == 0) {
                break;
            }
            Thread.sleep(100); // the writer may not have written yet
        }
        assertThat(read).isEqualTo(new Console.Result(0, "written by shared\n"));
        Console.Result write = sh(console, "kubectl exec shared -c reader -- touch /data/mine");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.output()).contains("Read-only file system");
        delete("shared");
    }

    /**
     * The console's {@code kubectl logs -f} on a real container that prints in bursts: taken while
     * it prints, it shows every line once and in order (the lines so far, then the live ones, which
     * the runtime's own threads deliver), and it ends by itself when the container exits.
     */
    @Test
    void consoleLogsFollowShowsEveryLineOnceAndEndsWithTheContainer() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: counter}
                spec:
                  restartPolicy: Never
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: counter
                    image: busybox
                    command: ["sh", "-c", "i=0; while [ $i -lt 1500 ]; do echo $i; i=$((i+1)); if [ $((i % 100)) -eq 0 ]; then sleep 0.1; fi; done"]
                """);
        waitFor(Duration.ofSeconds(60), () -> running("counter", "counter"), "counter to run");
        Console console = loop.submit(() -> Consoles.standard(cluster)).get();
        Console.Result follow = sh(console, "kubectl logs -f counter");
        assertThat(follow.exitCode()).as(follow.output()).isZero();
        List<String> expected = java.util.stream.IntStream.range(0, 1500).mapToObj(Integer::toString).toList();
        assertThat(follow.output().lines().toList()).isEqualTo(expected);
        delete("counter");
    }

    // ---- probes, restarts ---------------------------------------------------------------------

    @Test
    void httpGetAndTcpSocketProbesReallyConnect() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: probed}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: web
                    image: busybox
                    command: ["sh", "-c", "sleep 5; mkdir /www; echo ok > /www/healthz; exec httpd -f -p 8080 -h /www"]
                    readinessProbe:
                      httpGet: {path: /healthz, port: 8080}
                      periodSeconds: 1
                    livenessProbe:
                      tcpSocket: {port: 8080}
                      initialDelaySeconds: 7
                      periodSeconds: 1
                      failureThreshold: 3
                """);
        waitFor(Duration.ofSeconds(60), () -> running("probed", "web"), "probed to run");
        // nothing listens for 5 s: the readiness probe fails with the kubelet's words, the pod is not Ready
        waitFor(Duration.ofSeconds(30), () -> ready("probed"), "probed to be Ready once httpd answers");
        assertThat(events("probed")).anyMatch(e -> e.startsWith("Unhealthy: Readiness probe failed: Get \"http://")
                && e.contains(":8080/healthz\": dial tcp") && e.endsWith("connect: connection refused"));
        // the tcpSocket liveness probe finds the port open: no restart for a few periods
        Thread.sleep(5000);
        assertThat(status("probed", "web").orElseThrow().getRestartCount()).isZero();
        assertThat(events("probed")).noneMatch(e -> e.startsWith("Unhealthy: Liveness"));
        assertThat(ready("probed")).isTrue();
        delete("probed");
    }

    @Test
    void anExecLivenessProbeThatStartsFailingRestartsTheContainer() throws Exception {
        // the liveness example of the Kubernetes docs, shortened
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: liveness-exec}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: liveness
                    image: busybox
                    args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600"]
                    livenessProbe:
                      exec:
                        command: ["cat", "/tmp/healthy"]
                      initialDelaySeconds: 1
                      periodSeconds: 1
                      failureThreshold: 2
                """);
        waitFor(Duration.ofSeconds(90), () -> status("liveness-exec", "liveness").map(s -> s.getRestartCount() >= 1).orElse(false),
                "the liveness probe to restart the container");
        assertThat(events("liveness-exec")).contains(
                "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
                "Killing: Container liveness failed liveness probe, will be restarted");
        delete("liveness-exec");
    }

    @Test
    void aProcessKilledFromOutsideIsRestarted() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: victim}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: main
                    image: busybox
                    command: ["sleep", "3600"]
                """);
        waitFor(Duration.ofSeconds(60), () -> running("victim", "main"), "victim to run");
        String first = containerId("victim", "main");
        long pid = runtime().pid(first);
        assertThat(pid).isPositive();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        waitFor(Duration.ofSeconds(60), () -> status("victim", "main")
                .map(s -> s.getRestartCount() == 1 && s.getState().getRunning() != null).orElse(false), "victim to restart");
        ContainerStatus s = status("victim", "main").orElseThrow();
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(s.getContainerID()).isNotEqualTo("runc://" + first);
        long second = runtime().pid(containerId("victim", "main"));
        assertThat(second).isPositive().isNotEqualTo(pid);

        // killed again at once: now the kubelet backs off 10 s (CrashLoopBackOff) before the next start
        new ProcessBuilder("kill", "-9", Long.toString(second)).start().waitFor();
        waitFor(Duration.ofSeconds(30), () -> status("victim", "main").map(x -> x.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(x.getState().getWaiting().getReason())).orElse(false), "CrashLoopBackOff");
        assertThat(status("victim", "main").orElseThrow().getState().getWaiting().getMessage())
                .isEqualTo("back-off 10s restarting failed container=main pod=victim_default(" + pod("victim").getMetadata().getUid() + ")");
        long backingOff = System.nanoTime();
        waitFor(Duration.ofSeconds(30), () -> status("victim", "main")
                .map(x -> x.getRestartCount() == 2 && x.getState().getRunning() != null).orElse(false), "the second restart");
        assertThat(Duration.ofNanos(System.nanoTime() - backingOff)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(events("victim")).anyMatch(e -> e.startsWith("BackOff: Back-off restarting failed container main in pod victim_default("));
        delete("victim");
    }

    // ---- images -------------------------------------------------------------------------------

    @Test
    void anImageNotInTheStoreSaysHowToImportItAndStartsOnceImported() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: hello}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: hello
                    image: hello:1.0
                """);
        Predicate<ContainerStatus> pullFailed = s -> s.getState().getWaiting() != null
                && List.of("ErrImagePull", "ImagePullBackOff").contains(s.getState().getWaiting().getReason());
        waitFor(Duration.ofSeconds(60), () -> status("hello", "hello").map(pullFailed::test).orElse(false), "ErrImagePull");
        var waiting = status("hello", "hello").orElseThrow().getState().getWaiting();
        assertThat(waiting.getMessage()).contains("hello:1.0").contains("kubelab image import image.tar");
        assertThat(events("hello")).anyMatch(e -> e.startsWith("Failed: Failed to pull image \"hello:1.0\"")
                && e.contains("kubelab image import"));

        // `kubelab image import` in another process: its own store over the same folder
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        String manifest = "[{\"Config\":\"c.json\",\"RepoTags\":[\"hello:1.0\"],\"Layers\":[\"l/layer.tar\"]}]";
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"/bin/busybox\",\"sh\",\"-c\",\"echo hello from an import; exec /bin/busybox sleep 3600\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        Path archive = dir.resolve("hello.tar");
        Files.write(archive, new io.kubelab.linux.image.Tars().file("manifest.json", manifest).file("c.json", config)
                .file("l/layer.tar", new io.kubelab.linux.image.Tars().dir("bin").executable("bin/busybox", busybox).bytes())
                .bytes());
        io.kubelab.linux.image.ImageStore.open(dir.resolve("images")).importArchive(archive);

        // the kubelet's next pull (the back-off is 10 s, then 20 s) finds it
        waitFor(Duration.ofSeconds(60), () -> running("hello", "hello"), "hello to run once imported");
        waitFor(Duration.ofSeconds(10), () -> !runtime().logs(containerId("hello", "hello")).isEmpty(), "hello's line");
        Console console = loop.submit(() -> Consoles.standard(cluster)).get();
        assertThat(sh(console, "kubectl logs hello")).isEqualTo(new Console.Result(0, "hello from an import\n"));
        assertThat(sh(console, "kubectl get pod hello -o jsonpath={.status.containerStatuses[0].image}"))
                .isEqualTo(new Console.Result(0, "hello:1.0"));
        delete("hello");
    }

    // ---- the node's docker --------------------------------------------------------------------

    @Test
    void theNodesDockerRunsOnRunc() throws Exception {
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: web
                    image: busybox
                    command: ["sleep", "3600"]
                """);
        waitFor(Duration.ofSeconds(60), () -> running("web", "web"), "web to run");
        Console console = loop.submit(() -> Consoles.standard(cluster)).get();
        assertThat(sh(console, "minikube ssh").exitCode()).isZero();

        Console.Result run = sh(console, "docker run -d -m 64m --name pinger busybox sh -c \"echo hello from runc; exec sleep 1000\"");
        assertThat(run.exitCode()).as(run.output()).isZero();
        String id = run.output().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        String shortId = id.substring(0, 12);
        assertThat(CgroupLimits.of(runtime().cgroupPath(id).orElseThrow()).orElseThrow().memoryMax()).isEqualTo(64L << 20);

        // docker ps: the standalone container, the pod's app container and its pause, by docker's names
        Console.Result ps = sh(console, "docker ps");
        assertThat(ps.exitCode()).isZero();
        String uid = pod("web").getMetadata().getUid();
        assertThat(ps.output()).startsWith("CONTAINER ID   IMAGE")
                .contains(shortId).contains("pinger")
                .contains("k8s_web_web_default_" + uid + "_0")
                .contains("k8s_POD_web_default_" + uid + "_0");

        waitFor(Duration.ofSeconds(10), () -> !runtime().logs(id).isEmpty(), "the container's first line");
        assertThat(sh(console, "docker logs " + shortId)).isEqualTo(new Console.Result(0, "hello from runc\n"));
        assertThat(sh(console, "docker exec " + shortId + " hostname")).isEqualTo(new Console.Result(0, shortId + "\n"));
        // on the node's bridge, like docker's default network: an address of the node's pod CIDR
        String ip = runtime().standaloneIp(id).orElseThrow();
        assertThat(ip).startsWith("10.244.0.");
        assertThat(sh(console, "docker exec pinger ip -4 -o addr show eth0").output()).contains(ip + "/24");
        // the node's own ip (iproute2 in its network namespace), not the addresses the simulation draws
        Console.Result addr = sh(console, "ip addr");
        assertThat(addr.exitCode()).as(addr.output()).isZero();
        assertThat(addr.output()).contains(": cbr0: ").contains("inet 10.244.0.1/24").doesNotContain("docker0");
        assertThat(sh(console, "sudo ip route").output()).contains("10.244.0.0/24 dev cbr0");
        Console.Result unknown = sh(console, "ip frobnicate");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("Object \"frobnicate\" is unknown, try \"ip help\".");

        assertThat(sh(console, "docker stop -t 0 pinger")).isEqualTo(new Console.Result(0, "pinger\n"));
        assertThat(runtime().containerStatus(id).orElseThrow().exitCode()).isEqualTo(137);
        assertThat(sh(console, "docker ps").output()).doesNotContain("pinger");
        assertThat(sh(console, "docker ps -a").output()).contains("pinger").contains("Exited (137)");
        assertThat(sh(console, "docker start " + shortId)).isEqualTo(new Console.Result(0, shortId + "\n"));
        assertThat(running(id)).isTrue();
        assertThat(sh(console, "docker restart -t 0 pinger")).isEqualTo(new Console.Result(0, "pinger\n"));
        assertThat(running(id)).isTrue();
        waitFor(Duration.ofSeconds(10), () -> runtime().logs(id).size() >= 3, "three starts' lines");
        assertThat(sh(console, "docker logs pinger").output()).isEqualTo("hello from runc\n".repeat(3));

        Console.Result images = sh(console, "docker images");
        assertThat(images.exitCode()).isZero();
        assertThat(images.output()).startsWith("REPOSITORY   TAG       IMAGE ID       CREATED")
                .containsPattern("busybox\\s+latest\\s+[0-9a-f]{12}");

        assertThat(sh(console, "docker rm -f pinger")).isEqualTo(new Console.Result(0, "pinger\n"));
        assertThat(runtime().containerStatus(id)).isEmpty();
        sh(console, "exit");
        delete("web");
    }

    private boolean running(String containerId) {
        return runtime().containerStatus(containerId).map(c -> c.state() == io.kubelab.engine.runtime.ContainerState.RUNNING)
                .orElse(false);
    }
}
