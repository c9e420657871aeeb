package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Framework.PluginConfig;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.Plugin;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.PreScorePlugin;
import io.kubelab.engine.scheduler.framework.ScorePlugin;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static io.kubelab.engine.scheduler.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every score plugin's {@code scoreAll} (the framework's fast path: cycle state read once, default
 * spreading's zone term computed per zone) gives exactly the numbers of its {@code score} called
 * node by node, on random clusters: zones few (scanned) and many (hashed), nodes without a zone
 * label, PreferNoSchedule taints, owned and unowned pods, default and explicit spreading, node and
 * pod affinity preferences.
 */
class ScoreAllTest {
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String RACK = "example.com/rack";

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void scoreAllEqualsScorePerNode(int seed) {
        Random rnd = new Random(seed);
        Store store = new Store();
        SchedulerCache cache = new SchedulerCache(store);
        // 4 or 12 zones: up to 8 domains are scanned, more go through the map.
        int zones = seed % 2 == 0 ? 4 : 12;
        int nodeCount = 20 + rnd.nextInt(40);
        for (int i = 0; i < nodeCount; i++) {
            Map<String, String> labels = new HashMap<>();
            if (rnd.nextInt(10) > 0) {
                labels.put(ZONE, "zone-" + rnd.nextInt(zones));
            }
            if (rnd.nextBoolean()) {
                labels.put(RACK, "rack-" + rnd.nextInt(5));
            }
            if (rnd.nextInt(4) == 0) {
                labels.put("disk", "ssd");
            }
            List<Taint> taints = new ArrayList<>();
            if (rnd.nextInt(5) == 0) {
                taints.add(taint("slow", "yes", "PreferNoSchedule"));
            }
            if (rnd.nextInt(8) == 0) {
                taints.add(taint("old", "", "PreferNoSchedule"));
            }
            Node n = node("node-" + i, String.valueOf(8 + rnd.nextInt(56)), (16 + rnd.nextInt(240)) + "Gi", 110, labels,
                    taints.toArray(Taint[]::new));
            cache.upsertNode(n);
        }
        // Three ReplicaSets in the store (default spreading reads their selectors) and a Service.
        String[] apps = {"web", "api", "db"};
        for (String app : apps) {
            store.create(new ReplicaSetBuilder().withNewMetadata().withName(app + "-rs").withNamespace("default")
                    .withUid("rs-" + app).endMetadata().withNewSpec().withReplicas(10)
                    .withSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build())
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata().withNewSpec()
                    .addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate()
                    .endSpec().build());
        }
        store.create(new ServiceBuilder().withNewMetadata().withName("api").withNamespace("default").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "api")).endSpec().build());
        int bound = 50 + rnd.nextInt(150);
        for (int i = 0; i < bound; i++) {
            String app = apps[rnd.nextInt(apps.length)];
            PodBuilder b = podBuilder("bound-" + i, (10 + rnd.nextInt(500)) + "m", (16 + rnd.nextInt(1000)) + "Mi")
                    .editMetadata().withLabels(Map.of("app", app)).endMetadata();
            if (rnd.nextInt(4) > 0) {
                b = owned(b, app);
            }
            if (rnd.nextInt(10) == 0) {
                b = b.editSpec().withNewAffinity().withNewPodAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                        .withWeight(5).withNewPodAffinityTerm().withTopologyKey(ZONE)
                        .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                        .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAffinity()
                        .endAffinity().endSpec();
            }
            cache.addOrUpdatePod(new PodInfo(b.build()), "node-" + rnd.nextInt(nodeCount));
        }
        List<ScorePlugin> scorers = new ArrayList<>();
        List<PreScorePlugin> preScorers = new ArrayList<>();
        for (PluginConfig pc : io.kubelab.engine.scheduler.plugins.Registry.DEFAULT_PROFILE) {
            Plugin p = io.kubelab.engine.scheduler.plugins.Registry.IN_TREE.get(pc.name()).create(cache);
            if (p instanceof ScorePlugin sp) {
                scorers.add(sp);
                if (p instanceof PreScorePlugin ps) {
                    preScorers.add(ps);
                } else {
                    preScorers.add(null);
                }
            }
        }

        int compared = 0;
        for (Pod pod : candidates(rnd)) {
            PodInfo pi = new PodInfo(pod);
            List<NodeInfo> feasible = new ArrayList<>();
            for (NodeInfo n : cache.nodes()) {
                if (rnd.nextInt(3) > 0) {
                    feasible.add(n);
                }
            }
            for (int i = 0; i < scorers.size(); i++) {
                ScorePlugin sp = scorers.get(i);
                CycleState state = new CycleState();
                if (preScorers.get(i) != null && preScorers.get(i).preScore(state, pi, feasible).isSkip()) {
                    continue;
                }
                long[] fast = new long[feasible.size()];
                sp.scoreAll(state, pi, feasible, fast);
                long[] slow = new long[feasible.size()];
                for (int n = 0; n < feasible.size(); n++) {
                    slow[n] = sp.score(state, pi, feasible.get(n));
                }
                assertThat(fast).as(sp.name() + " for " + pi.name()).containsExactly(slow);
                compared++;
            }
        }
        // NodeResourcesFit, BalancedAllocation and TaintToleration for every pod at least; spreading too.
        assertThat(compared).isGreaterThan(20);
    }

    private static PodBuilder owned(PodBuilder b, String app) {
        return b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(app + "-rs").withUid("rs-" + app).withController(true).endOwnerReference().endMetadata();
    }

    /** Pods to score: owned (default spreading), Service-selected, explicit constraints, affinities. */
    private static List<Pod> candidates(Random rnd) {
        List<Pod> out = new ArrayList<>();
        for (String app : new String[] {"web", "api", "db"}) {
            out.add(owned(podBuilder("new-" + app, "100m", "128Mi").editMetadata().withLabels(Map.of("app", app))
                    .endMetadata(), app).build());
        }
        // Selected by the Service only (no owner): counted by selector, not by owner.
        out.add(podBuilder("lone-api", "200m", null).editMetadata().withLabels(Map.of("app", "api")).endMetadata().build());
        // Nothing requested: BalancedAllocation skips.
        out.add(owned(podBuilder("besteffort", null, null).editMetadata().withLabels(Map.of("app", "web")).endMetadata(),
                "web").build());
        // Explicit ScheduleAnyway constraints on zone, hostname and a custom key (nodes lacking a key are ignored).
        for (String key : new String[] {ZONE, "kubernetes.io/hostname", RACK}) {
            out.add(owned(podBuilder("explicit-" + key.length(), "50m", "64Mi").editMetadata()
                    .withLabels(Map.of("app", "web")).endMetadata().editSpec()
                    .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1 + rnd.nextInt(3))
                            .withTopologyKey(key).withWhenUnsatisfiable("ScheduleAnyway")
                            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).build(),
                            new TopologySpreadConstraintBuilder().withMaxSkew(2).withTopologyKey(ZONE)
                                    .withWhenUnsatisfiable("ScheduleAnyway")
                                    .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())
                                    .build())
                    .endSpec(), "web").build());
        }
        // With a node selector: the zone counts walk the nodes the pod may use instead of the index.
        out.add(owned(podBuilder("selective", "100m", "64Mi").editMetadata().withLabels(Map.of("app", "db"))
                .endMetadata().editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec(), "db").build());
        // Preferred node affinity, preferred pod (anti-)affinity, a PreferNoSchedule toleration.
        out.add(podBuilder("picky", "100m", "64Mi").editMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .editSpec().withNewAffinity()
                .withNewNodeAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(30)
                .withNewPreference().addNewMatchExpression().withKey("disk").withOperator("In").withValues("ssd")
                .endMatchExpression().endPreference().endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(50)
                .withNewPodAffinityTerm().withTopologyKey(ZONE)
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                .endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity()
                .endAffinity().addNewToleration().withKey("slow").withOperator("Exists").withEffect("PreferNoSchedule")
                .endToleration().endSpec().build());
        return out;
    }
}
