package io.kubelab.engine.server.table;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The READY, STATUS and RESTARTS columns of {@code kubectl get pods}, case by case as {@code printPod}. */
class PodPrinterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withImage("nginx").withImageID("id").withReady(ready)
                .withRestartCount(restarts).withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z")
                .endRunning().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason, int restarts) {
        return new ContainerStatusBuilder().withName(name).withImage("nginx").withImageID("").withReady(false)
                .withRestartCount(restarts).withNewState().withNewWaiting().withReason(reason).endWaiting().endState()
                .build();
    }

    private static ContainerStatus terminated(String name, String reason, int exitCode, Integer signal) {
        return new ContainerStatusBuilder().withName(name).withImage("nginx").withImageID("id").withReady(false)
                .withRestartCount(0).withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode)
                .withSignal(signal).withFinishedAt("2026-01-01T00:30:00Z").endTerminated().endState().build();
    }

    private static PodBuilder pod(String phase, int containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata().withNewSpec().endSpec()
                .withNewStatus().withPhase(phase).endStatus();
        for (int i = 0; i < containers; i++) {
            b.editSpec().addNewContainer().withName("c" + i).withImage("nginx").endContainer().endSpec();
        }
        return b;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pending, nothing reported yet", pod("Pending", 1).build(), "0/1", "Pending", "0"),
                Arguments.of("image being pulled", pod("Pending", 1).editStatus()
                        .withContainerStatuses(waiting("c0", "ContainerCreating", 0)).endStatus().build(),
                        "0/1", "ContainerCreating", "0"),
                Arguments.of("running and ready", pod("Running", 2).editStatus()
                        .withContainerStatuses(running("c0", true, 0), running("c1", true, 0)).endStatus().build(),
                        "2/2", "Running", "0"),
                Arguments.of("one of two not ready", pod("Running", 2).editStatus()
                        .withContainerStatuses(running("c0", true, 0), running("c1", false, 0)).endStatus().build(),
                        "1/2", "Running", "0"),
                Arguments.of("crash loop: the waiting reason wins", pod("Running", 1).editStatus()
                        .withContainerStatuses(waiting("c0", "CrashLoopBackOff", 4)).endStatus().build(),
                        "0/1", "CrashLoopBackOff", "4"),
                Arguments.of("the first container's reason wins", pod("Pending", 2).editStatus()
                        .withContainerStatuses(waiting("c0", "ImagePullBackOff", 0), waiting("c1", "ErrImagePull", 0))
                        .endStatus().build(), "0/2", "ImagePullBackOff", "0"),
                Arguments.of("completed", pod("Succeeded", 1).editStatus()
                        .withContainerStatuses(terminated("c0", "Completed", 0, null)).endStatus().build(),
                        "0/1", "Completed", "0"),
                Arguments.of("error exit", pod("Failed", 1).editStatus()
                        .withContainerStatuses(terminated("c0", "Error", 1, null)).endStatus().build(),
                        "0/1", "Error", "0"),
                Arguments.of("terminated without a reason: the exit code", pod("Failed", 1).editStatus()
                        .withContainerStatuses(terminated("c0", null, 137, null)).endStatus().build(),
                        "0/1", "ExitCode:137", "0"),
                Arguments.of("terminated by a signal", pod("Failed", 1).editStatus()
                        .withContainerStatuses(terminated("c0", "", 0, 9)).endStatus().build(),
                        "0/1", "Signal:9", "0"),
                Arguments.of("completed while another still runs and the pod is ready", pod("Running", 2).editStatus()
                        .withContainerStatuses(terminated("c0", "Completed", 0, null), running("c1", true, 0))
                        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build(),
                        "1/2", "Running", "0"),
                Arguments.of("completed while another still runs, pod not ready", pod("Running", 2).editStatus()
                        .withContainerStatuses(terminated("c0", "Completed", 0, null), running("c1", true, 0))
                        .endStatus().build(), "1/2", "NotReady", "0"),
                Arguments.of("status.reason overrides the phase", pod("Failed", 1).editStatus().withReason("Evicted")
                        .endStatus().build(), "0/1", "Evicted", "0"),
                Arguments.of("scheduling gates", pod("Pending", 1).editStatus().addNewCondition().withType("PodScheduled")
                        .withStatus("False").withReason("SchedulingGated").endCondition().endStatus().build(),
                        "0/1", "SchedulingGated", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readyStatusRestarts(String name, Pod pod, String ready, String status, String restarts) {
        List<Object> cells = PodPrinter.row(pod, NOW).cells();
        assertThat(cells.get(0)).isEqualTo("web");
        assertThat(cells.get(1)).isEqualTo(ready);
        assertThat(cells.get(2)).isEqualTo(status);
        assertThat(cells.get(3)).isEqualTo(restarts);
        assertThat(cells.get(4)).isEqualTo("60m");
    }

    @Test
    void initContainers() {
        Pod first = pod("Pending", 1).editSpec().addNewInitContainer().withName("i0").endInitContainer()
                .addNewInitContainer().withName("i1").endInitContainer().endSpec()
                .editStatus().withInitContainerStatuses(running("i0", false, 0), waiting("i1", "PodInitializing", 0))
                .endStatus().build();
        assertThat(PodPrinter.row(first, NOW).cells().get(2)).isEqualTo("Init:0/2");

        Pod second = pod("Pending", 1).editSpec().addNewInitContainer().withName("i0").endInitContainer()
                .addNewInitContainer().withName("i1").endInitContainer().endSpec()
                .editStatus().withInitContainerStatuses(terminated("i0", "Completed", 0, null), running("i1", false, 0))
                .endStatus().build();
        assertThat(PodPrinter.row(second, NOW).cells().get(2)).isEqualTo("Init:1/2");

        Pod crashing = pod("Pending", 1).editSpec().addNewInitContainer().withName("i0").endInitContainer().endSpec()
                .editStatus().withInitContainerStatuses(waiting("i0", "CrashLoopBackOff", 3)).endStatus().build();
        assertThat(PodPrinter.row(crashing, NOW).cells().subList(2, 4)).containsExactly("Init:CrashLoopBackOff", "3");

        Pod failed = pod("Pending", 1).editSpec().addNewInitContainer().withName("i0").endInitContainer().endSpec()
                .editStatus().withInitContainerStatuses(terminated("i0", null, 2, null)).endStatus().build();
        assertThat(PodPrinter.row(failed, NOW).cells().get(2)).isEqualTo("Init:ExitCode:2");
    }

    @Test
    void terminatingAndNodeLost() {
        Pod deleting = pod("Running", 1).editMetadata().withDeletionTimestamp("2026-01-01T00:59:30Z").endMetadata()
                .editStatus().withContainerStatuses(running("c0", true, 0)).endStatus().build();
        assertThat(PodPrinter.row(deleting, NOW).cells().get(2)).isEqualTo("Terminating");
        Pod lost = pod("Running", 1).editMetadata().withDeletionTimestamp("2026-01-01T00:59:30Z").endMetadata()
                .editStatus().withReason("NodeLost").endStatus().build();
        assertThat(PodPrinter.row(lost, NOW).cells().get(2)).isEqualTo("Unknown");
    }

    @Test
    void restartsShowTheAgeOfTheLastRestart() {
        ContainerStatus c = new ContainerStatusBuilder(running("c0", true, 2)).withNewLastState().withNewTerminated()
                .withExitCode(1).withReason("Error").withFinishedAt("2026-01-01T00:55:00Z").endTerminated()
                .endLastState().build();
        Pod pod = pod("Running", 1).editStatus().withContainerStatuses(c).endStatus().build();
        assertThat(PodPrinter.row(pod, NOW).cells().get(3)).isEqualTo("2 (5m ago)");
    }

    @Test
    void wideColumnsDefaultToNone() {
        Pod pod = pod("Pending", 1).build();
        assertThat(PodPrinter.row(pod, NOW).cells().subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
        Pod placed = pod("Running", 1).editSpec().withNodeName("minikube-m02").addNewReadinessGate()
                .withConditionType("example.com/ready").endReadinessGate().endSpec()
                .editStatus().addNewPodIP("10.244.1.5").withPodIP("10.244.1.5").endStatus().build();
        assertThat(PodPrinter.row(placed, NOW).cells().subList(5, 9))
                .containsExactly("10.244.1.5", "minikube-m02", "<none>", "0/1");
    }

    @Test
    void finishedPodsCarryTheCompletedRowCondition() {
        Pod done = pod("Succeeded", 1).build();
        assertThat(PodPrinter.row(done, NOW).conditions()).extracting(Row.RowCondition::reason).containsExactly("Succeeded");
        assertThat(PodPrinter.row(pod("Running", 1).build(), NOW).conditions()).isEmpty();
    }
}
