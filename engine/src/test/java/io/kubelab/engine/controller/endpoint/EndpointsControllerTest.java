package io.kubelab.engine.controller.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.pod;
import static io.kubelab.engine.controller.ControllerHarness.port;
import static io.kubelab.engine.controller.ControllerHarness.running;
import static io.kubelab.engine.controller.ControllerHarness.service;
import static io.kubelab.engine.controller.ControllerHarness.servicePort;
import static io.kubelab.engine.controller.ControllerHarness.setReady;
import static org.assertj.core.api.Assertions.assertThat;

class EndpointsControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = io.kubelab.engine.controller.ControllerHarness.cluster(EndpointsController.NAME);
        api = cluster.api();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Endpoints endpoints(String name) {
        return api.find(ResourceTypes.ENDPOINTS, "default", name);
    }

    private static List<String> ips(List<EndpointAddress> addresses) {
        return addresses == null ? List.of() : addresses.stream().map(EndpointAddress::getIp).toList();
    }

    private static List<String> ports(EndpointSubset s) {
        return s.getPorts() == null ? List.of() : s.getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).toList();
    }

    @Test
    void readyAndNotReadyPodsWithNamedTargetPortsAreRepackedIntoSubsets() {
        service(api, "default", "web", WEB, servicePort("http", 80, new IntOrString("http")),
                servicePort("metrics", 9090, new IntOrString(9090)));
        Pod a = running(api, pod(api, "default", "a", WEB, "node-1", port("http", 8080)), "10.244.1.10", true);
        running(api, pod(api, "default", "b", WEB, "node-1", port("http", 8080)), "10.244.1.9", false);
        // c names its port "web": the Service's "http" target port does not resolve on it, metrics does.
        running(api, pod(api, "default", "c", WEB, "node-2", port("web", 8080)), "10.244.2.5", true);
        pod(api, "default", "no-ip-yet", WEB, "node-2", port("http", 8080));
        running(api, pod(api, "default", "other", Map.of("app", "other"), "node-2", port("http", 8080)), "10.244.2.6", true);
        cluster.settle();

        Endpoints ep = endpoints("web");
        assertThat(ep).isNotNull();
        assertThat(ep.getSubsets()).hasSize(2);
        EndpointSubset http = ep.getSubsets().get(0);
        assertThat(ports(http)).containsExactly("http:8080");
        assertThat(ips(http.getAddresses())).containsExactly("10.244.1.10");
        assertThat(ips(http.getNotReadyAddresses())).containsExactly("10.244.1.9");
        EndpointSubset metrics = ep.getSubsets().get(1);
        assertThat(ports(metrics)).containsExactly("metrics:9090");
        // Sorted by IP as text, as upstream does.
        assertThat(ips(metrics.getAddresses())).containsExactly("10.244.1.10", "10.244.2.5");
        assertThat(ips(metrics.getNotReadyAddresses())).containsExactly("10.244.1.9");

        EndpointAddress first = http.getAddresses().get(0);
        assertThat(first.getNodeName()).isEqualTo("node-1");
        assertThat(first.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(first.getTargetRef().getName()).isEqualTo("a");
        assertThat(first.getTargetRef().getNamespace()).isEqualTo("default");
        assertThat(first.getTargetRef().getUid()).isEqualTo(a.getMetadata().getUid());
        assertThat(ep.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "web");
        assertThat(ep.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/last-change-trigger-time",
                Kube.timestamp(api.now()));
    }

    @Test
    void aPodThatBecomesReadyMovesToAddressesAndARelabelledPodLeaves() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "default", "a", WEB, "node-1"), "10.244.1.2", false);
        cluster.settle();
        assertThat(ips(endpoints("web").getSubsets().get(0).getNotReadyAddresses())).containsExactly("10.244.1.2");

        cluster.advance(Duration.ofSeconds(3));
        setReady(api, "default", "a", true);
        cluster.settle();
        EndpointSubset s = endpoints("web").getSubsets().get(0);
        assertThat(ips(s.getAddresses())).containsExactly("10.244.1.2");
        assertThat(s.getNotReadyAddresses()).isNullOrEmpty();
        assertThat(s.getPorts()).extracting(EndpointPort::getPort).containsExactly(8080);

        api.modify(ResourceTypes.PODS, "default", "a", (Pod p) -> {
            p.getMetadata().setLabels(Map.of("app", "debug"));
            return p;
        }, false);
        cluster.settle();
        assertThat(endpoints("web").getSubsets()).isNullOrEmpty();
    }

    @Test
    void terminatingAndFinishedPodsAreLeftOut() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "default", "a", WEB, "node-1"), "10.244.1.2", true);
        running(api, pod(api, "default", "b", WEB, "node-1"), "10.244.1.3", true);
        Pod done = running(api, pod(api, "default", "done", WEB, "node-1"), "10.244.1.4", false);
        Pod copy = Kube.copy(done);
        copy.getStatus().setPhase("Succeeded");
        api.updateStatus(copy);
        cluster.settle();
        assertThat(ips(endpoints("web").getSubsets().get(0).getAddresses())).containsExactly("10.244.1.2", "10.244.1.3");

        // A bound pod is only marked for deletion; until its kubelet finishes it is Terminating.
        api.delete(ResourceTypes.PODS, "default", "b", null);
        cluster.settle();
        assertThat(api.<Pod>get(ResourceTypes.PODS, "default", "b").getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(ips(endpoints("web").getSubsets().get(0).getAddresses())).containsExactly("10.244.1.2");
    }

    @Test
    void deletingTheServiceDeletesItsEndpoints() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        cluster.settle();
        assertThat(endpoints("web")).isNotNull();
        assertThat(endpoints("web").getSubsets()).isNullOrEmpty();

        api.delete(ResourceTypes.SERVICES, "default", "web", null);
        cluster.settle();
        assertThat(endpoints("web")).isNull();
    }

    @Test
    void endpointsDeletedByHandAreRecreated() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "default", "a", WEB, "node-1"), "10.244.1.2", true);
        cluster.settle();
        api.delete(ResourceTypes.ENDPOINTS, "default", "web", null);
        cluster.settle();
        assertThat(ips(endpoints("web").getSubsets().get(0).getAddresses())).containsExactly("10.244.1.2");
    }

    @Test
    void servicesWithoutSelectorAreLeftAloneAndTheApiServersEndpointsSurvive() {
        Service external = new ServiceBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build();
        api.create(external, "default");
        api.create(new EndpointsBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .addNewSubset().addNewAddress().withIp("192.168.1.50").endAddress()
                .addNewPort().withPort(5432).endPort().endSubset().build(), "default");
        cluster.settle();
        cluster.advance(Duration.ofMinutes(1));

        assertThat(ips(endpoints("db").getSubsets().get(0).getAddresses())).containsExactly("192.168.1.50");
        Endpoints kubernetes = endpoints("kubernetes");
        assertThat(ips(kubernetes.getSubsets().get(0).getAddresses())).containsExactly("192.168.49.2");
        assertThat(kubernetes.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/skip-mirror", "true");
    }

    @Test
    void aHeadlessServiceWithoutPortsListsAddressesWithHostnamesAndIsLabelledHeadless() {
        Service headless = new ServiceBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP("None").withSelector(WEB).endSpec().build();
        api.create(headless, "default");
        Pod p = new PodBuilder().withNewMetadata().withName("db-0").withNamespace("default").withLabels(WEB).endMetadata()
                .withNewSpec().withHostname("db-0").withSubdomain("db").withNodeName("node-1")
                .addNewContainer().withName("db").withImage("postgres").endContainer().endSpec().build();
        running(api, api.create(p, "default"), "10.244.1.7", true);
        cluster.settle();

        Endpoints ep = endpoints("db");
        assertThat(ep.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        EndpointAddress address = ep.getSubsets().get(0).getAddresses().get(0);
        assertThat(address.getIp()).isEqualTo("10.244.1.7");
        assertThat(address.getHostname()).isEqualTo("db-0");
        assertThat(ep.getSubsets().get(0).getPorts()).isNullOrEmpty();
    }

    @Test
    void moreThanAThousandAddressesAreTruncatedAndAnnotated() {
        service(api, "default", "big", WEB, servicePort("", 80, new IntOrString(8080)));
        for (int i = 0; i < 1003; i++) {
            running(api, pod(api, "default", "p" + i, WEB, "node-1"), "10.244." + (i / 250) + "." + (i % 250 + 1), true);
        }
        cluster.settle();
        Endpoints ep = endpoints("big");
        assertThat(EndpointSubsets.count(ep.getSubsets())).isEqualTo(1000);
        assertThat(ep.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/over-capacity", "truncated");
    }
}
