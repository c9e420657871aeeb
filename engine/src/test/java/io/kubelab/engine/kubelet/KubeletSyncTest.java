package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the kubelet syncs and writes, step by step: no sync for its own writes, one for everyone else's. */
class KubeletSyncTest extends KubeletTestSupport {

    private static final String NGINX = """
              containers:
              - name: nginx
                image: nginx:1.25
            """;

    /** Every write of the pod's status, in order, as the watch delivers it. */
    private static List<Pod> statusWrites(Cluster c, String name) {
        List<Pod> writes = new ArrayList<>();
        c.store().watch(ResourceTypes.PODS, c.store().revision(), o -> o.getMetadata().getName().equals(name), e -> {
            if (e.type() == WatchEvent.Type.MODIFIED) {
                writes.add((Pod) e.object());
            }
        });
        return writes;
    }

    @Test
    void aPodsOwnStatusWritesDoNotMakeTheKubeletSyncItAgain() {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        List<Pod> writes = statusWrites(c, "web");
        long before = k.syncCount();

        c.apply(podYaml("web", "minikube", NGINX));
        advance(c, 4);

        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
        // Three steps, three writes: Pending (no IP), the sandbox (pod IP, PodReadyToStartContainers),
        // Running. Three syncs: the pod's arrival, the sandbox, the start — not one more per write.
        assertThat(writes).extracting(p -> p.getStatus().getPhase() + " " + p.getStatus().getPodIP())
                .containsExactly("Pending null", "Pending 10.244.0.2", "Running 10.244.0.2");
        assertThat(k.syncCount() - before).isEqualTo(3);
        // Events recorded after a write name the pod as written (the sync skipped would have read it).
        assertThat(event(c, "web", "Started").getInvolvedObject().getResourceVersion())
                .isEqualTo(writes.get(1).getMetadata().getResourceVersion());
        assertThat(event(c, "web", "Pulled").getInvolvedObject().getResourceVersion())
                .isEqualTo(writes.get(1).getMetadata().getResourceVersion());
    }

    @Test
    void aStatusWrittenByAnotherClientIsSyncedAndPutRight() {
        Cluster c = cluster(1);
        c.apply(podYaml("web", "minikube", NGINX));
        advance(c, 4);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        long before = k.syncCount();

        Pod p = pod(c, "web");
        Pod wrong = new PodBuilder(p).editStatus().withPhase("Pending").endStatus().build();
        c.api().updateStatus(wrong);
        c.settle();

        assertThat(k.syncCount() - before).isEqualTo(1);
        assertThat(pod(c, "web").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void crashLoopBackOffIsWrittenAtTheInstantOfTheExitItFollows() {
        Cluster c = cluster(1);
        List<Pod> writes = statusWrites(c, "crash");
        List<String> seen = new ArrayList<>();
        c.store().watch(ResourceTypes.PODS, c.store().revision(), o -> o.getMetadata().getName().equals("crash"), e -> {
            if (e.type() == WatchEvent.Type.MODIFIED) {
                ContainerStatus s = ((Pod) e.object()).getStatus().getContainerStatuses().get(0);
                String state = s.getState().getWaiting() != null ? s.getState().getWaiting().getReason()
                        : s.getState().getRunning() != null ? "Running" : s.getState().getTerminated().getReason();
                seen.add(c.clock().now() + " " + state + " " + s.getRestartCount());
            }
        });
        c.apply(podYaml("crash", "minikube", """
                  containers:
                  - name: crash
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
                """));
        advance(c, 4);

        assertThat(writes).isNotEmpty();
        // The second exit is written as "Error"; the sync that follows that write (not a second
        // later) shows CrashLoopBackOff: the one write whose echo the kubelet still syncs.
        int error = seen.indexOf(seen.stream().filter(x -> x.endsWith(" Error 1")).findFirst().orElseThrow());
        String at = seen.get(error).substring(0, seen.get(error).indexOf(' '));
        assertThat(seen.get(error + 1)).isEqualTo(at + " CrashLoopBackOff 1");
    }

    @Test
    void theUnreadyMessageFollowsWhichContainersAreReadyAndIsSharedWhileTheyStay() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").withUid("u").endMetadata()
                .withNewSpec().addNewContainer().withName("a").endContainer().addNewContainer().withName("b").endContainer()
                .addNewContainer().withName("c").endContainer().endSpec().build();
        PodWorker w = new PodWorker("default/p", pod, T0);

        String all = PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(false, false, false));
        assertThat(all).isEqualTo("containers with unready status: [a b c]");
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(false, false, false))).isSameAs(all);
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(false, true, false)))
                .isEqualTo("containers with unready status: [a c]");
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(true, true, true))).isNull();
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(true, true, false)))
                .isEqualTo("containers with unready status: [c]");
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(false, false, false)))
                .isEqualTo("containers with unready status: [a b c]");
        // A container without a status yet counts as unready.
        assertThat(PodStatusGenerator.unreadyMessage(w, pod.getSpec(), ready(true, true, false).subList(0, 1)))
                .isEqualTo("containers with unready status: [b c]");
    }

    private static List<ContainerStatus> ready(boolean a, boolean b, boolean c) {
        return List.of(new ContainerStatusBuilder().withName("a").withReady(a).build(),
                new ContainerStatusBuilder().withName("b").withReady(b).build(),
                new ContainerStatusBuilder().withName("c").withReady(c).build());
    }

    @Test
    void aNodeStatusWithOneMoreImageHasChangedOneWithNewHeartbeatsHasNot() {
        Cluster c = cluster(1);
        NodeStatus stored = c.store().<io.fabric8.kubernetes.api.model.Node>get(ResourceTypes.NODES, null, "minikube").getStatus();

        NodeStatus beats = Kube.copy(stored);
        beats.getConditions().forEach(x -> x.setLastHeartbeatTime("2026-01-01T00:10:00Z"));
        assertThat(NodeStatusBuilder.changed(stored, beats)).isFalse();

        NodeStatus pulled = Kube.copy(stored);
        List<ContainerImage> images = new ArrayList<>(pulled.getImages() == null ? List.of() : pulled.getImages());
        images.add(0, new ContainerImage(List.of("nginx:1.25"), 187694648L));
        pulled.setImages(images);
        assertThat(NodeStatusBuilder.changed(stored, pulled)).isTrue();

        NodeStatus emptied = Kube.copy(stored);
        emptied.setImages(null);
        assertThat(NodeStatusBuilder.changed(stored, emptied)).isEqualTo(stored.getImages() != null && !stored.getImages().isEmpty());
    }
}
