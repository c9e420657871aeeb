package io.kubelab.app.cluster;

import io.kubelab.app.TestClusters;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster view's behaviour without a window: picking, animation, level of detail. */
class ClusterViewModelTest {
    private static final long MS = 1_000_000L;
    private Cluster cluster;
    private ClusterFeed feed;
    private final ClusterViewModel vm = new ClusterViewModel();

    @BeforeEach
    void setUp() {
        cluster = TestClusters.withNodes();
        feed = new ClusterFeed();
        feed.addListener(vm);
        feed.attach(cluster);
        vm.setViewport(1200, 800);
        feed.flush();
    }

    @AfterEach
    void tearDown() {
        feed.close();
        cluster.close();
    }

    private double sx(double wx) {
        return vm.camera().toScreenX(wx);
    }

    private double sy(double wy) {
        return vm.camera().toScreenY(wy);
    }

    @Test
    void clickingAPodSelectsItAndClickingANodeSelectsTheNode() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        TestClusters.bind(cluster, "default", "web", "minikube-m02");
        feed.flush();
        vm.focus(vm.nodeBox("minikube-m02"));
        assertThat(vm.detail()).isEqualTo(ClusterViewModel.Detail.FULL);
        Rect pod = vm.layout().pod(vm.model().pod("default", "web"));
        assertThat(vm.hitTest(sx(pod.centerX()), sy(pod.centerY())))
                .isEqualTo(new Selection.ObjectRef(ResourceTypes.PODS, "default", "web"));
        Rect node = vm.nodeBox("minikube-m02");
        assertThat(vm.hitTest(sx(node.right() - 5), sy(node.bottom() - 5)))
                .isEqualTo(new Selection.ObjectRef(ResourceTypes.NODES, null, "minikube-m02"));
        Rect kubelet = vm.layout().component(ComponentId.kubelet("minikube-m02"), vm.model().node("minikube-m02").index());
        assertThat(vm.hitTest(sx(kubelet.centerX()), sy(kubelet.centerY())))
                .isEqualTo(new Selection.ComponentRef(ComponentId.kubelet("minikube-m02")));
    }

    @Test
    void controlPlaneServicesAndPendingPodsCanBePicked() {
        cluster.apply(DemoScenario.nginxYaml());
        cluster.apply(TestClusters.pod("waiting", "default", "w"));
        feed.flush();
        vm.fit();
        Rect sched = vm.layout().component(ComponentId.SCHEDULER, -1);
        assertThat(vm.hitTest(sx(sched.centerX()), sy(sched.centerY()))).isEqualTo(new Selection.ComponentRef(ComponentId.SCHEDULER));
        ServiceInfo svc = vm.model().service("default/my-nginx");
        Rect s = vm.layout().service(svc.slot());
        assertThat(vm.hitTest(sx(s.centerX()), sy(s.centerY())))
                .isEqualTo(new Selection.ObjectRef(ResourceTypes.SERVICES, "default", "my-nginx"));
        Rect p = vm.layout().pod(vm.model().pod("default", "waiting"));
        assertThat(vm.hitTest(sx(p.centerX()), sy(p.centerY())))
                .isEqualTo(new Selection.ObjectRef(ResourceTypes.PODS, "default", "waiting"));
    }

    @Test
    void aBoundPodTravelsFromThePendingAreaToItsNode() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        feed.flush();
        Rect pendingSlot = vm.layout().pod(vm.model().pod("default", "web"));
        TestClusters.bind(cluster, "default", "web", "minikube-m03");
        feed.flush();
        assertThat(vm.tick(1000 * MS)).isTrue();
        assertThat(vm.moves()).hasSize(1);
        ClusterViewModel.Move m = vm.moves().get(0);
        assertThat(m.fromX()).isEqualTo(pendingSlot.x());
        assertThat(m.fromY()).isEqualTo(pendingSlot.y());
        assertThat(m.start()).isEqualTo(1000 * MS);
        vm.tick(1000 * MS + ClusterViewModel.MOVE_NANOS + 1);
        assertThat(vm.moves()).isEmpty();
    }

    @Test
    void trafficTravelsFromTheServiceThroughKubeProxyToThePod() {
        cluster.apply(DemoScenario.nginxYaml());
        cluster.apply(TestClusters.pod("web", "default", "web"));
        TestClusters.bind(cluster, "default", "web", "minikube-m02");
        feed.flush();
        vm.traffic(new TrafficRecord("default/my-nginx", "minikube-m02", "default/web"));
        vm.traffic(new TrafficRecord("default/nope", "minikube-m02", "default/web"));
        vm.tick(5 * MS);
        assertThat(vm.dots()).hasSize(1);
        ClusterViewModel.Dot d = vm.dots().get(0);
        int node = vm.model().node("minikube-m02").index();
        assertThat(d.xs()[1]).isEqualTo(vm.layout().component(ComponentId.kubeProxy("minikube-m02"), node).centerX());
        assertThat(d.xs()[2]).isEqualTo(vm.layout().pod(vm.model().pod("default", "web")).centerX());
        vm.tick(5 * MS + ClusterViewModel.TRAFFIC_NANOS + 1);
        assertThat(vm.dots()).isEmpty();
    }

    @Test
    void redrawsOnlyWhenSomethingChanged() {
        vm.tick(0);
        vm.tick(1);
        assertThat(vm.tick(2 * MS)).isFalse();
        vm.pan(10, 0);
        assertThat(vm.tick(3 * MS)).isTrue();
        assertThat(vm.tick(4 * MS)).isFalse();
        cluster.apply(TestClusters.pod("web", "default", "web"));
        feed.flush();
        assertThat(vm.tick(5 * MS)).isTrue();
    }

    @Test
    void zoomChoosesTheLevelOfDetail() {
        vm.camera().centerOn(0, 0, 0.05, 1200, 800);
        assertThat(vm.detail()).isEqualTo(ClusterViewModel.Detail.HEAT_MAP);
        vm.camera().centerOn(0, 0, 0.2, 1200, 800);
        assertThat(vm.detail()).isEqualTo(ClusterViewModel.Detail.BOXES);
        vm.camera().centerOn(0, 0, 1, 1200, 800);
        assertThat(vm.detail()).isEqualTo(ClusterViewModel.Detail.FULL);
    }

    @Test
    void theLegendListsDeploymentsAndTheCountsFollow() {
        cluster.apply(DemoScenario.nginxYaml());
        cluster.apply(TestClusters.pod("web", "default", "web"));
        feed.flush();
        assertThat(vm.legend()).extracting(ClusterViewModel.LegendRow::name).containsExactly("nginx-deployment");
        assertThat(vm.countsProperty().get()).isEqualTo(new ClusterViewModel.Counts(3, 1, 1, 3));
        vm.namespaceFilterProperty().set("kube-system");
        assertThat(vm.legend()).isEmpty();
        assertThat(vm.countsProperty().get().services()).isEqualTo(1);
    }

    @Test
    void theCommandPathPlaysStepByStep() {
        cluster.apply(DemoScenario.nginxYaml());
        feed.flush();
        vm.tick(0);
        PathStep first = vm.path().current();
        assertThat(first).isNotNull();
        vm.tick(PathPlayer.STEP_NANOS + 1);
        assertThat(vm.path().current()).isNotEqualTo(first);
        assertThat(vm.pathHistoryProperty().get()).hasSize(2);
    }
}
