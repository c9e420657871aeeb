package io.kubelab.engine.controller.namespace;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.controller.endpoint.EndpointsController;
import io.kubelab.engine.controller.endpointslice.EndpointSliceController;
import io.kubelab.engine.controller.gc.GarbageCollector;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.pod;
import static io.kubelab.engine.controller.ControllerHarness.running;
import static io.kubelab.engine.controller.ControllerHarness.service;
import static io.kubelab.engine.controller.ControllerHarness.servicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamespaceControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = ControllerHarness.cluster(NamespaceController.NAME, GarbageCollector.NAME, EndpointsController.NAME,
                EndpointSliceController.NAME);
        api = cluster.api();
        api.create(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build(), null);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Namespace shop() {
        return api.find(ResourceTypes.NAMESPACES, null, "shop");
    }

    private static NamespaceCondition condition(Namespace ns, String type) {
        return ns.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private int count(ResourceType type) {
        return api.list(type, "shop").size();
    }

    @Test
    void deletingANamespaceDeletesItsContentThenTheNamespace() {
        service(api, "shop", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "shop", "web-1", WEB, "node-1"), "10.244.1.2", true);
        pod(api, "shop", "pending", WEB, null);
        api.create(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build(), "shop");
        cluster.settle();
        assertThat(count(ResourceTypes.ENDPOINTS)).isEqualTo(1);
        assertThat(count(ResourceTypes.ENDPOINTSLICES)).isEqualTo(1);

        api.delete(ResourceTypes.NAMESPACES, null, "shop", null);
        cluster.settle();

        Namespace ns = shop();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(count(ResourceTypes.SERVICES)).isZero();
        assertThat(count(ResourceTypes.CONFIGMAPS)).isZero();
        assertThat(count(ResourceTypes.ENDPOINTS)).isZero();
        assertThat(count(ResourceTypes.ENDPOINTSLICES)).isZero();
        // The bound pod terminates gracefully; it keeps the namespace.
        assertThat(count(ResourceTypes.PODS)).isEqualTo(1);
        NamespaceCondition remaining = condition(ns, "NamespaceContentRemaining");
        assertThat(remaining.getStatus()).isEqualTo("True");
        assertThat(remaining.getReason()).isEqualTo("SomeResourcesRemain");
        assertThat(remaining.getMessage()).isEqualTo("Some resources are remaining: pods. has 1 resource instances");
        NamespaceCondition finalizers = condition(ns, "NamespaceFinalizersRemaining");
        assertThat(finalizers.getStatus()).isEqualTo("False");
        assertThat(finalizers.getReason()).isEqualTo("ContentRemoved");
        assertThat(condition(ns, "NamespaceDeletionContentFailure").getReason()).isEqualTo("ContentDeleted");
        assertThat(condition(ns, "NamespaceDeletionDiscoveryFailure").getMessage()).isEqualTo("All resources successfully discovered");

        assertThatThrownBy(() -> api.create(new ConfigMapBuilder().withNewMetadata().withName("late").endMetadata().build(), "shop"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("unable to create new content in namespace shop because it is being terminated");

        // The kubelet finishes the pod after a few seconds; the controller looks again 30/2+1 = 16 s after its pass.
        cluster.advance(Duration.ofSeconds(3));
        api.delete(ResourceTypes.PODS, "shop", "web-1", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        cluster.advance(Duration.ofSeconds(12));
        assertThat(shop()).isNotNull();
        cluster.advance(Duration.ofSeconds(1));
        assertThat(shop()).isNull();
    }

    @Test
    void contentHeldByAFinalizerKeepsTheNamespaceUntilTheFinalizerGoes() {
        api.create(new ConfigMapBuilder().withNewMetadata().withName("held").addToFinalizers("example.com/hold").endMetadata()
                .build(), "shop");
        api.delete(ResourceTypes.NAMESPACES, null, "shop", null);
        cluster.settle();

        Namespace ns = shop();
        assertThat(condition(ns, "NamespaceContentRemaining").getMessage())
                .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
        NamespaceCondition finalizers = condition(ns, "NamespaceFinalizersRemaining");
        assertThat(finalizers.getStatus()).isEqualTo("True");
        assertThat(finalizers.getReason()).isEqualTo("SomeFinalizersRemain");
        assertThat(finalizers.getMessage())
                .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");

        cluster.advance(Duration.ofMinutes(1));
        assertThat(shop()).isNotNull();

        api.modify(ResourceTypes.CONFIGMAPS, "shop", "held", (ConfigMap c) -> {
            c.getMetadata().setFinalizers(null);
            return c;
        }, false);
        cluster.advance(Duration.ofSeconds(8));
        assertThat(shop()).isNull();
    }

    @Test
    void anEmptyNamespaceGoesAtOnce() {
        api.delete(ResourceTypes.NAMESPACES, null, "shop", null);
        cluster.settle();
        assertThat(shop()).isNull();
    }
}
