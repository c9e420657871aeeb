package io.kubelab.engine.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.controller.endpoint.EndpointsController;
import io.kubelab.engine.controller.endpointslice.EndpointSliceController;
import io.kubelab.engine.controller.podgc.PodGCController;
import io.kubelab.engine.controller.tainteviction.TaintEvictionController;
import io.kubelab.engine.controller.util.node.NodeUtil;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.node;
import static io.kubelab.engine.controller.ControllerHarness.pod;
import static io.kubelab.engine.controller.ControllerHarness.postReady;
import static io.kubelab.engine.controller.ControllerHarness.renewLease;
import static io.kubelab.engine.controller.ControllerHarness.running;
import static org.assertj.core.api.Assertions.assertThat;

class NodeLifecycleControllerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> WEB = Map.of("app", "web");

    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = ControllerHarness.cluster(NodeLifecycleController.NAME, TaintEvictionController.NAME, PodGCController.NAME);
        api = cluster.api();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private long t() {
        return Duration.between(T0, api.now()).toSeconds();
    }

    private static String at(long seconds) {
        return Kube.timestamp(T0.plusSeconds(seconds));
    }

    /** Moves time to {@code until} (seconds since start), renewing the leases of {@code alive} every 10 s as kubelets do. */
    private void runUntil(long until, String... alive) {
        while (t() < until) {
            long next = Math.min(until, (t() / 10 + 1) * 10);
            cluster.advance(Duration.ofSeconds(next - t()));
            if (t() % 10 == 0) {
                for (String n : alive) {
                    renewLease(api, n);
                }
                cluster.settle();
            }
        }
    }

    private Node getNode(String name) {
        return api.get(ResourceTypes.NODES, null, name);
    }

    private Pod getPod(String name) {
        return api.find(ResourceTypes.PODS, "default", name);
    }

    private List<Event> events(String reason) {
        return api.<Event>list(ResourceTypes.EVENTS, "default").stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    private void startNodes(String... names) {
        for (String n : names) {
            node(api, n, null);
            renewLease(api, n);
        }
        cluster.settle();
    }

    @Test
    void aNodeWhoseKubeletStopsIsUnknownAfterFortySecondsItsPodsAreEvictedAfterFiveMinutesAndItRecovers() {
        startNodes("n1", "n2");
        running(api, pod(api, "default", "p1", WEB, "n1"), "10.244.1.2", true);
        running(api, pod(api, "default", "on-n2", WEB, "n2"), "10.244.2.2", true);
        api.create(new PodBuilder().withNewMetadata().withName("quick").endMetadata().withNewSpec().withNodeName("n1")
                .addNewToleration().withKey(NodeUtil.TAINT_UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(60L).endToleration()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build(), "default");
        api.create(new PodBuilder().withNewMetadata().withName("patient").endMetadata().withNewSpec().withNodeName("n1")
                .addNewToleration().withKey(NodeUtil.TAINT_UNREACHABLE).withOperator("Exists").withEffect("NoExecute").endToleration()
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build(), "default");
        assertThat(events("RegisteredNode")).extracting(Event::getMessage)
                .contains("Node n1 event: Registered Node n1 in Controller");

        // n1's kubelet renews its lease for the last time at t=30.
        runUntil(30, "n1", "n2");
        runUntil(69, "n2");
        assertThat(NodeUtil.condition(getNode("n1"), "Ready").getStatus()).isEqualTo("True");
        assertThat(NodeUtil.taints(getNode("n1"))).isEmpty();

        runUntil(70, "n2");
        Node n1 = getNode("n1");
        NodeCondition ready = NodeUtil.condition(n1, "Ready");
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.getLastTransitionTime()).isEqualTo(at(70));
        assertThat(ready.getLastHeartbeatTime()).isEqualTo(at(0));
        for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            assertThat(NodeUtil.condition(n1, type).getStatus()).isEqualTo("Unknown");
            assertThat(NodeUtil.condition(n1, type).getReason()).isEqualTo("NodeStatusUnknown");
        }
        assertThat(NodeUtil.taints(n1)).extracting(Taint::getKey, Taint::getEffect, Taint::getTimeAdded)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_UNREACHABLE, "NoSchedule", at(70)),
                        org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_UNREACHABLE, "NoExecute", at(70)));
        assertThat(NodeUtil.condition(getNode("n2"), "Ready").getStatus()).isEqualTo("True");
        assertThat(events("NodeNotReady")).extracting(e -> e.getInvolvedObject().getKind() + " " + e.getMessage())
                .contains("Node Node n1 status is now: NodeNotReady", "Pod Node is not ready");
        Event nodeEvent = events("NodeNotReady").stream().filter(e -> "Node".equals(e.getInvolvedObject().getKind()))
                .findFirst().orElseThrow();
        assertThat(nodeEvent.getSource().getComponent()).isEqualTo("node-controller");
        assertThat(PodUtil.isReady(getPod("p1"))).isFalse();
        assertThat(PodUtil.isReady(getPod("on-n2"))).isTrue();

        // "quick" tolerates unreachable for 60 s.
        runUntil(129, "n2");
        assertThat(getPod("quick").getMetadata().getDeletionTimestamp()).isNull();
        runUntil(130, "n2");
        assertThat(getPod("quick").getMetadata().getDeletionTimestamp()).isNotNull();

        // Everybody else gets the default 300 s.
        runUntil(369, "n2");
        assertThat(getPod("p1").getMetadata().getDeletionTimestamp()).isNull();
        runUntil(370, "n2");
        Pod evicted = getPod("p1");
        assertThat(evicted.getMetadata().getDeletionTimestamp()).isEqualTo(at(400));
        PodCondition disruption = PodUtil.condition(evicted, "DisruptionTarget");
        assertThat(disruption.getReason()).isEqualTo("DeletionByTaintManager");
        assertThat(disruption.getMessage()).isEqualTo("Taint manager: deleting due to NoExecute taint");
        assertThat(events("TaintManagerEviction")).extracting(Event::getMessage)
                .contains("Marking for deletion Pod default/p1", "Marking for deletion Pod default/quick");

        // n1's kubelet cannot finish the deletion; the pod GC forces it once the grace period is over.
        runUntil(399, "n2");
        assertThat(getPod("p1")).isNotNull();
        runUntil(400, "n2");
        assertThat(getPod("p1")).isNull();
        assertThat(getPod("quick")).isNull();
        assertThat(getPod("patient")).isNotNull();
        assertThat(getPod("patient").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(getPod("on-n2").getMetadata().getDeletionTimestamp()).isNull();

        // The kubelet comes back: it renews its lease and posts Ready; the taints go.
        runUntil(500, "n2");
        renewLease(api, "n1");
        postReady(api, "n1");
        cluster.settle();
        assertThat(NodeUtil.condition(getNode("n1"), "Ready").getStatus()).isEqualTo("True");
        assertThat(NodeUtil.taints(getNode("n1"))).isEmpty();
        runUntil(700, "n1", "n2");
        assertThat(NodeUtil.condition(getNode("n1"), "Ready").getStatus()).isEqualTo("True");
        assertThat(getPod("patient").getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aKubeletReportingNotReadyGetsTheNotReadyTaints() {
        startNodes("n1", "n2");
        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            NodeCondition c = NodeUtil.condition(n, "Ready");
            c.setStatus("False");
            c.setReason("KubeletNotReady");
            c.setMessage("container runtime network not ready");
            c.setLastTransitionTime(Kube.timestamp(api.now()));
            return n;
        }, true);
        cluster.settle();
        assertThat(NodeUtil.taints(getNode("n1"))).extracting(Taint::getKey, Taint::getEffect).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_NOT_READY, "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_NOT_READY, "NoExecute"));

        // Later it stops altogether: not-ready becomes unreachable.
        runUntil(40, "n2");
        assertThat(NodeUtil.taints(getNode("n1"))).extracting(Taint::getKey, Taint::getEffect).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_UNREACHABLE, "NoSchedule"),
                org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_UNREACHABLE, "NoExecute"));
    }

    @Test
    void whenEveryNodeIsLostNoPodIsEvicted() {
        startNodes("n1");
        running(api, pod(api, "default", "p1", WEB, "n1"), "10.244.1.2", true);
        runUntil(10, "n1");
        runUntil(50);
        Node n1 = getNode("n1");
        assertThat(NodeUtil.condition(n1, "Ready").getStatus()).isEqualTo("Unknown");
        // Master disruption mode: the node is kept from new pods but its pods are not evicted.
        assertThat(NodeUtil.taints(n1)).extracting(Taint::getKey, Taint::getEffect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NodeUtil.TAINT_UNREACHABLE, "NoSchedule"));
        runUntil(1000);
        assertThat(getPod("p1")).isNotNull();
        assertThat(getPod("p1").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(events("TaintManagerEviction")).isEmpty();
    }

    @Test
    void aCordonedNodeIsTaintedUnschedulable() {
        startNodes("n1");
        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            n.getSpec().setUnschedulable(true);
            return n;
        }, false);
        cluster.settle();
        Taint t = NodeUtil.taints(getNode("n1")).get(0);
        assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unschedulable");
        assertThat(t.getEffect()).isEqualTo("NoSchedule");
        assertThat(t.getTimeAdded()).isEqualTo(at(0));

        api.modify(ResourceTypes.NODES, null, "n1", (Node n) -> {
            n.getSpec().setUnschedulable(null);
            return n;
        }, false);
        cluster.settle();
        assertThat(NodeUtil.taints(getNode("n1"))).isEmpty();
    }

    @Test
    void aNodeThatNeverPostedStatusIsUnknownAfterTheStartupGracePeriod() {
        startNodes("n2");
        api.create(new NodeBuilder().withNewMetadata().withName("silent").endMetadata().build(), null);
        runUntil(59, "n2");
        assertThat(NodeUtil.condition(getNode("silent"), "Ready")).isNull();
        runUntil(60, "n2");
        NodeCondition ready = NodeUtil.condition(getNode("silent"), "Ready");
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusNeverUpdated");
        assertThat(ready.getMessage()).isEqualTo("Kubelet never posted node status.");
        assertThat(NodeUtil.hasTaint(getNode("silent"), NodeUtil.TAINT_UNREACHABLE, "NoExecute")).isTrue();
    }

    @Test
    void theReadyEndpointsOfALostNodeBecomeNotReady() {
        cluster.close();
        cluster = ControllerHarness.cluster(NodeLifecycleController.NAME, TaintEvictionController.NAME, PodGCController.NAME,
                EndpointsController.NAME, EndpointSliceController.NAME);
        api = cluster.api();
        startNodes("n1", "n2");
        ControllerHarness.service(api, "default", "web", WEB, ControllerHarness.servicePort("", 80, new IntOrString(8080)));
        running(api, pod(api, "default", "a", WEB, "n1"), "10.244.1.2", true);
        running(api, pod(api, "default", "b", WEB, "n2"), "10.244.2.2", true);
        runUntil(10, "n1", "n2");
        Endpoints ep = api.get(ResourceTypes.ENDPOINTS, "default", "web");
        assertThat(ep.getSubsets().get(0).getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.2", "10.244.2.2");

        runUntil(50, "n2");
        ep = api.get(ResourceTypes.ENDPOINTS, "default", "web");
        assertThat(ep.getSubsets().get(0).getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.2.2");
        assertThat(ep.getSubsets().get(0).getNotReadyAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.2");
        EndpointSlice slice = api.<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, "default").stream()
                .filter(s -> "web".equals(s.getMetadata().getLabels().get("kubernetes.io/service-name"))).findFirst().orElseThrow();
        assertThat(slice.getEndpoints()).filteredOn(e -> "a".equals(e.getTargetRef().getName()))
                .singleElement().satisfies(e -> assertThat(e.getConditions().getReady()).isFalse());

        // After the eviction (t=350) and the forced deletion (t=380) only b is left.
        runUntil(400, "n2");
        ep = api.get(ResourceTypes.ENDPOINTS, "default", "web");
        assertThat(ep.getSubsets()).singleElement().satisfies(s -> {
            assertThat(s.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.2.2");
            assertThat(s.getNotReadyAddresses()).isNullOrEmpty();
        });
    }

    @Test
    void zoneStatesFollowUpstreamThresholds() {
        assertThat(NodeLifecycleController.zoneState(3, 0)).isEqualTo(NodeLifecycleController.ZoneState.NORMAL);
        assertThat(NodeLifecycleController.zoneState(1, 2)).isEqualTo(NodeLifecycleController.ZoneState.NORMAL);
        assertThat(NodeLifecycleController.zoneState(2, 3)).isEqualTo(NodeLifecycleController.ZoneState.PARTIAL_DISRUPTION);
        assertThat(NodeLifecycleController.zoneState(3, 3)).isEqualTo(NodeLifecycleController.ZoneState.NORMAL);
        assertThat(NodeLifecycleController.zoneState(0, 1)).isEqualTo(NodeLifecycleController.ZoneState.FULL_DISRUPTION);
    }
}
