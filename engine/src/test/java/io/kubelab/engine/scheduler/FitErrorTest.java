package io.kubelab.engine.scheduler;

import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FitErrorTest {

    @Test
    void reasonsAreCountedAndSortedAsStrings() {
        List<Status> statuses = new ArrayList<>();
        statuses.add(Status.unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"));
        for (int i = 0; i < 10; i++) {
            statuses.add(Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        }
        for (int i = 0; i < 2; i++) {
            statuses.add(Status.unschedulable("Too many pods"));
        }
        // "10 …" sorts before "2 …": Go's sort.Strings, kept as is.
        assertThat(FitError.message(13, statuses, null, null, null)).isEqualTo("0/13 nodes are available: "
                + "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 10 Insufficient cpu, "
                + "10 Insufficient memory, 2 Too many pods.");
    }

    @Test
    void nodesWithoutAStatusTakeTheAbsentStatusAndThePostFilterMessageFollows() {
        String preemption = "preemption: " + FitError.message(3, List.of(Status.unresolvable("No preemption victims found for incoming pod"),
                Status.unresolvable("No preemption victims found for incoming pod")),
                Status.unresolvable("Preemption is not helpful for scheduling"), null, null);
        assertThat(preemption).isEqualTo("preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
        String msg = FitError.message(3, List.of(Status.unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
                Status.unschedulable("Insufficient cpu"), Status.unschedulable("Insufficient cpu")), null, null, preemption);
        assertThat(msg).isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.");
    }

    @Test
    void aPreFilterRejectionReplacesTheHistogram() {
        assertThat(FitError.message(3, List.of(), null, "pod has unbound immediate PersistentVolumeClaims", null))
                .isEqualTo("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
    }

    @Test
    void longEventMessagesAreCutLikeKubernetes() {
        String longMsg = "x".repeat(2000);
        String cut = Scheduler.truncate(longMsg);
        assertThat(cut).hasSize(1024).endsWith("x ...");
        assertThat(Scheduler.truncate("short")).isEqualTo("short");
    }
}
