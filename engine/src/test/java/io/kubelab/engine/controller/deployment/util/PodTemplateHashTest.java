package io.kubelab.engine.controller.deployment.util;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.api.Defaulting;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

public class PodTemplateHashTest {
    static final String NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nginx-deployment}
            spec:
              selector: {matchLabels: {app: nginx}}
              template:
                metadata: {labels: {app: nginx}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.14.2
                    ports: [{containerPort: 80}]
            """;

    /**
     * What {@code kubectl rollout undo} sends back as {@code /spec/template}: the old ReplicaSet's
     * template as Go serializes it (every default, {@code "creationTimestamp": null},
     * {@code "resources": {}}), minus the pod-template-hash label.
     */
    public static final String AS_KUBECTL_SENDS_IT = """
            {"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx:1.14.2",
               "ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},
               "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
               "imagePullPolicy":"IfNotPresent"}],
               "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
               "securityContext":{},"schedulerName":"default-scheduler"}}
            """;

    static PodTemplateSpec defaultedTemplate() {
        Deployment d = (Deployment) ResourceTypes.decode(Kube.readDocuments(NGINX).get(0));
        Defaulting.apply(d);
        return d.getSpec().getTemplate();
    }

    @Test
    void looksLikeKubernetesHashes() {
        String hash = PodTemplateHash.compute(defaultedTemplate(), null);
        // The decimal digits of a 32-bit FNV-1a sum, each mapped into "bcdf…" as SafeEncodeString does.
        assertThat(hash).matches("[456789bcdf]{1,10}");
        assertThat(PodTemplateHash.compute(defaultedTemplate(), null)).isEqualTo(hash);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"0123456789, 456789bcdf", "4294967295, 86f8fbc6f9"})
    void safeEncodeMapsDigitsLikeUpstream(String digits, String encoded) {
        assertThat(PodTemplateHash.safeEncode(digits)).isEqualTo(encoded);
    }

    @Test
    void theTemplateKubectlSendsOnUndoHashesTheSame() throws Exception {
        PodTemplateSpec sent = Kube.JSON.readValue(AS_KUBECTL_SENDS_IT, PodTemplateSpec.class);
        assertThat(PodTemplateHash.compute(sent, null)).isEqualTo(PodTemplateHash.compute(defaultedTemplate(), null));
        assertThat(PodTemplateHash.equalIgnoreHash(sent, defaultedTemplate())).isTrue();
    }

    @Test
    void nullsAndEmptyMapsOrListsDoNotCount() throws Exception {
        PodTemplateSpec t = defaultedTemplate();
        PodTemplateSpec noisy = Kube.copy(t);
        noisy.getMetadata().setAnnotations(new java.util.HashMap<>());
        noisy.getSpec().setVolumes(new java.util.ArrayList<>());
        noisy.getSpec().getContainers().get(0).setEnv(new java.util.ArrayList<>());
        assertThat(PodTemplateHash.compute(noisy, null)).isEqualTo(PodTemplateHash.compute(t, null));
    }

    @Test
    void aChangedImageOrACollisionCountGivesAnotherHash() {
        PodTemplateSpec t = defaultedTemplate();
        PodTemplateSpec changed = Kube.copy(t);
        changed.getSpec().getContainers().get(0).setImage("nginx:1.16.1");
        String base = PodTemplateHash.compute(t, null);
        assertThat(PodTemplateHash.compute(changed, null)).isNotEqualTo(base);
        assertThat(PodTemplateHash.compute(t, 1)).isNotEqualTo(base).isNotEqualTo(PodTemplateHash.compute(t, 2));
        assertThat(PodTemplateHash.equalIgnoreHash(t, changed)).isFalse();
    }

    @Test
    void equalityIgnoresOnlyThePodTemplateHashLabel() {
        PodTemplateSpec t = defaultedTemplate();
        PodTemplateSpec labelled = Kube.copy(t);
        labelled.getMetadata().getLabels().put("pod-template-hash", "6c8b449b8f");
        assertThat(PodTemplateHash.equalIgnoreHash(t, labelled)).isTrue();
        labelled.getMetadata().getLabels().put("tier", "web");
        assertThat(PodTemplateHash.equalIgnoreHash(t, labelled)).isFalse();
    }
    @Test
    void aStoredTemplatesFormIsKeptAndACopysIsComputedEachTime() {
        PodTemplateSpec stored = new io.kubelab.engine.model.Compactor().compact(defaultedTemplate());
        PodTemplateSpec working = Kube.copy(stored);

        var first = PodTemplateHash.semanticIgnoreHash(stored);
        assertThat(PodTemplateHash.semanticIgnoreHash(stored)).as("kept").isSameAs(first);
        assertThat(PodTemplateHash.semanticIgnoreHash(working)).isEqualTo(first).isNotSameAs(first);
        // A copy may change: its form follows it, the stored one's does not move.
        working.getSpec().getContainers().get(0).setImage("nginx:1.16.1");
        assertThat(PodTemplateHash.equalIgnoreHash(stored, working)).isFalse();
        assertThat(PodTemplateHash.semanticIgnoreHash(stored)).isSameAs(first);
        assertThat(PodTemplateHash.equalIgnoreHash(stored, Kube.copy(stored))).isTrue();
    }
}
