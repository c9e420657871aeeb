package io.kubelab.app.cluster;

import io.kubelab.app.TestClusters;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.engine.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster view's model, fed by the store's real watch events. */
class ClusterModelTest {
    private Cluster cluster;
    private ClusterFeed feed;
    private final ClusterModel model = new ClusterModel();
    private final List<ClusterModel.Changes> changes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cluster = TestClusters.withNodes();
        feed = new ClusterFeed();
        feed.addListener(b -> changes.add(model.apply(b)));
        feed.attach(cluster);
        flush();
    }

    @AfterEach
    void tearDown() {
        feed.close();
        cluster.close();
    }

    private void flush() {
        feed.flush();
        model.refresh();
    }

    @Test
    void nodesAreListedControlPlaneFirstInNaturalOrder() {
        assertThat(Arrays.stream(model.nodes()).map(NodeInfo::name))
                .containsExactly("minikube", "minikube-m02", "minikube-m03");
        assertThat(model.node("minikube").controlPlane()).isTrue();
        assertThat(model.node("minikube-m02").ready()).isTrue();
        assertThat(model.node("minikube-m02").statusText()).isEqualTo("Ready");
        assertThat(model.node("minikube-m02").ip()).isEqualTo("192.168.49.3");
    }

    @Test
    void anUnboundPodWaitsInThePendingAreaThenMovesToItsNode() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        flush();
        assertThat(model.pending()).extracting(PodInfo::name).containsExactly("web");
        assertThat(model.pod("default", "web").status()).isEqualTo("Pending");

        TestClusters.bind(cluster, "default", "web", "minikube-m02");
        flush();
        ClusterModel.Changes last = changes.get(changes.size() - 1);
        assertThat(last.bound()).extracting(b -> b.pod().name()).containsExactly("web");
        assertThat(last.bound().get(0).pendingSlot()).isZero();
        assertThat(model.pending()).isEmpty();
        assertThat(model.node("minikube-m02").visiblePods()).extracting(PodInfo::name).containsExactly("web");
        assertThat(last.steps()).extracting(PathStep::actor, PathStep::verb, PathStep::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ComponentId.SCHEDULER, PathStep.Verb.BOUND, "minikube-m02"));

        TestClusters.running(cluster, "default", "web", "10.244.1.5");
        flush();
        PodInfo web = model.pod("default", "web");
        assertThat(web.status()).isEqualTo("Running");
        assertThat(web.ip()).isEqualTo("10.244.1.5");
        assertThat(web.containers()).extracting(PodInfo.ContainerInfo::name, PodInfo.ContainerInfo::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main", PodStatusText.Category.RUNNING));
        PathStep report = changes.get(changes.size() - 1).steps().get(0);
        assertThat(report.actor()).isEqualTo(ComponentId.kubelet("minikube-m02"));
        assertThat(report.arrows()).extracting(PathStep.Arrow::to)
                .containsExactly(ComponentId.runtime("minikube-m02"), ComponentId.API_SERVER, ComponentId.ETCD);
    }

    @Test
    void aDeploymentIsCreatedByTheClientThroughTheApiServerIntoEtcd() {
        cluster.apply(DemoScenario.nginxYaml());
        flush();
        List<PathStep> steps = changes.get(changes.size() - 1).steps();
        assertThat(steps).extracting(PathStep::subject).contains("deployment/nginx-deployment", "service/my-nginx");
        PathStep created = steps.stream().filter(s -> s.subject().equals("deployment/nginx-deployment")).findFirst().orElseThrow();
        assertThat(created.actor()).isEqualTo(ComponentId.CLIENT);
        assertThat(created.arrows()).containsExactly(new PathStep.Arrow(ComponentId.CLIENT, ComponentId.API_SERVER),
                new PathStep.Arrow(ComponentId.API_SERVER, ComponentId.ETCD));
        assertThat(model.deployments()).extracting(GroupInfo::name, GroupInfo::desired)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nginx-deployment", 3));
        assertThat(model.services()).extracting(ServiceInfo::name).contains("my-nginx", "kubernetes", "kube-dns");
        ServiceInfo svc = model.service("default/my-nginx");
        assertThat(svc.type()).isEqualTo("NodePort");
        assertThat(svc.ports()).isEqualTo("80:31000/TCP");
        assertThat(svc.clusterIp()).startsWith("10.0.0.");
    }

    @Test
    void podsOfOneOwnerSitSideBySideAndOwnedPodsAreCreatedByTheControllerManager() {
        cluster.apply(DemoScenario.nginxYaml());
        cluster.apply(TestClusters.pod("a-bare", "default", "x"));
        cluster.apply("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: web-abc
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: main
                        image: nginx
                """);
        var rs = cluster.api().<io.fabric8.kubernetes.api.model.apps.ReplicaSet>get(
                io.kubelab.engine.model.ResourceTypes.REPLICASETS, "default", "web-abc");
        for (String name : List.of("web-abc-zz", "web-abc-aa")) {
            cluster.api().create(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName(name)
                    .withNamespace("default").addToLabels("app", "web").addNewOwnerReference().withApiVersion("apps/v1")
                    .withKind("ReplicaSet").withName("web-abc").withUid(rs.getMetadata().getUid()).withController(true)
                    .endOwnerReference().endMetadata().withNewSpec().withNodeName("minikube-m03").addNewContainer()
                    .withName("main").withImage("nginx").endContainer().endSpec().build(), "default");
        }
        TestClusters.bind(cluster, "default", "a-bare", "minikube-m03");
        flush();
        // The bare pod sorts first (no group), then the ReplicaSet's two pods together, by name.
        assertThat(model.node("minikube-m03").visiblePods()).extracting(PodInfo::name)
                .containsExactly("a-bare", "web-abc-aa", "web-abc-zz");
        assertThat(model.groupOf(model.pod("default", "web-abc-aa")).name()).isEqualTo("web-abc");
        List<PathStep> steps = changes.get(changes.size() - 1).steps();
        assertThat(steps).filteredOn(s -> s.subject().equals("pod/web-abc-aa")).extracting(PathStep::actor)
                .containsExactly(ComponentId.CONTROLLER_MANAGER);
    }

    @Test
    void theNamespaceFilterHidesOtherNamespaces() {
        cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        cluster.apply(TestClusters.pod("cart", "shop", "cart"));
        cluster.apply(TestClusters.pod("web", "default", "web"));
        flush();
        assertThat(model.namespaces()).contains("default", "shop", "kube-system");
        assertThat(model.pending()).extracting(PodInfo::name).containsExactly("cart", "web");
        model.setNamespaceFilter("shop");
        model.refresh();
        assertThat(model.pending()).extracting(PodInfo::name).containsExactly("cart");
        assertThat(model.services()).isEmpty();
        assertThat(model.pod("default", "web").slot()).isEqualTo(-1);
        model.setNamespaceFilter(null);
        model.refresh();
        assertThat(model.pending()).hasSize(2);
    }

    @Test
    void aDeletedPodLeavesAndAResetStartsOver() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        flush();
        cluster.api().delete(io.kubelab.engine.model.ResourceTypes.PODS, "default", "web", null);
        flush();
        assertThat(model.pod("default", "web")).isNull();
        assertThat(model.pending()).isEmpty();
        assertThat(changes.get(changes.size() - 1).steps()).extracting(PathStep::verb).containsExactly(PathStep.Verb.DELETED);

        ClusterModel.Changes reset = model.apply(new FeedBatch(true, List.of()));
        model.refresh();
        assertThat(model.nodes()).isEmpty();
        assertThat(reset.steps()).isEmpty();
    }

    @Test
    void theInitialStateIsNoPathToAnimate() {
        assertThat(changes.get(0).steps()).isEmpty();
        assertThat(changes.get(0).bound()).isEmpty();
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        assertThat(ClusterModel.natural("minikube-m9", "minikube-m10")).isNegative();
        assertThat(ClusterModel.natural("minikube-m02", "minikube-m2")).isZero();
        assertThat(ClusterModel.natural("minikube", "minikube-m02")).isNegative();
    }
}
