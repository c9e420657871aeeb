package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Kube#shallowCopy} copies {@code metadata} exactly as {@code new ObjectMetaBuilder(meta).build()}
 * did: equal (nulls stay null, empties stay empty), the same JSON, and nothing mutable shared.
 */
class ShallowCopyTest {

    static Stream<ObjectMeta> metas() {
        ObjectMeta full = new ObjectMetaBuilder().withName("web-1").withNamespace("default").withGenerateName("web-")
                .withUid("u-1").withResourceVersion("42").withGeneration(3L).withCreationTimestamp("2026-01-01T00:00:00Z")
                .withDeletionTimestamp("2026-01-01T00:01:00Z").withDeletionGracePeriodSeconds(30L)
                .addToLabels("app", "web").addToAnnotations("note", "x").addToFinalizers("kubernetes.io/pv-protection")
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName("web").withUid("u-0").withController(true).withBlockOwnerDeletion(true).build())
                .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").build())
                .build();
        full.setAdditionalProperty("unknown", new LinkedHashMap<>(Map.of("a", 1)));
        full.getOwnerReferences().get(0).setAdditionalProperty("x", "y");
        ObjectMeta nulls = new ObjectMeta();
        nulls.setLabels(null);
        nulls.setAnnotations(null);
        nulls.setFinalizers(null);
        nulls.setOwnerReferences(null);
        nulls.setManagedFields(null);
        nulls.setName("n");
        ObjectMeta stored = new Compactor().compact(new ObjectMetaBuilder(full).build());
        ObjectMeta storedEmpty = new Compactor().compact(new ObjectMetaBuilder().withName("e").build());
        return Stream.of(full, nulls, new ObjectMeta(), stored, storedEmpty);
    }

    @ParameterizedTest
    @MethodSource("metas")
    void metadataIsTheBuildersCopy(ObjectMeta meta) {
        ObjectMeta built = new ObjectMetaBuilder(meta).build();

        ObjectMeta copy = Kube.copyMeta(meta);

        assertThat(copy).isEqualTo(built).isNotSameAs(meta);
        assertThat(Kube.toJson(copy)).isEqualTo(Kube.toJson(built));
        assertThat(copy.getAdditionalProperties()).isEqualTo(built.getAdditionalProperties());
        for (Object part : new Object[] {copy.getLabels(), copy.getAnnotations(), copy.getFinalizers(),
                copy.getOwnerReferences(), copy.getManagedFields(), copy.getAdditionalProperties()}) {
            if (part != null) {
                assertThat(part).isNotSameAs(meta.getLabels()).isNotSameAs(meta.getAnnotations())
                        .isNotSameAs(meta.getFinalizers()).isNotSameAs(meta.getOwnerReferences())
                        .isNotSameAs(meta.getAdditionalProperties());
                assertThat(part).isInstanceOfAny(ArrayList.class, LinkedHashMap.class);
            }
        }
        if (meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty()) {
            assertThat(copy.getOwnerReferences().get(0)).isNotSameAs(meta.getOwnerReferences().get(0));
        }
        List<String> finalizers = copy.getFinalizers();
        if (finalizers != null) {
            finalizers.add("mutable");
            assertThat(meta.getFinalizers()).doesNotContain("mutable");
        }
    }
}
