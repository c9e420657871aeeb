package io.kubelab.app.session;

import io.kubelab.app.TestClusters;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterFeedTest {

    @Test
    void deliversOneBatchPerFlushStartingWithAResetOfEverything() {
        List<FeedBatch> batches = new ArrayList<>();
        try (Cluster c = TestClusters.withNodes(); ClusterFeed feed = new ClusterFeed()) {
            feed.addListener(batches::add);
            feed.attach(c);
            assertThat(feed.flush()).isTrue();
            assertThat(batches.get(0).reset()).isTrue();
            assertThat(batches.get(0).events()).extracting(WatchEvent::type).containsOnly(WatchEvent.Type.ADDED);
            assertThat(batches.get(0).events()).filteredOn(e -> e.resource() == ResourceTypes.NODES).hasSize(3);
            assertThat(feed.flush()).isFalse();

            c.apply(TestClusters.pod("a", "default", "a"));
            c.apply(TestClusters.pod("b", "default", "b"));
            assertThat(feed.flush()).isTrue();
            assertThat(batches).hasSize(2);
            assertThat(batches.get(1).reset()).isFalse();
            assertThat(batches.get(1).events()).extracting(e -> e.object().getMetadata().getName()).containsExactly("a", "b");
        }
    }

    @Test
    void followingAnotherClusterDropsTheOldOnesEventsAndResets() {
        List<FeedBatch> batches = new ArrayList<>();
        try (Cluster first = TestClusters.withNodes(); Cluster second = TestClusters.withNodes();
             ClusterFeed feed = new ClusterFeed()) {
            feed.addListener(batches::add);
            feed.attach(first);
            feed.flush();
            first.apply(TestClusters.pod("old", "default", "a"));
            feed.attach(second);
            first.apply(TestClusters.pod("older", "default", "a"));
            feed.flush();
            FeedBatch b = batches.get(1);
            assertThat(b.reset()).isTrue();
            assertThat(b.events()).extracting(e -> e.object().getMetadata().getName()).doesNotContain("old", "older");
        }
    }
}
