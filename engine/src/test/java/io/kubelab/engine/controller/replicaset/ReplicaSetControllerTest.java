package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaSetControllerTest {
    static final String FRONTEND = """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: frontend
            spec:
              replicas: 3
              selector:
                matchLabels:
                  tier: frontend
              template:
                metadata:
                  labels:
                    tier: frontend
                    app: guestbook
                  annotations:
                    team: web
                spec:
                  containers:
                  - name: php-redis
                    image: gcr.io/google_samples/gb-frontend:v3
            """;

    final ReplicaSetController rsc = new ReplicaSetController();
    final ControllerTestKit kit = new ControllerTestKit(rsc);

    @Test
    void createsPodsNamedAfterItWithTemplateLabelsAndAControllerReference() {
        ReplicaSet rs = kit.create(FRONTEND);
        kit.settle();

        List<Pod> pods = kit.pods("tier=frontend");
        assertThat(pods).hasSize(3);
        for (Pod p : pods) {
            // generateName "frontend-" plus 5 characters of Kubernetes' alphabet (no vowels).
            assertThat(p.getMetadata().getName()).matches("frontend-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("frontend-");
            assertThat(p.getMetadata().getLabels()).isEqualTo(Map.of("tier", "frontend", "app", "guestbook"));
            assertThat(p.getMetadata().getAnnotations()).isEqualTo(Map.of("team", "web"));
            OwnerReference ref = p.getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getName()).isEqualTo("frontend");
            assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
            assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("gcr.io/google_samples/gb-frontend:v3");
        }
        assertThat(kit.eventMessages("frontend", "SuccessfulCreate")).containsExactlyInAnyOrderElementsOf(
                pods.stream().map(p -> "Created pod: " + p.getMetadata().getName()).toList());
        Event e = kit.events("frontend").get(0);
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("ReplicaSet");

        ReplicaSet after = kit.replicaSet("frontend");
        assertThat(after.getStatus().getReplicas()).isEqualTo(3);
        assertThat(after.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
        assertThat(after.getStatus().getReadyReplicas()).isNull();
        assertThat(after.getStatus().getAvailableReplicas()).isNull();
        assertThat(after.getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void scalingDownDeletesPodsWithSuccessfulDeleteEvents() {
        kit.create(FRONTEND);
        kit.settle();
        kit.markReady(kit.pods("tier=frontend").get(0));
        kit.settle();
        kit.api.modify(ResourceTypes.REPLICASETS, "default", "frontend", (ReplicaSet rs) -> {
            rs.getSpec().setReplicas(1);
            return rs;
        }, false);
        kit.settle();

        List<Pod> left = kit.pods("tier=frontend");
        assertThat(left).hasSize(1);
        // Not-ready pods go first: the ready one is kept.
        assertThat(left.get(0).getStatus().getPhase()).isEqualTo("Running");
        assertThat(kit.eventMessages("frontend", "SuccessfulDelete")).hasSize(2)
                .allSatisfy(m -> assertThat(m).matches("Deleted pod: frontend-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        ReplicaSet rs = kit.replicaSet("frontend");
        assertThat(rs.getStatus().getReplicas()).isEqualTo(1);
        assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void replacesADeletedPodAndATerminatingOneAtOnce() {
        kit.create(FRONTEND);
        kit.settle();
        List<Pod> pods = kit.pods("tier=frontend");
        kit.api.delete(ResourceTypes.PODS, "default", pods.get(0).getMetadata().getName(), null);
        kit.settle();
        assertThat(kit.pods("tier=frontend")).hasSize(3);

        // A bound pod is deleted gracefully: the replacement comes as soon as it is terminating.
        Pod bound = kit.bind(pods.get(1), "minikube");
        kit.api.delete(ResourceTypes.PODS, "default", bound.getMetadata().getName(), null);
        kit.settle();
        assertThat(kit.pods("tier=frontend")).hasSize(4);
        assertThat(kit.activePods("tier=frontend")).hasSize(3);
        assertThat(kit.replicaSet("frontend").getStatus().getReplicas()).isEqualTo(3);
    }

    @Test
    void adoptsOrphansItsSelectorMatchesAndReleasesPodsThatStopMatching() {
        Pod orphan = new Pod();
        orphan.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        orphan.getMetadata().setName("hand-made");
        orphan.getMetadata().setLabels(new LinkedHashMap<>(Map.of("tier", "frontend")));
        ReplicaSet template = Kube.copy((ReplicaSet) ResourceTypes.decode(Kube.readDocuments(FRONTEND).get(0)));
        orphan.setSpec(template.getSpec().getTemplate().getSpec());
        kit.api.create(orphan, "default");
        ReplicaSet rs = kit.create(FRONTEND);
        kit.settle();

        Pod adopted = kit.api.get(ResourceTypes.PODS, "default", "hand-made");
        assertThat(adopted.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(r.getController()).isTrue();
        });
        // The orphan counts: only 2 pods were created.
        assertThat(kit.pods("tier=frontend")).hasSize(3);
        assertThat(kit.eventMessages("frontend", "SuccessfulCreate")).hasSize(2);
        // fullyLabeledReplicas counts pods with all the template's labels (the orphan lacks app).
        assertThat(kit.replicaSet("frontend").getStatus().getFullyLabeledReplicas()).isEqualTo(2);

        // `kubectl label pod hand-made tier=debug --overwrite`: released and replaced.
        kit.api.modify(ResourceTypes.PODS, "default", "hand-made", (Pod p) -> {
            p.getMetadata().getLabels().put("tier", "debug");
            return p;
        }, false);
        kit.settle();
        Pod released = kit.api.get(ResourceTypes.PODS, "default", "hand-made");
        assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(kit.pods("tier=frontend")).hasSize(3)
                .noneMatch(p -> p.getMetadata().getName().equals("hand-made"));
    }

    @Test
    void leavesPodsOfOtherControllersAlone() {
        kit.create(FRONTEND);
        kit.create(FRONTEND.replace("name: frontend", "name: frontend-2"));
        kit.settle();
        // Overlapping selectors: each keeps its own 3 pods and adopts none of the other's.
        assertThat(kit.pods("tier=frontend")).hasSize(6);
        assertThat(kit.replicaSet("frontend").getStatus().getReplicas()).isEqualTo(3);
        assertThat(kit.replicaSet("frontend-2").getStatus().getReplicas()).isEqualTo(3);
    }

    @Test
    void availableReplicasWaitForMinReadySeconds() {
        kit.create(FRONTEND.replace("  replicas: 3", "  replicas: 1\n  minReadySeconds: 10"));
        kit.settle();
        kit.markReady(kit.pods("tier=frontend").get(0));
        kit.settle();
        ReplicaSet rs = kit.replicaSet("frontend");
        assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(rs.getStatus().getAvailableReplicas()).isNull();

        // Ready at 00:00:00, available once 10 s have passed (strictly): the controller comes
        // back by itself at 00:00:11.
        kit.advance(Duration.ofSeconds(10));
        assertThat(kit.replicaSet("frontend").getStatus().getAvailableReplicas()).isNull();
        kit.advance(Duration.ofSeconds(1));
        assertThat(kit.replicaSet("frontend").getStatus().getAvailableReplicas()).isEqualTo(1);
    }

    @Test
    void handlersMapPodEventsToTheOwningReplicaSetKey() {
        ReplicaSetController idle = new ReplicaSetController();
        ControllerTestKit quiet = new ControllerTestKit(idle);
        quiet.create(FRONTEND);
        assertThat(idle.queue().size()).isEqualTo(1);
        quiet.settle();
        Pod pod = quiet.pods("tier=frontend").get(0);
        quiet.markReady(pod);
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        // A pod of nobody that no selector matches wakes nobody.
        Pod stray = Kube.copy(pod);
        stray.getMetadata().setName("stray");
        stray.getMetadata().setOwnerReferences(null);
        stray.getMetadata().setResourceVersion(null);
        stray.getMetadata().setLabels(Map.of("tier", "backend"));
        quiet.api.create(stray, "default");
        assertThat(idle.queue().isEmpty()).isTrue();
    }
    @Test
    void ownStatusWriteDoesNotQueueTheReplicaSetAgainButEveryOtherChangeDoes() {
        ReplicaSetController idle = new ReplicaSetController();
        ControllerTestKit quiet = new ControllerTestKit(idle);
        quiet.create(FRONTEND);
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        // The sync creates 3 pods: their ADDED events queue the ReplicaSet again (that sync counts them).
        idle.sync("default/frontend");
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        assertThat(idle.queue().isEmpty()).isTrue();

        // One pod becomes ready: the sync writes readyReplicas 1, and its own write queues nothing.
        quiet.markReady(quiet.pods("tier=frontend").get(0));
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        String before = quiet.replicaSet("frontend").getMetadata().getResourceVersion();
        idle.sync("default/frontend");
        ReplicaSet after = quiet.replicaSet("frontend");
        assertThat(after.getMetadata().getResourceVersion()).isNotEqualTo(before);
        assertThat(after.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(idle.queue().isEmpty()).isTrue();
        // ... and a sync it would have caused writes nothing (what the skip relies on).
        idle.sync("default/frontend");
        assertThat(quiet.replicaSet("frontend").getMetadata().getResourceVersion())
                .isEqualTo(after.getMetadata().getResourceVersion());

        // Somebody else's write of the same ReplicaSet's status still queues it.
        ReplicaSet other = Kube.copy(after);
        other.getStatus().setReadyReplicas(3);
        quiet.api.updateStatus(other);
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        idle.sync("default/frontend");
        assertThat(quiet.replicaSet("frontend").getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void withMinReadySecondsTheStatusWriteStillQueuesTheReplicaSet() {
        ReplicaSetController idle = new ReplicaSetController();
        ControllerTestKit quiet = new ControllerTestKit(idle);
        quiet.create(FRONTEND.replace("  replicas: 3", "  replicas: 3\n  minReadySeconds: 10"));
        quiet.settle();
        quiet.markReady(quiet.pods("tier=frontend").get(0));
        assertThat(idle.queue().poll()).isEqualTo("default/frontend");
        idle.sync("default/frontend");
        assertThat(quiet.replicaSet("frontend").getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(idle.queue().contains("default/frontend")).isTrue();
    }

    @Test
    void aFailedSyncsStatusWriteStillQueuesTheReplicaSetAtOnce() {
        ReplicaSetSyncTest.QuotaPodControl quota = new ReplicaSetSyncTest.QuotaPodControl(0);
        ReplicaSetController failing = new ReplicaSetController(quota);
        ControllerTestKit quiet = new ControllerTestKit(failing);
        quota.real = new io.kubelab.engine.controller.util.RealPodControl(quiet.api, quiet.events, ReplicaSetController.NAME);
        quiet.create(FRONTEND);
        assertThat(failing.queue().poll()).isEqualTo("default/frontend");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.sync("default/frontend"))
                .hasMessageContaining("exceeded quota");
        // The ReplicaFailure condition was written; as upstream, that write triggers a retry now.
        assertThat(ReplicaSetStatuses.condition(quiet.replicaSet("frontend").getStatus(), "ReplicaFailure")).isNotNull();
        assertThat(failing.queue().contains("default/frontend")).isTrue();
    }
}
