package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.SchedulingDecision.NodeDecision;
import io.kubelab.engine.scheduler.SchedulingDecision.Outcome;
import io.kubelab.engine.scheduler.SchedulingDecision.PluginResult;
import io.kubelab.engine.scheduler.framework.Code;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static io.kubelab.engine.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {
    private static final String TAINTED_MESSAGE = "0/3 nodes are available: 1 node(s) had untolerated taint "
            + "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: "
            + "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";

    private Cluster cluster;

    @BeforeEach
    void setUp() {
        cluster = schedulerOnly(ClusterConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    // ---- helpers --------------------------------------------------------------------------

    private static Node controlPlane(String cpu) {
        return node("minikube", cpu, "4Gi", 110, Map.of("node-role.kubernetes.io/control-plane", ""),
                taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"));
    }

    /** The deck's cluster: a tainted control plane and two 2-CPU workers. */
    private void threeNodes() {
        cluster.api().create(controlPlane("8"), null);
        cluster.api().create(node("minikube-m02", "2", "4Gi", 110), null);
        cluster.api().create(node("minikube-m03", "2", "4Gi", 110), null);
    }

    private Pod create(Pod pod) {
        pod.getMetadata().setUid(null);
        return cluster.api().create(pod, "default");
    }

    private Pod get(String name) {
        return cluster.api().get(ResourceTypes.PODS, "default", name);
    }

    private Scheduler scheduler() {
        return (Scheduler) cluster.component("scheduler");
    }

    private List<Event> events(String pod, String reason) {
        List<Event> out = new ArrayList<>();
        for (Event e : cluster.api().<Event>list(ResourceTypes.EVENTS, "default")) {
            if (e.getInvolvedObject().getName().equals(pod) && e.getReason().equals(reason)) {
                out.add(e);
            }
        }
        return out;
    }

    private static PodCondition podScheduled(Pod pod) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()
                .orElseThrow();
    }

    // ---- binding --------------------------------------------------------------------------

    @Test
    void bindsAPodSetsPodScheduledAndRecordsTheScheduledEvent() {
        threeNodes();
        create(pod("nginx-xyz", "100m", "128Mi"));
        cluster.start();

        Pod pod = get("nginx-xyz");
        String node = pod.getSpec().getNodeName();
        assertThat(node).isIn("minikube-m02", "minikube-m03");
        PodCondition c = podScheduled(pod);
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getLastTransitionTime()).isEqualTo(Kube.timestamp(cluster.clock().now()));
        List<Event> scheduled = events("nginx-xyz", "Scheduled");
        assertThat(scheduled).hasSize(1);
        Event e = scheduled.get(0);
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getMessage()).isEqualTo("Successfully assigned default/nginx-xyz to " + node);
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(events("nginx-xyz", "FailedScheduling")).isEmpty();
    }

    @Test
    void theCacheHoldsTheStoresCurrentPodButKeepsWhatItComputedFirst() {
        threeNodes();
        create(pod("nginx-xyz", "100m", "128Mi"));
        cluster.start();

        Pod bound = get("nginx-xyz");
        String uid = bound.getMetadata().getUid();
        var cached = scheduler().cache().nodeInfo(bound.getSpec().getNodeName()).pod(uid);
        // Not the pending version it assumed: that one is no longer kept alive by the cache.
        assertThat(cached.pod()).isSameAs(bound);
        assertThat(cached.requests().milliCpu()).isEqualTo(100);

        // A status write (the kubelet starting the pod) is followed too; the start time the
        // preemption order reads stays the one of the version first cached (none), as before.
        Pod started = Kube.copy(bound);
        started.getStatus().setStartTime("2026-01-01T00:00:05Z");
        started.getStatus().setPhase("Running");
        cluster.api().updateStatus(started);
        cluster.settle();
        var after = scheduler().cache().nodeInfo(bound.getSpec().getNodeName()).pod(uid);
        assertThat(after.pod()).isSameAs(get("nginx-xyz"));
        assertThat(after.startTime()).isNull();
        assertThat(scheduler().cache().nodeInfo(bound.getSpec().getNodeName()).podCount()).isEqualTo(1);
        assertThat(scheduler().cache().nodeInfo(bound.getSpec().getNodeName()).requested().milliCpu()).isEqualTo(100);
    }

    @Test
    void leastAllocatedSpreadsPodsOverTheWorkers() {
        threeNodes();
        cluster.start();
        for (int i = 0; i < 4; i++) {
            create(pod("web-" + i, "500m", "256Mi"));
        }
        cluster.settle();
        long onM02 = cluster.api().<Pod>list(ResourceTypes.PODS, "default").stream()
                .filter(p -> "minikube-m02".equals(p.getSpec().getNodeName())).count();
        long onM03 = cluster.api().<Pod>list(ResourceTypes.PODS, "default").stream()
                .filter(p -> "minikube-m03".equals(p.getSpec().getNodeName())).count();
        assertThat(onM02).isEqualTo(2);
        assertThat(onM03).isEqualTo(2);
    }

    @Test
    void podsOfOtherSchedulersOrBeingDeletedAreLeftAlone() {
        threeNodes();
        create(podBuilder("custom", null, null).editSpec().withSchedulerName("my-scheduler").endSpec().build());
        cluster.start();
        assertThat(get("custom").getSpec().getNodeName()).isNull();
        assertThat(scheduler().decision("default", "custom")).isNull();
    }

    // ---- failures -------------------------------------------------------------------------

    @Test
    void aTaintedControlPlaneAndFullWorkersGiveKubernetesExactFailedSchedulingMessage() {
        threeNodes();
        create(pod("big", "3", "128Mi"));
        cluster.start();

        Pod pod = get("big");
        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        PodCondition c = podScheduled(pod);
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Unschedulable");
        assertThat(c.getMessage()).isEqualTo(TAINTED_MESSAGE);
        List<Event> failed = events("big", "FailedScheduling");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getType()).isEqualTo("Warning");
        assertThat(failed.get(0).getMessage()).isEqualTo(TAINTED_MESSAGE);
        assertThat(failed.get(0).getSource().getComponent()).isEqualTo("default-scheduler");
    }

    @Test
    void withNoNodesThePodWaitsWithKubernetesMessage() {
        create(pod("lonely", null, null));
        cluster.start();
        assertThat(events("lonely", "FailedScheduling")).singleElement()
                .extracting(Event::getMessage).isEqualTo("no nodes available to schedule pods");
        cluster.api().create(node("minikube", "2", "4Gi", 110), null);
        cluster.advance(Duration.ofSeconds(2));
        assertThat(get("lonely").getSpec().getNodeName()).isEqualTo("minikube");
    }

    @Test
    void anUnschedulablePodIsRetriedWhenANodeIsAddedAndDoesNotSpinMeanwhile() {
        threeNodes();
        create(pod("big", "3", "128Mi"));
        cluster.start();
        assertThat(events("big", "FailedScheduling")).singleElement().extracting(Event::getCount).isEqualTo(1);

        // Nothing changes for a minute: no retry. A node heartbeat (status only) is no reason either.
        cluster.api().modify(ResourceTypes.NODES, null, "minikube-m02", (Node n) -> {
            n.getStatus().getConditions().get(0).setLastHeartbeatTime(Kube.timestamp(cluster.clock().now()));
            return n;
        }, true);
        cluster.advance(Duration.ofMinutes(1));
        assertThat(events("big", "FailedScheduling")).singleElement().extracting(Event::getCount).isEqualTo(1);
        assertThat(scheduler().decision("default", "big").attempt()).isEqualTo(1);

        cluster.api().create(node("minikube-m04", "4", "8Gi", 110), null);
        cluster.advance(Duration.ofSeconds(1));
        Pod pod = get("big");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("minikube-m04");
        assertThat(podScheduled(pod).getStatus()).isEqualTo("True");
        assertThat(events("big", "Scheduled")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Successfully assigned default/big to minikube-m04");
        SchedulingDecision d = scheduler().decision("default", "big");
        assertThat(d.attempt()).isEqualTo(2);
        assertThat(d.outcome()).isEqualTo(Outcome.SCHEDULED);
        assertThat(d.chosenNode()).contains("minikube-m04");
    }

    @Test
    void anUnschedulablePodIsRetriedEveryFiveMinutesAnyway() {
        threeNodes();
        create(pod("big", "3", "128Mi"));
        cluster.start();
        cluster.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(events("big", "FailedScheduling")).singleElement().extracting(Event::getCount).isEqualTo(1);
        cluster.advance(Duration.ofSeconds(1));
        assertThat(events("big", "FailedScheduling")).singleElement().extracting(Event::getCount).isEqualTo(2);
        assertThat(scheduler().decision("default", "big").attempt()).isEqualTo(2);
    }

    @Test
    void aPodWaitingForCpuIsRetriedWhenABoundPodGoesAway() {
        threeNodes();
        cluster.start();
        create(pod("a", "1500m", "128Mi"));
        create(pod("b", "1500m", "128Mi"));
        cluster.settle();
        create(pod("c", "1500m", "128Mi"));
        cluster.settle();
        assertThat(get("c").getSpec().getNodeName()).isNull();
        String freed = get("a").getSpec().getNodeName();
        // The kubelet's part of a graceful delete: the pod goes away.
        cluster.api().delete(ResourceTypes.PODS, "default", "a", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
        cluster.advance(Duration.ofSeconds(1));
        assertThat(get("c").getSpec().getNodeName()).isEqualTo(freed);
    }

    @Test
    void aNodeSelectorWaitsUntilANodeIsLabelled() {
        threeNodes();
        create(podBuilder("ssd-app", "100m", "64Mi").editSpec().withNodeSelector(Map.of("disktype", "ssd")).endSpec().build());
        cluster.start();
        // Every node is unresolvable, so preemption cannot help anywhere.
        assertThat(podScheduled(get("ssd-app")).getMessage()).isEqualTo("0/3 nodes are available: 1 node(s) had "
                + "untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node "
                + "affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");

        // kubectl label node minikube-m03 disktype=ssd
        cluster.api().modify(ResourceTypes.NODES, null, "minikube-m03", (Node n) -> {
            n.getMetadata().getLabels().put("disktype", "ssd");
            return n;
        }, false);
        cluster.advance(Duration.ofSeconds(1));
        assertThat(get("ssd-app").getSpec().getNodeName()).isEqualTo("minikube-m03");
    }

    @Test
    void requiredAntiAffinityKeepsReplicasOnDifferentNodes() {
        threeNodes();
        cluster.start();
        PodAffinityTerm apart = new PodAffinityTerm(new LabelSelector(null, Map.of("app", "web")), null, null, null, null,
                "kubernetes.io/hostname");
        for (int i = 1; i <= 3; i++) {
            create(podBuilder("web-" + i, "100m", "64Mi").editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .withRequiredDuringSchedulingIgnoredDuringExecution(apart).endPodAntiAffinity().endAffinity().endSpec()
                    .build());
            cluster.settle();
        }
        assertThat(get("web-1").getSpec().getNodeName()).isNotEqualTo(get("web-2").getSpec().getNodeName());
        assertThat(get("web-3").getSpec().getNodeName()).isNull();
        assertThat(podScheduled(get("web-3")).getMessage()).isEqualTo("0/3 nodes are available: 1 node(s) had untolerated "
                + "taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
    }

    // ---- decisions ------------------------------------------------------------------------

    @Test
    void everyDecisionIsKeptPerNodeAndPlugin() {
        threeNodes();
        create(pod("nginx", "500m", "256Mi"));
        create(pod("big", "3", "128Mi"));
        cluster.start();

        SchedulingDecision ok = scheduler().decision("default", "nginx");
        assertThat(ok.outcome()).isEqualTo(Outcome.SCHEDULED);
        assertThat(ok.chosenNode()).contains(get("nginx").getSpec().getNodeName());
        assertThat(ok.totalNodes()).isEqualTo(3);
        assertThat(ok.evaluatedNodes()).isEqualTo(3);
        assertThat(ok.feasibleNodes()).isEqualTo(2);
        assertThat(ok.scored()).isTrue();
        assertThat(ok.time()).isEqualTo(cluster.clock().now());
        NodeDecision cp = ok.node("minikube").orElseThrow();
        assertThat(cp.feasible()).isFalse();
        assertThat(cp.rejectedBy()).get().extracting(PluginResult::plugin).isEqualTo("TaintToleration");
        assertThat(cp.rejectedBy().get().reasons())
                .containsExactly("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }");
        assertThat(cp.scores()).isEmpty();

        NodeDecision chosen = ok.node(ok.chosenNode().orElseThrow()).orElseThrow();
        assertThat(chosen.feasible()).isTrue();
        assertThat(chosen.filters()).extracting(PluginResult::plugin).containsExactly("NodeUnschedulable", "NodeName",
                "TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity");
        assertThat(chosen.filters()).extracting(PluginResult::code).containsExactly(Code.SUCCESS, Code.SUCCESS,
                Code.SUCCESS, Code.SKIP, Code.SUCCESS, Code.SKIP, Code.SKIP);
        // Plugins with nothing to prefer for this pod skip scoring; the others score 0..100.
        assertThat(chosen.scores()).containsOnlyKeys("TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation");
        // Empty 2000m/4Gi node, pod 500m/256Mi: cpu 75, memory 93 → 84.
        assertThat(chosen.scores()).containsEntry("NodeResourcesFit", 84).containsEntry("TaintToleration", 100);
        Map<String, Integer> weights = ok.scorePlugins();
        long total = chosen.scores().entrySet().stream().mapToLong(e -> (long) weights.get(e.getKey()) * e.getValue()).sum();
        assertThat(chosen.total()).isEqualTo(total);
        assertThat(ok.explain()).startsWith("Scheduled on " + chosen.node() + ": highest total score " + total);

        SchedulingDecision no = scheduler().decision("default", "big");
        assertThat(no.outcome()).isEqualTo(Outcome.UNSCHEDULABLE);
        assertThat(no.chosenNode()).isEmpty();
        assertThat(no.message()).isEqualTo(podScheduled(get("big")).getMessage());
        NodeDecision worker = no.node("minikube-m03").orElseThrow();
        assertThat(worker.rejectedBy()).get().satisfies(r -> {
            assertThat(r.plugin()).isEqualTo("NodeResourcesFit");
            assertThat(r.code()).isEqualTo(Code.UNSCHEDULABLE);
            assertThat(r.reasons()).containsExactly("Insufficient cpu");
        });
        // The filters after the rejecting one did not run.
        assertThat(worker.filters()).extracting(PluginResult::plugin).endsWith("NodeResourcesFit");
        assertThat(no.explain()).isEqualTo("Pending: " + no.message());
    }

    @Test
    void theSameSeedGivesTheSamePlacements() {
        List<String> first = placements(42);
        assertThat(placements(42)).isEqualTo(first);
        assertThat(placements(7)).isEqualTo(placements(7));
        // Four identical empty nodes tie for every fourth pod: the seed, not the order, decides.
        assertThat(placements(7)).isNotEqualTo(first);
    }

    private List<String> placements(long seed) {
        try (Cluster c = schedulerOnly(ClusterConfig.defaults().withSeed(seed))) {
            for (int i = 1; i <= 4; i++) {
                c.api().create(node("node-" + i, "4", "8Gi", 110), null);
            }
            c.start();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Pod p = pod("p-" + i, null, null);
                p.getMetadata().setUid(null);
                c.api().create(p, "default");
                c.settle();
                out.add(c.api().<Pod>get(ResourceTypes.PODS, "default", "p-" + i).getSpec().getNodeName());
            }
            assertThat(out).doesNotContainNull();
            return out;
        }
    }

    @Test
    void aBigClusterIsSampledAndTheDecisionSaysHowMuch() {
        for (int i = 0; i < 200; i++) {
            cluster.api().create(node(String.format("node-%03d", i), "4", "8Gi", 110), null);
        }
        create(pod("first", "100m", "64Mi"));
        create(pod("second", "100m", "64Mi"));
        cluster.start();
        SchedulingDecision first = scheduler().decision("default", "first");
        assertThat(first.totalNodes()).isEqualTo(200);
        // 200 nodes: 50 - 200/125 = 49 % = 98, raised to the minimum of 100.
        assertThat(first.evaluatedNodes()).isEqualTo(100);
        assertThat(first.nodes().get(0).node()).isEqualTo("node-000");
        // The next pod starts where the previous stopped.
        assertThat(scheduler().decision("default", "second").nodes().get(0).node()).isEqualTo("node-100");
    }

    @Test
    void filteringInBatchesStopsAtTheSameNodeAsNodeByNode() {
        // Every third node is cordoned: node by node, the 100th feasible node is node-149 (50 triples
        // of one cordoned and two fitting nodes), so 150 nodes are evaluated and the next pod starts
        // at node-150. In batches (100 nodes, then the 34 still missing, ...) it must be the same.
        for (int i = 0; i < 200; i++) {
            Node n = node(String.format("node-%03d", i), "4", "8Gi", 110);
            n.getSpec().setUnschedulable(i % 3 == 0);
            cluster.api().create(n, null);
        }
        create(pod("first", "100m", "64Mi"));
        create(pod("second", "100m", "64Mi"));
        cluster.start();
        SchedulingDecision first = scheduler().decision("default", "first");
        assertThat(first.evaluatedNodes()).isEqualTo(150);
        assertThat(first.nodes().get(0).node()).isEqualTo("node-000");
        assertThat(first.nodes().get(0).feasible()).isFalse();
        assertThat(first.nodes().get(0).rejectedBy()).get().extracting(SchedulingDecision.PluginResult::plugin)
                .isEqualTo("NodeUnschedulable");
        assertThat(first.nodes().get(149).node()).isEqualTo("node-149");
        assertThat(first.nodes().get(149).feasible()).isTrue();
        assertThat(first.nodes().stream().filter(SchedulingDecision.NodeDecision::feasible).count()).isEqualTo(100);
        assertThat(scheduler().decision("default", "second").nodes().get(0).node()).isEqualTo("node-150");
        assertThat(get("first").getSpec().getNodeName()).isNotNull();
    }

    // ---- preemption -----------------------------------------------------------------------

    @Test
    void aHigherPriorityPodPreemptsALowerPriorityOne() {
        cluster.api().create(node("minikube", "2", "4Gi", 110), null);
        cluster.start();
        create(pod("low", "1500m", "128Mi"));
        cluster.settle();
        create(podBuilder("high", "1", "128Mi").editSpec().withPriority(1000).endSpec().build());
        cluster.settle();

        Pod low = get("low");
        assertThat(low.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(low.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionTarget");
            assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
            assertThat(c.getMessage()).isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
        });
        Pod high = get("high");
        assertThat(events("low", "Preempted")).singleElement().extracting(Event::getMessage)
                .isEqualTo("Preempted by pod " + high.getMetadata().getUid() + " on node minikube");
        assertThat(high.getStatus().getNominatedNodeName()).isEqualTo("minikube");
        // Preemption succeeded, so the message has no preemption part.
        assertThat(podScheduled(high).getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");

        // While the victim terminates, the preemptor does not preempt again.
        cluster.advance(Duration.ofSeconds(3));
        assertThat(events("low", "Preempted")).singleElement().extracting(Event::getCount).isEqualTo(1);

        DeleteOptions now = new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build();
        cluster.api().delete(ResourceTypes.PODS, "default", "low", now);
        cluster.advance(Duration.ofSeconds(10));
        assertThat(get("high").getSpec().getNodeName()).isEqualTo("minikube");
    }

    @Test
    void preemptionPolicyNeverIsReported() {
        cluster.api().create(node("minikube", "2", "4Gi", 110), null);
        cluster.start();
        create(pod("low", "1500m", "128Mi"));
        cluster.settle();
        create(podBuilder("polite", "1", "128Mi").editSpec().withPriority(1000).withPreemptionPolicy("Never").endSpec().build());
        cluster.settle();
        assertThat(get("low").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(podScheduled(get("polite")).getMessage()).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
    }

    /**
     * A cluster without kubelets in which only the scheduler works: these tests make their own
     * nodes, which no kubelet heartbeats, so the node lifecycle controller must not judge them.
     */
    private static Cluster schedulerOnly(ClusterConfig config) {
        Cluster c = Cluster.create(config.withNodes(0));
        for (String name : c.components().keySet()) {
            if (!Scheduler.NAME.equals(name)) {
                c.setRunning(name, false);
            }
        }
        return c;
    }
}
