package io.kubelab.engine.runtime.sim;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.ImagePullException;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.PulledImage;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.SandboxConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SimContainerRuntimeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SimClock clock = new SimClock(T0);
    private final SimContainerRuntime runtime = new SimContainerRuntime("minikube", 0, clock, ImageCatalog.standard(), 42,
            4L * 1024 * 1024 * 1024);
    private final List<RuntimeEvent> events = new ArrayList<>();

    SimContainerRuntimeTest() {
        runtime.subscribe(events::add);
    }

    private void advance(double seconds) {
        clock.advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    private <T> T await(CompletableFuture<T> f) {
        for (int i = 0; i < 600 && !f.isDone(); i++) {
            advance(0.1);
        }
        assertThat(f).isDone();
        return f.join();
    }

    private String runStandalone(String image, List<String> cmd) {
        await(runtime.pullImage(image));
        String id = await(runtime.createContainer(null, ContainerConfig.standalone(null, image, cmd, Map.of())));
        await(runtime.startContainer(id));
        return id;
    }

    @Test
    void aPullTakesTheCatalogsTimeAndTheSecondIsOnlyARegistryCheck() {
        CompletableFuture<PulledImage> first = runtime.pullImage("nginx:1.25");
        advance(2.0);
        assertThat(first).isNotDone();
        advance(0.1);
        assertThat(first).isCompleted();
        PulledImage pulled = first.join();
        assertThat(pulled.duration()).isEqualTo(Duration.ofMillis(2100));
        assertThat(pulled.downloaded()).isTrue();
        assertThat(pulled.image().sizeBytes()).isEqualTo(187694648L);
        assertThat(pulled.image().repoTags()).containsExactly("nginx:1.25");
        assertThat(pulled.image().imageRef()).matches("docker-pullable://nginx@sha256:[0-9a-f]{64}");
        assertThat(runtime.image("nginx:1.25")).isPresent();
        assertThat(runtime.image("nginx:1.25.5").map(i -> i.id())).isEmpty();

        PulledImage again = await(runtime.pullImage("nginx:1.25.5"));
        assertThat(again.downloaded()).isFalse();
        assertThat(again.image().id()).isEqualTo(pulled.image().id());
        assertThat(again.image().repoTags()).containsExactly("nginx:1.25", "nginx:1.25.5");
    }

    @Test
    void unknownImagesFailWithTheDaemonsWords() {
        CompletableFuture<PulledImage> tag = runtime.pullImage("nginx:doesnotexist");
        CompletableFuture<PulledImage> repo = runtime.pullImage("ngnix");
        advance(1.5);
        assertThat(tag).isCompletedExceptionally();
        assertThat(tag.handle((v, e) -> e.getMessage()).join()).isEqualTo(
                "Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown");
        assertThat(repo.handle((v, e) -> e).join()).isInstanceOf(ImagePullException.class).hasMessage(
                "Error response from daemon: pull access denied for ngnix, repository does not exist or may require "
                        + "'docker login': denied: requested access to the resource is denied");
    }

    @Test
    void dockerRunHelloWorldLoopWritesALinePerSecond() {
        String id = runStandalone("ubuntu", List.of("sh", "-c", "while true; do echo hello world; sleep 1; done"));
        Instant started = runtime.containerStatus(id).orElseThrow().startedAt();
        advance(4.5);
        List<LogLine> logs = runtime.logs(id);
        assertThat(logs).extracting(LogLine::text).containsExactly("hello world", "hello world", "hello world",
                "hello world", "hello world");
        assertThat(logs).extracting(LogLine::time).containsExactly(started, started.plusSeconds(1), started.plusSeconds(2),
                started.plusSeconds(3), started.plusSeconds(4));
        ContainerStatus s = runtime.containerStatus(id).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(s.name()).matches("[a-z]+_[a-z]+");
        assertThat(s.command()).containsExactly("sh", "-c", "while true; do echo hello world; sleep 1; done");

        List<LogLine> followed = new ArrayList<>();
        runtime.followLogs(id, followed::add);
        advance(2);
        assertThat(followed).hasSize(2);
    }

    @Test
    void stopWaitsTheGracePeriodForAShellThatIgnoresTerm() {
        String id = runStandalone("busybox", List.of("sh", "-c", "while true; do sleep 1; done"));
        CompletableFuture<Void> stopped = runtime.stopContainer(id, Duration.ofSeconds(10));
        advance(9.9);
        assertThat(stopped).isNotDone();
        advance(0.2);
        assertThat(stopped).isCompleted();
        ContainerStatus s = runtime.containerStatus(id).orElseThrow();
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.reason()).isEqualTo("Error");
        assertThat(events).last().isInstanceOf(RuntimeEvent.ContainerExited.class);
    }

    @Test
    void helloWorldPrintsDockersMessageAndExitsZero() {
        String id = runStandalone("hello-world", null);
        ContainerStatus s = runtime.containerStatus(id).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerState.EXITED);
        assertThat(s.exitCode()).isZero();
        assertThat(s.reason()).isEqualTo("Completed");
        assertThat(runtime.logs(id)).extracting(LogLine::text).contains("Hello from Docker!",
                "This message shows that your installation appears to be working correctly.", " $ docker run -it ubuntu bash");
    }

    @Test
    void aPodSandboxGetsAnIpFromTheNodesPodCidrAndNginxAnswersOnIt() {
        SimContainerRuntime second = new SimContainerRuntime("minikube-m02", 1, clock, ImageCatalog.standard(), 42, 1L << 32);
        PodSandbox sb = await(second.runPodSandbox(new SandboxConfig("web", "default", "uid-1", 0, Map.of())));
        assertThat(sb.ip()).isEqualTo("10.244.1.2");
        await(second.pullImage("nginx:1.25"));
        String id = await(second.createContainer(sb.id(), new ContainerConfig("nginx", "nginx:1.25", null, null, Map.of(),
                null, 0, "web", "default", "uid-1", 0, null)));
        await(second.startContainer(id));
        assertThat(second.containerStatus(id).orElseThrow().name()).isEqualTo("k8s_nginx_web_default_uid-1_0");

        HttpResult r = await(second.http(HttpRequest.get("10.244.1.1", "10.244.1.2", 80, "/", "curl/7.81.0")));
        assertThat(r).isInstanceOf(HttpResult.Response.class);
        HttpResult.Response resp = (HttpResult.Response) r;
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.body()).contains("<title>Welcome to nginx!</title>").hasSize(615);
        assertThat(resp.headers()).containsEntry("Server", "nginx/1.25.5");
        assertThat(await(second.http(HttpRequest.get("10.244.1.1", "10.244.1.2", 8080, "/", "curl"))))
                .isInstanceOf(HttpResult.Refused.class);

        List<String> lines = second.logs(id).stream().map(LogLine::text).toList();
        assertThat(lines.get(0)).isEqualTo("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
        assertThat(lines).contains("/docker-entrypoint.sh: Configuration complete; ready for start up",
                "2026/01/01 00:00:06 [notice] 1#1: nginx/1.25.5".replace("00:00:06", lines.stream()
                        .filter(l -> l.endsWith("nginx/1.25.5")).findFirst().orElseThrow().substring(11, 19)));
        assertThat(lines.get(lines.size() - 1)).matches(
                "10\\.244\\.1\\.1 - - \\[01/Jan/2026:00:00:\\d\\d \\+0000\\] \"GET / HTTP/1\\.1\" 200 615 \"-\" \"curl/7\\.81\\.0\" \"-\"");

        ExecResult ls = await(second.exec(id, List.of("ls", "/usr/share/nginx/html")));
        assertThat(ls).isEqualTo(new ExecResult(0, "50x.html\nindex.html\n", ""));
        ExecResult host = await(second.exec(id, List.of("hostname")));
        assertThat(host.stdout()).isEqualTo("web\n");
        ExecResult missing = await(second.exec(id, List.of("ifconfig")));
        assertThat(missing.exitCode()).isEqualTo(126);
        assertThat(missing.stderr()).contains("exec: \"ifconfig\": executable file not found in $PATH");

        // nginx quits gracefully on its stop signal (SIGQUIT): exit 0 at once, not after the grace period.
        CompletableFuture<Void> stop = second.stopContainer(id, Duration.ofSeconds(30));
        assertThat(stop).isCompleted();
        assertThat(second.containerStatus(id).orElseThrow().exitCode()).isZero();
        assertThat(second.logs(id)).extracting(LogLine::text).last().asString().endsWith("[notice] 1#1: exit");
    }

    @Test
    void containersOfOneImageShareItsFilesButNotWhatTheyWriteOrDelete() {
        await(runtime.pullImage("nginx:1.25"));
        PodSandbox sa = await(runtime.runPodSandbox(new SandboxConfig("a", "default", "uid-a", 0, Map.of())));
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("b", "default", "uid-b", 0, Map.of())));
        String a = await(runtime.createContainer(sa.id(), new ContainerConfig("nginx", "nginx:1.25", null, null, Map.of(),
                null, 0, "a", "default", "uid-a", 0, null)));
        String b = await(runtime.createContainer(sb.id(), new ContainerConfig("nginx", "nginx:1.25", null, null, Map.of(),
                null, 0, "b", "default", "uid-b", 0, null)));
        await(runtime.startContainer(a));
        await(runtime.startContainer(b));

        assertThat(await(runtime.exec(a, List.of("sh", "-c", "echo hello > /usr/share/nginx/html/index.html; "
                + "rm /usr/share/nginx/html/50x.html; touch /usr/share/nginx/html/new.txt; rm -r /etc/nginx")))
                .exitCode()).isZero();

        assertThat(await(runtime.exec(a, List.of("cat", "/usr/share/nginx/html/index.html"))).stdout()).isEqualTo("hello\n");
        assertThat(await(runtime.exec(b, List.of("cat", "/usr/share/nginx/html/index.html"))).stdout())
                .contains("<title>Welcome to nginx!</title>");
        assertThat(await(runtime.exec(a, List.of("ls", "/usr/share/nginx/html"))).stdout()).isEqualTo("index.html\nnew.txt\n");
        assertThat(await(runtime.exec(b, List.of("ls", "/usr/share/nginx/html"))).stdout()).isEqualTo("50x.html\nindex.html\n");
        ExecResult gone = await(runtime.exec(a, List.of("cat", "/etc/nginx/conf.d/default.conf")));
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).isEqualTo("cat: /etc/nginx/conf.d/default.conf: No such file or directory\n");
        assertThat(await(runtime.exec(b, List.of("cat", "/etc/nginx/conf.d/default.conf"))).stdout()).contains("listen       80;");
        // Each sees its own /etc/hostname (written at start into its own layer).
        assertThat(await(runtime.exec(a, List.of("cat", "/etc/hostname"))).stdout()).isEqualTo("a\n");
        assertThat(await(runtime.exec(b, List.of("cat", "/etc/hostname"))).stdout()).isEqualTo("b\n");
        // The page a serves is a's own.
        HttpResult.Response r = (HttpResult.Response) await(runtime.http(HttpRequest.get("10.244.0.1", sa.ip(), 80, "/", "curl")));
        assertThat(r.body()).isEqualTo("hello\n");
    }

    @Test
    void aContainerKeepsItsLastTenThousandLinesInOrder() {
        String id = runStandalone("busybox", List.of("sh", "-c",
                "i=0; while [ $i -lt 10005 ]; do echo $i; i=$((i+1)); done; echo done >&2"));
        advance(60);
        assertThat(runtime.containerStatus(id).orElseThrow().state()).isEqualTo(ContainerState.EXITED);
        List<LogLine> lines = runtime.logs(id);
        assertThat(lines).hasSize(SimContainerRuntime.MAX_LOG_LINES);
        assertThat(lines.get(0).text()).isEqualTo("6");
        assertThat(lines.get(lines.size() - 2).text()).isEqualTo("10004");
        assertThat(lines.get(lines.size() - 2).stream()).isEqualTo(LogLine.Stream.STDOUT);
        assertThat(lines.get(lines.size() - 1)).extracting(LogLine::text, LogLine::stream).containsExactly("done", LogLine.Stream.STDERR);
        for (int i = 0; i < lines.size() - 1; i++) {
            assertThat(lines.get(i).text()).isEqualTo(Integer.toString(i + 6));
        }
        assertThat(lines).extracting(LogLine::time).isSorted();
    }

    @Test
    void olderNginxTagsAnswerWithTheirOwnVersionAndPage() {
        String id = runStandalone("nginx:1.14.2", null);
        HttpResult.Response r = (HttpResult.Response) await(runtime.http(HttpRequest.get("172.17.0.1",
                "172.17.0.2", 80, "/", "curl/7.81.0")));
        assertThat(r.headers()).containsEntry("Server", "nginx/1.14.2").containsEntry("Content-Length", "612");
        assertThat(runtime.logs(id)).extracting(LogLine::text).hasSize(1);
        assertThat(await(runtime.exec(id, List.of("printenv", "NGINX_VERSION"))).stdout()).isEqualTo("1.14.2-1~stretch\n");
    }

    @Test
    void memoryPastTheLimitIsOomKilled() {
        await(runtime.pullImage("polinux/stress"));
        PodSandbox sb = await(runtime.runPodSandbox(new SandboxConfig("memory-demo", "default", "uid-2", 0, Map.of())));
        String id = await(runtime.createContainer(sb.id(), new ContainerConfig("memory-demo-ctr", "polinux/stress",
                List.of("stress"), List.of("--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"), Map.of(), null,
                100L * 1024 * 1024, "memory-demo", "default", "uid-2", 0, null)));
        await(runtime.startContainer(id));
        advance(1);
        ContainerStatus s = runtime.containerStatus(id).orElseThrow();
        assertThat(s.state()).isEqualTo(ContainerState.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void anUnknownExecutableCannotRun() {
        await(runtime.pullImage("busybox"));
        String id = await(runtime.createContainer(null, ContainerConfig.standalone("x", "busybox", List.of("nosuch"), Map.of())));
        CompletableFuture<Void> start = runtime.startContainer(id);
        advance(1);
        assertThat(start).isCompletedExceptionally();
        ContainerStatus s = runtime.containerStatus(id).orElseThrow();
        assertThat(s.reason()).isEqualTo("ContainerCannotRun");
        assertThat(s.exitCode()).isEqualTo(127);
        assertThat(s.message()).contains("exec: \"nosuch\": executable file not found in $PATH");
    }

    @Test
    void preloadedImagesAreThereFromTheStart() {
        assertThat(runtime.images()).extracting(i -> i.repoTags().get(0)).contains("registry.k8s.io/pause:3.9",
                "registry.k8s.io/kube-apiserver:v1.30.0", "registry.k8s.io/etcd:3.5.12-0", "gcr.io/k8s-minikube/storage-provisioner:v5");
    }

    @Test
    void aStoppedStandaloneContainerStartsAgainAsDockerStartDoes() {
        String id = runStandalone("ubuntu", List.of("sh", "-c", "while true; do echo hello world; sleep 1; done"));
        advance(2.5);
        ContainerStatus running = runtime.containerStatus(id).orElseThrow();
        assertThat(io.kubelab.engine.runtime.DockerFormat.status(running, clock.now())).isEqualTo("Up 2 seconds");
        assertThat(runtime.findContainer(id.substring(0, 4))).map(ContainerStatus::id).contains(id);
        assertThat(runtime.findContainer(running.name())).map(ContainerStatus::id).contains(id);

        await(runtime.stopContainer(id, Duration.ofSeconds(10)));
        int before = runtime.logs(id).size();
        advance(5);
        assertThat(io.kubelab.engine.runtime.DockerFormat.status(runtime.containerStatus(id).orElseThrow(), clock.now()))
                .isEqualTo("Exited (137) 5 seconds ago");
        await(runtime.startContainer(id));
        advance(2.5);
        assertThat(runtime.containerStatus(id).orElseThrow().state()).isEqualTo(ContainerState.RUNNING);
        assertThat(runtime.logs(id)).hasSize(before + 3);
        assertThat(runtime.removeContainer(id)).isFalse();
    }

    @Test
    void aStandaloneNginxAnswersOnTheDockerBridge() {
        String id = runStandalone("nginx", null);
        assertThat(runtime.ownsAddress("172.17.0.2")).isTrue();
        HttpResult r = await(runtime.http(HttpRequest.get("172.17.0.1", "172.17.0.2", 80, "/", "curl/7.81.0")));
        assertThat(((HttpResult.Response) r).body()).contains("Welcome to nginx!");
        assertThat(runtime.containerStatus(id).orElseThrow().command())
                .containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
    }

    @Test
    void powerLossEndsEverythingWithoutAWord() {
        String id = runStandalone("busybox", List.of("sleep", "3600"));
        events.clear();
        runtime.powerOff();
        assertThat(runtime.containerStatus(id).orElseThrow().exitCode()).isEqualTo(255);
        assertThat(events).isEmpty();
        runtime.powerOn();
        assertThat(runtime.isPoweredOn()).isTrue();
    }
}
