package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RealPodControlTest {
    @Test
    void aPodFromATemplateCarriesItsMetadataAGeneratedNameAndTheControllerReference() {
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(new ObjectMeta());
        rs.getMetadata().setName("nginx-deployment-6c8b449b8f");
        rs.getMetadata().setUid("1234");
        PodTemplateSpec t = new PodTemplateSpec();
        t.setMetadata(new ObjectMeta());
        t.getMetadata().setLabels(Map.of("app", "nginx", "pod-template-hash", "6c8b449b8f"));
        t.getMetadata().setAnnotations(Map.of("prometheus.io/scrape", "true"));
        t.getMetadata().setFinalizers(List.of("example.com/keep"));
        t.getMetadata().setCreationTimestamp(null);
        t.setSpec(new PodSpec());

        Pod p = RealPodControl.podFromTemplate(t, rs, OwnerRefs.newControllerRef(rs, "apps/v1", "ReplicaSet"));
        assertThat(p.getMetadata().getName()).isNull();
        assertThat(p.getMetadata().getGenerateName()).isEqualTo("nginx-deployment-6c8b449b8f-");
        assertThat(p.getMetadata().getLabels()).isEqualTo(t.getMetadata().getLabels());
        assertThat(p.getMetadata().getAnnotations()).isEqualTo(t.getMetadata().getAnnotations());
        assertThat(p.getMetadata().getFinalizers()).containsExactly("example.com/keep");
        assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("ReplicaSet");
            assertThat(r.getUid()).isEqualTo("1234");
            assertThat(r.getController()).isTrue();
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });
        // The pod's labels are its own copy, not the template's map.
        p.getMetadata().getLabels().put("x", "y");
        assertThat(t.getMetadata().getLabels()).doesNotContainKey("x");
    }

    @Test
    void thePrefixIsTheNameAndADash() {
        assertThat(RealPodControl.podsPrefix("frontend")).isEqualTo("frontend-");
        assertThat(RealPodControl.podsPrefix("Bad_Name")).isEqualTo("Bad_Name");
    }
}
