package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaSetStatusesTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static ReplicaSet rs(int replicas, int minReadySeconds) {
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(new ObjectMeta());
        rs.getMetadata().setGeneration(4L);
        rs.setSpec(new ReplicaSetSpec());
        rs.getSpec().setReplicas(replicas);
        rs.getSpec().setMinReadySeconds(minReadySeconds);
        PodTemplateSpec t = new PodTemplateSpec();
        t.setMetadata(new ObjectMeta());
        t.getMetadata().setLabels(Map.of("app", "web", "tier", "front"));
        rs.getSpec().setTemplate(t);
        return rs;
    }

    static Pod pod(Map<String, String> labels, Long readySecondsAgo) {
        Pod p = new Pod();
        p.setMetadata(new ObjectMeta());
        p.getMetadata().setLabels(labels);
        PodStatus s = new PodStatus();
        s.setPhase(readySecondsAgo == null ? "Pending" : "Running");
        if (readySecondsAgo != null) {
            s.setConditions(List.of(new PodCondition(null, Kube.timestamp(NOW.minusSeconds(readySecondsAgo)), null, null,
                    null, "True", "Ready")));
        }
        p.setStatus(s);
        return p;
    }

    @Test
    void countsFullyLabeledReadyAndAvailablePods() {
        Map<String, String> all = Map.of("app", "web", "tier", "front", "extra", "x");
        List<Pod> pods = List.of(pod(all, null), pod(all, 30L), pod(all, 3L), pod(Map.of("app", "web"), 60L));
        ReplicaSetStatus s = ReplicaSetStatuses.calculate(rs(4, 10), pods, null, NOW);
        assertThat(s.getReplicas()).isEqualTo(4);
        assertThat(s.getFullyLabeledReplicas()).isEqualTo(3); // the last pod lacks tier=front
        assertThat(s.getReadyReplicas()).isEqualTo(3);
        assertThat(s.getAvailableReplicas()).isEqualTo(2); // ready 3 s ago is not 10 s
    }

    @Test
    void zeroCountsAreLeftOutButReplicasIsAlwaysWritten() {
        ReplicaSetStatus s = ReplicaSetStatuses.calculate(rs(0, 0), List.of(), null, NOW);
        assertThat(s.getReplicas()).isZero();
        assertThat(s.getFullyLabeledReplicas()).isNull();
        assertThat(s.getReadyReplicas()).isNull();
        assertThat(s.getAvailableReplicas()).isNull();
        assertThat(Kube.tree(s).toString()).isEqualTo("{\"replicas\":0}");
    }

    @Test
    void aManageErrorAddsReplicaFailureOnceAndSuccessRemovesIt() {
        ReplicaSet r = rs(3, 0);
        ApiException quota = ApiException.forbidden(ResourceTypes.PODS, "web-", "exceeded quota: q");
        ReplicaSetStatus failed = ReplicaSetStatuses.calculate(r, List.of(), quota, NOW);
        var c = ReplicaSetStatuses.condition(failed, "ReplicaFailure");
        assertThat(c.getReason()).isEqualTo("FailedCreate");
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getMessage()).isEqualTo("pods \"web-\" is forbidden: exceeded quota: q");
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T12:00:00Z");

        r.setStatus(failed);
        ReplicaSetStatus again = ReplicaSetStatuses.calculate(r, List.of(), quota, NOW.plusSeconds(30));
        assertThat(ReplicaSetStatuses.condition(again, "ReplicaFailure").getLastTransitionTime()).isEqualTo("2026-01-01T12:00:00Z");

        r.setStatus(again);
        ReplicaSetStatus ok = ReplicaSetStatuses.calculate(r, List.of(), null, NOW.plusSeconds(60));
        assertThat(ReplicaSetStatuses.condition(ok, "ReplicaFailure")).isNull();

        ReplicaSet tooMany = rs(0, 0);
        var deleteFailure = ReplicaSetStatuses.condition(
                ReplicaSetStatuses.calculate(tooMany, List.of(pod(Map.of(), null)), quota, NOW), "ReplicaFailure");
        assertThat(deleteFailure.getReason()).isEqualTo("FailedDelete");
    }

    @Test
    void anUnchangedStatusOfAnObservedGenerationIsNotWritten() {
        ControllerTestKit kit = new ControllerTestKit();
        kit.create(ReplicaSetControllerTest.FRONTEND);
        ReplicaSet stored = Kube.copy(kit.replicaSet("frontend"));
        ReplicaSetStatus s = ReplicaSetStatuses.calculate(stored, List.of(), null, NOW);
        ReplicaSet written = ReplicaSetStatuses.update(kit.api, stored, s);
        assertThat(written.getStatus().getObservedGeneration()).isEqualTo(1L);
        long revision = kit.store.revision();
        ReplicaSetStatuses.update(kit.api, Kube.copy(written), ReplicaSetStatuses.calculate(written, List.of(), null, NOW));
        assertThat(kit.store.revision()).isEqualTo(revision);
    }
}
