package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.deployment.util.PodTemplateHashTest;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackTest {
    final ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());
    String rev1;
    String rev2;

    /** nginx:1.14.2 (revision 1), then `kubectl set image … nginx=nginx:1.16.1` (revision 2), both rolled out. */
    @BeforeEach
    void twoRevisions() {
        kit.create(DeploymentControllerTest.NGINX);
        rollOut();
        rev1 = kit.replicaSets().get(0).getMetadata().getName();
        kit.setImage("nginx-deployment", "nginx", "nginx:1.16.1");
        rollOut();
        rev2 = kit.replicaSets().get(1).getMetadata().getName();
        assertThat(revision(rev1)).isEqualTo("1");
        assertThat(revision(rev2)).isEqualTo("2");
    }

    private void rollOut() {
        kit.settle();
        for (int i = 0; i < 20 && !RollingTest.complete(kit.deployment("nginx-deployment")); i++) {
            kit.markAllReady("app=nginx");
            kit.settle();
        }
        assertThat(RollingTest.complete(kit.deployment("nginx-deployment"))).isTrue();
    }

    private String revision(String rs) {
        return kit.replicaSet(rs).getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }

    @Test
    void kubectlRolloutUndoBringsRevisionOneBackAsRevisionThree() {
        // What `kubectl rollout undo deployment/nginx-deployment` sends: a JSON patch with revision 1's
        // template as Go serializes it (creationTimestamp null, every default, no hash label) and
        // the annotations the Deployment should have.
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + PodTemplateHashTest.AS_KUBECTL_SENDS_IT
                + "},{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{\"deployment.kubernetes.io/revision\":\"2\"}}]";
        kit.patch(ResourceTypes.DEPLOYMENTS, "nginx-deployment", Patches.Type.JSON_PATCH, patch);
        rollOut();

        // The same ReplicaSet is reused, not a third one made.
        List<ReplicaSet> rss = kit.replicaSets();
        assertThat(rss).extracting(r -> r.getMetadata().getName()).containsExactly(rev2, rev1);
        ReplicaSet back = kit.replicaSet(rev1);
        assertThat(back.getSpec().getReplicas()).isEqualTo(3);
        assertThat(back.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(kit.replicaSet(rev2).getSpec().getReplicas()).isZero();
        assertThat(kit.deployment("nginx-deployment").getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(kit.activePods("app=nginx")).hasSize(3).allSatisfy(p -> {
            assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.14.2");
            assertThat(p.getMetadata().getName()).startsWith(rev1 + "-");
        });
        // The Deployment's tenth distinct scaling message goes into client-go's combined event, as
        // `kubectl describe deployment` shows after a rollout and an undo on a real cluster.
        assertThat(kit.eventMessages("nginx-deployment", "ScalingReplicaSet"))
                .contains("Scaled up replica set " + rev1 + " from 0 to 1",
                        "(combined from similar events): Scaled down replica set " + rev2 + " from 1 to 0");
    }

    @Test
    void theDeprecatedRollbackAnnotationRollsBackServerSide() {
        kit.api.modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (io.fabric8.kubernetes.api.model.apps.Deployment d) -> {
            d.getMetadata().getAnnotations().put("deprecated.deployment.rollback.to", "0"); // 0: the previous revision
            return d;
        }, false);
        rollOut();
        var d = kit.deployment("nginx-deployment");
        assertThat(d.getMetadata().getAnnotations()).doesNotContainKey("deprecated.deployment.rollback.to")
                .containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.14.2");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
        assertThat(kit.eventMessages("nginx-deployment", "DeploymentRollback"))
                .containsExactly("Rolled back deployment \"nginx-deployment\" to revision 1");
        assertThat(kit.replicaSets()).hasSize(2);
        assertThat(revision(rev1)).isEqualTo("3");
    }

    @Test
    void rollingBackToTheCurrentTemplateIsAWarningAndNothingElse() {
        kit.api.modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (io.fabric8.kubernetes.api.model.apps.Deployment d) -> {
            d.getMetadata().getAnnotations().put("deprecated.deployment.rollback.to", "2");
            return d;
        }, false);
        kit.settle();
        assertThat(kit.events("nginx-deployment")).filteredOn(e -> e.getReason().equals("DeploymentRollbackTemplateUnchanged"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isEqualTo(
                            "The rollback revision contains the same template as current deployment \"nginx-deployment\"");
                });
        assertThat(kit.deployment("nginx-deployment").getMetadata().getAnnotations())
                .doesNotContainKey("deprecated.deployment.rollback.to");
        assertThat(revision(rev2)).isEqualTo("2");
        List<Pod> pods = kit.activePods("app=nginx");
        assertThat(pods).hasSize(3);
    }

    @Test
    void anUnknownRevisionIsAWarning() {
        kit.api.modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (io.fabric8.kubernetes.api.model.apps.Deployment d) -> {
            d.getMetadata().getAnnotations().put("deprecated.deployment.rollback.to", "7");
            return d;
        }, false);
        kit.settle();
        assertThat(kit.eventMessages("nginx-deployment", "DeploymentRollbackRevisionNotFound"))
                .containsExactly("Unable to find the revision to rollback to.");
        assertThat(kit.deployment("nginx-deployment").getMetadata().getAnnotations())
                .doesNotContainKey("deprecated.deployment.rollback.to");
    }
}
