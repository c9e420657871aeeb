package io.kubelab.engine.controller.endpointslicemirroring;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.controller.gc.GarbageCollector;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointSliceMirroringControllerTest {
    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = ControllerHarness.cluster(EndpointSliceMirroringController.NAME, GarbageCollector.NAME);
        api = cluster.api();
        api.create(new ServiceBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().addNewPort().withName("pg").withPort(5432).endPort().endSpec().build(), "default");
        api.create(new EndpointsBuilder().withNewMetadata().withName("db").withNamespace("default").addToLabels("team", "data")
                .endMetadata().addNewSubset().addNewAddress().withIp("192.168.1.50").endAddress()
                .addNewNotReadyAddress().withIp("192.168.1.51").endNotReadyAddress()
                .addNewPort().withName("pg").withPort(5432).withProtocol("TCP").endPort().endSubset().build(), "default");
        cluster.settle();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private List<EndpointSlice> slices(String svc) {
        return api.<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, "default").stream()
                .filter(s -> svc.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name"))).toList();
    }

    @Test
    void handWrittenEndpointsOfAServiceWithoutSelectorAreMirrored() {
        Endpoints ep = api.get(ResourceTypes.ENDPOINTS, "default", "db");
        EndpointSlice s = slices("db").get(0);
        assertThat(slices("db")).hasSize(1);
        assertThat(s.getMetadata().getName()).matches("db-[a-z0-9]{5}");
        assertThat(s.getMetadata().getLabels())
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io")
                .containsEntry("team", "data");
        assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Endpoints");
            assertThat(o.getUid()).isEqualTo(ep.getMetadata().getUid());
        });
        assertThat(s.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("pg");
            assertThat(p.getPort()).isEqualTo(5432);
        });
        assertThat(s.getEndpoints()).extracting(e -> e.getAddresses().get(0) + " " + e.getConditions().getReady())
                .containsExactly("192.168.1.50 true", "192.168.1.51 false");
    }

    @Test
    void changesToTheEndpointsAreMirroredAndDeletingThemDeletesTheSlice() {
        api.modify(ResourceTypes.ENDPOINTS, "default", "db", (Endpoints e) -> {
            e.getSubsets().get(0).setNotReadyAddresses(null);
            return e;
        }, false);
        cluster.settle();
        assertThat(slices("db").get(0).getEndpoints()).extracting(Endpoint::getAddresses).containsExactly(List.of("192.168.1.50"));

        api.delete(ResourceTypes.ENDPOINTS, "default", "db", null);
        cluster.settle();
        assertThat(slices("db")).isEmpty();
    }

    @Test
    void aServiceThatGainsASelectorIsNoLongerMirrored() {
        api.modify(ResourceTypes.SERVICES, "default", "db", (Service s) -> {
            s.getSpec().setSelector(Map.of("app", "db"));
            return s;
        }, false);
        cluster.settle();
        assertThat(slices("db")).isEmpty();
    }

    @Test
    void theApiServersEndpointsAreNotMirrored() {
        // They carry skip-mirror; the endpointslice-controller (stopped here) writes their slice instead.
        assertThat(api.<Endpoints>get(ResourceTypes.ENDPOINTS, "default", "kubernetes").getMetadata().getLabels())
                .containsEntry("endpointslice.kubernetes.io/skip-mirror", "true");
        assertThat(slices("kubernetes")).isEmpty();
    }
}
