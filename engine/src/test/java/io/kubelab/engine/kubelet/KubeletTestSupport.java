package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A cluster of kubelets only (no scheduler, no controllers): pods are created with spec.nodeName set. */
abstract class KubeletTestSupport {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    Cluster cluster(int nodes) {
        Cluster c = Cluster.create(ClusterConfig.defaults().withNodes(nodes).withStart(T0));
        c.start();
        return c;
    }

    static Pod pod(Cluster c, String name) {
        return c.store().get(ResourceTypes.PODS, "default", name);
    }

    static ContainerStatus status(Cluster c, String pod, String container) {
        Pod p = pod(c, pod);
        List<ContainerStatus> all = new java.util.ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) {
            all.addAll(p.getStatus().getInitContainerStatuses());
        }
        if (p.getStatus().getContainerStatuses() != null) {
            all.addAll(p.getStatus().getContainerStatuses());
        }
        return all.stream().filter(s -> s.getName().equals(container)).findFirst().orElseThrow();
    }

    static PodCondition condition(Cluster c, String pod, String type) {
        return pod(c, pod).getStatus().getConditions().stream().filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
    }

    /** The events about an object, oldest first, as {@code Reason: message}. */
    static List<String> events(Cluster c, String name) {
        return c.store().<Event>list(ResourceTypes.EVENTS, null).items().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name))
                .sorted(Comparator.comparing(e -> Long.parseUnsignedLong(e.getMetadata().getName()
                        .substring(e.getMetadata().getName().lastIndexOf('.') + 1), 16)))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .toList();
    }

    static Event event(Cluster c, String name, String reason) {
        return c.store().<Event>list(ResourceTypes.EVENTS, null).items().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name) && e.getReason().equals(reason))
                .findFirst().orElseThrow();
    }

    static void advance(Cluster c, double seconds) {
        c.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    static String podYaml(String name, String node, String body) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  nodeName: " + node + "\n" + body;
    }
}
