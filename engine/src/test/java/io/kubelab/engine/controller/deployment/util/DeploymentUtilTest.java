package io.kubelab.engine.controller.deployment.util;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.kubelab.engine.api.RolloutMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentUtilTest {
    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    static IntOrString ios(String v) {
        return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
    }

    static Deployment rolling(int replicas, String surge, String unavailable) {
        Deployment d = new Deployment();
        d.setMetadata(new ObjectMeta());
        d.getMetadata().setName("d");
        d.getMetadata().setGeneration(1L);
        DeploymentSpec spec = new DeploymentSpec();
        spec.setReplicas(replicas);
        spec.setStrategy(new DeploymentStrategy(new RollingUpdateDeployment(ios(surge), ios(unavailable)), "RollingUpdate"));
        spec.setProgressDeadlineSeconds(600);
        d.setSpec(spec);
        d.setStatus(new DeploymentStatus());
        return d;
    }

    static ReplicaSet rs(String name, int replicas, int available, String created) {
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(new ObjectMeta());
        rs.getMetadata().setName(name);
        rs.getMetadata().setUid("uid-" + name);
        rs.getMetadata().setCreationTimestamp(created);
        rs.getMetadata().setAnnotations(new LinkedHashMap<>());
        rs.setSpec(new ReplicaSetSpec());
        rs.getSpec().setReplicas(replicas);
        rs.setStatus(new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus());
        rs.getStatus().setReplicas(replicas);
        rs.getStatus().setAvailableReplicas(available);
        return rs;
    }

    /**
     * The fenceposts: surge rounds up, unavailable rounds down, and both 0 makes unavailable 1.
     * The last six rows are the examples of upstream's ResolveFenceposts comment.
     */
    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2} → {3} surge, {4} unavailable")
    @CsvSource({
            "2,  25%, 25%, 1, 0",   // kubectl create deployment defaults, 2 replicas: one extra pod at a time
            "4,  25%, 25%, 1, 1",
            "10, 25%, 25%, 3, 2",   // ceil(2.5) = 3, floor(2.5) = 2
            "10, 3,   2,   3, 2",   // rolling.go's worked example
            "1,  25%, 25%, 1, 0",
            "2,  0%,  1%,  0, 1",   // old(-1), new(+1), old(-1), new(+1)
            "1,  0%,  1%,  0, 1",   // old(-1), new(+1)
            "2,  1%,  25%, 1, 0",   // new(+1), old(-1), new(+1), old(-1)
            "1,  1%,  25%, 1, 0",   // new(+1), old(-1)
            "2,  1%,  0%,  1, 0",
            "1,  1%,  0%,  1, 0",
    })
    void fenceposts(int replicas, String surge, String unavailable, int expectedSurge, int expectedUnavailable) {
        assertThat(RolloutMath.fenceposts(ios(surge), ios(unavailable), replicas)).containsExactly(expectedSurge, expectedUnavailable);
        Deployment d = rolling(replicas, surge, unavailable);
        assertThat(DeploymentUtil.maxSurge(d)).isEqualTo(expectedSurge);
        assertThat(DeploymentUtil.maxUnavailable(d)).isEqualTo(expectedUnavailable);
        assertThat(DeploymentUtil.minAvailable(d)).isEqualTo(replicas - expectedUnavailable);
    }

    /** NewRSNewReplicas, 10 replicas, maxSurge 3: grow as far as 13 desired pods allow, up to 10. */
    @ParameterizedTest(name = "old {0} + new {1} → new may be {2}")
    @CsvSource({"10, 0, 3", "8, 3, 5", "10, 3, 3", "5, 5, 8", "0, 8, 10", "3, 10, 10"})
    void newReplicaSetGrowsWithinTheSurge(int old, int current, int expected) {
        Deployment d = rolling(10, "3", "2");
        ReplicaSet oldRS = rs("old", old, old, "2026-01-01T00:00:00Z");
        ReplicaSet newRS = rs("new", current, 0, "2026-01-01T00:01:00Z");
        assertThat(DeploymentUtil.newRSNewReplicas(d, List.of(oldRS, newRS), newRS)).isEqualTo(expected);
    }

    @Test
    void proportionsOfAScaleMidRollout() {
        // The docs' example: 10 replicas, maxSurge 3, maxUnavailable 2; mid-rollout old 8 and new 5
        // (both annotated max-replicas 13); scaled to 15: 5 more, 3 to old and 2 to new.
        Deployment d = rolling(15, "3", "2");
        ReplicaSet old = rs("old", 8, 8, "2026-01-01T00:00:00Z");
        ReplicaSet neu = rs("new", 5, 0, "2026-01-01T00:01:00Z");
        DeploymentUtil.setReplicasAnnotations(old, 10, 13);
        DeploymentUtil.setReplicasAnnotations(neu, 10, 13);
        int toOld = DeploymentUtil.proportion(old, d, 5, 0);
        int toNew = DeploymentUtil.proportion(neu, d, 5, toOld);
        assertThat(toOld).isEqualTo(3);
        assertThat(toNew).isEqualTo(2);
        // Scaling to 0: each ReplicaSet gives all it has.
        Deployment zero = rolling(0, "3", "2");
        assertThat(DeploymentUtil.proportion(old, zero, -13, 0)).isEqualTo(-8);
    }

    @Test
    void aRollbackRaisesTheRevisionAndKeepsTheOldOneInTheHistory() {
        Deployment d = rolling(3, "25%", "25%");
        d.getMetadata().setAnnotations(Map.of("kubernetes.io/change-cause", "undo",
                "kubectl.kubernetes.io/last-applied-configuration", "{}", "deployment.kubernetes.io/revision", "2"));
        ReplicaSet r1 = rs("r1", 0, 0, "2026-01-01T00:00:00Z");
        r1.getMetadata().getAnnotations().put(DeploymentUtil.REVISION_ANNOTATION, "1");
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, r1, "3", true, 2000)).isTrue();
        assertThat(r1.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1")
                .containsEntry("kubernetes.io/change-cause", "undo")
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
        // Back to it again later: revision 5, history "1,3".
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, r1, "5", true, 2000)).isTrue();
        assertThat(r1.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "5")
                .containsEntry("deployment.kubernetes.io/revision-history", "1,3");
        // A lower revision never replaces a higher one (10 > 9 numerically, not as text).
        r1.getMetadata().getAnnotations().put(DeploymentUtil.REVISION_ANNOTATION, "10");
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, r1, "9", true, 2000)).isFalse();
    }

    @Test
    void aNewReplicaSetGetsItsReplicaAnnotations() {
        Deployment d = rolling(10, "3", "2");
        ReplicaSet r = rs("r", 0, 0, "2026-01-01T00:00:00Z");
        DeploymentUtil.setNewReplicaSetAnnotations(d, r, "1", false, 2000);
        assertThat(r.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "10")
                .containsEntry("deployment.kubernetes.io/max-replicas", "13");
    }

    @Test
    void revisions() {
        ReplicaSet a = rs("a", 0, 0, "2026-01-01T00:00:00Z");
        ReplicaSet b = rs("b", 0, 0, "2026-01-01T00:00:00Z");
        ReplicaSet c = rs("c", 0, 0, "2026-01-01T00:00:00Z");
        a.getMetadata().getAnnotations().put(DeploymentUtil.REVISION_ANNOTATION, "2");
        b.getMetadata().getAnnotations().put(DeploymentUtil.REVISION_ANNOTATION, "10");
        c.getMetadata().getAnnotations().put(DeploymentUtil.REVISION_ANNOTATION, "x");
        assertThat(DeploymentUtil.maxRevision(List.of(a, b, c))).isEqualTo(10);
        assertThat(DeploymentUtil.lastRevision(List.of(a, b, c))).isEqualTo(2);
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        DeploymentStatus s = new DeploymentStatus();
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "True", "NewReplicaSetCreated", "m1", T0));
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "True", "NewReplicaSetCreated", "m2",
                T0.plusSeconds(5)));
        assertThat(s.getConditions()).singleElement().satisfies(c -> assertThat(c.getMessage()).isEqualTo("m1"));
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "True", "NewReplicaSetAvailable", "m3",
                T0.plusSeconds(9)));
        DeploymentCondition c = DeploymentUtil.condition(s, "Progressing");
        assertThat(c.getLastUpdateTime()).isEqualTo("2026-01-01T12:00:09Z");
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T12:00:00Z");
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "False", "ProgressDeadlineExceeded", "m4",
                T0.plusSeconds(20)));
        assertThat(DeploymentUtil.condition(s, "Progressing").getLastTransitionTime()).isEqualTo("2026-01-01T12:00:20Z");
    }

    @ParameterizedTest(name = "last progress {0} s before, deadline 600 → timed out: {1}")
    @CsvSource({"599, false", "600, false", "601, true"})
    void theDeadlineIsExceededStrictlyAfterIt(long secondsSince, boolean timedOut) {
        Deployment d = rolling(3, "25%", "25%");
        DeploymentStatus s = new DeploymentStatus();
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "True", "ReplicaSetUpdated", "m", T0));
        assertThat(DeploymentUtil.deploymentTimedOut(d, s, T0.plusSeconds(secondsSince))).isEqualTo(timedOut);
    }

    @Test
    void aFinishedRolloutNeverTimesOut() {
        Deployment d = rolling(3, "25%", "25%");
        DeploymentStatus s = new DeploymentStatus();
        DeploymentUtil.setCondition(s, DeploymentUtil.newCondition("Progressing", "True", "NewReplicaSetAvailable", "m", T0));
        assertThat(DeploymentUtil.deploymentTimedOut(d, s, T0.plusSeconds(10_000))).isFalse();
    }

    @Test
    void replicaSetOrders() {
        ReplicaSet older = rs("b-older", 3, 3, "2026-01-01T00:00:00Z");
        ReplicaSet newer = rs("a-newer", 3, 3, "2026-01-01T00:05:00Z");
        ReplicaSet big = rs("c-big", 5, 5, "2026-01-01T00:03:00Z");
        List<ReplicaSet> l = new java.util.ArrayList<>(List.of(older, newer, big));
        l.sort(DeploymentUtil.BY_SIZE_NEWER);
        assertThat(l).extracting(r -> r.getMetadata().getName()).containsExactly("c-big", "a-newer", "b-older");
        l.sort(DeploymentUtil.BY_SIZE_OLDER);
        assertThat(l).extracting(r -> r.getMetadata().getName()).containsExactly("c-big", "b-older", "a-newer");
        l.sort(DeploymentUtil.BY_CREATION_TIMESTAMP);
        assertThat(l).extracting(r -> r.getMetadata().getName()).containsExactly("b-older", "c-big", "a-newer");
    }
}
