package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test objects: nodes with capacity and labels, pods with requests. */
public final class Fixtures {
    private Fixtures() {}

    /** A Ready node with allocatable cpu/memory/pods and the hostname label. */
    public static Node node(String name, String cpu, String memory, int pods) {
        return node(name, cpu, memory, pods, Map.of());
    }

    public static Node node(String name, String cpu, String memory, int pods, Map<String, String> labels, Taint... taints) {
        Map<String, String> l = new HashMap<>(labels);
        l.putIfAbsent("kubernetes.io/hostname", name);
        Map<String, Quantity> res = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity(Integer.toString(pods)));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(l).endMetadata()
                .withNewSpec().withTaints(List.of(taints)).endSpec()
                .withNewStatus().withCapacity(res).withAllocatable(res)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .endStatus().build();
    }

    public static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    /** A pod in {@code default} with one container requesting cpu/memory (either may be null). */
    public static Pod pod(String name, String cpu, String memory) {
        return podBuilder(name, cpu, memory).build();
    }

    public static PodBuilder podBuilder(String name, String cpu, String memory) {
        Map<String, Quantity> req = new HashMap<>();
        if (cpu != null) {
            req.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            req.put("memory", new Quantity(memory));
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata()
                .withNewSpec().withSchedulerName("default-scheduler")
                .addNewContainer().withName("app").withImage("nginx:1.25").withNewResources().withRequests(req)
                .endResources().endContainer().endSpec();
    }

    public static PodInfo info(Pod pod) {
        return new PodInfo(pod);
    }

    /** A pod with labels, already bound (for NodeInfo contents). */
    public static PodInfo labelled(String name, Map<String, String> labels) {
        return new PodInfo(podBuilder(name, null, null).editMetadata().withLabels(labels).endMetadata().build());
    }

    public static NodeInfo nodeInfo(Node node, PodInfo... pods) {
        return NodeInfo.of(node, pods);
    }
}
