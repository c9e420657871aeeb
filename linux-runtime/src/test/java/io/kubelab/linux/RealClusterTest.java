package io.kubelab.linux;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.net.Cleanup;
import io.kubelab.linux.net.Cmd;
import io.kubelab.linux.runc.HostCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deck's nginx flow in real mode, with busybox's httpd: a Deployment of 2 behind a NodePort
 * Service, the pods real runc containers with real addresses, the Service real iptables rules.
 * The cluster runs on wall time in an {@link EngineLoop}, as {@code kubelab serve --runtime linux} does.
 */
@Tag("root")
class RealClusterTest {
    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: httpd
                    image: busybox
                    command: ["sh", "-c", "mkdir /www; hostname > /www/index.html; exec httpd -f -p 80 -h /www"]
                    ports:
                    - containerPort: 80
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              type: NodePort
              selector:
                app: web
              ports:
              - port: 80
                targetPort: 80
                nodePort: 31000
            """;

    static void assumeRealMode() {
        assumeTrue(HostCheck.isRoot(), "skipped: real-mode tests need root (run the build as root, as CI does)");
        for (String tool : List.of("runc", "busybox", "curl", "ip", "nsenter", "iptables-restore")) {
            assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                            .anyMatch(d -> Files.isExecutable(Path.of(d, tool))),
                    "skipped: " + tool + " is not installed (apt-get install runc busybox-static iptables iproute2 curl)");
        }
    }

    @Test
    void aDeploymentOfTwoBehindNodePort31000AnswersFromBothPods(@TempDir Path dir) throws Exception {
        assumeRealMode();
        String routesBefore = hostRoutes();
        LinuxPlatform platform = LinuxPlatform.create(2, dir);
        String id = platform.id();
        Cluster cluster = null;
        EngineLoop loop = null;
        try {
            cluster = Cluster.create(ClusterConfig.defaults().withNodes(2)
                    .withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)).withPlatform(platform));
            loop = new EngineLoop(cluster, 50);
            loop.start();
            cluster.apply(MANIFEST);
            Cluster c = cluster;

            waitFor(Duration.ofSeconds(180), () -> readyPods(c).size() == 2, "2 pods of web Running and Ready");
            List<Pod> pods = readyPods(cluster);
            Set<String> names = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
            for (Pod p : pods) {
                // minikube (node 0) is the tainted control plane: both land on minikube-m02, 10.244.1.0/24
                int node = p.getSpec().getNodeName().equals("minikube") ? 0 : 1;
                assertThat(p.getStatus().getPodIP()).as(p.getMetadata().getName())
                        .matches("10\\.244\\." + node + "\\.(\\d+)").isNotEqualTo("10.244." + node + ".1");
                assertThat(p.getStatus().getContainerStatuses().get(0).getContainerID()).startsWith("runc://");
            }
            Service svc = cluster.api().get(ResourceTypes.SERVICES, "default", "web");
            String clusterIp = svc.getSpec().getClusterIP();

            // From the control-plane node's shell to the ClusterIP (the pods are on the other node),
            // and from the host to 127.0.0.1:31000: each way reaches both pods.
            assertThat(answers(() -> platform.network().exec("minikube",
                    List.of("curl", "-s", "--max-time", "3", "http://" + clusterIp + "/")).out(), names))
                    .as("pages via ClusterIP " + clusterIp).isEqualTo(names);
            assertThat(answers(() -> Cmd.run(List.of("curl", "-s", "--max-time", "3", "http://127.0.0.1:31000/"),
                    null, 10).out(), names)).as("pages via 127.0.0.1:31000").isEqualTo(names);
            assertThat(hostRoutes()).isEqualTo(routesBefore);
            assertThat(Cmd.check("ip", "-o", "addr").out()).doesNotContain("10.244.").doesNotContain("192.168.49.");
        } finally {
            if (loop != null) {
                loop.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            platform.close();
        }
        // Nothing of the cluster is left: namespaces (with their veths, bridges, chains), cgroups, runc state.
        assertThat(Cleanup.netnsOf(id)).isEmpty();
        assertThat(Files.exists(platform.stateDir())).isFalse();
        // cgroup v2 (/sys/fs/cgroup/kubelab) or every v1 hierarchy (/sys/fs/cgroup/memory/kubelab, …)
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 3, (p, a) -> a.isDirectory()
                && p.getParent().getFileName().toString().equals("kubelab"))) {
            assertThat(s.map(Path::toString)).noneMatch(n -> n.endsWith("/" + id + "-minikube") || n.endsWith("/" + id + "-minikube-m02"));
        }
        assertThat(Cmd.check("iptables-save").out()).doesNotContain("KUBE-");
        assertThat(hostRoutes()).isEqualTo(routesBefore);
    }

    private interface Fetch {
        String get() throws IOException;
    }

    /** The distinct pages of up to 40 requests, stopping once every expected one was seen. */
    private static Set<String> answers(Fetch fetch, Set<String> expected) throws Exception {
        Set<String> seen = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int i = 0; i < 40 && System.nanoTime() < deadline && !seen.containsAll(expected); i++) {
            String page = fetch.get().strip();
            if (page.isEmpty()) {
                i--; // the rules are still being written: not counted
                Thread.sleep(250);
                continue;
            }
            seen.add(page);
        }
        return seen;
    }

    private static List<Pod> readyPods(Cluster cluster) {
        return cluster.store().<Pod>list(ResourceTypes.PODS, "default").items().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && "Running".equals(p.getStatus().getPhase()))
                .filter(p -> p.getStatus().getConditions().stream()
                        .anyMatch(k -> "Ready".equals(k.getType()) && "True".equals(k.getStatus())))
                .toList();
    }

    /** Waits on wall time: real containers take real seconds to start. */
    private static void waitFor(Duration max, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The host's routes (every table), which real mode must never change. */
    private static String hostRoutes() throws IOException {
        return Cmd.check("ip", "route", "show", "table", "all").out();
    }
}
