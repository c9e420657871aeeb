package io.kubelab.engine.controller.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyGraphTest {
    final List<DependencyGraph.Node> toDelete = new ArrayList<>();
    final DependencyGraph graph = new DependencyGraph(toDelete::add, n -> { });

    static OwnerReference ref(String uid, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-abc")
                .withUid(uid).withController(true).withBlockOwnerDeletion(block).build();
    }

    static Pod pod(OwnerReference... refs) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName("web-abc-x2kqz").withUid("pod-1")
                .withOwnerReferences(new ArrayList<>(List.of(refs))).endMetadata().build();
    }

    void event(WatchEvent.Type type, Pod p) {
        graph.process(new WatchEvent(type, ResourceTypes.PODS, p, 1));
    }

    @Test
    void aNewerVersionWithTheSameOwnersIsFollowedWithoutTouchingTheOwners() {
        event(WatchEvent.Type.ADDED, pod(ref("rs-1", true)));
        DependencyGraph.Node owner = graph.node("rs-1");
        assertThat(owner.observed).isFalse(); // virtual until the ReplicaSet is seen
        assertThat(toDelete).containsExactly(owner); // its existence gets checked once

        Pod newer = pod(ref("rs-1", true));
        event(WatchEvent.Type.MODIFIED, newer);
        DependencyGraph.Node n = graph.node("pod-1");
        // Equal references: the newer version's list is kept (the first one is not held on to)...
        assertThat(n.owners).isSameAs(newer.getMetadata().getOwnerReferences());
        assertThat(n.identity).isEqualTo(new DependencyGraph.Identity(ResourceTypes.PODS, "default", "web-abc-x2kqz"));
        // ...and nothing else happened: same owner, same dependents, nothing more to check.
        assertThat(graph.node("rs-1")).isSameAs(owner);
        assertThat(owner.dependents()).containsExactly(n);
        assertThat(toDelete).hasSize(1);

        // A reference that changes is still an owner change.
        event(WatchEvent.Type.MODIFIED, pod(ref("rs-2", true)));
        assertThat(owner.dependents()).isEmpty();
        assertThat(graph.node("rs-2").dependents()).containsExactly(n);
    }
}
