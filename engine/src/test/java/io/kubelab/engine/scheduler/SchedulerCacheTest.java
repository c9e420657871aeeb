package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.plugins.PodTopologySpread;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner indexes must always equal what default spreading would count by walking the nodes: per
 * zone, the sum over the zone's nodes; per node, {@link NodeInfo#podsOwnedBy}.
 */
class SchedulerCacheTest {
    private static final String ZONE = "topology.kubernetes.io/zone";

    private final SchedulerCache cache = new SchedulerCache(new Store());

    private static Node zoned(String name, String zone) {
        return node(name, "4", "8Gi", 110, Map.of(ZONE, zone));
    }

    private static PodInfo owned(String name, String ownerUid) {
        Pod p = podBuilder(name, null, null).editMetadata().addNewOwnerReference().withKind("ReplicaSet")
                .withName("rs-" + ownerUid).withUid(ownerUid).withController(true).endOwnerReference()
                .endMetadata().build();
        return new PodInfo(p);
    }

    /** What preScore computed before the index: walk every node of the zone. */
    private int walked(String zone, String owner) {
        int n = 0;
        for (NodeInfo info : cache.nodes()) {
            if (zone.equals(info.labels().get(ZONE))) {
                n += info.podsOwnedBy(owner);
            }
        }
        return n;
    }

    private void assertIndexMatchesWalk() {
        for (String zone : new String[] {"a", "b", "c"}) {
            for (String owner : new String[] {"rs1", "rs2"}) {
                assertThat(cache.podsOwnedByInDomain(ZONE, zone, owner)).as(zone + "/" + owner)
                        .isEqualTo(walked(zone, owner));
            }
        }
        for (String name : new String[] {"n1", "n2", "n3"}) {
            NodeInfo info = cache.nodeInfo(name);
            for (String owner : new String[] {"rs1", "rs2"}) {
                assertThat(cache.podsOwnedByPerNode(owner).get(name, name.hashCode())).as(name + "/" + owner)
                        .isEqualTo(info == null ? 0 : info.podsOwnedBy(owner));
            }
        }
    }

    @Test
    void zoneCountsFollowPodsAndNodes() {
        // A pod bound to a node not seen yet is counted only once the node appears.
        cache.addOrUpdatePod(owned("early", "rs1"), "n3");
        assertThat(cache.podsOwnedByInDomain(ZONE, "a", "rs1")).isZero();
        cache.upsertNode(zoned("n1", "a"));
        cache.upsertNode(zoned("n2", "b"));
        cache.upsertNode(zoned("n3", "a"));
        assertThat(cache.podsOwnedByInDomain(ZONE, "a", "rs1")).isEqualTo(1);

        cache.addOrUpdatePod(owned("p1", "rs1"), "n1");
        cache.addOrUpdatePod(owned("p2", "rs1"), "n2");
        cache.addOrUpdatePod(owned("p3", "rs2"), "n2");
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByInDomain(ZONE, "a", "rs1")).isEqualTo(2);

        // Same pod again (no change), moved to another node, re-owned, removed.
        cache.addOrUpdatePod(owned("p1", "rs1"), "n1");
        cache.addOrUpdatePod(owned("p2", "rs1"), "n3");
        cache.addOrUpdatePod(owned("p3", "rs1"), "n2");
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByInDomain(ZONE, "a", "rs1")).isEqualTo(3);
        cache.removePod("uid-p1");
        assertIndexMatchesWalk();

        // The node moves zone, then goes away; its pods stop counting.
        cache.upsertNode(zoned("n3", "c"));
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByInDomain(ZONE, "c", "rs1")).isEqualTo(2);
        cache.removeNode("n3");
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByInDomain(ZONE, "c", "rs1")).isZero();
        // Its pods' delete events still arrive afterwards and must not push a count below zero.
        cache.removePod("uid-early");
        cache.removePod("uid-p2");
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByInDomain(ZONE, "b", "rs1")).isEqualTo(1);
        assertThat(cache.podsOwnedByInDomain("kubernetes.io/hostname", "n1", "rs1")).isEqualTo(-1);
        assertThat(cache.podsOwnedByPerNode("rs1").names()).containsExactly("n2");
        assertThat(cache.podsOwnedByPerNode("rs2").isEmpty()).isTrue();
        // The node comes back: its remaining pods are on it again.
        cache.addOrUpdatePod(owned("p4", "rs2"), "n3");
        cache.upsertNode(zoned("n3", "a"));
        assertIndexMatchesWalk();
        assertThat(cache.podsOwnedByPerNode("rs2").get(cache.nodeInfo("n3"))).isEqualTo(1);
    }

    /** The cache as a handle without its indexes: default spreading then walks every node. */
    private static Handle walking(SchedulerCache c) {
        return new Handle() {
            @Override
            public List<NodeInfo> nodes() {
                return c.nodes();
            }

            @Override
            public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
                return c.nodesWithRequiredAntiAffinityPods();
            }

            @Override
            public List<NodeInfo> nodesWithAffinityPods() {
                return c.nodesWithAffinityPods();
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return c.namespaceLabels(namespace);
            }

            @Override
            public <T extends HasMetadata> List<T> list(ResourceType type, String namespace) {
                return c.list(type, namespace);
            }

            @Override
            public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
                return c.get(type, namespace, name);
            }
        };
    }

    @Test
    void defaultSpreadingScoresTheSameFromTheIndexesAsFromWalkingTheNodes() {
        Store store = new Store();
        store.create(new ReplicaSetBuilder().withNewMetadata().withName("rs-rs1").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build());
        SchedulerCache c = new SchedulerCache(store);
        c.upsertNode(zoned("n1", "a"));
        c.upsertNode(zoned("n2", "a"));
        c.upsertNode(zoned("n3", "b"));
        c.upsertNode(node("n4", "4", "8Gi", 110));
        c.addOrUpdatePod(owned("p1", "rs1"), "n1");
        c.addOrUpdatePod(owned("p2", "rs1"), "n1");
        c.addOrUpdatePod(owned("p3", "rs1"), "n3");
        c.addOrUpdatePod(owned("p4", "rs2"), "n2");
        c.addOrUpdatePod(owned("p5", "rs1"), "n4");
        PodInfo pod = owned("new", "rs1");
        long[] fast = scores(new PodTopologySpread(c), pod, c.nodes());
        long[] slow = scores(new PodTopologySpread(walking(c)), pod, c.nodes());
        assertThat(fast).containsExactly(slow);
        // n1 holds two of the owner's pods in the fuller zone: it must come out worst.
        assertThat(fast[0]).isLessThan(fast[1]);
    }

    private static long[] scores(PodTopologySpread plugin, PodInfo pod, List<NodeInfo> nodes) {
        CycleState st = new CycleState();
        assertThat(plugin.preScore(st, pod, nodes).isSuccess()).isTrue();
        long[] raw = nodes.stream().mapToLong(n -> plugin.score(st, pod, n)).toArray();
        plugin.normalizeScores(st, pod, nodes, raw);
        return raw;
    }
}
