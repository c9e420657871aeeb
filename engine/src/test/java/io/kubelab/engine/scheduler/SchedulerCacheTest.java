package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-zone owner index must always equal the sum over the zone's nodes that default spreading walked. */
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
    }
}
