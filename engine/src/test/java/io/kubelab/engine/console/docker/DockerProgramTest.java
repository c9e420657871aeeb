package io.kubelab.engine.console.docker;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ContainerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's {@code docker} against the minikube node's simulated runtime. Expected texts
 * follow the docker 26 CLI: tables from {@code cli/command/formatter} (Go's tabwriter with minimum
 * width 10 and padding 3, so an empty {@code docker ps} header reads
 * {@code CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES}), the COMMAND column
 * quoted and cut at 20 characters with "…", {@code units.HumanDuration} ages, pull progress as
 * {@code jsonmessage} prints it once finished, and the CLI's error lines and exit codes (125 for
 * the daemon's errors in {@code docker run}, 127 for a missing executable, 1 otherwise).
 */
class DockerProgramTest {
    private static final String LOOP = "docker run -d ubuntu sh -c \"while true; do echo hello world; sleep 1; done\"";

    private Cluster cluster;
    private Console console;

    @BeforeEach
    void setUp() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1));
        cluster.start();
        console = Consoles.standard(cluster);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Console.Result run(String line) {
        return console.run(line, Map.of(), Duration.ofMinutes(3));
    }

    private ContainerRuntime runtime() {
        return Kubelets.byNode(cluster, "minikube").orElseThrow().runtime();
    }

    private ContainerStatus container(String idPrefix) {
        return runtime().findContainer(idPrefix).orElseThrow();
    }

    @Test
    void theDecksDetachedLoop() {
        // docker run -d: pulls ubuntu (stderr lines), then prints the full container ID
        Console.Result r = run(LOOP);
        assertThat(r.exitCode()).isZero();
        String[] lines = r.output().split("\n");
        assertThat(lines[0]).isEqualTo("Unable to find image 'ubuntu:latest' locally");
        assertThat(lines[1]).isEqualTo("latest: Pulling from library/ubuntu");
        assertThat(lines[2]).matches("[0-9a-f]{12}: Pull complete");
        assertThat(lines[3]).matches("Digest: sha256:[0-9a-f]{64}");
        assertThat(lines[4]).isEqualTo("Status: Downloaded newer image for ubuntu:latest");
        String id = lines[5];
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(lines).hasSize(6);
        String shortId = id.substring(0, 12);
        ContainerStatus c = container(id);

        // docker ps, 5 s after the container started
        cluster.advance(Duration.between(cluster.clock().now(), c.startedAt().plusSeconds(5)));
        r = run("docker ps");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo(""
                + "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS     NAMES\n"
                + shortId + "   ubuntu    \"sh -c 'while true; …\"   5 seconds ago   Up 5 seconds             " + c.name() + "\n");

        // docker logs: one line a second since it started
        r = run("docker logs " + shortId);
        int written = runtime().logs(id).size();
        assertThat(written).isBetween(5, 6);
        assertThat(r.output()).isEqualTo("hello world\n".repeat(written));
        assertThat(run("docker logs --tail 2 " + c.name()).output()).isEqualTo("hello world\nhello world\n");

        // docker stop: sh as PID 1 ignores SIGTERM, so docker waits its 10 s and kills it (137)
        var before = cluster.clock().now();
        r = run("docker stop " + shortId);
        assertThat(r).isEqualTo(new Console.Result(0, shortId + "\n"));
        assertThat(Duration.between(before, cluster.clock().now())).isEqualTo(Duration.ofSeconds(10));
        assertThat(run("docker ps").output())
                .isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
        cluster.advance(Duration.ofSeconds(2));
        assertThat(run("docker ps -a").output()).isEqualTo(""
                + "CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS                       PORTS     NAMES\n"
                + shortId + "   ubuntu    \"sh -c 'while true; …\"   17 seconds ago   Exited (137) 2 seconds ago             "
                + c.name() + "\n");

        // docker start, docker restart
        assertThat(run("docker start " + shortId)).isEqualTo(new Console.Result(0, shortId + "\n"));
        assertThat(container(id).state()).isEqualTo(io.kubelab.engine.runtime.ContainerState.RUNNING);
        assertThat(run("docker restart " + c.name())).isEqualTo(new Console.Result(0, c.name() + "\n"));
        cluster.advance(Duration.between(cluster.clock().now(), container(id).startedAt().plusSeconds(3)));
        assertThat(run("docker ps -q").output()).isEqualTo(shortId + "\n");
        assertThat(run("docker ps").output()).contains("Up 3 seconds");

        // docker exec in the running container
        assertThat(run("docker exec " + shortId + " echo hi")).isEqualTo(new Console.Result(0, "hi\n"));

        // docker rm of a running container is refused; -f kills and removes it
        r = run("docker rm " + shortId);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("Error response from daemon: cannot remove container \"/" + c.name()
                + "\": container is running: stop the container before removing or force remove\n");
        assertThat(run("docker rm -f " + shortId)).isEqualTo(new Console.Result(0, shortId + "\n"));
        assertThat(runtime().findContainer(id)).isEmpty();
    }

    @Test
    void theDecksHelloWorldSlide() {
        // docker pull ubuntu; docker images; docker run ubuntu:14.04 echo "Hello world"
        assertThat(run("docker pull ubuntu").output()).endsWith("Status: Downloaded newer image for ubuntu:latest\n"
                + "docker.io/library/ubuntu:latest\n");
        assertThat(run("docker images ubuntu").output()).matches(
                "REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
                        + "ubuntu       latest    [0-9a-f]{12}   19 months ago   78.1MB\n");
        Console.Result r = run("docker run ubuntu:14.04 echo \"Hello world\"");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).startsWith("Unable to find image 'ubuntu:14.04' locally\n14.04: Pulling from library/ubuntu\n")
                .endsWith("Status: Downloaded newer image for ubuntu:14.04\nHello world\n");
        assertThat(run("docker run --rm ubuntu:14.04 cat /etc/os-release").output()).contains("VERSION_ID=\"14.04\"");
    }

    @Test
    void foregroundRunStreamsTheProgramAndReturnsItsExitCode() {
        Console.Result r = run("docker run hello-world");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).startsWith("Unable to find image 'hello-world:latest' locally\n"
                + "latest: Pulling from library/hello-world\n");
        assertThat(r.output()).containsPattern("Status: Downloaded newer image for hello-world:latest\n\nHello from Docker!\n");

        // The image is local now: no pull, only the program's output.
        assertThat(run("docker run ubuntu:24.04 echo hi").output()).endsWith("Status: Downloaded newer image for ubuntu:24.04\nhi\n");
        assertThat(run("docker run --rm ubuntu:24.04 echo hi again")).isEqualTo(new Console.Result(0, "hi again\n"));
        assertThat(run("docker run ubuntu:24.04 sh -c \"exit 3\"").exitCode()).isEqualTo(3);

        // hello-world and the two ubuntu runs are kept (exited), the --rm one is gone
        assertThat(run("docker ps -a -q").output().split("\n")).hasSize(3);
    }

    @Test
    void pullAndImages() {
        Console.Result r = run("docker pull busybox");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).matches("Using default tag: latest\n"
                + "latest: Pulling from library/busybox\n"
                + "[0-9a-f]{12}: Pull complete\n"
                + "Digest: sha256:[0-9a-f]{64}\n"
                + "Status: Downloaded newer image for busybox:latest\n"
                + "docker.io/library/busybox:latest\n");
        // A second pull only asks the registry.
        assertThat(run("docker pull busybox:latest").output()).matches("latest: Pulling from library/busybox\n"
                + "Digest: sha256:[0-9a-f]{64}\n"
                + "Status: Image is up to date for busybox:latest\n"
                + "docker.io/library/busybox:latest\n");

        String images = run("docker images").output();
        String[] rows = images.split("\n");
        // REPOSITORY is as wide as gcr.io/k8s-minikube/storage-provisioner (39) + 3, TAG as 3.5.12-0 (8) + 3.
        assertThat(rows[0]).isEqualTo("REPOSITORY                                TAG        IMAGE ID       CREATED         SIZE");
        assertThat(images).containsPattern("\nbusybox                                   latest     [0-9a-f]{12}   2 years ago     4.26MB\n");
        assertThat(images).containsPattern("\nregistry.k8s.io/pause                     3.9        [0-9a-f]{12}   3 years ago     744kB\n");
        assertThat(run("docker images -q").output().split("\n")).hasSize(rows.length - 1);
    }

    @Test
    void errorsInTheClisWords() {
        assertThat(run("docker run nosuchimage")).isEqualTo(new Console.Result(125,
                "Unable to find image 'nosuchimage:latest' locally\n"
                        + "docker: Error response from daemon: pull access denied for nosuchimage, repository does not exist or "
                        + "may require 'docker login': denied: requested access to the resource is denied.\n"
                        + "See 'docker run --help'.\n"));
        assertThat(run("docker pull nginx:doesnotexist")).isEqualTo(new Console.Result(1,
                "Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown\n"));
        assertThat(run("docker run ubuntu nosuchcommand")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(127);
            assertThat(r.output()).endsWith("docker: Error response from daemon: failed to create task for container: failed to "
                    + "create shim task: OCI runtime create failed: runc create failed: unable to start container process: "
                    + "exec: \"nosuchcommand\": executable file not found in $PATH: unknown.\n");
        });
        assertThat(run("docker stop nope")).isEqualTo(new Console.Result(1, "Error response from daemon: No such container: nope\n"));
        assertThat(run("docker logs nope")).isEqualTo(new Console.Result(1, "Error response from daemon: No such container: nope\n"));
        assertThat(run("docker frobnicate")).isEqualTo(new Console.Result(1,
                "docker: 'frobnicate' is not a docker command.\nSee 'docker --help'\n"));
        assertThat(run("docker ps --foo")).isEqualTo(new Console.Result(125, "unknown flag: --foo\nSee 'docker ps --help'.\n"));
        assertThat(run("docker ps -x")).isEqualTo(new Console.Result(125,
                "unknown shorthand flag: 'x' in -x\nSee 'docker ps --help'.\n"));
        assertThat(run("docker run")).isEqualTo(new Console.Result(1, "\"docker run\" requires at least 1 argument.\n"
                + "See 'docker run --help'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                + "Create and run a new container from an image\n"));
        assertThat(run("docker run UBUNTU")).isEqualTo(new Console.Result(125,
                "docker: invalid reference format: repository name (library/UBUNTU) must be lowercase.\n"
                        + "See 'docker run --help'.\n"));
        assertThat(run("docker rmi nosuch")).isEqualTo(new Console.Result(1,
                "Error response from daemon: No such image: nosuch:latest\n"));

        // a stopped node has no daemon to answer
        Kubelets.byNode(cluster, "minikube").orElseThrow().stop();
        assertThat(run("docker ps")).isEqualTo(new Console.Result(1, DockerProgram.DAEMON_DOWN));
    }

    @Test
    void aMemoryLimitOomKillsTheLeakAndBadSizesAreRefused() {
        // kubelab/oom leaks 20Mi a second: with -m 50m the kernel (here the simulated one) kills it at the third
        Console.Result r = run("docker run -d -m 50m --name leak kubelab/oom");
        assertThat(r.exitCode()).isZero();
        cluster.advance(Duration.ofSeconds(5));
        ContainerStatus leak = container("leak");
        assertThat(leak.exitCode()).isEqualTo(137);
        assertThat(leak.reason()).isEqualTo("OOMKilled");

        assertThat(run("docker run -m lots busybox")).isEqualTo(new Console.Result(125,
                "invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'\nSee 'docker run --help'.\n"));
        assertThat(run("docker run -m 4m busybox")).isEqualTo(new Console.Result(125,
                "docker: Error response from daemon: Minimum memory limit allowed is 6MB.\nSee 'docker run --help'.\n"));
    }

    @Test
    void namesPortsExecShellAndFollowedLogs() {
        assertThat(run("docker run -d --name web -p 8080:80 nginx").exitCode()).isZero();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(run("docker ps").output()).contains("0.0.0.0:8080->80/tcp, :::8080->80/tcp   web\n");
        Console.Result again = run("docker run -d --name web nginx");
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.output()).startsWith("docker: Error response from daemon: Conflict. The container name \"/web\" "
                + "is already in use by container \"");
        assertThat(again.output()).endsWith("You have to remove (or rename) that container to be able to reuse that name.\n"
                + "See 'docker run --help'.\n");

        // rmi refuses an image a container uses
        Console.Result rmi = run("docker rmi nginx");
        assertThat(rmi.exitCode()).isEqualTo(1);
        assertThat(rmi.output()).matches("Error response from daemon: conflict: unable to remove repository reference \"nginx\" "
                + "\\(must force\\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}\n");

        // docker exec -it web bash: a shell in the container until exit
        String id = container("web").shortId();
        assertThat(run("docker exec -it web bash").exitCode()).isZero();
        assertThat(console.prompt()).isEqualTo("root@" + id + ":/# ");
        assertThat(run("cat /etc/hostname").output()).isEqualTo(id + "\n");
        assertThat(run("exit").output()).isEqualTo("exit\n");
        assertThat(console.prompt()).isEqualTo("$ ");

        // docker logs -f follows the loop until Ctrl-C
        String loop = run(LOOP).output().lines().reduce((a, b) -> b).orElseThrow();
        Console.Result followed = console.run("docker logs -f " + loop, Map.of(), Duration.ofSeconds(3));
        assertThat(followed.exitCode()).isEqualTo(130);
        assertThat(followed.output().lines()).hasSizeGreaterThanOrEqualTo(3).allMatch("hello world"::equals);
    }
}
