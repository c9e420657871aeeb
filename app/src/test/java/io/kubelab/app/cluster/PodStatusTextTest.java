package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Worked examples of kubectl's STATUS column (printPod), one per state a student meets. */
class PodStatusTextTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("not scheduled yet", pod("Pending", null, List.of(), List.of(), false), "Pending", PodStatusText.Category.PENDING),
                Arguments.of("image being pulled", pod("Pending", null, List.of(), List.of(waiting("main", "ContainerCreating")), false),
                        "ContainerCreating", PodStatusText.Category.CREATING),
                Arguments.of("running and ready", pod("Running", null, List.of(), List.of(running("main", true)), false),
                        "Running", PodStatusText.Category.RUNNING),
                Arguments.of("the container's waiting reason beats the phase",
                        pod("Running", null, List.of(), List.of(waiting("main", "CrashLoopBackOff")), false),
                        "CrashLoopBackOff", PodStatusText.Category.FAILED),
                Arguments.of("the first container's reason wins (last one looked at)",
                        pod("Pending", null, List.of(), List.of(waiting("a", "ErrImagePull"), waiting("b", "ContainerCreating")), false),
                        "ErrImagePull", PodStatusText.Category.FAILED),
                Arguments.of("a job that finished", pod("Succeeded", null, List.of(), List.of(terminated("main", 0, "Completed", 0)), false),
                        "Completed", PodStatusText.Category.COMPLETED),
                Arguments.of("a crash with a reason", pod("Failed", null, List.of(), List.of(terminated("main", 1, "Error", 0)), false),
                        "Error", PodStatusText.Category.FAILED),
                Arguments.of("a crash without a reason prints the exit code",
                        pod("Failed", null, List.of(), List.of(terminated("main", 137, null, 0)), false), "ExitCode:137",
                        PodStatusText.Category.FAILED),
                Arguments.of("killed by a signal", pod("Failed", null, List.of(), List.of(terminated("main", 0, null, 9)), false),
                        "Signal:9", PodStatusText.Category.FAILED),
                Arguments.of("one container done, one running and ready: Running",
                        pod("Running", null, List.of(), List.of(terminated("a", 0, "Completed", 0), running("b", true)), true),
                        "Running", PodStatusText.Category.RUNNING),
                Arguments.of("one container done, one running, pod not ready: NotReady",
                        pod("Running", null, List.of(), List.of(running("b", true), terminated("a", 0, "Completed", 0)), false),
                        "NotReady", PodStatusText.Category.CREATING),
                Arguments.of("init container not started", pod("Pending", null, List.of(waiting("init", "PodInitializing")), List.of(), false),
                        "Init:0/1", PodStatusText.Category.CREATING),
                Arguments.of("init container crashing", pod("Pending", null, List.of(waiting("init", "CrashLoopBackOff")), List.of(), false),
                        "Init:CrashLoopBackOff", PodStatusText.Category.FAILED),
                Arguments.of("init container failed without reason", pod("Pending", null, List.of(terminated("init", 2, null, 0)), List.of(), false),
                        "Init:ExitCode:2", PodStatusText.Category.FAILED),
                Arguments.of("being deleted", deleting(pod("Running", null, List.of(), List.of(running("main", true)), true), null),
                        "Terminating", PodStatusText.Category.TERMINATING),
                Arguments.of("deleted on an unreachable node", deleting(pod("Running", "NodeLost", List.of(), List.of(running("main", true)), true), null),
                        "Unknown", PodStatusText.Category.UNKNOWN),
                Arguments.of("a finished pod being deleted keeps its status",
                        deleting(pod("Succeeded", null, List.of(), List.of(terminated("main", 0, "Completed", 0)), false), null),
                        "Completed", PodStatusText.Category.COMPLETED),
                Arguments.of("evicted", pod("Failed", "Evicted", List.of(), List.of(), false), "Evicted", PodStatusText.Category.FAILED));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("examples")
    void statusColumn(String why, Pod pod, String expected, PodStatusText.Category category) {
        assertThat(PodStatusText.of(pod)).isEqualTo(expected);
        assertThat(PodStatusText.category(PodStatusText.of(pod))).isEqualTo(category);
    }

    @org.junit.jupiter.api.Test
    void readyAndRestartsColumns() {
        Pod p = pod("Running", null, List.of(), List.of(running("a", true), new ContainerStatusBuilder(waiting("b", "CrashLoopBackOff"))
                .withRestartCount(4).build()), false);
        p.getSpec().getContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("a").build());
        p.getSpec().getContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("b").build());
        assertThat(PodStatusText.ready(p)).isEqualTo("1/2");
        assertThat(PodStatusText.restarts(p)).isEqualTo(4);
    }

    static Pod pod(String phase, String reason, List<ContainerStatus> inits, List<ContainerStatus> containers, boolean ready) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withPhase(phase).withReason(reason).withInitContainerStatuses(inits)
                .withContainerStatuses(containers)
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build())
                .endStatus();
        for (ContainerStatus i : inits) {
            b.editSpec().addNewInitContainer().withName(i.getName()).endInitContainer().endSpec();
        }
        return b.build();
    }

    static Pod deleting(Pod p, String unused) {
        p.getMetadata().setDeletionTimestamp("2026-01-01T00:00:30Z");
        return p;
    }

    static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build()).build();
    }

    static ContainerStatus running(String name, boolean ready) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build();
    }

    static ContainerStatus terminated(String name, int exit, String reason, int signal) {
        return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exit).withReason(reason)
                        .withSignal(signal == 0 ? null : signal).endTerminated().build()).build();
    }
}
