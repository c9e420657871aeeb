package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerRefManagerTest {
    static final String RS = """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: owner}
            spec:
              replicas: 0
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: nginx}]}
            """;

    final ControllerTestKit kit = new ControllerTestKit();

    private Pod pod(String name, String app) {
        return kit.create("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {app: %s}
                spec: {containers: [{name: c, image: nginx}]}
                """.formatted(name, app));
    }

    private List<String> claim(ReplicaSet owner) {
        ControllerRefManager cm = new ControllerRefManager(kit.api, owner, OwnerRefs.newControllerRef(owner, "apps/v1", "ReplicaSet"));
        List<Pod> pods = kit.api.list(ResourceTypes.PODS, "default");
        return cm.claim(ResourceTypes.PODS, pods, p -> Selectors.matches(owner.getSpec().getSelector(), p.getMetadata().getLabels()))
                .stream().map(HasMetadata::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    @Test
    void adoptsMatchingOrphansIgnoresOthersAndReleasesWhatNoLongerMatches() {
        ReplicaSet owner = kit.create(RS);
        ReplicaSet other = kit.create(RS.replace("name: owner", "name: other"));
        pod("orphan", "web");
        pod("unrelated", "db");
        Pod theirs = pod("theirs", "web");
        kit.api.modify(ResourceTypes.PODS, "default", theirs.getMetadata().getName(), (Pod p) -> {
            OwnerRefs.addOwnerRef(p, OwnerRefs.newControllerRef(other, "apps/v1", "ReplicaSet"));
            return p;
        }, false);

        assertThat(claim(owner)).containsExactly("orphan");
        assertThat(OwnerRefs.isControlledBy(kit.api.get(ResourceTypes.PODS, "default", "orphan"), owner)).isTrue();
        assertThat(OwnerRefs.isControlledBy(kit.api.get(ResourceTypes.PODS, "default", "theirs"), other)).isTrue();

        kit.api.modify(ResourceTypes.PODS, "default", "orphan", (Pod p) -> {
            p.getMetadata().getLabels().put("app", "debug");
            return p;
        }, false);
        assertThat(claim(owner)).isEmpty();
        assertThat(OwnerRefs.controllerOf(kit.api.get(ResourceTypes.PODS, "default", "orphan"))).isNull();
    }

    @Test
    void aControllerBeingDeletedAdoptsNothingAndReleasesNothing() {
        ReplicaSet owner = kit.create(RS);
        pod("orphan", "web");
        ReplicaSet deleting = io.kubelab.engine.model.Kube.copy(owner);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        ControllerRefManager cm = new ControllerRefManager(kit.api, deleting,
                OwnerRefs.newControllerRef(owner, "apps/v1", "ReplicaSet"));
        List<Pod> claimed = cm.claim(ResourceTypes.PODS, kit.api.list(ResourceTypes.PODS, "default"), p -> true);
        assertThat(claimed).isEmpty();
        assertThat(OwnerRefs.controllerOf(kit.api.get(ResourceTypes.PODS, "default", "orphan"))).isNull();
    }
}
