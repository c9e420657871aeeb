package io.kubelab.linux;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.PodKernelView;
import io.kubelab.linux.inspect.ServiceRules;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel inspector on a real pod of two containers behind a Service: what the kernel says
 * matches what a pod is — net, ipc and uts shared through the pause process, pid and mnt each
 * container's own, the memory limit in the cgroup, the veth on cbr0, the Service's DNAT to the pod,
 * seccomp filtering and no CAP_SYS_ADMIN.
 */
@Tag("root")
class KernelInspectorRealTest {
    private static final String MANIFEST = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: duo
              labels:
                app: duo
            spec:
              containers:
              - name: app
                image: busybox
                command: ["sh", "-c", "mkdir /www; echo hi > /www/index.html; exec httpd -f -p 80 -h /www"]
                resources:
                  limits:
                    memory: 64Mi
              - name: sidecar
                image: busybox
                command: ["sleep", "3600"]
                resources:
                  limits:
                    memory: 32Mi
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: duo
            spec:
              selector:
                app: duo
              ports:
              - port: 8080
                targetPort: 80
            """;

    @Test
    void aPodOfTwoContainersSharesNetIpcUtsAndIsLimitedFilteredAndDnatted(@TempDir Path dir) throws Exception {
        RealClusterTest.assumeRealMode();
        LinuxPlatform platform = LinuxPlatform.create(1, dir);
        Cluster cluster = null;
        EngineLoop loop = null;
        try {
            cluster = Cluster.create(ClusterConfig.defaults().withNodes(1)
                    .withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)).withPlatform(platform));
            loop = new EngineLoop(cluster, 50);
            loop.start();
            cluster.apply(MANIFEST);
            Cluster c = cluster;
            waitFor(Duration.ofSeconds(120), () -> ready(c), "pod duo Running and Ready");
            Pod duo = cluster.store().get(ResourceTypes.PODS, "default", "duo");
            String podIp = duo.getStatus().getPodIP();

            // kube-proxy writes the Service's rules once the endpoints are there: wait for them.
            PodKernelView view = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<PodKernelView> v = platform.inspect("default", "duo");
                if (v.isPresent() && v.get().containers().size() == 2 && !v.get().services().isEmpty()) {
                    view = v.get();
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(view).as("the inspected pod with 2 containers and its Service's rules").isNotNull();
            assertThat(view.node()).isEqualTo("minikube");
            assertThat(view.containers()).extracting(PodKernelView.ContainerKernel::name).containsExactly("app", "sidecar");

            Map<String, PodKernelView.NamespaceRow> ns = new java.util.HashMap<>();
            view.namespaces().forEach(r -> ns.put(r.kind(), r));
            for (String shared : List.of("net", "ipc", "uts")) {
                PodKernelView.NamespaceRow r = ns.get(shared);
                assertThat(r.pause()).as(shared + " of pause").isPositive().isNotEqualTo(r.host());
                assertThat(r.sharedInPod()).as(shared + " shared: " + r).isTrue();
            }
            PodKernelView.NamespaceRow pid = ns.get("pid");
            assertThat(pid.containers().get("app")).as("pid namespaces: " + pid)
                    .isNotEqualTo(pid.containers().get("sidecar")).isNotEqualTo(pid.pause()).isNotEqualTo(pid.host());
            PodKernelView.NamespaceRow mnt = ns.get("mnt");
            assertThat(mnt.containers().get("app")).isNotEqualTo(mnt.containers().get("sidecar")).isNotEqualTo(mnt.host());
            assertThat(ns.get("user").sameAsHost()).as("no user namespace: " + ns.get("user")).isTrue();

            PodKernelView.ContainerKernel app = view.containers().get(0);
            assertThat(app.usage().memoryMax()).isEqualTo(64L * 1024 * 1024);
            assertThat(view.containers().get(1).usage().memoryMax()).isEqualTo(32L * 1024 * 1024);
            assertThat(app.usage().memoryCurrent()).isPositive();
            assertThat(app.usage().pidsCurrent()).isPositive();
            assertThat(app.cgroupPath()).contains("/kubelab/" + platform.id() + "-minikube/default_duo_");
            Map<String, CgroupUsage> again = platform.usage(view);
            assertThat(again.get("app").memoryMax()).isEqualTo(64L * 1024 * 1024);

            PodKernelView.Network net = view.network();
            assertThat(net.podIp()).isEqualTo(podIp + "/24");
            assertThat(net.hostVeth()).startsWith("veth");
            assertThat(net.bridge()).isEqualTo("cbr0");
            assertThat(net.bridgeAddress()).isEqualTo("10.244.0.1/24");
            assertThat(net.gateway()).isEqualTo("10.244.0.1");
            assertThat(net.nodeNetns()).isEqualTo("kubelab-" + platform.id() + "-minikube");

            assertThat(view.services()).extracting(ServiceRules::service).containsExactly("default/duo");
            assertThat(view.services().get(0).rules())
                    .anyMatch(l -> l.startsWith("-A KUBE-SERVICES") && l.contains("--dport 8080 -j KUBE-SVC-"))
                    .anyMatch(l -> l.startsWith("-A KUBE-SEP-") && l.endsWith("-j DNAT --to-destination " + podIp + ":80"));

            for (PodKernelView.ContainerKernel k : view.containers()) {
                assertThat(k.security().seccomp()).as(k.name() + " seccomp").isEqualTo(2);
                assertThat(k.security().noNewPrivs()).as(k.name() + " NoNewPrivs").isEqualTo(1);
                assertThat(k.security().effective()).as(k.name() + " CapEff")
                        .contains("CAP_NET_BIND_SERVICE").doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
            }
            assertThat(view.seccomp().defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
            assertThat(view.seccomp().blockedSyscalls()).isPositive();

            assertThat(platform.inspect("default", "nobody")).isEmpty();
        } finally {
            if (loop != null) {
                loop.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            platform.close();
        }
    }

    private static boolean ready(Cluster cluster) {
        Pod p = cluster.store().get(ResourceTypes.PODS, "default", "duo");
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(k -> "Ready".equals(k.getType()) && "True".equals(k.getStatus()));
    }

    private static void waitFor(Duration max, java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
