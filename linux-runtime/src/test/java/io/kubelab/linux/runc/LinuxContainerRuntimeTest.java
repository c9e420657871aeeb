package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.ImagePullException;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.RuntimeOperationException;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Real containers: needs root and runc; skipped otherwise. */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxContainerRuntimeTest {
    static final String NODE = RootTests.node("kltest");
    private TestRuntime runtime;
    private LinuxContainerRuntime rt;
    private final LinkedBlockingQueue<RuntimeEvent> events = new LinkedBlockingQueue<>();

    @BeforeAll
    void start() throws Exception {
        RootTests.assumeRealMode();
        runtime = TestRuntime.start(NODE, "kubelab-rt-");
        rt = runtime.rt;
        rt.subscribe(events::add);
    }

    @AfterAll
    void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    private PodSandbox sandbox(String pod) throws Exception {
        return await(rt.runPodSandbox(new SandboxConfig(pod, "default", "uid-" + pod, 0, Map.of("app", pod))));
    }

    private static ContainerConfig container(String pod, String name, long memory, String... cmd) {
        return new ContainerConfig(name, "busybox", List.of(cmd), null, Map.of("GREETING", "hello"), null, memory,
                pod, "default", "uid-" + pod, 0, null);
    }

    private static ContainerConfig withVolumes(ContainerConfig c, LinuxContainerResources resources, List<Mount> mounts) {
        return new ContainerConfig(c.name(), c.image(), c.command(), c.args(), c.env(), c.workingDir(), resources, mounts,
                c.podName(), c.podNamespace(), c.podUid(), c.attempt(), c.hostname());
    }

    private String run(String sandboxId, ContainerConfig c) throws Exception {
        String id = await(rt.createContainer(sandboxId, c));
        await(rt.startContainer(id));
        return id;
    }

    private RuntimeEvent.ContainerExited exitOf(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            RuntimeEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof RuntimeEvent.ContainerExited x && x.containerId().equals(id)) {
                return x;
            }
        }
        return fail("no exit event for " + id);
    }

    static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoContainersOfAPodShareOneIpLocalhostAndAnEmptyDir() throws Exception {
        PodSandbox sb = await(rt.runPodSandbox(new SandboxConfig("web", "default", "uid-web", 0, Map.of("app", "web"), 256)));
        assertThat(sb.ip()).startsWith("10.99.0.");
        LinuxContainerResources cpu = LinuxContainerResources.fromKubernetes(250, 500, 0);
        List<Mount> cache = List.of(new Mount("cache", "/cache", false));
        String server = run(sb.id(), withVolumes(container("web", "httpd", 0, "httpd", "-f", "-v", "-p", "80", "-h", "/var/www"), cpu, cache));
        String client = run(sb.id(), withVolumes(container("web", "client", 0, "sh", "-c", "echo client up; echo $GREETING >&2; sleep 3600"), cpu, cache));

        ExecResult viaLocalhost = await(rt.exec(client, List.of("wget", "-q", "-O", "-", "http://localhost/")));
        assertThat(viaLocalhost.exitCode()).isZero();
        assertThat(viaLocalhost.stdout()).contains("Welcome to busybox httpd!");

        // one network namespace: both see the same eth0 address and the pod's hostname
        ExecResult serverAddr = await(rt.exec(server, List.of("ip", "-4", "-o", "addr", "show", "eth0")));
        ExecResult clientAddr = await(rt.exec(client, List.of("ip", "-4", "-o", "addr", "show", "eth0")));
        assertThat(serverAddr.stdout()).contains(sb.ip() + "/24");
        assertThat(clientAddr.stdout()).contains(sb.ip() + "/24");
        assertThat(await(rt.exec(client, List.of("hostname"))).stdout()).isEqualTo("web\n");
        // ...but separate PID namespaces: each container's process is PID 1
        assertThat(await(rt.exec(client, List.of("cat", "/proc/1/cmdline"))).stdout()).doesNotStartWith("httpd");
        assertThat(await(rt.exec(server, List.of("cat", "/proc/1/cmdline"))).stdout()).startsWith("httpd");

        // the emptyDir is shared
        assertThat(await(rt.exec(server, List.of("sh", "-c", "echo shared > /cache/note"))).exitCode()).isZero();
        assertThat(await(rt.exec(client, List.of("cat", "/cache/note"))).stdout()).isEqualTo("shared\n");

        // from the node's network namespace, as probes and kube-proxy reach pods
        HttpResult r = await(rt.http(HttpRequest.get("10.99.0.1", sb.ip(), 80, "/", "kube-probe/1.30")));
        assertThat(r).isInstanceOf(HttpResult.Response.class);
        assertThat(((HttpResult.Response) r).status()).isEqualTo(200);
        assertThat(((HttpResult.Response) r).body()).contains("Welcome to busybox httpd!");
        assertThat(await(rt.http(HttpRequest.get("10.99.0.1", sb.ip(), 81, "/", "curl/8.5.0")))).isInstanceOf(HttpResult.Refused.class);
        assertThat(await(rt.tcpConnect(sb.ip(), 80))).isTrue();
        assertThat(await(rt.tcpConnect(sb.ip(), 81))).isFalse();
        assertThat(rt.ownsAddress(sb.ip())).isTrue();

        // logs, stdout and stderr
        eventually(() -> rt.logs(client).size() >= 2, "two log lines");
        assertThat(rt.logs(client)).extracting(LogLine::stream, LogLine::text).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDOUT, "client up"),
                org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDERR, "hello"));

        // cgroup limits: cpu 250m request -> 256 shares, 500m limit -> 50000 µs of 100000; the pod's
        // pids.max 256 on the pod's cgroup, the parent of both containers'
        String cg = rt.cgroupPath(client).orElseThrow();
        assertThat(cg).startsWith("/kubelab/" + NODE + "/default_web_");
        CgroupLimits limits = CgroupLimits.of(cg).orElseThrow();
        assertThat(limits.cpuMax()).isEqualTo("50000 100000");
        assertThat(limits.cpuWeight()).isEqualTo(10); // 1 + (256 - 2) * 9999 / 262142
        assertThat(limits.pidsMax()).as("no PID limit of its own").isEqualTo(-1);
        String podCg = cg.substring(0, cg.lastIndexOf('/'));
        assertThat(CgroupLimits.of(podCg).orElseThrow().pidsMax()).isEqualTo(256);

        await(rt.stopContainer(server, Duration.ofSeconds(1)));
        await(rt.stopContainer(client, Duration.ZERO));
        await(rt.stopPodSandbox(sb.id()));
        assertThat(rt.sandbox(sb.id()).orElseThrow().ready()).isFalse();
        assertThat(rt.removeContainer(server)).isTrue();
        assertThat(rt.removeContainer(client)).isTrue();
        rt.removePodSandbox(sb.id());
    }

    @Test
    void execReportsExitCodesAndMissingExecutables() throws Exception {
        PodSandbox sb = sandbox("exec");
        String c = run(sb.id(), container("exec", "main", 0, "sleep", "3600"));

        ExecResult three = await(rt.exec(c, List.of("sh", "-c", "echo out; echo err >&2; exit 3")));
        assertThat(three).isEqualTo(new ExecResult(3, "out\n", "err\n"));
        ExecResult missing = await(rt.exec(c, List.of("nope")));
        assertThat(missing.exitCode()).isEqualTo(126);
        assertThat(missing.stderr()).contains("OCI runtime exec failed").contains("\"nope\": executable file not found in $PATH");
        // the seccomp profile and the capability set at work
        assertThat(await(rt.exec(c, List.of("mount", "-t", "tmpfs", "tmpfs", "/mnt"))).exitCode()).isNotZero();
        assertThat(await(rt.exec(c, List.of("grep", "NoNewPrivs", "/proc/self/status"))).stdout()).contains("1");

        await(rt.stopContainer(c, Duration.ZERO));
        RuntimeEvent.ContainerExited exit = exitOf(c);
        assertThat(exit.exitCode()).isEqualTo(137);
        await(rt.stopPodSandbox(sb.id()));
        rt.removeContainer(c);
        rt.removePodSandbox(sb.id());
    }

    @Test
    void aKilledProcessIsSeenAsExitedAndCanStartAgain() throws Exception {
        PodSandbox sb = sandbox("crash");
        String c = run(sb.id(), container("crash", "main", 0, "sh", "-c", "echo started; sleep 3600"));
        long pid = rt.pid(c);
        assertThat(pid).isPositive();
        // the process runs once the start completes, but may not have written yet
        eventually(() -> rt.logs(c).size() == 1, "the first start's log line");

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL from outside, as the OOM killer or a crash
        RuntimeEvent.ContainerExited exit = exitOf(c);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.reason()).isEqualTo("Error");
        ContainerStatus st = rt.containerStatus(c).orElseThrow();
        assertThat(st.state()).isEqualTo(ContainerState.EXITED);
        assertThat(st.exitCode()).isEqualTo(137);

        // docker start of an exited container (the kubelet makes a new one; docker restart reuses it)
        await(rt.startContainer(c));
        assertThat(rt.containerStatus(c).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        for (int i = 0; i < 100 && rt.logs(c).stream().filter(l -> l.text().equals("started")).count() < 2; i++) {
            Thread.sleep(50);
        }
        assertThat(rt.logs(c)).extracting(LogLine::text).containsExactly("started", "started");
        await(rt.stopContainer(c, Duration.ZERO));
        await(rt.stopPodSandbox(sb.id()));
        rt.removeContainer(c);
        rt.removePodSandbox(sb.id());
    }

    @Test
    void aMemoryHogOverItsLimitIsOomKilled() throws Exception {
        PodSandbox sb = sandbox("hog");
        String c = run(sb.id(), container("hog", "hog", 32L << 20, "sh", "-c",
                "x=0123456789abcdef; while true; do x=\"$x$x\"; done"));
        RuntimeEvent.ContainerExited exit = exitOf(c);
        assertThat(exit.reason()).isEqualTo("OOMKilled");
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(rt.containerStatus(c).orElseThrow().reason()).isEqualTo("OOMKilled");
        await(rt.stopPodSandbox(sb.id()));
        rt.removeContainer(c);
        rt.removePodSandbox(sb.id());
    }

    @Test
    void aGracefulStopKillsAfterTheGracePeriod() throws Exception {
        PodSandbox sb = sandbox("grace");
        // PID 1 without a TERM handler ignores SIGTERM: only the KILL after the grace period ends it
        String stubborn = run(sb.id(), container("grace", "stubborn", 0, "sleep", "3600"));
        String polite = run(sb.id(), container("grace", "polite", 0, "sh", "-c", "trap 'exit 7' TERM; while true; do sleep 1 & wait $!; done"));
        long t0 = System.nanoTime();
        await(rt.stopContainer(polite, Duration.ofSeconds(10)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(rt.containerStatus(polite).orElseThrow().exitCode()).isEqualTo(7);
        assertThat(rt.containerStatus(polite).orElseThrow().reason()).isEqualTo("Error");
        t0 = System.nanoTime();
        await(rt.stopContainer(stubborn, Duration.ofSeconds(1)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(rt.containerStatus(stubborn).orElseThrow().exitCode()).isEqualTo(137);
        await(rt.stopPodSandbox(sb.id()));
        rt.removeContainer(stubborn);
        rt.removeContainer(polite);
        rt.removePodSandbox(sb.id());
    }

    @Test
    void aMissingExecutableCannotRunAndAMissingImageSaysHowToImportIt() throws Exception {
        PodSandbox sb = sandbox("broken");
        String c = await(rt.createContainer(sb.id(), container("broken", "main", 0, "/no/such/program")));
        assertThatThrownBy(() -> await(rt.startContainer(c))).isInstanceOf(RuntimeOperationException.class)
                .hasMessageContaining("no such file or directory");
        ContainerStatus st = rt.containerStatus(c).orElseThrow();
        assertThat(st.state()).isEqualTo(ContainerState.EXITED);
        assertThat(st.reason()).isEqualTo("ContainerCannotRun");

        assertThatThrownBy(() -> await(rt.pullImage("nginx:1.25"))).isInstanceOf(ImagePullException.class)
                .hasMessageContaining("kubelab image import");
        assertThat(await(rt.pullImage("busybox")).image().repoTags()).contains("busybox:latest");
        await(rt.stopPodSandbox(sb.id()));
        rt.removeContainer(c);
        rt.removePodSandbox(sb.id());
    }
}
