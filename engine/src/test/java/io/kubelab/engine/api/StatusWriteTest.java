package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pod's status write ({@code PUT …/status}): only the status changes, and the stored version before it stays as it was. */
class StatusWriteTest {
    final Store store = new Store();
    final KubeApi api = new KubeApi(store, () -> Instant.parse("2026-01-01T00:00:00Z"), 3);

    StatusWriteTest() {
        api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
    }

    private Pod created() {
        return api.create(new PodBuilder().withNewMetadata().withName("web").withNamespace("default")
                .addToLabels("app", "web").addToAnnotations("note", "kept").addToFinalizers("example.com/keep")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-1")
                .withUid("rs-uid").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("minikube").addNewContainer().withName("nginx").withImage("nginx:1.25")
                .endContainer().endSpec().build(), "default");
    }

    private static Pod statusWrite(Pod stored, PodStatus status) {
        Pod write = new Pod();
        write.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace("default").withName("web")
                .withResourceVersion(stored.getMetadata().getResourceVersion()).build());
        write.setStatus(status);
        return write;
    }

    @Test
    void aStatusWriteKeepsTheRestOfThePodAndLeavesTheVersionBeforeItUnchanged() {
        Pod before = created();
        JsonNode beforeJson = Kube.tree(before);
        PodStatus status = new PodStatusBuilder().withPhase("Pending").withHostIP("192.168.49.2").build();

        Pod after = api.updateStatus(statusWrite(before, status));

        assertThat(after.getStatus()).isSameAs(status);
        assertThat(after.getMetadata()).isNotSameAs(before.getMetadata());
        assertThat(Long.parseLong(after.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(before.getMetadata().getResourceVersion()));
        // Everything but the status and the resourceVersion is what it was.
        JsonNode expected = beforeJson.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).set("status", Kube.tree(status));
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("metadata")).put("resourceVersion",
                after.getMetadata().getResourceVersion());
        assertThat(Kube.tree(after)).isEqualTo(expected);
        assertThat(Kube.tree(store.<Pod>get(ResourceTypes.PODS, "default", "web"))).isEqualTo(expected);
        // The version before is untouched (a watcher may still hold it), though the two share parts.
        assertThat(Kube.tree(before)).isEqualTo(beforeJson);
        assertThat(after.getSpec()).isSameAs(before.getSpec());
        assertThat(after.getMetadata().getLabels()).isSameAs(before.getMetadata().getLabels());
    }

    @Test
    void aStatusWriteOnAStaleResourceVersionIsAConflict() {
        Pod before = created();
        api.updateStatus(statusWrite(before, new PodStatusBuilder().withPhase("Pending").build()));

        assertThatThrownBy(() -> api.updateStatus(statusWrite(before, new PodStatusBuilder().withPhase("Running").build())))
                .isInstanceOf(io.kubelab.engine.model.ApiException.class)
                .satisfies(e -> assertThat(((io.kubelab.engine.model.ApiException) e).code()).isEqualTo(409));
        assertThat(store.<Pod>get(ResourceTypes.PODS, "default", "web").getStatus().getPhase()).isEqualTo("Pending");
    }
}
