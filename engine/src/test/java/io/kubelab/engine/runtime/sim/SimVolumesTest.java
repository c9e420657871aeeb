package io.kubelab.engine.runtime.sim;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Volumes in the simulated runtime: an emptyDir shared by a pod's containers, a configMap mounted read-only. */
class SimVolumesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimClock clock = new SimClock(T0);
    private final SimContainerRuntime runtime = new SimContainerRuntime("minikube", 0, clock, ImageCatalog.standard(), 42,
            4L * 1024 * 1024 * 1024);

    private <T> T await(CompletableFuture<T> f) {
        for (int i = 0; i < 600 && !f.isDone(); i++) {
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(f).isDone();
        return f.join();
    }

    private String start(PodSandbox sb, String name, String image, List<String> command, List<Mount> mounts) {
        await(runtime.pullImage(image));
        ContainerConfig cfg = new ContainerConfig(name, image, command, null, Map.of(), null, LinuxContainerResources.NONE,
                mounts, sb.id().substring(0, 8), "default", sb.podUid(), 0, null);
        String id = await(runtime.createContainer(sb.id(), cfg));
        await(runtime.startContainer(id));
        return id;
    }

    private ExecResult exec(String id, String... command) {
        return await(runtime.exec(id, List.of(command)));
    }

    private static final List<String> SLEEP = List.of("sleep", "3600");

    @Test
    void twoContainersOfAPodShareAnEmptyDirThatGoesWithTheSandbox() {
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("pair", "default", "uid-1", 0, Map.of())));
        String writer = start(sb, "writer", "busybox", SLEEP, List.of(new Mount("shared", "/data", false)));
        String reader = start(sb, "reader", "busybox", SLEEP, List.of(new Mount("shared", "/in", false)));
        String other = start(sb, "other", "busybox", SLEEP, List.of());

        assertThat(exec(writer, "sh", "-c", "echo hello > /data/greeting; mkdir /data/d; touch /data/d/f").exitCode()).isZero();
        assertThat(exec(reader, "cat", "/in/greeting").stdout()).isEqualTo("hello\n");
        assertThat(exec(reader, "ls", "/in").stdout()).isEqualTo("d\ngreeting\n");
        assertThat(exec(reader, "sh", "-c", "echo again >> /in/greeting").exitCode()).isZero();
        assertThat(exec(writer, "cat", "/data/greeting").stdout()).isEqualTo("hello\nagain\n");
        // Not mounted there: neither the volume nor the writer's own layer shows it.
        assertThat(exec(other, "ls", "/data").stderr()).isEqualTo("ls: /data: No such file or directory\n");
        assertThat(exec(writer, "rm", "/data/greeting").exitCode()).isZero();
        assertThat(exec(reader, "ls", "/in").stdout()).isEqualTo("d\n");

        // A new sandbox of the pod: a new, empty emptyDir.
        PodSandbox next = await(runtime.runPodSandbox(new SandboxConfig("pair", "default", "uid-1", 1, Map.of())));
        String again = start(next, "reader", "busybox", SLEEP, List.of(new Mount("shared", "/in", false)));
        assertThat(exec(again, "ls", "/in").stdout()).isEmpty();
    }

    @Test
    void aConfigMapMountHidesTheImagesFilesIsReadOnlyAndIsWhatNginxServes() {
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("web", "default", "uid-2", 0, Map.of())));
        Mount html = new Mount("html", "/usr/share/nginx/html", false,
                Map.of("index.html", "<h1>Hello from a ConfigMap</h1>\n", "css/site.css", "h1 {}\n"));
        assertThat(html.readOnly()).isTrue();
        String nginx = start(sb, "nginx", "nginx", null, List.of(html));

        assertThat(exec(nginx, "ls", "/usr/share/nginx/html").stdout()).isEqualTo("css\nindex.html\n"); // no 50x.html
        assertThat(exec(nginx, "cat", "/usr/share/nginx/html/index.html").stdout()).isEqualTo("<h1>Hello from a ConfigMap</h1>\n");
        assertThat(exec(nginx, "cat", "/usr/share/nginx/html/css/site.css").stdout()).isEqualTo("h1 {}\n");

        // The simulated sh words it as busybox does (status 1); dash itself has its own words (status 2).
        ExecResult write = exec(nginx, "sh", "-c", "echo x > /usr/share/nginx/html/x");
        assertThat(write.stderr()).isEqualTo("sh: can't create /usr/share/nginx/html/x: Read-only file system\n");
        assertThat(write.exitCode()).isEqualTo(1);
        ExecResult dash = exec(nginx, "dash", "-c", "echo x > /usr/share/nginx/html/x");
        assertThat(dash.stderr()).isEqualTo("dash: 1: cannot create /usr/share/nginx/html/x: Read-only file system\n");
        assertThat(dash.exitCode()).isEqualTo(2);
        assertThat(exec(nginx, "rm", "/usr/share/nginx/html/index.html").stderr())
                .isEqualTo("rm: cannot remove '/usr/share/nginx/html/index.html': Read-only file system\n");
        assertThat(exec(nginx, "touch", "/usr/share/nginx/html/index.html").stderr())
                .isEqualTo("touch: cannot touch '/usr/share/nginx/html/index.html': Read-only file system\n");
        assertThat(exec(nginx, "mkdir", "/usr/share/nginx/html/d").stderr())
                .isEqualTo("mkdir: cannot create directory '/usr/share/nginx/html/d': Read-only file system\n");
        assertThat(exec(nginx, "ls", "/usr/share/nginx/html").stdout()).isEqualTo("css\nindex.html\n");
        // Outside the mount the container's own layer is writable as ever.
        assertThat(exec(nginx, "sh", "-c", "echo x > /tmp/x && cat /tmp/x").stdout()).isEqualTo("x\n");

        HttpResult page = await(runtime.http(HttpRequest.get("10.244.0.1", sb.ip(), 80, "/", "curl/7.81.0")));
        assertThat(((HttpResult.Response) page).body()).isEqualTo("<h1>Hello from a ConfigMap</h1>\n");
        HttpResult gone = await(runtime.http(HttpRequest.get("10.244.0.1", sb.ip(), 80, "/50x.html", "curl/7.81.0")));
        assertThat(((HttpResult.Response) gone).status()).isEqualTo(404);
    }

    @Test
    void aReadOnlyEmptyDirMountRefusesWritesInBusyboxsWordsWhileAnotherContainerWrites() {
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("ro", "default", "uid-3", 0, Map.of())));
        String rw = start(sb, "rw", "busybox", SLEEP, List.of(new Mount("cache", "/cache", false)));
        String ro = start(sb, "ro", "busybox", SLEEP, List.of(new Mount("cache", "/cache", true)));
        ExecResult denied = exec(ro, "sh", "-c", "echo x > /cache/x");
        assertThat(denied.stderr()).isEqualTo("sh: can't create /cache/x: Read-only file system\n");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(exec(ro, "touch", "/cache/y").stderr()).isEqualTo("touch: /cache/y: Read-only file system\n");
        assertThat(exec(rw, "sh", "-c", "echo x > /cache/x").exitCode()).isZero();
        assertThat(exec(ro, "cat", "/cache/x").stdout()).isEqualTo("x\n");
    }

    @Test
    void aMountPointInsideAReadOnlyMountFailsTheCreateAsRuncDoes() {
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("nest", "default", "uid-4", 0, Map.of())));
        await(runtime.pullImage("busybox"));
        ContainerConfig cfg = new ContainerConfig("c", "busybox", SLEEP, null, Map.of(), null, LinuxContainerResources.NONE,
                List.of(new Mount("conf", "/conf", false, Map.of("a", "1")), new Mount("cache", "/conf/cache", false)),
                "nest", "default", sb.podUid(), 0, null);
        CompletableFuture<String> created = runtime.createContainer(sb.id(), cfg);
        assertThat(created).isCompletedExceptionally();
        assertThat(created.handle((id, e) -> e.getMessage()).join())
                .endsWith("error during container init: mkdir /conf/cache: read-only file system: unknown");
    }
}
