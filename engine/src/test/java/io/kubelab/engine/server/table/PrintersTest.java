package io.kubelab.engine.server.table;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrintersTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    private static final String CREATED = "2026-01-01T00:00:00Z";

    @Test
    void everyServedTypeHasColumnsMatchingItsRows() {
        for (ResourceType t : ResourceTypes.all()) {
            assertThat(Printers.columns(t)).as(t.plural()).isNotEmpty();
        }
        assertThat(Printers.columns(ResourceTypes.REPLICASETS)).extracting(Column::name)
                .containsExactly("Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector");
        assertThat(Printers.columns(ResourceTypes.ENDPOINTS)).extracting(Column::name)
                .containsExactly("Name", "Endpoints", "Age");
        assertThat(Printers.columns(ResourceTypes.ENDPOINTSLICES)).extracting(Column::name)
                .containsExactly("Name", "AddressType", "Ports", "Endpoints", "Age");
    }

    @Test
    void replicaSet() {
        var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-7d9c").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withReplicas(3).withSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web")
                        .addToMatchLabels("pod-template-hash", "7d9c").build())
                .withNewTemplate().withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.24").endContainer()
                .addNewContainer().withName("log").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(2).endStatus().build();
        assertThat(Printers.row(rs, NOW).cells()).containsExactly("web-7d9c", 3L, 3L, 2L, "10m", "nginx,log",
                "nginx:1.24,busybox", "app=web,pod-template-hash=7d9c");
    }

    @Test
    void selectorsPrintSortedWithExpressions() {
        var selector = new LabelSelectorBuilder().addToMatchLabels("tier", "front")
                .addNewMatchExpression().withKey("env").withOperator("In").withValues("prod", "dev").endMatchExpression()
                .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression().build();
        assertThat(Printers.formatSelector(selector)).isEqualTo("env in (dev,prod),!legacy,tier=front");
    }

    @Test
    void endpointsShowThreeThenACount() {
        var ep = new EndpointsBuilder().withNewMetadata().withName("web").withCreationTimestamp(CREATED).endMetadata()
                .addNewSubset().addNewAddress().withIp("10.244.1.2").endAddress().addNewAddress().withIp("10.244.1.3")
                .endAddress().addNewAddress().withIp("10.244.2.2").endAddress().addNewAddress().withIp("10.244.2.3")
                .endAddress().addNewAddress().withIp("10.244.2.4").endAddress().addNewPort().withPort(80).endPort()
                .endSubset().build();
        assertThat(Printers.row(ep, NOW).cells()).containsExactly("web",
                "10.244.1.2:80,10.244.1.3:80,10.244.2.2:80 + 2 more...", "10m");
        var empty = new EndpointsBuilder().withNewMetadata().withName("none").withCreationTimestamp(CREATED).endMetadata()
                .build();
        assertThat(Printers.row(empty, NOW).cells().get(1)).isEqualTo("<none>");
    }

    @Test
    void endpointSliceAndLease() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withName("web-abcde").withCreationTimestamp(CREATED)
                .endMetadata().withAddressType("IPv4").addNewPort().withPort(80).endPort()
                .addNewEndpoint().withAddresses("10.244.1.2").endEndpoint().build();
        assertThat(Printers.row(slice, NOW).cells()).containsExactly("web-abcde", "IPv4", "80", "10.244.1.2", "10m");
        var lease = new LeaseBuilder().withNewMetadata().withName("minikube").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withHolderIdentity("minikube").endSpec().build();
        assertThat(Printers.row(lease, NOW).cells()).containsExactly("minikube", "minikube", "10m");
    }

    @Test
    void loadBalancerWithoutIngressIsPending() {
        var svc = new ServiceBuilder().withNewMetadata().withName("lb").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIPs("10.0.0.20").addNewPort().withPort(80)
                .withNodePort(30080).withProtocol("TCP").endPort().endSpec().build();
        assertThat(Printers.row(svc, NOW).cells()).containsExactly("lb", "LoadBalancer", "10.0.0.20", "<pending>",
                "80:30080/TCP", "10m", "<none>");
    }

    @Test
    void nodeRolesAndSchedulingDisabled() {
        var node = new NodeBuilder().withNewMetadata().withName("minikube").withCreationTimestamp(CREATED)
                .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build();
        List<Object> cells = Printers.row(node, NOW).cells();
        assertThat(cells.subList(0, 4)).containsExactly("minikube", "NotReady,SchedulingDisabled", "control-plane", "10m");
        assertThat(cells.subList(7, 10)).containsExactly("<unknown>", "<unknown>", "<unknown>");
    }

    @Test
    void eventWithCountAndSource() {
        var ev = new EventBuilder().withNewMetadata().withName("web.17a").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web").withFieldPath("spec.containers{nginx}")
                .endInvolvedObject().withReason("BackOff").withType("Warning")
                .withMessage("Back-off restarting failed container\n").withFirstTimestamp("2026-01-01T00:01:00Z")
                .withLastTimestamp("2026-01-01T00:09:00Z").withCount(5).withNewSource().withComponent("kubelet")
                .withHost("minikube").endSource().build();
        assertThat(Printers.row(ev, NOW).cells()).containsExactly("60s", "Warning", "BackOff", "pod/web",
                "spec.containers{nginx}", "kubelet, minikube", "Back-off restarting failed container", "9m", 5L, "web.17a");
    }
}
