package io.kubelab.engine.console.minikube;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.curl.CurlProgram;
import io.kubelab.engine.console.docker.DockerProgram;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's {@code minikube} (v1.33.1, docker driver). Expected texts are minikube's: the
 * status templates of {@code cmd/minikube/cmd/status.go} (a block per node, each ending in a blank
 * line; exit code bits 1|2|4 when host, cluster and kubeconfig are not running), stop's and
 * start's step lines with their emoji ({@code ✋  Stopping node "minikube"  ...},
 * {@code 🛑  1 node stopped.}), {@code mustload}'s not-running answer (exit 83), and cobra's
 * errors ({@code Error: unknown command "x" for "minikube"} with "Did you mean this?",
 * {@code Error: unknown flag: --x} / {@code See 'minikube status --help' for usage.}, exit 14).
 */
class MinikubeProgramTest {
    static final String NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
            spec:
              selector:
                matchLabels:
                  run: my-nginx
              replicas: 2
              template:
                metadata:
                  labels:
                    run: my-nginx
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.24
            """;
    private static final String RUNNING = """
            minikube
            type: Control Plane
            host: Running
            kubelet: Running
            apiserver: Running
            kubeconfig: Configured

            """;

    private Cluster cluster;
    private Console console;

    private void cluster(int nodes) {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(nodes));
        cluster.start();
        console = new Console(cluster).register(new MinikubeProgram("Ubuntu 22.04", "/home/student"))
                .register(new DockerProgram()).register(new CurlProgram());
    }

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Console.Result run(String line) {
        return console.run(line, Map.of(), Duration.ofMinutes(10));
    }

    private List<Pod> pods() {
        return cluster.api().list(ResourceTypes.PODS, "default");
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void versionAndTheDecksOtherQuestions() {
        cluster(1);
        assertThat(run("minikube version")).isEqualTo(new Console.Result(0,
                "minikube version: v1.33.1\ncommit: 5883c09216182566a63dff4c326a6fc9ed2982ff\n"));
        assertThat(run("minikube version --short")).isEqualTo(new Console.Result(0, "v1.33.1\n"));
        assertThat(run("minikube get-k8s-versions")).isEqualTo(new Console.Result(0,
                "The following Kubernetes versions are available: \n\t- v1.31.4\n"));
        assertThat(run("minikube ip")).isEqualTo(new Console.Result(0, "192.168.49.2\n"));
        assertThat(run("minikube docker-env")).isEqualTo(new Console.Result(0, """
                export DOCKER_TLS_VERIFY="1"
                export DOCKER_HOST="tcp://127.0.0.1:32771"
                export DOCKER_CERT_PATH="/home/student/.minikube/certs"
                export MINIKUBE_ACTIVE_DOCKERD="minikube"

                # To point your shell to minikube's docker-daemon, run:
                # eval $(minikube -p minikube docker-env)
                """));
        assertThat(run("minikube docker-env --unset").output()).startsWith("unset DOCKER_TLS_VERIFY;\n");
        // persistent flags before the command, as cobra reads them
        assertThat(run("minikube -p minikube docker-env")).isEqualTo(run("minikube docker-env"));
        assertThat(run("minikube --profile=minikube ip")).isEqualTo(new Console.Result(0, "192.168.49.2\n"));
        assertThat(run("minikube -p minikube")).isEqualTo(run("minikube"));
    }

    @Test
    void evalOfDockerEnvSetsTheShellsVariablesAndUnsetTakesThemBack() {
        cluster(1);
        // the line minikube itself tells students to type
        assertThat(run("eval $(minikube -p minikube docker-env)")).isEqualTo(new Console.Result(0, ""));
        assertThat(console.environment()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "DOCKER_TLS_VERIFY", "1", "DOCKER_HOST", "tcp://127.0.0.1:32771",
                "DOCKER_CERT_PATH", "/home/student/.minikube/certs", "MINIKUBE_ACTIVE_DOCKERD", "minikube"));
        assertThat(run("eval `minikube docker-env --unset`")).isEqualTo(new Console.Result(0, ""));
        assertThat(console.environment()).isEmpty();
        // as in bash: the command's error reaches the terminal, eval of nothing succeeds, nothing is set
        assertThat(run("eval $(minikube docker-env --bogus)").output()).contains("unknown flag: --bogus");
        assertThat(run("eval $(nope)")).isEqualTo(new Console.Result(0, "bash: nope: command not found\n"));
        assertThat(run("eval $(minikube ip)")).isEqualTo(new Console.Result(1,
                "bash: eval: only export and unset are supported here, not 192.168.49.2\n"));
        assertThat(console.environment()).isEmpty();
        // other command substitutions stay refused, with the reason
        assertThat(run("echo $(minikube ip)").output()).contains("command substitution is not supported here");
    }

    @Test
    void statusPerNode() {
        cluster(3);
        assertThat(run("minikube status")).isEqualTo(new Console.Result(0, RUNNING + """
                minikube-m02
                type: Worker
                host: Running
                kubelet: Running

                minikube-m03
                type: Worker
                host: Running
                kubelet: Running

                """));
        // a worker powered off: its block says so and the exit code has the host and cluster bits
        Kubelets.byNode(cluster, "minikube-m03").orElseThrow().stop();
        Console.Result r = run("minikube status -n minikube-m03");
        assertThat(r).isEqualTo(new Console.Result(3, "minikube-m03\ntype: Worker\nhost: Stopped\nkubelet: Stopped\n\n"));
        assertThat(run("minikube status -o json -n minikube").output()).isEqualTo(
                "{\"Name\":\"minikube\",\"Host\":\"Running\",\"Kubelet\":\"Running\",\"APIServer\":\"Running\","
                        + "\"Kubeconfig\":\"Configured\",\"Worker\":false}");
    }

    @Test
    void stopStopsTheNodesAndStartBringsThePodsBack() {
        cluster(1);
        cluster.apply(NGINX);
        assertThat(cluster.runUntil(() -> pods().size() == 2 && pods().stream().allMatch(MinikubeProgramTest::ready),
                Duration.ofMinutes(2))).isTrue();
        List<String> names = pods().stream().map(p -> p.getMetadata().getName()).sorted().toList();

        assertThat(run("minikube stop")).isEqualTo(new Console.Result(0, """
                ✋  Stopping node "minikube"  ...
                🛑  Powering off "minikube" via SSH ...
                🛑  1 node stopped.
                """));
        assertThat(MinikubeProgram.isStopped(cluster)).isTrue();
        assertThat(run("minikube status")).isEqualTo(new Console.Result(7, """
                minikube
                type: Control Plane
                host: Stopped
                kubelet: Stopped
                apiserver: Stopped
                kubeconfig: Stopped

                """));
        // the node's containers died with it, and nothing works on it
        assertThat(Kubelets.byNode(cluster, "minikube").orElseThrow().runningPods()).isEmpty();
        String notRunning = "🤷  The control-plane node minikube host is not running: state=Stopped\n"
                + "👉  To start a cluster, run: \"minikube start\"\n";
        assertThat(run("minikube ssh")).isEqualTo(new Console.Result(83, notRunning));
        assertThat(run("minikube docker-env")).isEqualTo(new Console.Result(83, notRunning));
        assertThat(run("minikube dashboard")).isEqualTo(new Console.Result(83, notRunning));
        assertThat(run("docker ps")).isEqualTo(new Console.Result(1, DockerProgram.DAEMON_DOWN));
        // time passes while it is stopped, and nothing happens: no controller, no eviction
        cluster.advance(Duration.ofMinutes(10));
        assertThat(pods().stream().map(p -> p.getMetadata().getName()).sorted().toList()).isEqualTo(names);

        Console.Result start = run("minikube start");
        assertThat(start).isEqualTo(new Console.Result(0, """
                😄  minikube v1.33.1 on Ubuntu 22.04
                ✨  Using the docker driver based on existing profile
                👍  Starting "minikube" primary control-plane node in "minikube" cluster
                🚜  Pulling base image v0.0.44 ...
                🔄  Restarting existing docker container for "minikube" ...
                🐳  Preparing Kubernetes v1.31.4 on Docker 26.0.2 ...
                🔎  Verifying Kubernetes components...
                    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5
                🌟  Enabled addons: storage-provisioner, default-storageclass
                🏄  Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default
                """));
        assertThat(run("minikube status")).isEqualTo(new Console.Result(0, RUNNING));
        // the same pods run again, each container restarted once
        assertThat(cluster.runUntil(() -> pods().stream().allMatch(MinikubeProgramTest::ready), Duration.ofMinutes(2))).isTrue();
        assertThat(pods().stream().map(p -> p.getMetadata().getName()).sorted().toList()).isEqualTo(names);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(1));

        // start on a running cluster updates it in place
        assertThat(run("minikube start").output()).contains("🏃  Updating the running docker \"minikube\" container ...\n");
    }

    @Test
    void multiNodeStopAndStart() {
        cluster(2);
        assertThat(run("minikube stop").output()).isEqualTo("""
                ✋  Stopping node "minikube"  ...
                🛑  Powering off "minikube" via SSH ...
                ✋  Stopping node "minikube-m02"  ...
                🛑  Powering off "minikube-m02" via SSH ...
                🛑  2 nodes stopped.
                """);
        String out = run("minikube start").output();
        assertThat(out).contains("""
                👍  Starting "minikube-m02" worker node in "minikube" cluster
                🚜  Pulling base image v0.0.44 ...
                🔄  Restarting existing docker container for "minikube-m02" ...
                🌐  Found network options:
                    ▪ NO_PROXY=192.168.49.2
                🐳  Preparing Kubernetes v1.31.4 on Docker 26.0.2 ...
                    ▪ env NO_PROXY=192.168.49.2
                🔎  Verifying Kubernetes components...
                🏄  Done!""");
        assertThat(Kubelets.all(cluster)).allMatch(k -> k.isPoweredOn());
    }

    @Test
    void sshOpensANodeShell() {
        cluster(2);
        assertThat(run("minikube ssh -n minikube-m02")).isEqualTo(new Console.Result(0, ""));
        assertThat(console.prompt()).isEqualTo("docker@minikube-m02:~$ ");
        assertThat(run("hostname")).isEqualTo(new Console.Result(0, "minikube-m02\n"));
        assertThat(run("whoami")).isEqualTo(new Console.Result(0, "docker\n"));
        assertThat(run("ip addr").output()).contains("    inet 192.168.49.3/24 brd 192.168.49.255 scope global eth0\n");
        assertThat(run("kubectl get po")).isEqualTo(new Console.Result(127, "-bash: kubectl: command not found\n"));
        // docker in the node shell is that node's daemon
        assertThat(run("sudo docker run -d --name here busybox sleep 3600").exitCode()).isZero();
        assertThat(Kubelets.byNode(cluster, "minikube-m02").orElseThrow().runtime().findContainer("here")).isPresent();
        assertThat(Kubelets.byNode(cluster, "minikube").orElseThrow().runtime().findContainer("here")).isEmpty();
        assertThat(run("exit")).isEqualTo(new Console.Result(0, "logout\n"));
        assertThat(console.prompt()).isEqualTo("$ ");
        // one command over ssh, without a shell
        assertThat(run("minikube ssh -n minikube-m02 -- docker ps -q").output().strip()).hasSize(12);
        assertThat(run("minikube ssh hostname")).isEqualTo(new Console.Result(0, "minikube\n"));
        assertThat(console.prompt()).isEqualTo("$ ");
        assertThat(run("minikube ssh -n minikube-m09")).isEqualTo(new Console.Result(85,
                "\n❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node minikube-m09\n\n"));
    }

    @Test
    void dashboard() {
        cluster(1);
        Console.Result r = console.run("minikube dashboard --url", Map.of(), Duration.ofSeconds(30));
        // it keeps serving until Ctrl-C
        assertThat(r.exitCode()).isEqualTo(130);
        String url = "http://127.0.0.1:" + (30000 + new java.util.Random(42L).nextInt(20000))
                + "/api/v1/namespaces/kubernetes-dashboard/services/http:kubernetes-dashboard:/proxy/";
        assertThat(r.output()).isEqualTo("""
                🔌  Enabling dashboard ...
                    ▪ Using image docker.io/kubernetesui/dashboard:v2.7.0
                    ▪ Using image docker.io/kubernetesui/metrics-scraper:v1.0.8
                💡  Some dashboard features require the metrics-server addon. To enable all features please run:

                \tminikube addons enable metrics-server

                🤔  Verifying dashboard health ...
                🚀  Launching proxy ...
                🤔  Verifying proxy health ...
                """ + url + "\n");
        // The second time the addon is enabled already; without --url minikube tries the browser.
        assertThat(run("minikube dashboard")).isEqualTo(new Console.Result(30, """
                🤔  Verifying dashboard health ...
                🚀  Launching proxy ...
                🤔  Verifying proxy health ...
                🎉  Opening %s in your default browser...

                ❌  Exiting due to HOST_BROWSER: failed to open browser: exec: "xdg-open": executable file not found in $PATH

                """.formatted(url)));
    }

    @Test
    void cobrasErrors() {
        cluster(1);
        assertThat(run("minikube stat")).isEqualTo(new Console.Result(14, """
                Error: unknown command "stat" for "minikube"

                Did you mean this?
                \tstart
                \tstatus
                \tstop

                Run 'minikube --help' for usage.
                """));
        assertThat(run("minikube frobnicate")).isEqualTo(new Console.Result(14,
                "Error: unknown command \"frobnicate\" for \"minikube\"\nRun 'minikube --help' for usage.\n"));
        assertThat(run("minikube status --foo")).isEqualTo(new Console.Result(14,
                "Error: unknown flag: --foo\nSee 'minikube status --help' for usage.\n"));
        assertThat(run("minikube ssh docker ps -a")).isEqualTo(new Console.Result(14,
                "Error: unknown shorthand flag: 'a' in -a\nSee 'minikube ssh --help' for usage.\n"));
        assertThat(run("minikube status -o yaml").exitCode()).isEqualTo(14);
        assertThat(run("minikube").output()).contains("Basic Commands:");
    }

    @ParameterizedTest
    @CsvSource({"stat, start, 1", "stat, stop, 2", "status, stats, 1", "ssh, sh, 1", "stop, stop, 0", "dashboard, docker-env, 9"})
    void levenshtein(String a, String b, int distance) {
        assertThat(io.kubelab.engine.console.CobraSuggestions.distance(a, b)).isEqualTo(distance);
    }
}
