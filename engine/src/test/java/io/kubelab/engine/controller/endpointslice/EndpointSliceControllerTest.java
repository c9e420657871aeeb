package io.kubelab.engine.controller.endpointslice;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.node;
import static io.kubelab.engine.controller.ControllerHarness.pod;
import static io.kubelab.engine.controller.ControllerHarness.port;
import static io.kubelab.engine.controller.ControllerHarness.running;
import static io.kubelab.engine.controller.ControllerHarness.service;
import static io.kubelab.engine.controller.ControllerHarness.servicePort;
import static org.assertj.core.api.Assertions.assertThat;

class EndpointSliceControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = ControllerHarness.cluster(EndpointSliceController.NAME);
        api = cluster.api();
        node(api, "node-a", "zone-a");
        node(api, "node-b", "zone-b");
        node(api, "node-c", null);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private List<EndpointSlice> slices(String service) {
        List<EndpointSlice> out = new ArrayList<>(api.<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, "default").stream()
                .filter(s -> service.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name")))
                .toList());
        out.sort(Comparator.comparingInt((EndpointSlice s) -> s.getEndpoints() == null ? 0 : -s.getEndpoints().size()));
        return out;
    }

    private static Endpoint endpoint(EndpointSlice s, String pod) {
        return s.getEndpoints().stream().filter(e -> pod.equals(e.getTargetRef().getName())).findFirst().orElseThrow();
    }

    @Test
    void aSliceListsEachPodWithConditionsNodeZoneAndTargetRef() {
        Service svc = service(api, "default", "web", WEB, servicePort("http", 80, new IntOrString("http")));
        Pod a = running(api, pod(api, "default", "a", WEB, "node-a", port("http", 8080)), "10.244.1.2", true);
        running(api, pod(api, "default", "b", WEB, "node-b", port("http", 8080)), "10.244.2.2", false);
        running(api, pod(api, "default", "c", WEB, "node-c", port("http", 8080)), "10.244.3.2", true);
        api.delete(ResourceTypes.PODS, "default", "c", null);
        cluster.settle();

        List<EndpointSlice> slices = slices("web");
        assertThat(slices).hasSize(1);
        EndpointSlice s = slices.get(0);
        assertThat(s.getMetadata().getName()).matches("web-[a-z0-9]{5}");
        assertThat(s.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(s.getMetadata().getLabels())
                .containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .containsEntry("app.kubernetes.io/name", "web");
        assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Service");
            assertThat(o.getApiVersion()).isEqualTo("v1");
            assertThat(o.getName()).isEqualTo("web");
            assertThat(o.getUid()).isEqualTo(svc.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
            assertThat(o.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(s.getAddressType()).isEqualTo("IPv4");
        assertThat(s.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });

        Endpoint ea = endpoint(s, "a");
        assertThat(ea.getAddresses()).containsExactly("10.244.1.2");
        assertThat(ea.getConditions().getReady()).isTrue();
        assertThat(ea.getConditions().getServing()).isTrue();
        assertThat(ea.getConditions().getTerminating()).isFalse();
        assertThat(ea.getNodeName()).isEqualTo("node-a");
        assertThat(ea.getZone()).isEqualTo("zone-a");
        assertThat(ea.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(ea.getTargetRef().getNamespace()).isEqualTo("default");
        assertThat(ea.getTargetRef().getUid()).isEqualTo(a.getMetadata().getUid());

        Endpoint eb = endpoint(s, "b");
        assertThat(eb.getZone()).isEqualTo("zone-b");
        assertThat(eb.getConditions().getReady()).isFalse();
        assertThat(eb.getConditions().getServing()).isFalse();
        assertThat(eb.getConditions().getTerminating()).isFalse();

        // Terminating: still serving, never ready; node-c has no zone label.
        Endpoint ec = endpoint(s, "c");
        assertThat(ec.getConditions().getReady()).isFalse();
        assertThat(ec.getConditions().getServing()).isTrue();
        assertThat(ec.getConditions().getTerminating()).isTrue();
        assertThat(ec.getZone()).isNull();
    }

    @Test
    void podsWhoseNamedPortsResolveDifferentlyGoToDifferentSlices() {
        service(api, "default", "web", WEB, servicePort("http", 80, new IntOrString("http")));
        running(api, pod(api, "default", "old", WEB, "node-a", port("http", 8080)), "10.244.1.2", true);
        running(api, pod(api, "default", "new", WEB, "node-a", port("http", 9000)), "10.244.1.3", true);
        cluster.settle();

        List<EndpointSlice> slices = slices("web");
        assertThat(slices).hasSize(2);
        assertThat(slices).extracting(s -> s.getPorts().get(0).getPort()).containsExactlyInAnyOrder(8080, 9000);
        for (EndpointSlice s : slices) {
            assertThat(s.getEndpoints()).hasSize(1);
        }
    }

    @Test
    void aSliceHoldsAtMostOneHundredEndpointsAndScalingDownKeepsSlicesInPlace() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        for (int i = 0; i < 250; i++) {
            running(api, pod(api, "default", "p" + i, WEB, "node-a"), "10.244." + (i / 200) + "." + (i % 200 + 2), true);
        }
        cluster.settle();
        List<EndpointSlice> slices = slices("web");
        assertThat(slices).extracting(s -> s.getEndpoints().size()).containsExactly(100, 100, 50);
        List<String> names = slices.stream().map(s -> s.getMetadata().getName()).sorted().toList();

        for (int i = 0; i < 10; i++) {
            api.delete(ResourceTypes.PODS, "default", "p" + i, new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder()
                    .withGracePeriodSeconds(0L).build());
        }
        cluster.settle();
        List<EndpointSlice> after = slices("web");
        assertThat(after.stream().mapToInt(s -> s.getEndpoints().size()).sum()).isEqualTo(240);
        assertThat(after.stream().map(s -> s.getMetadata().getName()).sorted().toList()).isEqualTo(names);
    }

    @Test
    void aServiceWithoutEndpointsKeepsOnePlaceholderSlice() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        cluster.settle();
        assertThat(slices("web")).singleElement().satisfies(s -> {
            assertThat(s.getEndpoints()).isNullOrEmpty();
            assertThat(s.getPorts()).isNullOrEmpty();
        });

        running(api, pod(api, "default", "a", WEB, "node-a"), "10.244.1.2", true);
        cluster.settle();
        assertThat(slices("web")).singleElement().satisfies(s -> {
            assertThat(s.getEndpoints()).hasSize(1);
            assertThat(s.getPorts()).extracting(EndpointPort::getPort).containsExactly(8080);
        });

        api.delete(ResourceTypes.PODS, "default", "a",
                new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        cluster.settle();
        assertThat(slices("web")).singleElement().satisfies(s -> assertThat(s.getEndpoints()).isNullOrEmpty());
    }

    @Test
    void theApiServersServiceGetsASliceNamedKubernetes() {
        EndpointSlice s = api.get(ResourceTypes.ENDPOINTSLICES, "default", "kubernetes");
        assertThat(s.getMetadata().getLabels()).containsExactly(Map.entry("kubernetes.io/service-name", "kubernetes"));
        assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(s.getAddressType()).isEqualTo("IPv4");
        assertThat(s.getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getAddresses()).containsExactly("192.168.49.2");
            assertThat(e.getConditions().getReady()).isTrue();
        });
        assertThat(s.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("https");
            assertThat(p.getPort()).isEqualTo(8443);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        // No managed slice is made for it: it has no selector.
        assertThat(slices("kubernetes")).hasSize(1);
    }

    @Test
    void aServiceThatLosesItsSelectorLosesItsManagedSlices() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "default", "a", WEB, "node-a"), "10.244.1.2", true);
        cluster.settle();
        assertThat(slices("web")).hasSize(1);

        api.modify(ResourceTypes.SERVICES, "default", "web", (Service s) -> {
            s.getSpec().setSelector(null);
            return s;
        }, false);
        cluster.settle();
        assertThat(slices("web")).isEmpty();
    }
}
