package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class StatusDiffTest {
    private static PodStatus running() {
        PodStatus s = new PodStatus();
        s.setPhase("Running");
        s.setHostIP("192.168.49.2");
        s.setPodIP("10.244.0.5");
        s.setStartTime("2026-01-01T00:00:01Z");
        s.setQosClass("BestEffort");
        PodCondition ready = new PodCondition();
        ready.setType("Ready");
        ready.setStatus("True");
        ready.setLastTransitionTime("2026-01-01T00:00:03Z");
        s.setConditions(new ArrayList<>(List.of(ready)));
        ContainerStatus c = new ContainerStatus();
        c.setName("nginx");
        c.setReady(true);
        c.setStarted(true);
        c.setRestartCount(0);
        c.setImage("nginx:1.25");
        c.setImageID("docker-pullable://nginx@sha256:0");
        c.setContainerID("docker://abc");
        c.setState(new ContainerState(new ContainerStateRunning("2026-01-01T00:00:03Z"), null, null));
        c.setLastState(new ContainerState());
        s.setContainerStatuses(new ArrayList<>(List.of(c)));
        return s;
    }

    private static PodStatus changed(Consumer<PodStatus> change) {
        PodStatus s = running();
        change.accept(s);
        return s;
    }

    private static void assertCertainlyDiffers(PodStatus other) {
        assertThat(StatusDiff.certainlyDiffers(running(), other)).isTrue();
        assertThat(Kube.tree(running())).isNotEqualTo(Kube.tree(other));
    }

    @Test
    void differencesThatShowInTheJsonAreFoundWithoutIt() {
        assertCertainlyDiffers(changed(s -> s.setPhase("Pending")));
        assertCertainlyDiffers(changed(s -> s.setHostIP(null)));
        assertCertainlyDiffers(changed(s -> s.setReason("")));
        assertCertainlyDiffers(changed(s -> s.getConditions().get(0).setStatus("False")));
        assertCertainlyDiffers(changed(s -> s.getConditions().get(0).setMessage("")));
        assertCertainlyDiffers(changed(s -> s.getConditions().clear()));
        assertCertainlyDiffers(changed(s -> s.getContainerStatuses().get(0).setReady(false)));
        assertCertainlyDiffers(changed(s -> s.getContainerStatuses().get(0).setReady(null)));
        assertCertainlyDiffers(changed(s -> s.getContainerStatuses().get(0).setRestartCount(1)));
        assertCertainlyDiffers(changed(s -> s.getContainerStatuses().get(0)
                .setState(new ContainerState(null, null, new ContainerStateWaiting(null, "ContainerCreating")))));
        assertCertainlyDiffers(changed(s -> s.getContainerStatuses().get(0).setLastState(null)));
    }

    @Test
    void whatOnlyTheTreesCanTellIsLeftToThem() {
        // Equal statuses, and ones the trees count as equal (an empty list and none), are not "certain".
        assertThat(StatusDiff.certainlyDiffers(running(), running())).isFalse();
        PodStatus noInit = changed(s -> s.setInitContainerStatuses(new ArrayList<>()));
        assertThat(StatusDiff.certainlyDiffers(running(), noInit)).isFalse();
        assertThat(Kube.tree(running())).isEqualTo(Kube.tree(noInit));
        // A difference inside a state (a new start time) is not looked at: the trees decide.
        PodStatus restarted = changed(s -> s.getContainerStatuses().get(0).getState().getRunning().setStartedAt("2026-01-01T00:01:00Z"));
        assertThat(StatusDiff.certainlyDiffers(running(), restarted)).isFalse();
        assertThat(Kube.tree(running())).isNotEqualTo(Kube.tree(restarted));
    }

    @Test
    void timestampsAreFormattedOncePerSecondAndRightInEverySlot() {
        java.time.format.DateTimeFormatter rfc3339 = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);
        for (String t : List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.999Z", "2026-01-01T00:04:16Z",
                "2026-01-01T00:00:01.5Z", "1969-12-31T23:59:59.5Z", "2026-01-01T00:00:00Z")) {
            Instant i = Instant.parse(t);
            assertThat(Kube.timestamp(i)).isEqualTo(rfc3339.format(i));
        }
        // 2026-01-01T00:00:00Z and 00:04:16Z share a slot (256 s apart): each gets its own text.
        assertThat(Kube.timestamp(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(Kube.timestamp(Instant.parse("2026-01-01T00:04:16Z"))).isEqualTo("2026-01-01T00:04:16Z");
        // the same second twice: the same String
        assertThat(Kube.timestamp(Instant.parse("2026-01-01T00:04:16.3Z")))
                .isSameAs(Kube.timestamp(Instant.parse("2026-01-01T00:04:16Z")));
    }

    private static io.fabric8.kubernetes.api.model.NodeStatus node(String heartbeat) {
        io.fabric8.kubernetes.api.model.NodeStatus s = new io.fabric8.kubernetes.api.model.NodeStatus();
        s.setCapacity(new java.util.LinkedHashMap<>(java.util.Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi"))));
        io.fabric8.kubernetes.api.model.NodeCondition ready = new io.fabric8.kubernetes.api.model.NodeCondition();
        ready.setType("Ready");
        ready.setStatus("True");
        ready.setReason("KubeletReady");
        ready.setLastTransitionTime("2026-01-01T00:00:00Z");
        ready.setLastHeartbeatTime(heartbeat);
        s.setConditions(new ArrayList<>(List.of(ready)));
        s.setImages(new ArrayList<>(List.of(new io.fabric8.kubernetes.api.model.ContainerImage(
                new ArrayList<>(List.of("nginx:1.25")), 187694648L))));
        return s;
    }

    @Test
    void aNodeStatusChangesWhenMoreThanItsHeartbeatsMove() {
        assertThat(NodeStatusBuilder.changed(node("2026-01-01T00:00:10Z"), node("2026-01-01T00:00:20Z"))).isFalse();
        assertThat(NodeStatusBuilder.changed(null, node("2026-01-01T00:00:20Z"))).isTrue();
        var notReady = node("2026-01-01T00:00:20Z");
        notReady.getConditions().get(0).setStatus("False");
        assertThat(NodeStatusBuilder.changed(node("2026-01-01T00:00:10Z"), notReady)).isTrue();
        var pulled = node("2026-01-01T00:00:20Z");
        pulled.getImages().add(new io.fabric8.kubernetes.api.model.ContainerImage(new ArrayList<>(List.of("busybox:1.36")), 4261574L));
        assertThat(NodeStatusBuilder.changed(node("2026-01-01T00:00:10Z"), pulled)).isTrue();
        // Equal in value, not in text: reported (the JSON differs), as before.
        var mebibytes = node("2026-01-01T00:00:20Z");
        mebibytes.getCapacity().put("memory", new io.fabric8.kubernetes.api.model.Quantity("4096Mi"));
        assertThat(NodeStatusBuilder.changed(node("2026-01-01T00:00:10Z"), mebibytes)).isTrue();
        // No images and an empty list serialize alike.
        var none = node("2026-01-01T00:00:20Z");
        none.setImages(null);
        var empty = node("2026-01-01T00:00:10Z");
        empty.setImages(new ArrayList<>());
        assertThat(NodeStatusBuilder.changed(empty, none)).isFalse();
    }
}
