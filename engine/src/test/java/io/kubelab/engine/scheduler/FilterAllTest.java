package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.FilterPlugin;
import io.kubelab.engine.scheduler.framework.Framework;
import io.kubelab.engine.scheduler.framework.Framework.PluginConfig;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;
import io.kubelab.engine.scheduler.plugins.Registry;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static io.kubelab.engine.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framework filters a batch of nodes plugin by plugin ({@code filterAll}); the verdict per node
 * (the first rejecting plugin and its status) must be exactly the one of running the filters node by
 * node, on random clusters: cordoned nodes, NoSchedule taints, full nodes, a pod naming its node,
 * node selectors, DoNotSchedule spreading, required anti-affinity; and with filters that throw.
 */
class FilterAllTest {
    private static final String ZONE = "topology.kubernetes.io/zone";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void batchVerdictsEqualNodeByNode(int seed) {
        Random rnd = new Random(seed);
        SchedulerCache cache = new SchedulerCache(new Store());
        int nodeCount = 20 + rnd.nextInt(40);
        for (int i = 0; i < nodeCount; i++) {
            Map<String, String> labels = new HashMap<>();
            if (rnd.nextInt(8) > 0) {
                labels.put(ZONE, "zone-" + rnd.nextInt(3));
            }
            if (rnd.nextInt(3) == 0) {
                labels.put("disk", "ssd");
            }
            List<Taint> taints = new ArrayList<>();
            if (rnd.nextInt(6) == 0) {
                taints.add(taint("dedicated", "gpu", rnd.nextBoolean() ? "NoSchedule" : "NoExecute"));
            }
            if (rnd.nextInt(6) == 0) {
                taints.add(taint("soft", "x", "PreferNoSchedule"));
            }
            Node n = node("node-" + i, String.valueOf(1 + rnd.nextInt(4)), (1 + rnd.nextInt(8)) + "Gi",
                    3 + rnd.nextInt(6), labels, taints.toArray(Taint[]::new));
            n.getSpec().setUnschedulable(rnd.nextInt(7) == 0);
            cache.upsertNode(n);
        }
        for (int i = 0; i < 40 + rnd.nextInt(80); i++) {
            String app = rnd.nextBoolean() ? "web" : "db";
            PodBuilder b = podBuilder("bound-" + i, (100 + rnd.nextInt(900)) + "m", (64 + rnd.nextInt(900)) + "Mi")
                    .editMetadata().withLabels(Map.of("app", app)).endMetadata();
            if (rnd.nextInt(8) == 0) {
                b = b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                        .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                        .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec();
            }
            cache.addOrUpdatePod(new PodInfo(b.build()), "node-" + rnd.nextInt(nodeCount));
        }
        Framework framework = new Framework(Registry.IN_TREE, Registry.DEFAULT_PROFILE, cache);
        int rejections = 0;
        for (Pod pod : candidates(rnd, nodeCount)) {
            rejections += compare(framework, new PodInfo(pod), cache.nodes());
        }
        // The clusters are made to reject: the comparison must have met rejections, not only fits.
        assertThat(rejections).isPositive();
    }

    @Test
    void aFilterThatThrowsGivesTheSameErrorStatusesInBatches() {
        SchedulerCache cache = new SchedulerCache(new Store());
        for (int i = 0; i < 6; i++) {
            Node n = node("node-" + i, "4", "8Gi", 110);
            n.getSpec().setUnschedulable(i == 1);
            cache.upsertNode(n);
        }
        Map<String, PluginFactory> registry = new LinkedHashMap<>(Registry.IN_TREE);
        // Throws on node-3 from inside its per-node code (the default filterAll catches per node)...
        registry.put("Flaky", h -> new FilterPlugin() {
            @Override
            public String name() {
                return "Flaky";
            }

            @Override
            public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
                if (node.name().equals("node-3")) {
                    throw new IllegalStateException("boom");
                }
                return node.name().equals("node-4") ? Status.unschedulable("flaky says no") : Status.SUCCESS;
            }
        });
        // ...and one whose batch override throws before judging any node (the framework redoes them).
        registry.put("Broken", h -> new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
                return node.name().equals("node-5") ? Status.unresolvable("broken says no") : Status.SUCCESS;
            }

            @Override
            public void filterAll(CycleState state, PodInfo pod, NodeInfo[] nodes, int count, int self, int[] failedAt,
                                  Status[] statuses) {
                throw new IllegalStateException("batch broken");
            }
        });
        List<PluginConfig> profile = new ArrayList<>(Registry.DEFAULT_PROFILE);
        profile.add(new PluginConfig("Flaky", 0));
        profile.add(new PluginConfig("Broken", 0));
        Framework framework = new Framework(registry, profile, cache);
        PodInfo pod = new PodInfo(podBuilder("p", "100m", "64Mi").build());
        compare(framework, pod, cache.nodes());

        CycleState state = new CycleState();
        Framework.PreFilterResult pre = framework.runPreFilter(state, pod);
        int n = cache.nodes().size();
        int[] failedAt = new int[n];
        Status[] statuses = new Status[n];
        framework.runFilters(state, pod, cache.nodes().toArray(NodeInfo[]::new), n, pre.skippedFilters(), failedAt,
                statuses);
        List<String> names = framework.filterNames();
        assertThat(failedAt[0]).isEqualTo(-1);
        assertThat(names.get(failedAt[1])).isEqualTo("NodeUnschedulable");
        assertThat(statuses[3]).isEqualTo(Status.error("Flaky: boom"));
        assertThat(names.get(failedAt[4])).isEqualTo("Flaky");
        assertThat(statuses[5]).isEqualTo(Status.unresolvable("broken says no"));
    }

    /** Runs both ways on every node; returns how many nodes were rejected. */
    private static int compare(Framework framework, PodInfo pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState();
        Framework.PreFilterResult pre = framework.runPreFilter(state, pod);
        if (!pre.isSuccess()) {
            return 0;
        }
        int n = nodes.size();
        NodeInfo[] batch = nodes.toArray(NodeInfo[]::new);
        int[] failedAt = new int[n];
        Status[] statuses = new Status[n];
        // Stale values from a previous batch must not leak in.
        java.util.Arrays.fill(failedAt, 3);
        framework.runFilters(state, pod, batch, n, pre.skippedFilters(), failedAt, statuses);
        int rejected = 0;
        Status[] out = new Status[1];
        for (int j = 0; j < n; j++) {
            int one = framework.runFilters(state, pod, batch[j], pre.skippedFilters(), out);
            assertThat(failedAt[j]).as(pod.name() + " on " + batch[j].name()).isEqualTo(one);
            assertThat(statuses[j]).as(pod.name() + " on " + batch[j].name()).isEqualTo(out[0]);
            if (one >= 0) {
                rejected++;
            }
        }
        return rejected;
    }

    private static List<Pod> candidates(Random rnd, int nodeCount) {
        List<Pod> out = new ArrayList<>();
        out.add(podBuilder("small", "100m", "64Mi").editMetadata().withLabels(Map.of("app", "web")).endMetadata().build());
        out.add(podBuilder("big", "3", "6Gi").build());
        out.add(podBuilder("besteffort", null, null).build());
        out.add(podBuilder("named", "100m", null).editSpec().withNodeName("node-" + rnd.nextInt(nodeCount)).endSpec()
                .build());
        out.add(podBuilder("tolerant", "100m", "64Mi").editSpec().addNewToleration().withKey("dedicated")
                .withOperator("Exists").endToleration().addNewToleration().withKey("node.kubernetes.io/unschedulable")
                .withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec().build());
        out.add(podBuilder("ssd", "100m", "64Mi").editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build());
        out.add(podBuilder("spread", "100m", "64Mi").editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build())
                .endSpec().build());
        out.add(podBuilder("loner", "100m", "64Mi").editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build());
        return out;
    }
}
