package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecreateTest {
    static final String RECREATE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db}
            spec:
              replicas: 3
              strategy: {type: Recreate}
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: "postgres:15"}]
            """;

    final ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());

    /** Pods of both templates at once, seen at any pod change: must never happen with Recreate. */
    final List<String> overlaps = new ArrayList<>();

    @Test
    void oldPodsAreAllGoneBeforeTheNewReplicaSetIsEvenCreated() {
        kit.create(RECREATE);
        kit.settle();
        for (Pod p : kit.pods("app=db")) {
            kit.bind(p, "minikube"); // bound pods terminate gracefully: the kubelet must finish them
        }
        kit.markAllReady("app=db");
        kit.settle();
        String old = kit.replicaSets().get(0).getMetadata().getName();
        kit.store.watch(ResourceTypes.PODS, kit.store.revision(), o -> true, e -> {
            List<String> images = kit.pods("app=db").stream()
                    .map(p -> p.getSpec().getContainers().get(0).getImage()).distinct().toList();
            if (images.size() > 1) {
                overlaps.add(e.type() + " " + e.object().getMetadata().getName() + ": " + images);
            }
        });

        kit.setImage("db", "db", "postgres:16");
        kit.settle();
        // Old scaled to 0, its pods terminating, and no new ReplicaSet yet.
        assertThat(kit.replicaSets()).hasSize(1);
        assertThat(kit.replicaSet(old).getSpec().getReplicas()).isZero();
        List<Pod> terminating = kit.pods("app=db");
        assertThat(terminating).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());

        // The kubelet finishes two of them: still waiting.
        kit.finishTermination(terminating.get(0));
        kit.finishTermination(terminating.get(1));
        kit.settle();
        assertThat(kit.replicaSets()).hasSize(1);

        // The last one goes: the pod deletion wakes the Deployment, which now scales the new one up.
        kit.finishTermination(terminating.get(2));
        kit.settle();
        List<ReplicaSet> rss = kit.replicaSets();
        assertThat(rss).hasSize(2);
        ReplicaSet neu = rss.get(1);
        assertThat(neu.getSpec().getReplicas()).isEqualTo(3);
        assertThat(kit.pods("app=db")).hasSize(3)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("postgres:16"));
        assertThat(kit.eventMessages("db", "ScalingReplicaSet")).containsExactly(
                "Scaled up replica set " + old + " from 0 to 3",
                "Scaled down replica set " + old + " from 3 to 0",
                "Scaled up replica set " + neu.getMetadata().getName() + " from 0 to 3");
        assertThat(overlaps).isEmpty();

        kit.markAllReady("app=db");
        kit.settle();
        var progressing = DeploymentControllerTest.condition(kit.deployment("db"), "Progressing");
        assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        // Recreate has no maxUnavailable: Available needs all 3 (0 unavailable allowed).
        assertThat(DeploymentControllerTest.condition(kit.deployment("db"), "Available").getStatus()).isEqualTo("True");
    }

    @Test
    void theNewReplicaSetStartsWithAllReplicasAtOnce() {
        kit.create(RECREATE);
        kit.settle();
        kit.markAllReady("app=db");
        kit.settle();
        kit.setImage("db", "db", "postgres:16");
        kit.settle(); // unbound pods are deleted at once, so the new ReplicaSet follows in the same round
        List<ReplicaSet> rss = kit.replicaSets();
        assertThat(rss).hasSize(2);
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
        assertThat(rss.get(1).getSpec().getReplicas()).isEqualTo(3);
        assertThat(rss.get(1).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/max-replicas", "3");
        assertThat(DeploymentControllerTest.condition(kit.deployment("db"), "Available").getStatus()).isEqualTo("False");
    }
}
