package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PodFactsTest {
    static ReplicaSet rs(String uid, Map<String, String> selector, Map<String, String> templateLabels) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("default").withName("web-1").withUid(uid).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(templateLabels).endMetadata().endTemplate().endSpec().build();
    }

    static Pod randomPod(Random r, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (r.nextInt(5) > 0) {
            labels.put("app", r.nextInt(4) > 0 ? "web" : "db");
        }
        if (r.nextBoolean()) {
            labels.put("tier", r.nextBoolean() ? "front" : "back");
        }
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid(name + "-" + r.nextInt(1000))
                .withLabels(labels).endMetadata().withNewSpec().endSpec();
        int owner = r.nextInt(4);
        if (owner > 0) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                    .withName("x").withUid(owner == 1 ? "other-uid" : r.nextBoolean() ? "uid-a" : "uid-b")
                    .withController(r.nextInt(5) > 0).build()).endMetadata();
        }
        if (r.nextInt(6) == 0) {
            b.editMetadata().withDeletionTimestamp("2026-11-27T07:00:00Z").endMetadata();
        }
        String phase = List.of("Pending", "Running", "Running", "Succeeded", "Failed").get(r.nextInt(5));
        b.withNewStatus().withPhase(phase).endStatus();
        if (r.nextBoolean()) {
            b.editStatus().addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Ready").withStatus(r.nextBoolean() ? "True" : "False").endCondition().endStatus();
        }
        return b.build();
    }

    @Test
    void answersAreThoseAskedAfreshThroughNewVersionsInsertionsRemovalsAndSpecChanges() {
        Random r = new Random(7);
        PodFacts facts = new PodFacts();
        ReplicaSet rs = rs("uid-a", Map.of("app", "web"), Map.of("app", "web", "tier", "front"));
        List<Pod> pods = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < 40; i++) {
            pods.add(randomPod(r, String.format("p-%04d", next++)));
        }
        for (int round = 0; round < 400; round++) {
            byte[] got = facts.of(rs, pods);
            for (int i = 0; i < pods.size(); i++) {
                assertThat(got[i]).as("round %d pod %s", round, pods.get(i).getMetadata().getName())
                        .isEqualTo(PodFacts.compute(rs, pods.get(i)));
            }
            // Next round: some pods get a new version, some are added (anywhere in name order), some go.
            int changes = r.nextInt(4);
            for (int c = 0; c < changes && !pods.isEmpty(); c++) {
                int i = r.nextInt(pods.size());
                Pod v = randomPod(r, pods.get(i).getMetadata().getName());
                pods.set(i, v);
            }
            if (r.nextInt(3) == 0) {
                pods.add(randomPod(r, String.format("p-%04d", r.nextInt(next + 1)) + "x"));
                pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
            }
            if (r.nextInt(3) == 0 && !pods.isEmpty()) {
                pods.remove(r.nextInt(pods.size()));
            }
            if (r.nextInt(4) == 0 && !pods.isEmpty()) {
                pods.remove(r.nextInt(pods.size()));
            }
            int spec = r.nextInt(20);
            if (spec == 0) {
                // A spec update: a new spec object, another selector.
                rs = rs("uid-a", Map.of("app", r.nextBoolean() ? "web" : "db"), Map.of("app", "web"));
            } else if (spec == 1) {
                // Another ReplicaSet of the same name (deleted and created again).
                rs = rs(r.nextBoolean() ? "uid-a" : "uid-b", Map.of("app", "web"), Map.of("app", "web", "tier", "front"));
            } else if (spec == 2) {
                // A status write: a new ReplicaSet object sharing the stored spec.
                ReplicaSet written = Kube.shallowCopy(rs);
                written.setSpec(rs.getSpec());
                rs = written;
            }
        }
    }

    @Test
    void anUnchangedPodObjectIsNotAskedAgainButANewSpecAsksEveryPod() {
        ReplicaSet rs = rs("uid-a", Map.of("app", "web"), Map.of("app", "web"));
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("default").withName("web-1-abcde").withUid("u1")
                .withLabels(Map.of("app", "web")).withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("ReplicaSet").withName("web-1").withUid("uid-a").withController(true).build())
                .endMetadata().withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build();
        PodFacts facts = new PodFacts();
        byte first = facts.of(rs, List.of(pod))[0];
        assertThat(first & PodFacts.READY).isNotZero();
        assertThat(first & (PodFacts.OWNED | PodFacts.SELECTED | PodFacts.ACTIVE | PodFacts.FULLY_LABELED))
                .isEqualTo(PodFacts.OWNED | PodFacts.SELECTED | PodFacts.ACTIVE | PodFacts.FULLY_LABELED);

        // Changed behind the store's back (which never happens to a stored pod): the same object is
        // answered from memory, so the change is not seen — the answer is reused by identity.
        pod.getStatus().getConditions().get(0).setStatus("False");
        assertThat(facts.of(rs, List.of(pod))[0]).isEqualTo(first);

        // The same ReplicaSet with a new spec object: every pod is asked again.
        ReplicaSetSpec spec = Kube.copy(rs).getSpec();
        ReplicaSet updated = Kube.shallowCopy(rs);
        updated.setSpec(spec);
        assertThat(facts.of(updated, List.of(pod))[0] & PodFacts.READY).isZero();
    }
}
