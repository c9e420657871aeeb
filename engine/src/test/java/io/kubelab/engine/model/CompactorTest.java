package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Compactor}: what the store keeps reads, compares and serializes exactly as before, shares
 * its empty collections and repeated strings, and every copy of it is as mutable as ever.
 */
class CompactorTest {

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addToLabels("app", "web").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("web").withImage("nginx:1.25")
                        .withNewResources().addToRequests("memory", new Quantity("16Mi")).endResources().build())
                .endSpec().withNewStatus().withPhase("Pending").withMessage(new String("containers with unready status: [web]"))
                .endStatus().build();
    }

    @Test
    void aCompactedObjectHasTheSameJsonAndEqualsItsCopy() {
        Pod pod = pod("a");
        String json = Kube.toJson(pod);
        String yaml = Kube.toYaml(pod);
        Pod before = Kube.copy(pod);

        new Compactor().compact(pod);

        assertThat(Kube.toJson(pod)).isEqualTo(json);
        assertThat(Kube.toYaml(pod)).isEqualTo(yaml);
        assertThat(pod).isEqualTo(before).hasSameHashCodeAs(before);
        assertThat(before).isEqualTo(pod);
    }

    @Test
    void emptyCollectionsAreSharedAndReadOnly() {
        Pod a = new Compactor().compact(pod("a"));
        Pod b = new Compactor().compact(pod("b"));

        assertThat(a.getAdditionalProperties()).isSameAs(b.getAdditionalProperties()).isEqualTo(Map.of());
        assertThat(a.getMetadata().getFinalizers()).isSameAs(b.getSpec().getContainers().get(0).getArgs()).isEqualTo(List.of());
        assertThat(a.getMetadata().getAnnotations()).isSameAs(b.getMetadata().getAnnotations()).isEqualTo(Map.of());
        // Writing into a stored object is a bug: it now fails loudly instead of going unnoticed.
        assertThatThrownBy(() -> a.getMetadata().getFinalizers().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.setAdditionalProperty("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        // Non-empty ones are left as they are.
        assertThat(a.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    }

    @Test
    void equalStringsBecomeOneInstance() {
        Compactor compactor = new Compactor();
        Pod a = compactor.compact(pod("a"));
        Pod b = compactor.compact(pod("b"));

        assertThat(b.getStatus().getMessage()).isSameAs(a.getStatus().getMessage());
        assertThat(b.getSpec().getContainers().get(0).getResources().getRequests().get("memory").getFormat())
                .isSameAs(a.getSpec().getContainers().get(0).getResources().getRequests().get("memory").getFormat());
        assertThat(b.getMetadata().getName()).isEqualTo("b");
    }

    @Test
    void copiesAndBuildersOfAStoredObjectAreMutable() {
        Pod stored = new Compactor().compact(pod("a"));
        String json = Kube.toJson(stored);

        Pod copy = Kube.copy(stored);
        copy.getMetadata().getFinalizers().add("kubernetes.io/x");
        copy.getMetadata().getAnnotations().put("k", "v");
        copy.getSpec().getContainers().get(0).getArgs().add("-g");
        copy.setAdditionalProperty("unknown", 1);
        Pod built = new PodBuilder(stored).editMetadata().addToFinalizers("y").addToAnnotations("a", "b").endMetadata().build();
        built.getSpec().getContainers().get(0).getCommand().add("nginx");
        Pod shallow = Kube.shallowCopy(stored);
        shallow.getMetadata().getOwnerReferences().add(new io.fabric8.kubernetes.api.model.OwnerReference());

        assertThat(Kube.toJson(stored)).as("the stored object is untouched").isEqualTo(json);
        assertThat(Compactor.isStored(stored)).isTrue();
        assertThat(Compactor.isStored(copy)).isFalse();
        assertThat(Compactor.isStored(built)).isFalse();
        assertThat(Compactor.isStored(stored.getSpec())).isTrue();
        assertThat(Compactor.isStored(Kube.copy(stored.getSpec()))).isFalse();
    }

    @Test
    void aStoredSubtreeSharedByTheNextVersionIsNotWalkedAgain() {
        Compactor compactor = new Compactor();
        Pod v1 = compactor.compact(pod("a"));
        Pod v2 = Kube.shallowCopy(v1);
        // A status writer replaces the status and shares the spec with the stored version.
        v2.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());

        compactor.compact(v2);

        assertThat(v2.getSpec()).isSameAs(v1.getSpec());
        assertThat(Compactor.isStored(v2.getStatus())).isTrue();
        assertThat(v2.getStatus().getConditions()).isSameAs(v1.getMetadata().getFinalizers());
    }

    @Test
    void everyObjectOfARunningClusterStoreIsCompactedAndSerializesAsItsCopy() {
        Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        cluster.start();
        cluster.apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
                """);
        cluster.advance(Duration.ofSeconds(30));
        int objects = 0;
        for (ResourceType t : ResourceTypes.all()) {
            for (HasMetadata o : cluster.store().list(t, null, x -> true).items()) {
                assertThat(Compactor.isStored(o)).as(Kube.key(o)).isTrue();
                assertThat(Kube.toJson(Kube.copy(o))).as(Kube.key(o)).isEqualTo(Kube.toJson(o));
                objects++;
            }
        }
        assertThat(objects).isGreaterThan(20);
    }

    @Test
    void aTimestampIsOneStringPerSecond() {
        Instant t = Instant.parse("2026-11-26T15:39:30Z");
        String first = Kube.timestamp(t);

        assertThat(first).isEqualTo("2026-11-26T15:39:30Z");
        assertThat(Kube.timestamp(t.plusMillis(999))).isSameAs(first);
        assertThat(Kube.timestamp(t.plusSeconds(1))).isEqualTo("2026-11-26T15:39:31Z");
        assertThat(Kube.timestamp(t.minusMillis(1))).isEqualTo("2026-11-26T15:39:29Z");
        assertThat(List.of(Kube.timestamp(Instant.EPOCH), Kube.timestamp(Instant.EPOCH.plusSeconds(86_400))))
                .containsExactly("1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z");
    }
}
