package io.kubelab.engine.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's shortcuts change nothing anyone sees: idle kubelets skipped, unchanged status parts shared, the Lease renewed in place. */
class KubeletFastPathTest extends KubeletTestSupport {

    private static final String NGINX = """
              containers:
              - name: nginx
                image: nginx:1.25
            """;

    private static PodCondition conditionOf(Pod p, String type) {
        return p.getStatus().getConditions().stream().filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void anIdleKubeletIsSkippedAndWorkFromAnyThreadIsStillDone() throws InterruptedException {
        Cluster c = cluster(2);
        Kubelet k = Kubelets.byNode(c, "minikube-m02").orElseThrow();
        c.settle();
        assertThat(k.hasWork()).isFalse();
        assertThat(k.drain()).isFalse();

        // A pod bound to the node: its watch event queues the key, the next drain syncs it.
        c.api().create(Kube.readDocuments(podYaml("web", "minikube-m02", NGINX)).stream()
                .map(d -> (Pod) io.kubelab.engine.model.ResourceTypes.decode(d)).findFirst().orElseThrow(), "default");
        assertThat(k.hasWork()).isTrue();
        long syncs = k.syncCount();
        assertThat(k.drain()).isTrue();
        assertThat(k.syncCount()).isEqualTo(syncs + 1);
        c.settle();
        assertThat(k.hasWork()).isFalse();

        // A task posted from another thread (a real runtime's executor) is run by the next drain.
        AtomicBoolean ran = new AtomicBoolean();
        Thread t = new Thread(() -> k.post(() -> ran.set(true)));
        t.start();
        t.join();
        assertThat(k.hasWork()).isTrue();
        c.settle();
        assertThat(ran).isTrue();
        assertThat(k.hasWork()).isFalse();

        advance(c, 4);
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void statusWritesShareWhatDidNotChangeAndNoWriteChangesAnEarlierOne() {
        Cluster c = cluster(1);
        List<Pod> writes = new ArrayList<>();
        List<JsonNode> asWritten = new ArrayList<>();
        c.store().watch(ResourceTypes.PODS, c.store().revision(), o -> o.getMetadata().getName().equals("web"), e -> {
            if (e.type() == WatchEvent.Type.MODIFIED) {
                writes.add((Pod) e.object());
                asWritten.add(Kube.tree(e.object()));
            }
        });
        c.apply(podYaml("web", "minikube", NGINX));
        advance(c, 4);

        assertThat(writes).extracting(p -> p.getStatus().getPhase() + " " + p.getStatus().getPodIP())
                .containsExactly("Pending null", "Pending 10.244.0.2", "Running 10.244.0.2");
        Pod pending = writes.get(0);
        Pod sandbox = writes.get(1);
        Pod running = writes.get(2);
        // The sandbox's write: only PodReadyToStartContainers and the pod IP changed.
        for (String same : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            assertThat(conditionOf(sandbox, same)).as(same).isSameAs(conditionOf(pending, same));
        }
        assertThat(conditionOf(sandbox, "PodReadyToStartContainers")).isNotSameAs(conditionOf(pending, "PodReadyToStartContainers"));
        assertThat(conditionOf(sandbox, "PodReadyToStartContainers").getStatus()).isEqualTo("True");
        assertThat(sandbox.getStatus().getContainerStatuses()).isSameAs(pending.getStatus().getContainerStatuses());
        assertThat(sandbox.getStatus().getHostIPs()).isSameAs(pending.getStatus().getHostIPs());
        // Running: Ready and ContainersReady turned, the container's status changed, the rest stays.
        assertThat(conditionOf(running, "Ready").getStatus()).isEqualTo("True");
        assertThat(conditionOf(running, "Ready")).isNotSameAs(conditionOf(sandbox, "Ready"));
        assertThat(conditionOf(running, "PodReadyToStartContainers")).isSameAs(conditionOf(sandbox, "PodReadyToStartContainers"));
        assertThat(running.getStatus().getContainerStatuses()).isNotSameAs(sandbox.getStatus().getContainerStatuses());
        assertThat(running.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
        assertThat(running.getStatus().getPodIPs()).isSameAs(sandbox.getStatus().getPodIPs());
        // Every version still reads as it was written.
        for (int i = 0; i < writes.size(); i++) {
            assertThat(Kube.tree(writes.get(i))).as("write " + i).isEqualTo(asWritten.get(i));
        }
    }

    @Test
    void aPartIsSharedOnlyWhenEqual() {
        PodCondition stored = new PodConditionBuilder().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                .withMessage("containers with unready status: [nginx]").withLastTransitionTime("2026-01-01T00:00:00Z").build();
        PodCondition same = new PodConditionBuilder(stored).build();
        PodCondition turned = new PodConditionBuilder(stored).withStatus("True").withReason(null).withMessage(null).build();
        assertThat(PodStatusGenerator.unchangedCondition(List.of(stored), same)).isSameAs(stored);
        assertThat(PodStatusGenerator.unchangedCondition(List.of(stored), turned)).isSameAs(turned);
        assertThat(PodStatusGenerator.unchangedCondition(null, same)).isSameAs(same);

        ContainerStatus a = new ContainerStatusBuilder().withName("a").withReady(false).withRestartCount(0).build();
        ContainerStatus b = new ContainerStatusBuilder().withName("b").withReady(true).withRestartCount(0).build();
        List<ContainerStatus> storedList = List.of(a, b);
        List<ContainerStatus> allSame = new ArrayList<>(List.of(new ContainerStatusBuilder(a).build(), new ContainerStatusBuilder(b).build()));
        assertThat(PodStatusGenerator.unchangedStatuses(storedList, allSame)).isSameAs(storedList);

        ContainerStatus bRestarted = new ContainerStatusBuilder(b).withRestartCount(1).build();
        List<ContainerStatus> oneChanged = new ArrayList<>(List.of(new ContainerStatusBuilder(a).build(), bRestarted));
        List<ContainerStatus> shared = PodStatusGenerator.unchangedStatuses(storedList, oneChanged);
        assertThat(shared).isNotSameAs(storedList);
        assertThat(shared.get(0)).isSameAs(a);
        assertThat(shared.get(1)).isSameAs(bRestarted);

        List<ContainerStatus> oneMore = new ArrayList<>(List.of(new ContainerStatusBuilder(a).build(), new ContainerStatusBuilder(b).build(),
                new ContainerStatusBuilder().withName("c").build()));
        List<ContainerStatus> grown = PodStatusGenerator.unchangedStatuses(storedList, oneMore);
        assertThat(grown).isNotSameAs(storedList).hasSize(3);
        assertThat(grown.get(0)).isSameAs(a);
        assertThat(grown.get(1)).isSameAs(b);
    }

    @Test
    void theLeaseRenewalKeepsWhatOthersSetInItsSpec() {
        Cluster c = cluster(1);
        Lease l = Kube.copy(c.store().<Lease>get(ResourceTypes.LEASES, "kube-node-lease", "minikube"));
        l.getSpec().setLeaseTransitions(3);
        c.api().update(l);
        var before = c.store().<Lease>get(ResourceTypes.LEASES, "kube-node-lease", "minikube").getSpec().getRenewTime();

        advance(c, 10);

        Lease renewed = c.store().get(ResourceTypes.LEASES, "kube-node-lease", "minikube");
        assertThat(renewed.getSpec().getRenewTime().toInstant()).isAfter(before.toInstant());
        assertThat(renewed.getSpec().getLeaseTransitions()).isEqualTo(3);
        assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo("minikube");
        assertThat(renewed.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(renewed.getMetadata().getOwnerReferences()).extracting(o -> o.getKind() + "/" + o.getName())
                .containsExactly("Node/minikube");
    }

    @Test
    void aContainersEventTextsAreSharedAndReadAsBefore() {
        ContainerTexts nginx = ContainerTexts.of("nginx", false);
        assertThat(ContainerTexts.of("nginx", false)).isSameAs(nginx);
        assertThat(nginx.fieldPath()).isEqualTo("spec.containers{nginx}");
        assertThat(nginx.created()).isEqualTo("Created container nginx");
        assertThat(nginx.started()).isEqualTo("Started container nginx");
        assertThat(nginx.stopping()).isEqualTo("Stopping container nginx");
        assertThat(ContainerTexts.of("nginx", true).fieldPath()).isEqualTo("spec.initContainers{nginx}");
        assertThat(ImageManager.alreadyPresent("nginx:1.25")).isEqualTo("Container image \"nginx:1.25\" already present on machine")
                .isSameAs(ImageManager.alreadyPresent("nginx:1.25"));

        // Two pods of the same container: their events say the same, in one shared string.
        Cluster c = cluster(1);
        c.apply(podYaml("a", "minikube", NGINX));
        advance(c, 4);
        c.apply(podYaml("b", "minikube", NGINX));
        advance(c, 4);
        assertThat(events(c, "b")).containsExactly("Pulled: Container image \"nginx:1.25\" already present on machine",
                "Created: Created container nginx", "Started: Started container nginx");
        assertThat(event(c, "b", "Started").getMessage()).isSameAs(event(c, "a", "Started").getMessage());
        // The node's hostIPs: one stored list for the statuses of all its pods.
        assertThat(pod(c, "b").getStatus().getHostIPs()).isSameAs(pod(c, "a").getStatus().getHostIPs())
                .extracting(io.fabric8.kubernetes.api.model.HostIP::getIp).containsExactly("192.168.49.2");
        assertThat(event(c, "b", "Created").getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{nginx}")
                .isSameAs(event(c, "a", "Created").getInvolvedObject().getFieldPath());
    }

    @Test
    void serviceLinksAreMadeOncePerServiceVersionAndFollowItsChanges() {
        Cluster c = cluster(1);
        c.apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: my-nginx
                spec:
                  selector:
                    app: web
                  ports:
                  - name: http
                    port: 80
                """);
        Pod a = (Pod) c.apply(podYaml("a", "minikube", NGINX)).get(0);
        Pod b = (Pod) c.apply(podYaml("b", "minikube", NGINX)).get(0);
        var envA = ContainerEnv.build(a, a.getSpec().getContainers().get(0), c.store(), "192.168.49.2", "10.244.0.2");
        var envB = ContainerEnv.build(b, b.getSpec().getContainers().get(0), c.store(), "192.168.49.2", "10.244.0.3");
        String ip = c.store().<io.fabric8.kubernetes.api.model.Service>get(ResourceTypes.SERVICES, "default", "my-nginx")
                .getSpec().getClusterIP();
        assertThat(envA).containsEntry("MY_NGINX_SERVICE_HOST", ip).containsEntry("MY_NGINX_SERVICE_PORT", "80")
                .containsEntry("MY_NGINX_SERVICE_PORT_HTTP", "80").containsEntry("MY_NGINX_PORT", "tcp://" + ip + ":80")
                .containsEntry("MY_NGINX_PORT_80_TCP_ADDR", ip).containsEntry("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        assertThat(envB).isEqualTo(envA);
        assertThat(List.copyOf(envB.keySet())).isEqualTo(List.copyOf(envA.keySet()));
        assertThat(envB.get("MY_NGINX_PORT")).isSameAs(envA.get("MY_NGINX_PORT"));

        // A new version of the Service: the links say what it says now.
        io.fabric8.kubernetes.api.model.Service svc = Kube.copy(c.store().get(ResourceTypes.SERVICES, "default", "my-nginx"));
        svc.getSpec().getPorts().get(0).setPort(8080);
        c.api().update(svc);
        var envC = ContainerEnv.build(a, a.getSpec().getContainers().get(0), c.store(), "192.168.49.2", "10.244.0.2");
        assertThat(envC).containsEntry("MY_NGINX_SERVICE_PORT", "8080").containsEntry("MY_NGINX_PORT", "tcp://" + ip + ":8080")
                .doesNotContainKey("MY_NGINX_PORT_80_TCP");
    }
}
