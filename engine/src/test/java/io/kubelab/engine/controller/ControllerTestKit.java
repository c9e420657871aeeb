package io.kubelab.engine.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.controller.util.Pods;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A tiny cluster for controller tests: a store, a simulation clock, the API, events, and the
 * controllers under test, with no scheduler or kubelet. Tests seed objects, let the controllers
 * settle (or advance the clock), play the kubelet's part by hand ({@link #markReady}), and assert
 * the resulting objects.
 */
public final class ControllerTestKit {
    public static final String NS = "default";

    public final Store store = new Store();
    public final SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final KubeApi api = new KubeApi(store, clock::now, 42L);
    public final EventRecorder events = new EventRecorder(api);
    public final ClusterContext ctx = new ClusterContext(api, store, clock, events, new Random(7),
            ClusterConfig.defaults());
    private final List<Component> components;

    public ControllerTestKit(Component... components) {
        api.create(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build(), null);
        this.components = List.of(components);
        for (Component c : this.components) {
            c.start(ctx);
        }
    }

    /** Drains every controller until none has work left (time does not move). */
    public void settle() {
        for (int round = 0; round < 10_000; round++) {
            boolean worked = false;
            for (Component c : components) {
                worked |= c.drain();
            }
            if (!worked) {
                return;
            }
        }
        throw new IllegalStateException("controllers did not settle");
    }

    /** Moves the clock, stopping at each timer and settling after it (like {@code Cluster.advance}). */
    public void advance(Duration by) {
        Instant target = clock.now().plus(by);
        settle();
        while (true) {
            Instant next = clock.nextTimer();
            if (next == null || next.isAfter(target)) {
                break;
            }
            Duration step = Duration.between(clock.now(), next);
            clock.advance(step.isNegative() ? Duration.ZERO : step);
            settle();
        }
        clock.advance(Duration.between(clock.now(), target));
        settle();
    }

    // ---- objects --------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T create(String yaml) {
        ObjectNode doc = Kube.readDocuments(yaml).get(0);
        return (T) api.create(ResourceTypes.decode(doc), NS);
    }

    public Deployment deployment(String name) {
        return api.find(ResourceTypes.DEPLOYMENTS, NS, name);
    }

    public ReplicaSet replicaSet(String name) {
        return api.find(ResourceTypes.REPLICASETS, NS, name);
    }

    /** The namespace's ReplicaSets by revision annotation (oldest revision first), then name. */
    public List<ReplicaSet> replicaSets() {
        List<ReplicaSet> list = new ArrayList<>(api.<ReplicaSet>list(ResourceTypes.REPLICASETS, NS));
        list.sort(Comparator.comparingLong((ReplicaSet r) -> {
            String v = r.getMetadata().getAnnotations() == null ? null
                    : r.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
            return v == null ? 0 : Long.parseLong(v);
        }).thenComparing(r -> r.getMetadata().getName()));
        return list;
    }

    /** Pods matching a label selector ({@code ""} for all), terminating ones included. */
    public List<Pod> pods(String selector) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : api.<Pod>list(ResourceTypes.PODS, NS)) {
            if (Selectors.labelPredicate(selector).test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Pods that are neither finished nor terminating. */
    public List<Pod> activePods(String selector) {
        return pods(selector).stream().filter(Pods::isActive).toList();
    }

    public JsonNode patch(ResourceType type, String name, Patches.Type patchType, String json) {
        try {
            HasMetadata o = api.patch(type, NS, name, patchType, Kube.JSON.readTree(json), false);
            return Kube.tree(o);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code kubectl set image deployment/<name> <container>=<image>} (a strategic merge patch). */
    public void setImage(String deployment, String container, String image) {
        patch(ResourceTypes.DEPLOYMENTS, deployment, Patches.Type.STRATEGIC_MERGE_PATCH,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + container + "\",\"image\":\"" + image + "\"}]}}}}");
    }

    /** {@code kubectl scale deployment/<name> --replicas=n} (a merge patch). */
    public void scale(String deployment, int replicas) {
        patch(ResourceTypes.DEPLOYMENTS, deployment, Patches.Type.MERGE_PATCH, "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    // ---- the kubelet's part ---------------------------------------------------------------

    /** Marks a pod Running and Ready now, as its kubelet would once its containers pass readiness. */
    public Pod markReady(Pod pod) {
        return api.modify(ResourceTypes.PODS, NS, pod.getMetadata().getName(), (Pod p) -> {
            String now = Kube.timestamp(clock.now());
            p.getStatus().setPhase("Running");
            List<PodCondition> conditions = new ArrayList<>();
            for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
                conditions.add(new PodCondition(null, now, null, null, null, "True", type));
            }
            p.getStatus().setConditions(conditions);
            List<ContainerStatus> statuses = new ArrayList<>();
            p.getSpec().getContainers().forEach(c -> statuses.add(new ContainerStatusBuilder().withName(c.getName())
                    .withImage(c.getImage()).withReady(true).withStarted(true).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build()));
            p.getStatus().setContainerStatuses(statuses);
            p.getStatus().setStartTime(now);
            return p;
        }, true);
    }

    /** Marks every active pod that is not ready yet (matching the selector) ready. */
    public int markAllReady(String selector) {
        int n = 0;
        for (Pod p : activePods(selector)) {
            if (!Pods.isReady(p)) {
                markReady(p);
                n++;
            }
        }
        return n;
    }

    /** Binds a pod to a node, as the scheduler does (its deletion then becomes graceful). */
    public Pod bind(Pod pod, String node) {
        return api.bind(NS, pod.getMetadata().getName(), pod.getMetadata().getUid(), node);
    }

    /** Ends a terminating pod's grace period, as its kubelet does once the containers stopped. */
    public void finishTermination(Pod pod) {
        DeleteOptions opts = new DeleteOptions();
        opts.setGracePeriodSeconds(0L);
        api.delete(ResourceTypes.PODS, NS, pod.getMetadata().getName(), opts);
    }

    // ---- events ---------------------------------------------------------------------------

    /** The messages of the events with this reason about {@code objectName}, oldest first. */
    public List<String> eventMessages(String objectName, String reason) {
        return events(objectName).stream().filter(e -> reason.equals(e.getReason())).map(Event::getMessage).toList();
    }

    /** The events about {@code objectName}, in the order they were first recorded. */
    public List<Event> events(String objectName) {
        List<Event> out = new ArrayList<>();
        for (Event e : api.<Event>list(ResourceTypes.EVENTS, NS)) {
            if (objectName.equals(e.getInvolvedObject().getName())) {
                out.add(e);
            }
        }
        // Event names end in a counter that grows with each new event.
        out.sort(Comparator.comparing(e -> e.getMetadata().getName().substring(e.getMetadata().getName().lastIndexOf('.') + 1)));
        return out;
    }
}
