package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.deployment.util.PodTemplateHash;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentControllerTest {
    static final String NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
              labels:
                app: nginx
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: nginx
              template:
                metadata:
                  labels:
                    app: nginx
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.14.2
                    ports:
                    - containerPort: 80
            """;

    final ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());

    @Test
    void createsTheReplicaSetAsKubectlExpectsIt() {
        Deployment d = kit.create(NGINX);
        kit.settle();

        List<ReplicaSet> rss = kit.replicaSets();
        assertThat(rss).hasSize(1);
        ReplicaSet rs = rss.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(hash).matches("[456789bcdf]{1,10}");
        assertThat(rs.getMetadata().getName()).isEqualTo("nginx-deployment-" + hash);
        assertThat(rs.getMetadata().getLabels()).isEqualTo(Map.of("app", "nginx", "pod-template-hash", hash));
        assertThat(rs.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "nginx", "pod-template-hash", hash));
        assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        OwnerReference ref = rs.getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
        assertThat(ref.getKind()).isEqualTo("Deployment");
        assertThat(ref.getName()).isEqualTo("nginx-deployment");
        assertThat(ref.getUid()).isEqualTo(d.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();

        // The RS template is the Deployment's verbatim plus the label, so that describe's
        // client-side deep equality (ignoring the label) finds it as NewReplicaSet.
        var expected = Kube.tree(kit.deployment("nginx-deployment").getSpec().getTemplate()).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("metadata").get("labels")).put("pod-template-hash", hash);
        assertThat(Kube.tree(rs.getSpec().getTemplate())).isEqualTo(expected);

        assertThat(kit.deployment("nginx-deployment").getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(kit.eventMessages("nginx-deployment", "ScalingReplicaSet"))
                .containsExactly("Scaled up replica set " + rs.getMetadata().getName() + " from 0 to 3");
        assertThat(kit.events("nginx-deployment").get(0).getSource().getComponent()).isEqualTo("deployment-controller");
        assertThat(kit.pods("app=nginx")).hasSize(3)
                .allSatisfy(p -> assertThat(p.getMetadata().getName()).startsWith(rs.getMetadata().getName() + "-"));
    }

    @Test
    void statusAndConditionsFollowThePods() {
        kit.create(NGINX);
        kit.settle();
        Deployment d = kit.deployment("nginx-deployment");
        String rsName = kit.replicaSets().get(0).getMetadata().getName();
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(d.getStatus().getReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getReadyReplicas()).isNull(); // omitempty, as the API server writes it
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(3);
        // As `kubectl describe` shows a fresh Deployment: Available False, then Progressing True
        // ReplicaSetUpdated (the pods were created: progress).
        assertThat(types(d)).containsExactly("Available", "Progressing");
        DeploymentCondition available = condition(d, "Available");
        assertThat(available.getStatus()).isEqualTo("False");
        assertThat(available.getReason()).isEqualTo("MinimumReplicasUnavailable");
        assertThat(available.getMessage()).isEqualTo("Deployment does not have minimum availability.");
        DeploymentCondition progressing = condition(d, "Progressing");
        assertThat(progressing.getReason()).isEqualTo("ReplicaSetUpdated");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + rsName + "\" is progressing.");

        kit.clock.advance(java.time.Duration.ofSeconds(5));
        kit.markAllReady("app=nginx");
        kit.settle();
        d = kit.deployment("nginx-deployment");
        assertThat(d.getStatus().getReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isNull();
        assertThat(types(d)).containsExactly("Available", "Progressing");
        available = condition(d, "Available");
        assertThat(available.getStatus()).isEqualTo("True");
        assertThat(available.getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(available.getMessage()).isEqualTo("Deployment has minimum availability.");
        assertThat(available.getLastUpdateTime()).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(available.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:05Z");
        progressing = condition(d, "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("True");
        assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + rsName + "\" has successfully progressed.");
        assertThat(progressing.getLastUpdateTime()).isEqualTo("2026-01-01T00:00:05Z");
        // Progressing stayed True since the ReplicaSet was created: its transition time stays.
        assertThat(progressing.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void adoptsAnOrphanReplicaSetItsSelectorMatchesAndReleasesOneThatNoLongerMatches() {
        Deployment d = kit.create(NGINX);
        kit.settle();
        ReplicaSet own = kit.replicaSets().get(0);
        // Orphan it (as `kubectl delete deploy --cascade=orphan` followed by a re-create would).
        kit.api.modify(ResourceTypes.REPLICASETS, "default", own.getMetadata().getName(), (ReplicaSet rs) -> {
            rs.getMetadata().setOwnerReferences(new ArrayList<>());
            return rs;
        }, false);
        kit.settle();
        ReplicaSet adopted = kit.replicaSet(own.getMetadata().getName());
        assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(d.getMetadata().getUid()));
        assertThat(kit.replicaSets()).hasSize(1);

        // Relabel it so that the Deployment's selector no longer matches: it is let go. Its name
        // is still taken, so the Deployment's new ReplicaSet collides with it: collisionCount
        // goes to 1 and the next hash gives another name.
        kit.api.modify(ResourceTypes.REPLICASETS, "default", own.getMetadata().getName(), (ReplicaSet rs) -> {
            rs.getMetadata().getLabels().put("app", "other");
            return rs;
        }, false);
        kit.settle();
        ReplicaSet released = kit.replicaSet(own.getMetadata().getName());
        assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(kit.deployment("nginx-deployment").getStatus().getCollisionCount()).isEqualTo(1);
        assertThat(kit.replicaSets()).hasSize(2);
        ReplicaSet replacement = kit.replicaSets().stream()
                .filter(r -> !r.getMetadata().getName().equals(own.getMetadata().getName())).findFirst().orElseThrow();
        assertThat(replacement.getMetadata().getName()).isNotEqualTo(own.getMetadata().getName())
                .isEqualTo("nginx-deployment-" + PodTemplateHash.compute(d.getSpec().getTemplate(), 1));
        assertThat(replacement.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(d.getMetadata().getUid());
    }

    @Test
    void handlersMapReplicaSetAndPodEventsToTheDeploymentKey() {
        DeploymentController dc = new DeploymentController();
        ControllerTestKit only = new ControllerTestKit(dc);
        only.create(NGINX);
        only.settle();
        assertThat(dc.queue().isEmpty()).isTrue();
        ReplicaSet rs = only.replicaSets().get(0);
        only.api.modify(ResourceTypes.REPLICASETS, "default", rs.getMetadata().getName(), (ReplicaSet r) -> {
            r.getMetadata().getAnnotations().put("touched", "yes");
            return r;
        }, false);
        assertThat(dc.queue().poll()).isEqualTo("default/nginx-deployment");
        // Pods matter to a RollingUpdate Deployment only through its ReplicaSets' status.
        Pod pod = podOf(rs);
        only.api.create(pod, "default");
        only.api.delete(ResourceTypes.PODS, "default", pod.getMetadata().getName(), null);
        assertThat(dc.queue().isEmpty()).isTrue();
    }

    @Test
    void isWiredIntoEveryClusterBeforeTheOtherComponents() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            assertThat(cluster.components().keySet()).startsWith("deployment-controller", "replicaset-controller");
            cluster.start();
            cluster.apply(NGINX);
            cluster.settle();
            assertThat(cluster.api().<Pod>list(ResourceTypes.PODS, "default")).hasSize(3);
        }
    }

    @Test
    void theReplicaSetTemplateHashesLikeTheDeploymentTemplate() {
        kit.create(NGINX);
        kit.settle();
        ReplicaSet rs = kit.replicaSets().get(0);
        assertThat(PodTemplateHash.compute(kit.deployment("nginx-deployment").getSpec().getTemplate(), null))
                .isEqualTo(rs.getMetadata().getLabels().get("pod-template-hash"));
    }

    static Pod podOf(ReplicaSet rs) {
        Pod pod = new Pod();
        pod.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        pod.getMetadata().setName("stray");
        pod.getMetadata().setLabels(Map.of("app", "nginx", "pod-template-hash", rs.getMetadata().getLabels().get("pod-template-hash")));
        pod.setSpec(Kube.copy(rs.getSpec().getTemplate().getSpec()));
        return pod;
    }

    static List<String> types(Deployment d) {
        return d.getStatus().getConditions().stream().map(DeploymentCondition::getType).toList();
    }

    static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
