package io.kubelab.app.controls;

import io.kubelab.app.TestClusters;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.ComponentId;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsViewModelTest {
    private ClusterSession session;
    private FaultsViewModel vm;
    private final List<String> stopped = new ArrayList<>();
    private final List<String> nodeCalls = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Cluster c = TestClusters.withNodes();
        session = ClusterSession.manual(c, TestClusters::withNodes);
        vm = new FaultsViewModel(session, new I18n(Locale.ENGLISH), ClusterFaultInjector::new, Runnable::run,
                (id, s) -> stopped.add(id + "=" + s));
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void deletingABoundPodMarksItTerminatingThroughTheApi() {
        Cluster c = session.cluster();
        c.apply(TestClusters.pod("web", "default", "web"));
        TestClusters.bind(c, "default", "web", "minikube-m02");
        vm.deletePod("default", "web");
        io.fabric8.kubernetes.api.model.Pod p = c.store().get(ResourceTypes.PODS, "default", "web");
        assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(vm.messageProperty().get()).isEqualTo("pod \"default/web\" deleted");
        vm.deletePod("default", "ghost");
        assertThat(vm.messageProperty().get()).isEqualTo("Error from server (NotFound): pods \"ghost\" not found");
    }

    @Test
    void theControllerManagerCanBeStoppedAndStarted() {
        vm.setRunning(ComponentId.CONTROLLER_MANAGER, false);
        assertThat(stopped).containsExactly("kube-controller-manager=true");
        assertThat(vm.messageProperty().get()).isEqualTo("kube-controller-manager stopped");
        vm.setRunning(ComponentId.CONTROLLER_MANAGER, true);
        assertThat(stopped).containsExactly("kube-controller-manager=true", "kube-controller-manager=false");
    }

    @Test
    void withoutAKubeletANodeCannotBeStoppedAndTheUserIsTold() {
        vm.stopNode("minikube-m09");
        assertThat(vm.messageProperty().get()).isEqualTo("no kubelet runs for node \"minikube-m09\" in this cluster");
        assertThat(stopped).isEmpty();
    }

    @Test
    void nodeFaultsGoToTheNodeFaultsPort() {
        NodeFaults recording = new NodeFaults() {
            @Override
            public void stopNode(String node) {
                nodeCalls.add("stop " + node);
            }

            @Override
            public void startNode(String node) {
                nodeCalls.add("start " + node);
            }

            @Override
            public void partitionNode(String node) {
                nodeCalls.add("partition " + node);
            }
        };
        FaultsViewModel withPort = new FaultsViewModel(session, new I18n(Locale.ENGLISH),
                c -> new ClusterFaultInjector(c, recording), Runnable::run, (id, s) -> stopped.add(id + "=" + s));
        withPort.stopNode("minikube-m02");
        withPort.partitionNode("minikube-m03");
        withPort.startNode("minikube-m02");
        assertThat(nodeCalls).containsExactly("stop minikube-m02", "partition minikube-m03", "start minikube-m02");
        assertThat(stopped).containsExactly("kubelet@minikube-m02=true", "kubelet@minikube-m03=true", "kubelet@minikube-m02=false");
        assertThat(withPort.messageProperty().get()).isEqualTo("node minikube-m02 started");
    }
}
