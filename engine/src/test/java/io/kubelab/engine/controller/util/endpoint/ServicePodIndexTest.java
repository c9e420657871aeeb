package io.kubelab.engine.controller.util.endpoint;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServicePodIndexTest {
    final ServicePodIndex index = new ServicePodIndex();

    static Service service(String ns, String name, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build();
    }

    static Pod pod(String ns, String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(name + "-uid")
                .withLabels(labels).endMetadata().withNewSpec().endSpec().build();
    }

    void event(WatchEvent.Type type, Service s) {
        index.serviceChanged(new WatchEvent(type, ResourceTypes.SERVICES, s, 1));
    }

    @Test
    void aPodConcernsNobodyOnlyWhileItsNamespaceHasNoSelectingServiceAndItIsNotRemembered() {
        // The default/kubernetes Service has no selector: it selects no pod.
        event(WatchEvent.Type.ADDED, service("default", "kubernetes", null));
        assertThat(index.mayConcern("default", "default/web-1")).isFalse();
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), pod("default", "web-1", Map.of("app", "web")),
                () -> List.of(service("default", "kubernetes", null)))).isEmpty();

        Service web = service("default", "web", Map.of("app", "web"));
        event(WatchEvent.Type.ADDED, web);
        assertThat(index.mayConcern("default", "default/web-1")).isTrue();
        assertThat(index.mayConcern("other", "other/web-1")).isFalse();
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), pod("default", "web-1", Map.of("app", "web")),
                () -> List.of(web))).containsExactly("default/web");
        index.record("default/web", List.of("default/web-1"));

        // The Service loses its selector: the pod is still remembered (its Service must hear of it).
        event(WatchEvent.Type.MODIFIED, service("default", "web", null));
        assertThat(index.mayConcern("default", "default/web-1")).isTrue();
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), null, List::of)).containsExactly("default/web");
        index.forgetService("default/web");
        assertThat(index.mayConcern("default", "default/web-1")).isFalse();

        event(WatchEvent.Type.MODIFIED, web);
        assertThat(index.mayConcern("default", "default/x")).isTrue();
        event(WatchEvent.Type.DELETED, web);
        assertThat(index.mayConcern("default", "default/x")).isFalse();
    }

    @Test
    void podHandlersEnqueueOnlyWhileTheNamespaceHasASelectingService() {
        assertThat(index.anySelecting("default")).isFalse();
        event(WatchEvent.Type.ADDED, service("default", "kubernetes", null));
        assertThat(index.anySelecting("default")).isFalse();
        Service web = service("default", "web", Map.of("app", "web"));
        event(WatchEvent.Type.ADDED, web);
        assertThat(index.anySelecting("default")).isTrue();
        assertThat(index.anySelecting("other")).isFalse();
        event(WatchEvent.Type.MODIFIED, service("default", "web", null));
        assertThat(index.anySelecting("default")).isFalse();
        event(WatchEvent.Type.MODIFIED, web);
        assertThat(index.anySelecting("default")).isTrue();
        event(WatchEvent.Type.DELETED, web);
        assertThat(index.anySelecting("default")).isFalse();
    }

    @Test
    void whatWasRememberedBeforeTheNamespaceLostItsLastSelectingServiceIsNotTrustedAfter() {
        Pod ready = pod("default", "web-1", Map.of("app", "web"));
        ready.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPodIP("10.244.0.5")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        Pod unready = pod("default", "web-1", Map.of("app", "web"));
        unready.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPodIP("10.244.0.5")
                .addNewCondition().withType("Ready").withStatus("False").endCondition().build());
        Service web = service("default", "web", Map.of("app", "web"));

        event(WatchEvent.Type.ADDED, web);
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), ready, () -> List.of(web)))
                .containsExactly("default/web");
        index.record("default/web", List.of("default/web-1"));
        // The same pod again: nothing endpoints are made of changed, no Service to sync.
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), ready, () -> List.of(web))).isEmpty();

        // The Service goes away; the pod turns unready while no Service selects in its namespace, so
        // the pod handlers enqueue nothing and the fingerprint above is left as it was.
        event(WatchEvent.Type.DELETED, web);
        index.forgetService("default/web");
        // A Service selects again, and its own sync lists the pod as it is now (unready).
        event(WatchEvent.Type.ADDED, web);
        index.record("default/web", List.of("default/web-1"));
        // The pod turns ready again. Its fingerprint equals the one remembered from before, but that
        // one is from an older epoch: the Service must be synced, or its endpoints would stay unready.
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), ready, () -> List.of(web)))
                .containsExactly("default/web");
        assertThat(index.servicesToSync("default/web-1", index.epoch("default"), unready, () -> List.of(web)))
                .containsExactly("default/web");
    }

    @Test
    void namespaceOfAKey() {
        assertThat(ServicePodIndex.namespaceOf("kube-system/coredns-1")).isEqualTo("kube-system");
    }
}
