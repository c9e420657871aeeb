package io.kubelab.app.timeline;

import io.kubelab.app.TestClusters;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineViewModelTest {
    private Cluster cluster;
    private ClusterFeed feed;
    private final TimelineViewModel vm = new TimelineViewModel();

    @BeforeEach
    void setUp() {
        cluster = TestClusters.withNodes();
        cluster.apply(TestClusters.pod("web", "default", "web"));
        cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        cluster.apply(TestClusters.pod("cart", "shop", "cart"));
        feed = new ClusterFeed();
        feed.addListener(vm);
        feed.attach(cluster);
        feed.flush();
    }

    @AfterEach
    void tearDown() {
        feed.close();
        cluster.close();
    }


    @Test
    void eventsAppearAsTheyHappenWithTimeTypeReasonObjectMessage() {
        var web = cluster.api().<io.fabric8.kubernetes.api.model.Pod>get(ResourceTypes.PODS, "default", "web");
        cluster.events().normal(web, "Scheduled", "Successfully assigned default/web to minikube-m02", "default-scheduler", null);
        cluster.advance(Duration.ofSeconds(3));
        cluster.events().warning(web, "BackOff", "Back-off restarting failed container", "kubelet", "minikube-m02");
        feed.flush();
        assertThat(vm.rows()).extracting(EventRow::type, EventRow::reason, EventRow::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Normal", "Scheduled", "pod/web"),
                        org.assertj.core.groups.Tuple.tuple("Warning", "BackOff", "pod/web"));
        assertThat(vm.rows().get(1).time()).isEqualTo(cluster.config().start().plusSeconds(3));
        assertThat(vm.rows().get(0).message()).isEqualTo("Successfully assigned default/web to minikube-m02");
    }

    @Test
    void aRepeatedEventMovesToTheEndWithItsCount() {
        var web = cluster.api().<io.fabric8.kubernetes.api.model.Pod>get(ResourceTypes.PODS, "default", "web");
        cluster.events().warning(web, "BackOff", "Back-off", "kubelet", "n");
        cluster.events().normal(web, "Pulled", "pulled", "kubelet", "n");
        feed.flush();
        cluster.events().warning(web, "BackOff", "Back-off", "kubelet", "n");
        feed.flush();
        assertThat(vm.rows()).extracting(EventRow::reason, EventRow::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Pulled", 1), org.assertj.core.groups.Tuple.tuple("BackOff", 2));
    }

    @Test
    void filtersByNamespaceAndWarnings() {
        var web = cluster.api().<io.fabric8.kubernetes.api.model.Pod>get(ResourceTypes.PODS, "default", "web");
        var cart = cluster.api().<io.fabric8.kubernetes.api.model.Pod>get(ResourceTypes.PODS, "shop", "cart");
        cluster.events().normal(web, "Scheduled", "a", "s", null);
        cluster.events().warning(cart, "FailedScheduling", "b", "s", null);
        feed.flush();
        vm.namespaceProperty().set("shop");
        assertThat(vm.rows()).extracting(EventRow::object).containsExactly("pod/cart");
        vm.namespaceProperty().set("");
        vm.warningsOnlyProperty().set(true);
        assertThat(vm.rows()).extracting(EventRow::reason).containsExactly("FailedScheduling");
        assertThat(vm.eventsOf(web.getMetadata().getUid())).extracting(EventRow::reason).containsExactly("Scheduled");
    }
}
