package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    final ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());

    private DeploymentCondition progressing() {
        return DeploymentUtil.condition(kit.deployment("nginx-deployment").getStatus(), "Progressing");
    }

    @Test
    void aRolloutThatNeverBecomesAvailableExceedsItsDeadline() {
        kit.create(DeploymentControllerTest.NGINX.replace("  replicas: 3", "  replicas: 3\n  progressDeadlineSeconds: 60"));
        kit.settle();
        kit.markAllReady("app=nginx");
        kit.settle();
        kit.clock.advance(Duration.ofSeconds(100));
        kit.setImage("nginx-deployment", "nginx", "nginx:no-such-tag"); // its pods never become ready
        kit.settle();
        String neu = kit.replicaSets().get(1).getMetadata().getName();
        assertThat(progressing().getReason()).isEqualTo("ReplicaSetUpdated");
        assertThat(progressing().getLastUpdateTime()).isEqualTo("2026-01-01T00:01:40Z");

        // No progress for 60 s is not yet "more than 60 s".
        kit.advance(Duration.ofSeconds(60));
        assertThat(progressing().getReason()).isEqualTo("ReplicaSetUpdated");
        // The requeue of requeueStuckDeployment (deadline + 1 s) finds it timed out.
        kit.advance(Duration.ofSeconds(1));
        DeploymentCondition c = progressing();
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(c.getMessage()).isEqualTo("ReplicaSet \"" + neu + "\" has timed out progressing.");
        assertThat(c.getLastUpdateTime()).isEqualTo("2026-01-01T00:02:41Z");
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:02:41Z");
        // The rollout stays where it was: 3 old + 1 new, as kubectl rollout status reports the failure.
        assertThat(kit.activePods("app=nginx")).hasSize(4);
        // Still available: the old pods serve.
        assertThat(DeploymentUtil.condition(kit.deployment("nginx-deployment").getStatus(), "Available").getStatus())
                .isEqualTo("True");

        // Once the pods do become ready, the rollout completes and the condition recovers.
        kit.markAllReady("app=nginx");
        kit.settle();
        for (int i = 0; i < 10; i++) {
            kit.markAllReady("app=nginx");
            kit.settle();
        }
        assertThat(progressing().getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing().getStatus()).isEqualTo("True");
    }

    @Test
    void progressRestartsTheDeadlineClock() {
        kit.create(DeploymentControllerTest.NGINX.replace("  replicas: 3", "  replicas: 3\n  progressDeadlineSeconds: 60"));
        kit.settle();
        kit.advance(Duration.ofSeconds(50));
        kit.markReady(kit.pods("app=nginx").get(0)); // progress at 00:00:50
        kit.settle();
        assertThat(progressing().getLastUpdateTime()).isEqualTo("2026-01-01T00:00:50Z");
        assertThat(progressing().getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        kit.advance(Duration.ofSeconds(60));
        assertThat(progressing().getReason()).isEqualTo("ReplicaSetUpdated");
        kit.advance(Duration.ofSeconds(1));
        assertThat(progressing().getReason()).isEqualTo("ProgressDeadlineExceeded");
    }

    @Test
    void aPausedDeploymentDoesNotTimeOut() {
        kit.create(DeploymentControllerTest.NGINX.replace("  replicas: 3", "  replicas: 3\n  progressDeadlineSeconds: 60"));
        kit.settle();
        kit.patch(ResourceTypes.DEPLOYMENTS, "nginx-deployment", io.kubelab.engine.api.Patches.Type.MERGE_PATCH,
                "{\"spec\":{\"paused\":true}}");
        kit.advance(Duration.ofMinutes(10));
        assertThat(progressing().getReason()).isEqualTo("DeploymentPaused");
        // Resumed: the deadline counts from the resume (00:10:00), not from the creation.
        kit.patch(ResourceTypes.DEPLOYMENTS, "nginx-deployment", io.kubelab.engine.api.Patches.Type.MERGE_PATCH,
                "{\"spec\":{\"paused\":false}}");
        kit.settle();
        assertThat(progressing().getReason()).isEqualTo("DeploymentResumed");
        assertThat(progressing().getMessage()).isEqualTo("Deployment is resumed");
        kit.advance(Duration.ofSeconds(60));
        assertThat(progressing().getReason()).isEqualTo("DeploymentResumed");
        kit.advance(Duration.ofSeconds(1));
        assertThat(progressing().getReason()).isEqualTo("ProgressDeadlineExceeded");
    }

    @Test
    void aReplicaSetFailureShowsOnTheDeployment() {
        // Only the Deployment controller runs, so that nobody clears the failure seeded below.
        DeploymentController only = new DeploymentController();
        ControllerTestKit quiet = new ControllerTestKit(only);
        quiet.create(DeploymentControllerTest.NGINX);
        quiet.settle();
        ReplicaSet r = Kube.copy(quiet.replicaSets().get(0));
        r.getStatus().setConditions(List.of(new ReplicaSetCondition("2026-01-01T00:00:00Z",
                "pods \"x-\" is forbidden: exceeded quota", "FailedCreate", "True", "ReplicaFailure")));
        quiet.api.updateStatus(r);
        quiet.settle();
        Deployment d = quiet.deployment("nginx-deployment");
        DeploymentCondition f = DeploymentUtil.condition(d.getStatus(), "ReplicaFailure");
        assertThat(f.getStatus()).isEqualTo("True");
        assertThat(f.getReason()).isEqualTo("FailedCreate");
        assertThat(f.getMessage()).isEqualTo("pods \"x-\" is forbidden: exceeded quota");
    }
}
