package io.kubelab.app.session;

import io.kubelab.app.TestClusters;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.Component;
import io.kubelab.engine.NodePlatform;
import io.kubelab.engine.runtime.ContainerRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runtime switch's seam: a cluster from another factory in place of the current one. */
class ClusterSessionReplaceTest {

    /** Simulated nodes on a platform that must be closed, as real mode's is. */
    static final class ClosingPlatform implements NodePlatform, AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public Component kubeProxy(Cluster cluster) {
            return SIMULATED.kubeProxy(cluster);
        }

        @Override
        public ContainerRuntime containerRuntime(Cluster cluster, int index, Component kubeProxy) {
            return SIMULATED.containerRuntime(cluster, index, kubeProxy);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void theNewFactoryStaysForResetsAndTheOldClusterIsTheCallersToDispose() {
        List<ClosingPlatform> platforms = new ArrayList<>();
        try (ClusterSession session = ClusterSession.running(TestClusters::withNodes, 20, true)) {
            Cluster first = session.cluster();
            List<Cluster> told = new ArrayList<>();
            session.addClusterListener(told::add);

            Cluster old = session.replace(() -> {
                ClosingPlatform p = new ClosingPlatform();
                platforms.add(p);
                return Cluster.create(ClusterConfig.defaults().withPlatform(p));
            });
            assertThat(old).isSameAs(first);
            assertThat(session.cluster()).isNotSameAs(first);
            assertThat(told).containsExactly(session.cluster());
            // The engine thread runs the new cluster: work submitted now reaches it.
            assertThat(session.submit(() -> session.cluster().config().platform()).join()).isSameAs(platforms.get(0));
            ClusterSession.dispose(old);

            // A reset makes the next cluster from the new factory and closes the previous platform.
            session.reset();
            assertThat(platforms).hasSize(2);
            assertThat(platforms.get(0).closed.get()).isEqualTo(1);
            assertThat(session.cluster().config().platform()).isSameAs(platforms.get(1));
        }
        // Closing the session closes the current platform too, once.
        assertThat(platforms.get(1).closed.get()).isEqualTo(1);
    }

    @Test
    void aFactoryThatFailsLeavesTheSessionAsItWas() {
        try (ClusterSession session = ClusterSession.running(TestClusters::withNodes, 20, true)) {
            Cluster before = session.cluster();
            assertThatThrownBy(() -> session.replace(() -> {
                throw new IllegalStateException("real mode needs root");
            })).hasMessage("real mode needs root");
            assertThat(session.cluster()).isSameAs(before);
            assertThat(session.submit(() -> 42).join()).isEqualTo(42);
            // Resets still make simulated clusters.
            session.reset();
            assertThat(session.cluster().config().platform()).isSameAs(NodePlatform.SIMULATED);
        }
    }
}
