package io.kubelab.app.slides;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubelab.app.cluster.TrafficRecord;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTrafficViewModelTest {

    private static TrafficRecord req(String service, String pod) {
        return new TrafficRecord(service, "minikube", pod);
    }

    @Test
    void roundRobinOverThreePodsCountsTwoEachAfterSixRequests() {
        ServiceTrafficViewModel vm = new ServiceTrafficViewModel("web");
        for (int i = 0; i < 6; i++) {
            vm.traffic(req("default/web", "default/web-" + (char) ('a' + i % 3)));
        }
        assertThat(vm.counts()).as("nothing shows before the frame").isEmpty();
        vm.tick();
        assertThat(vm.counts()).containsExactly(
                new ServiceTrafficViewModel.PodCount("default/web-a", 2),
                new ServiceTrafficViewModel.PodCount("default/web-b", 2),
                new ServiceTrafficViewModel.PodCount("default/web-c", 2));
        assertThat(vm.total()).isEqualTo(6);
        assertThat(vm.recent().get(0)).isEqualTo(new ServiceTrafficViewModel.Request(6, "default/web-c", "minikube"));
    }

    @Test
    void keepsOnlyTheLastRequestsNewestFirst() {
        ServiceTrafficViewModel vm = new ServiceTrafficViewModel("default/web");
        int n = ServiceTrafficViewModel.LAST + 3;
        for (int i = 1; i <= n; i++) {
            vm.traffic(req("default/web", "default/web-" + i));
        }
        vm.tick();
        assertThat(vm.recent()).hasSize(ServiceTrafficViewModel.LAST);
        assertThat(vm.recent().get(0).number()).isEqualTo(n);
        assertThat(vm.recent().get(ServiceTrafficViewModel.LAST - 1).number()).isEqualTo(4);
        assertThat(vm.counts()).as("counts cover every request, not only the listed ones").hasSize(n);
    }

    @Test
    void ignoresOtherServicesAndNamespaces() {
        ServiceTrafficViewModel vm = new ServiceTrafficViewModel("web");
        vm.traffic(req("default/api", "default/api-a"));
        vm.traffic(req("shop/web", "shop/web-a"));
        vm.traffic(req("default/web", "default/web-a"));
        vm.tick();
        assertThat(vm.counts()).containsExactly(new ServiceTrafficViewModel.PodCount("default/web-a", 1));
        assertThat(vm.total()).isEqualTo(1);
    }

    @Test
    void requestsQueuedBeforeTheWatchCaughtUpStayButANewClusterForgetsThem() {
        ServiceTrafficViewModel vm = new ServiceTrafficViewModel("web");
        // The widget was just put on screen: kube-proxy routed two requests before its own watch's
        // first batch (a reset: the whole current cluster) arrived.
        vm.traffic(req("default/web", "default/web-a"));
        vm.traffic(req("default/web", "default/web-b"));
        vm.onBatch(new FeedBatch(true, List.of(new WatchEvent(WatchEvent.Type.ADDED, ResourceTypes.SERVICES,
                service("web", "10.96.0.10", 80, null), 1))));
        vm.tick();
        assertThat(vm.total()).isEqualTo(2);

        // A later reset is another cluster (Reset, Load, a runtime switch): what was queued goes.
        vm.traffic(req("default/web", "default/web-a"));
        vm.onBatch(new FeedBatch(true, List.of()));
        vm.tick();
        assertThat(vm.total()).isZero();
        assertThat(vm.counts()).isEmpty();
    }

    @Test
    void showsTheNamedServicesClusterIpAndPortsAndForgetsOnReset() {
        ServiceTrafficViewModel vm = new ServiceTrafficViewModel("web");
        Service other = service("api", "10.96.0.20", 8080, null);
        Service web = service("web", "10.96.0.10", 80, 30080);
        vm.onBatch(new FeedBatch(false, List.of(
                new WatchEvent(WatchEvent.Type.ADDED, ResourceTypes.SERVICES, other, 1),
                new WatchEvent(WatchEvent.Type.ADDED, ResourceTypes.SERVICES, web, 2))));
        assertThat(vm.clusterIpProperty().get()).isEqualTo("10.96.0.10");
        assertThat(vm.portsProperty().get()).isEqualTo("80:30080/TCP");

        vm.traffic(req("default/web", "default/web-a"));
        vm.tick();
        vm.onBatch(new FeedBatch(true, List.of()));
        assertThat(vm.clusterIpProperty().get()).isEmpty();
        assertThat(vm.counts()).isEmpty();
        assertThat(vm.recent()).isEmpty();
    }

    private static Service service(String name, String ip, int port, Integer nodePort) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withClusterIP(ip).addNewPort().withPort(port).withNodePort(nodePort).withProtocol("TCP").endPort()
                .endSpec().build();
    }
}
