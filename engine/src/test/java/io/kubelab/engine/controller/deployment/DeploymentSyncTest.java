package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentSyncTest {
    final ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());

    private void rollOut(String name, String selector) {
        kit.settle();
        for (int i = 0; i < 30 && !RollingTest.complete(kit.deployment(name)); i++) {
            kit.markAllReady(selector);
            kit.settle();
        }
        assertThat(RollingTest.complete(kit.deployment(name))).as("rolled out").isTrue();
    }

    @Test
    void scalingWithoutARolloutScalesTheOneReplicaSet() {
        kit.create(DeploymentControllerTest.NGINX);
        rollOut("nginx-deployment", "app=nginx");
        String rs = kit.replicaSets().get(0).getMetadata().getName();
        kit.scale("nginx-deployment", 5);
        kit.settle();
        assertThat(kit.replicaSet(rs).getSpec().getReplicas()).isEqualTo(5);
        assertThat(kit.replicaSet(rs).getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "5")
                .containsEntry("deployment.kubernetes.io/max-replicas", "7"); // 5 + ceil(25% of 5)
        kit.scale("nginx-deployment", 1);
        kit.settle();
        assertThat(kit.activePods("app=nginx")).hasSize(1);
        assertThat(kit.eventMessages("nginx-deployment", "ScalingReplicaSet")).containsExactly(
                "Scaled up replica set " + rs + " from 0 to 3",
                "Scaled up replica set " + rs + " from 3 to 5",
                "Scaled down replica set " + rs + " from 5 to 1");
        assertThat(kit.replicaSets()).hasSize(1); // a scale is no new revision
    }

    /**
     * The Kubernetes docs' proportional scaling example: 10 replicas, maxSurge 3, maxUnavailable 2;
     * a rollout to an image that never starts is stuck at old 8 + new 5; scaling to 15 adds the 5
     * new replicas in proportion: 3 to the old ReplicaSet, 2 to the new one.
     */
    @Test
    void aScaleMidRolloutIsSpreadInProportion() {
        kit.create(RollingTest.deployment(10, "3", "2"));
        rollOut("web", "app=web");
        String old = kit.replicaSets().get(0).getMetadata().getName();
        kit.setImage("web", "web", "nginx:sometag"); // its pods never become ready
        kit.settle();
        String neu = kit.replicaSets().get(1).getMetadata().getName();
        assertThat(kit.replicaSet(old).getSpec().getReplicas()).isEqualTo(8);
        assertThat(kit.replicaSet(neu).getSpec().getReplicas()).isEqualTo(5);

        kit.scale("web", 15);
        kit.settle();
        assertThat(kit.replicaSet(old).getSpec().getReplicas()).isEqualTo(11);
        assertThat(kit.replicaSet(neu).getSpec().getReplicas()).isEqualTo(7);
        assertThat(kit.activePods("app=web")).hasSize(18);
        List<String> events = kit.eventMessages("web", "ScalingReplicaSet");
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
                "Scaled up replica set " + old + " from 8 to 11",
                "Scaled up replica set " + neu + " from 5 to 7");
        assertThat(kit.replicaSet(neu).getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "15")
                .containsEntry("deployment.kubernetes.io/max-replicas", "18");

        // Scaling back down to 10 takes from the larger (older) ones first, in proportion again.
        kit.scale("web", 10);
        kit.settle();
        assertThat(kit.replicaSet(old).getSpec().getReplicas() + kit.replicaSet(neu).getSpec().getReplicas()).isEqualTo(13);
        assertThat(kit.replicaSet(old).getSpec().getReplicas()).isEqualTo(8);
    }

    @Test
    void oldReplicaSetsBeyondTheRevisionHistoryLimitAreDeleted() {
        kit.create(RollingTest.deployment(2, "25%", "25%").replace("  replicas: 2", "  replicas: 2\n  revisionHistoryLimit: 1"));
        rollOut("web", "app=web");
        for (String tag : List.of("1.25", "1.26", "1.27")) {
            kit.setImage("web", "web", "nginx:" + tag);
            rollOut("web", "app=web");
        }
        kit.settle();
        List<ReplicaSet> rss = kit.replicaSets();
        // Revisions 1 and 2 are gone; 3 is kept as history (limit 1), 4 is current.
        assertThat(rss).extracting(r -> r.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
                .containsExactly("3", "4");
        assertThat(rss.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollOut() {
        kit.create(DeploymentControllerTest.NGINX);
        rollOut("nginx-deployment", "app=nginx");
        List<String> progressing = new ArrayList<>();
        kit.store.watch(ResourceTypes.DEPLOYMENTS, kit.store.revision(), o -> true, e -> {
            var c = DeploymentUtil.condition(((Deployment) e.object()).getStatus(), "Progressing");
            String s = c == null ? "none" : c.getStatus() + "/" + c.getReason();
            if (progressing.isEmpty() || !progressing.get(progressing.size() - 1).equals(s)) {
                progressing.add(s);
            }
        });
        String old = kit.replicaSets().get(0).getMetadata().getName();

        // kubectl rollout pause
        kit.patch(ResourceTypes.DEPLOYMENTS, "nginx-deployment", Patches.Type.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"paused\":true}}");
        kit.settle();
        var c = DeploymentUtil.condition(kit.deployment("nginx-deployment").getStatus(), "Progressing");
        assertThat(c.getStatus()).isEqualTo("Unknown");
        assertThat(c.getReason()).isEqualTo("DeploymentPaused");
        assertThat(c.getMessage()).isEqualTo("Deployment is paused");

        kit.setImage("nginx-deployment", "nginx", "nginx:1.16.1");
        kit.scale("nginx-deployment", 5);
        kit.settle();
        assertThat(kit.replicaSets()).hasSize(1);
        assertThat(kit.replicaSet(old).getSpec().getReplicas()).isEqualTo(5);
        Deployment d = kit.deployment("nginx-deployment");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(d.getStatus().getUpdatedReplicas()).isNull(); // 0: no new ReplicaSet while paused

        // kubectl rollout resume
        kit.patch(ResourceTypes.DEPLOYMENTS, "nginx-deployment", Patches.Type.STRATEGIC_MERGE_PATCH, "{\"spec\":{\"paused\":null}}");
        rollOut("nginx-deployment", "app=nginx");
        assertThat(kit.replicaSets()).hasSize(2);
        assertThat(kit.activePods("app=nginx")).hasSize(5)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.16.1"));
        assertThat(progressing).containsSubsequence("Unknown/DeploymentPaused", "Unknown/DeploymentResumed",
                "True/NewReplicaSetCreated", "True/NewReplicaSetAvailable");
    }

    @Test
    void aDeploymentThatSelectsNothingInParticularIsRefused() {
        // Validation forbids an empty selector; one seeded behind its back gets the upstream warning.
        Deployment d = kit.create(DeploymentControllerTest.NGINX);
        kit.settle();
        Deployment bad = io.kubelab.engine.model.Kube.copy(kit.deployment("nginx-deployment"));
        bad.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelector());
        kit.store.update(bad);
        kit.settle();
        assertThat(kit.eventMessages("nginx-deployment", "SelectingAll"))
                .containsExactly("This deployment is selecting all pods. A non-empty selector is required.");
        assertThat(d.getMetadata().getUid()).isNotNull();
    }
}
