package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the cluster view draws of one node. Owned by the UI thread. */
public final class NodeInfo {
    final String name;
    /** Whether a Node object exists (pods may name a node before its Node object arrives). */
    boolean registered;
    boolean ready;
    boolean readyKnown;
    boolean unschedulable;
    boolean controlPlane;
    /** A pressure condition (memory, disk, PID) is True. */
    boolean pressure;
    String ip;
    String runtime = "containerd";
    int capacityPods = 110;
    int index;
    final List<PodInfo> pods = new ArrayList<>();
    /** The pods the namespace filter lets through, sorted by group then name; slot = position. */
    PodInfo[] visible = new PodInfo[0];
    boolean dirty = true;

    NodeInfo(String name) {
        this.name = name;
    }

    void update(Node node) {
        registered = true;
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        controlPlane = labels.containsKey("node-role.kubernetes.io/control-plane");
        unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        readyKnown = false;
        ready = false;
        pressure = false;
        ip = null;
        if (node.getStatus() != null) {
            if (node.getStatus().getConditions() != null) {
                for (NodeCondition c : node.getStatus().getConditions()) {
                    if ("Ready".equals(c.getType())) {
                        readyKnown = !"Unknown".equals(c.getStatus());
                        ready = "True".equals(c.getStatus());
                    } else if (c.getType() != null && c.getType().endsWith("Pressure") && "True".equals(c.getStatus())) {
                        pressure = true;
                    }
                }
            }
            if (node.getStatus().getAddresses() != null) {
                for (NodeAddress a : node.getStatus().getAddresses()) {
                    if ("InternalIP".equals(a.getType())) {
                        ip = a.getAddress();
                    }
                }
            }
            Map<String, Quantity> alloc = node.getStatus().getAllocatable() != null
                    ? node.getStatus().getAllocatable() : node.getStatus().getCapacity();
            if (alloc != null && alloc.get("pods") != null) {
                try {
                    capacityPods = Math.max(1, Integer.parseInt(alloc.get("pods").getAmount()));
                } catch (NumberFormatException ignored) {
                    // keep the default
                }
            }
            if (node.getStatus().getNodeInfo() != null && node.getStatus().getNodeInfo().getContainerRuntimeVersion() != null) {
                String v = node.getStatus().getNodeInfo().getContainerRuntimeVersion();
                int sep = v.indexOf("://");
                runtime = sep > 0 ? v.substring(0, sep) : v;
            }
        }
    }

    /** Re-sorts the visible pods: same owner side by side (so a group can be outlined), then by name. */
    void relayout(ClusterModel model) {
        List<PodInfo> v = new ArrayList<>(pods.size());
        for (PodInfo p : pods) {
            if (model.passesFilter(p.namespace)) {
                v.add(p);
            } else {
                p.slot = -1;
            }
        }
        v.sort(Comparator.comparing((PodInfo p) -> model.groupKeyOf(p)).thenComparing(p -> p.key));
        visible = v.toArray(new PodInfo[0]);
        for (int i = 0; i < visible.length; i++) {
            visible[i].slot = i;
        }
        dirty = false;
    }

    public String name() {
        return name;
    }

    public boolean registered() {
        return registered;
    }

    public boolean ready() {
        return ready;
    }

    public boolean controlPlane() {
        return controlPlane;
    }

    public String ip() {
        return ip;
    }

    public int index() {
        return index;
    }

    public int capacityPods() {
        return capacityPods;
    }

    /** The visible pods in slot order. Do not modify. */
    public PodInfo[] visiblePods() {
        return visible;
    }

    /** Pods per capacity, 0–1 (more than capacity counts as 1): the heat map's value. */
    public double load() {
        return Math.min(1.0, visible.length / (double) capacityPods);
    }

    /** The condition word as {@code kubectl get nodes} prints it. */
    public String statusText() {
        String s = !registered ? "Unknown" : readyKnown ? (ready ? "Ready" : "NotReady") : "Unknown";
        return unschedulable ? s + ",SchedulingDisabled" : s;
    }
}
