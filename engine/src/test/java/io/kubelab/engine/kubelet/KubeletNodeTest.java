package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletNodeTest extends KubeletTestSupport {

    private static Node node(Cluster c, String name) {
        return c.store().get(ResourceTypes.NODES, null, name);
    }

    private static Lease lease(Cluster c, String name) {
        return c.store().get(ResourceTypes.LEASES, "kube-node-lease", name);
    }

    private static Instant renewTime(Cluster c, String node) {
        return lease(c, node).getSpec().getRenewTime().toInstant();
    }

    private static String heartbeat(Cluster c, String node) {
        return ready(c, node).getLastHeartbeatTime();
    }

    private static NodeCondition ready(Cluster c, String node) {
        return node(c, node).getStatus().getConditions().stream().filter(x -> x.getType().equals("Ready")).findFirst().orElseThrow();
    }

    @Test
    void eachKubeletRegistersItsNodeLikeMinikube() {
        Cluster c = cluster(3);
        Node n0 = node(c, "minikube");
        Node n2 = node(c, "minikube-m03");
        assertThat(n0.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "minikube")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64")
                .containsEntry("node-role.kubernetes.io/control-plane", "")
                .containsEntry("topology.kubernetes.io/zone", "zone-a")
                .containsEntry("minikube.k8s.io/primary", "true");
        assertThat(n2.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "minikube-m03")
                .containsEntry("topology.kubernetes.io/zone", "zone-c").doesNotContainKey("node-role.kubernetes.io/control-plane");
        assertThat(node(c, "minikube-m02").getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "zone-b");
        assertThat(n0.getSpec().getTaints()).extracting(t -> t.getKey() + ":" + t.getEffect())
                .containsExactly("node-role.kubernetes.io/control-plane:NoSchedule");
        assertThat(n2.getSpec().getTaints()).isNullOrEmpty();
        assertThat(n2.getSpec().getPodCIDR()).isEqualTo("10.244.2.0/24");
        assertThat(n2.getSpec().getPodCIDRs()).containsExactly("10.244.2.0/24");

        var s = n2.getStatus();
        assertThat(s.getCapacity()).containsOnlyKeys("cpu", "ephemeral-storage", "hugepages-1Gi", "hugepages-2Mi", "memory", "pods");
        assertThat(s.getCapacity().get("cpu").toString()).isEqualTo("2");
        assertThat(s.getCapacity().get("memory").toString()).isEqualTo("4194304Ki");
        assertThat(s.getCapacity().get("pods").toString()).isEqualTo("110");
        assertThat(s.getAllocatable()).isEqualTo(s.getCapacity());
        assertThat(s.getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                .containsExactly("InternalIP=192.168.49.4", "Hostname=minikube-m03");
        assertThat(s.getConditions()).extracting(x -> x.getType() + "=" + x.getStatus() + " " + x.getReason() + ": " + x.getMessage())
                .containsExactly(
                        "MemoryPressure=False KubeletHasSufficientMemory: kubelet has sufficient memory available",
                        "DiskPressure=False KubeletHasNoDiskPressure: kubelet has no disk pressure",
                        "PIDPressure=False KubeletHasSufficientPID: kubelet has sufficient PID available",
                        "Ready=True KubeletReady: kubelet is posting ready status");
        assertThat(s.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
        assertThat(s.getImages()).isNotEmpty();
        assertThat(s.getImages().get(0).getNames()).allMatch(name -> !name.isEmpty());

        NodeSystemInfo info = s.getNodeInfo();
        for (String field : List.of("architecture", "bootID", "containerRuntimeVersion", "kernelVersion", "kubeProxyVersion",
                "kubeletVersion", "machineID", "operatingSystem", "osImage", "systemUUID")) {
            assertThat(Kube.tree(info).path(field).asText()).as(field).isNotEmpty();
        }
        assertThat(info.getKubeletVersion()).isEqualTo("v1.31.4");
        assertThat(info.getKubeProxyVersion()).isEqualTo("v1.31.4");
        assertThat(info.getContainerRuntimeVersion()).isEqualTo("docker://26.0.2");
        assertThat(info.getOperatingSystem()).isEqualTo("linux");
        assertThat(info.getArchitecture()).isEqualTo("amd64");
        assertThat(info.getOsImage()).isEqualTo("Ubuntu 22.04.4 LTS");
        assertThat(info.getMachineID()).matches("[0-9a-f]{32}");
        assertThat(info.getMachineID()).isNotEqualTo(n0.getStatus().getNodeInfo().getMachineID());
    }

    @Test
    void aSingleNodeIsNotTainted() {
        Cluster c = cluster(1);
        assertThat(node(c, "minikube").getSpec().getTaints()).isNullOrEmpty();
    }

    @Test
    void theLeaseIsRenewedEveryTenSeconds() {
        Cluster c = cluster(2);
        Lease l = lease(c, "minikube-m02");
        assertThat(l.getSpec().getHolderIdentity()).isEqualTo("minikube-m02");
        assertThat(l.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(l.getMetadata().getOwnerReferences()).extracting(o -> o.getKind() + "/" + o.getName() + "/" + o.getUid())
                .containsExactly("Node/minikube-m02/" + node(c, "minikube-m02").getMetadata().getUid());
        assertThat(Kube.toJson(l)).contains("\"renewTime\":\"2026-01-01T00:00:00.000000Z\"");

        List<Instant> renewals = new ArrayList<>();
        c.store().watch(ResourceTypes.LEASES, c.store().revision(), o -> o.getMetadata().getName().equals("minikube-m02"),
                (WatchEvent e) -> renewals.add(((Lease) e.object()).getSpec().getRenewTime().toInstant()));
        advance(c, 35);
        assertThat(renewals).containsExactly(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));
    }

    @Test
    void nodeStatusIsReportedOnChangeOrEveryFiveMinutes() {
        Cluster c = cluster(1);
        assertThat(heartbeat(c, "minikube")).isEqualTo("2026-01-01T00:00:00Z");
        advance(c, 290);
        assertThat(heartbeat(c, "minikube")).isEqualTo("2026-01-01T00:00:00Z");
        advance(c, 20);
        assertThat(heartbeat(c, "minikube")).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(ready(c, "minikube").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

        // A new image on the node is a change: reported at the next 10 s tick.
        c.apply(podYaml("web", "minikube", "  containers:\n  - name: web\n    image: nginx:1.25\n"));
        advance(c, 10);
        assertThat(node(c, "minikube").getStatus().getImages()).anyMatch(i -> i.getNames().contains("nginx:1.25"));
    }

    @Test
    void aStoppedNodeStopsHeartbeatsAndItsContainersAreGone() {
        Cluster c = cluster(2);
        // The kubelet alone: with the controller manager, the lost node's pod would be evicted.
        c.setRunning("controller-manager", false);
        Kubelet k = Kubelets.byNode(c, "minikube-m02").orElseThrow();
        c.apply(podYaml("web", "minikube-m02", "  containers:\n  - name: web\n    image: nginx:1.25\n"));
        advance(c, 10);
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
        String bootId = node(c, "minikube-m02").getStatus().getNodeInfo().getBootID();

        k.stop();
        Instant renewed = renewTime(c, "minikube-m02");
        String beat = heartbeat(c, "minikube-m02");
        assertThat(k.runtime().containers()).noneMatch(x -> x.state() == io.kubelab.engine.runtime.ContainerState.RUNNING);
        advance(c, 600);
        assertThat(renewTime(c, "minikube-m02")).isEqualTo(renewed);
        assertThat(heartbeat(c, "minikube-m02")).isEqualTo(beat);
        assertThat(renewTime(c, "minikube")).isAfter(renewed.plusSeconds(500));
        assertThat(k.isPoweredOn()).isFalse();

        k.start();
        c.settle();
        assertThat(renewTime(c, "minikube-m02")).isEqualTo(c.clock().now());
        assertThat(node(c, "minikube-m02").getStatus().getNodeInfo().getBootID()).isNotEqualTo(bootId);
        advance(c, 5);
        // The pod runs again on the new boot: a new sandbox, a restart counted, the old container Error 255.
        var s = status(c, "web", "web");
        assertThat(s.getState().getRunning()).isNotNull();
        assertThat(s.getRestartCount()).isEqualTo(1);
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(255);
        assertThat(events(c, "web")).contains("SandboxChanged: Pod sandbox changed, it will be killed and re-created.");
    }

    @Test
    void aClusterReopenedFromItsStateFolderStartsItsPodsAgain(@TempDir Path state) {
        io.kubelab.engine.ClusterConfig config = io.kubelab.engine.ClusterConfig.defaults().withNodes(1).withStart(T0)
                .withStateDir(state);
        try (Cluster c = Cluster.create(config)) {
            c.start();
            c.apply(podYaml("web", "minikube", "  containers:\n  - name: web\n    image: nginx:1.25\n"));
            advance(c, 10);
            assertThat(status(c, "web", "web").getState().getRunning()).isNotNull();
        }
        try (Cluster c = Cluster.create(config.withStart(T0.plusSeconds(3600)))) {
            Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
            // docker's images are still on the node's disk.
            assertThat(k.runtime().image("nginx:1.25")).isPresent();
            c.start();
            assertThat(lease(c, "minikube").getSpec().getRenewTime().toInstant()).isEqualTo(T0.plusSeconds(3600));
            advance(c, 1);
            var s = status(c, "web", "web");
            assertThat(s.getState().getRunning()).isNotNull();
            assertThat(s.getRestartCount()).isEqualTo(1);
            assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(255);
            assertThat(pod(c, "web").getStatus().getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
        }
    }

    @Test
    void aPartitionedNodeKeepsItsContainersButNothingReachesTheApi() {
        Cluster c = cluster(2);
        // The kubelet alone: with the controller manager, the cut-off node's pod would be evicted.
        c.setRunning("controller-manager", false);
        Kubelet k = Kubelets.byNode(c, "minikube-m02").orElseThrow();
        c.apply(podYaml("ticker", "minikube-m02", """
                  containers:
                  - name: ticker
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
                """));
        advance(c, 5);
        k.setPartitioned(true);
        Instant renewed = renewTime(c, "minikube-m02");
        String beat = heartbeat(c, "minikube-m02");
        int lines = k.logs("default", "ticker", null, false).size();
        advance(c, 60);
        assertThat(renewTime(c, "minikube-m02")).isEqualTo(renewed);
        assertThat(heartbeat(c, "minikube-m02")).isEqualTo(beat);
        assertThat(k.logs("default", "ticker", null, false)).hasSize(lines + 60);
        // Deleting the pod meanwhile: the kubelet does not see it, the container keeps running.
        c.api().delete(ResourceTypes.PODS, "default", "ticker", null);
        String rv = pod(c, "ticker").getMetadata().getResourceVersion();
        advance(c, 40);
        assertThat(pod(c, "ticker").getMetadata().getResourceVersion()).isEqualTo(rv);
        assertThat(pod(c, "ticker").getStatus().getPhase()).isEqualTo("Running");
        assertThat(k.logs("default", "ticker", null, false)).hasSize(lines + 100);

        k.setPartitioned(false);
        c.settle();
        assertThat(renewTime(c, "minikube-m02")).isEqualTo(c.clock().now());
        assertThat(heartbeat(c, "minikube-m02")).isEqualTo(Kube.timestamp(c.clock().now()));
        advance(c, 31);
        assertThat(pod(c, "ticker")).isNull();
    }
}
