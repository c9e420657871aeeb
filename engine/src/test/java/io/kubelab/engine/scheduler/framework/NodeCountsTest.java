package io.kubelab.engine.scheduler.framework;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-addressing table must answer exactly as a map of counts would, through growth and removals. */
class NodeCountsTest {
    @Test
    void agreesWithAMapThroughRandomAddsAndRemovals() {
        NodeCounts counts = new NodeCounts();
        Map<String, Integer> expected = new HashMap<>();
        Random random = new Random(1);
        // "Aa" and "BB" have the same hashCode: colliding names must stay apart.
        String[] names = new String[300];
        for (int i = 0; i < names.length; i++) {
            names[i] = i % 3 == 0 ? "Aa".repeat(i % 7 + 1) + "BB".repeat(i % 5) + i : "minikube-m" + i;
        }
        for (int step = 0; step < 20_000; step++) {
            String name = names[random.nextInt(names.length)];
            int have = expected.getOrDefault(name, 0);
            int delta = have > 0 && random.nextBoolean() ? -1 : 1;
            counts.add(new String(name), delta);
            if (have + delta == 0) {
                expected.remove(name);
            } else {
                expected.put(name, have + delta);
            }
            if (step % 997 == 0) {
                for (String n : names) {
                    assertThat(counts.get(n, n.hashCode())).as(n).isEqualTo(expected.getOrDefault(n, 0));
                }
                assertThat(counts.size()).isEqualTo(expected.size());
                assertThat(counts.names()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            }
        }
    }

    @Test
    void looksUpByANodesName() {
        NodeCounts counts = new NodeCounts();
        NodeInfo n1 = new NodeInfo("minikube-m02");
        counts.add("minikube-m02", 2);
        counts.add("minikube-m03", 1);
        assertThat(counts.get(n1)).isEqualTo(2);
        assertThat(counts.get(new NodeInfo("minikube-m04"))).isZero();
        counts.add("minikube-m02", -2);
        assertThat(counts.get(n1)).isZero();
        assertThat(counts.names()).containsExactly("minikube-m03");
        // Taking away what is not there changes nothing.
        counts.add("minikube-m09", -1);
        assertThat(counts.size()).isEqualTo(1);
    }
}
