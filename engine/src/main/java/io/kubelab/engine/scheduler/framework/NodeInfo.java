package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods bound to it, aggregated the way the scheduler looks at them
 * ({@code framework.NodeInfo}): what it can hold ({@code status.allocatable}), what its non-terminated
 * pods request, their labels and affinity. The scheduler's cache keeps one per node up to date from
 * watch events, so a decision never lists all pods.
 *
 * <p>Not thread-safe: owned by the engine thread. The {@link Node} inside is a stored object.
 */
public final class NodeInfo {
    /** {@code kubernetes.io/hostname}. */
    public static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    /** {@code topology.kubernetes.io/zone}. */
    public static final String LABEL_ZONE = "topology.kubernetes.io/zone";

    private Node node;
    private final String name;
    private final int nameHash;
    private Map<String, String> labels = Map.of();
    private List<Taint> taints = List.of();
    private boolean hasNoScheduleTaints;
    private boolean hasPreferNoScheduleTaints;
    private String hostnameLabel;
    private String zoneLabel;
    private boolean unschedulable;
    private Resources allocatable = Resources.ZERO;
    private long allowedPods;
    private Resources requested = Resources.ZERO;
    private Resources nonZeroRequested = Resources.ZERO;
    private final Map<String, PodInfo> pods = new LinkedHashMap<>();
    private final Map<String, PodInfo> podsWithAffinity = new LinkedHashMap<>();
    private final Map<String, PodInfo> podsWithRequiredAntiAffinity = new LinkedHashMap<>();
    private final Map<String, Integer> podsPerOwner = new HashMap<>();
    // Hot copies of the numbers every filter and score reads, kept inline in this object so that
    // walking hundreds of nodes per pod touches one object per node, not five.
    private long allocatableMilliCpu;
    private long allocatableMemory;
    private long requestedMilliCpu;
    private long requestedMemory;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private int podCount;

    public NodeInfo(String name) {
        this.name = name;
        this.nameHash = name.hashCode();
    }

    /** A node with these pods, for tests and simulations. */
    public static NodeInfo of(Node node, PodInfo... pods) {
        NodeInfo n = new NodeInfo(node.getMetadata().getName());
        n.setNode(node);
        for (PodInfo p : pods) {
            n.addPod(p);
        }
        return n;
    }

    /** A copy whose pod set can be changed without touching this one (preemption's what-if). */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo(name);
        c.setNode(node);
        for (PodInfo p : pods.values()) {
            c.addPod(p);
        }
        return c;
    }

    public String name() {
        return name;
    }

    /** {@code name().hashCode()}, kept inline (see {@link NodeCounts}). */
    public int nameHash() {
        return nameHash;
    }

    /** The node object, or {@code null} while only pods bound to a not-yet-seen node are known. */
    public Node node() {
        return node;
    }

    public void setNode(Node node) {
        this.node = node;
        // Read once here: the filters look at these for every pod, on hundreds of nodes.
        Map<String, String> l = node.getMetadata().getLabels();
        this.labels = l == null ? Map.of() : l;
        List<Taint> t = node.getSpec() == null ? null : node.getSpec().getTaints();
        this.taints = t == null || t.isEmpty() ? List.of() : t;
        // Most nodes carry no taint at all: knowing it here saves every pod a walk of an empty list
        // that lives in its own object per node (500 cache misses a pod at 5,000 nodes).
        boolean hard = false;
        boolean soft = false;
        for (Taint x : taints) {
            hard |= "NoSchedule".equals(x.getEffect()) || "NoExecute".equals(x.getEffect());
            soft |= "PreferNoSchedule".equals(x.getEffect());
        }
        this.hasNoScheduleTaints = hard;
        this.hasPreferNoScheduleTaints = soft;
        // The two topology labels spreading reads for every node of every pod, kept inline; the
        // values are interned so that all nodes of a zone share one String and map lookups by it
        // end at an identity check.
        String host = labels.get(LABEL_HOSTNAME);
        String zone = labels.get(LABEL_ZONE);
        this.hostnameLabel = host;
        this.zoneLabel = zone == null ? null : zone.intern();
        this.unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        var status = node.getStatus();
        Map<String, Quantity> alloc = status == null ? null : status.getAllocatable();
        if (alloc == null || alloc.isEmpty()) {
            alloc = status == null ? null : status.getCapacity();
        }
        this.allocatable = Resources.fromList(alloc);
        this.allowedPods = Resources.pods(alloc, 0);
        this.allocatableMilliCpu = allocatable.milliCpu();
        this.allocatableMemory = allocatable.memory();
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taints;
    }

    /** Whether any taint has the effect {@code NoSchedule} or {@code NoExecute} (what Filter checks). */
    public boolean hasNoScheduleTaints() {
        return hasNoScheduleTaints;
    }

    /** Whether any taint has the effect {@code PreferNoSchedule} (what Score counts). */
    public boolean hasPreferNoScheduleTaints() {
        return hasPreferNoScheduleTaints;
    }

    /**
     * The value of one of the node's labels, or {@code null}: {@code labels().get(key)}, answered
     * from fields for the hostname and zone keys (topology spreading asks for them on every node).
     */
    public String label(String key) {
        if (key == LABEL_ZONE) {
            return zoneLabel;
        }
        if (key == LABEL_HOSTNAME) {
            return hostnameLabel;
        }
        return labels.get(key);
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    public Resources allocatable() {
        return allocatable;
    }

    /** {@code status.allocatable.pods}: how many pods the node takes. */
    public long allowedPods() {
        return allowedPods;
    }

    /** What the node's pods request (sum of {@link PodInfo#requests()}). */
    public Resources requested() {
        return requested;
    }

    /** Like {@link #requested()} with the 100m / 200Mi defaults for containers that request nothing. */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    public int podCount() {
        return podCount;
    }

    public long allocatableMilliCpu() {
        return allocatableMilliCpu;
    }

    public long allocatableMemory() {
        return allocatableMemory;
    }

    public long requestedMilliCpu() {
        return requestedMilliCpu;
    }

    public long requestedMemory() {
        return requestedMemory;
    }

    public long nonZeroRequestedMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroRequestedMemory() {
        return nonZeroMemory;
    }

    public Collection<PodInfo> pods() {
        return Collections.unmodifiableCollection(pods.values());
    }

    public PodInfo pod(String uid) {
        return pods.get(uid);
    }

    /** Pods that have any pod (anti-)affinity term. */
    public Collection<PodInfo> podsWithAffinity() {
        return Collections.unmodifiableCollection(podsWithAffinity.values());
    }

    /** Pods that have a required anti-affinity term. */
    public Collection<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableCollection(podsWithRequiredAntiAffinity.values());
    }

    /** How many of the node's pods belong to the owner with this uid (a ReplicaSet). */
    public int podsOwnedBy(String ownerUid) {
        return podsPerOwner.getOrDefault(ownerUid, 0);
    }

    /** Pods per owner uid on this node (read-only view): what {@link #podsOwnedBy} reads. */
    public Map<String, Integer> podsPerOwner() {
        return Collections.unmodifiableMap(podsPerOwner);
    }

    /** Adds (or replaces, by uid) a pod. */
    public void addPod(PodInfo p) {
        removePod(p.uid());
        pods.put(p.uid(), p);
        if (p.hasAffinity()) {
            podsWithAffinity.put(p.uid(), p);
        }
        if (!p.requiredAntiAffinityTerms().isEmpty()) {
            podsWithRequiredAntiAffinity.put(p.uid(), p);
        }
        if (p.ownerUid() != null) {
            podsPerOwner.merge(p.ownerUid(), 1, Integer::sum);
        }
        requested = requested.plus(p.requests());
        nonZeroRequested = nonZeroRequested.plus(p.nonZeroRequests());
        syncHot();
    }

    private void syncHot() {
        podCount = pods.size();
        requestedMilliCpu = requested.milliCpu();
        requestedMemory = requested.memory();
        nonZeroMilliCpu = nonZeroRequested.milliCpu();
        nonZeroMemory = nonZeroRequested.memory();
    }

    /**
     * Replaces a pod by one with the same uid and the same requests, owner and affinity (a
     * {@link PodInfo#withPod}), in place: the pods keep their order and the counts do not move.
     *
     * @return whether the pod was here
     */
    public boolean replacePod(PodInfo p) {
        if (pods.replace(p.uid(), p) == null) {
            return false;
        }
        podsWithAffinity.replace(p.uid(), p);
        podsWithRequiredAntiAffinity.replace(p.uid(), p);
        return true;
    }

    /** Removes a pod by uid; returns it, or {@code null} when it was not here. */
    public PodInfo removePod(String uid) {
        PodInfo p = pods.remove(uid);
        if (p == null) {
            return null;
        }
        podsWithAffinity.remove(uid);
        podsWithRequiredAntiAffinity.remove(uid);
        if (p.ownerUid() != null) {
            podsPerOwner.computeIfPresent(p.ownerUid(), (k, v) -> v <= 1 ? null : v - 1);
        }
        requested = requested.minus(p.requests());
        nonZeroRequested = nonZeroRequested.minus(p.nonZeroRequests());
        syncHot();
        return p;
    }

    /** The pods as a list (a copy). */
    public List<PodInfo> podList() {
        return new ArrayList<>(pods.values());
    }

    @Override
    public String toString() {
        return name + " (" + pods.size() + " pods, requested " + requested.milliCpu() + "m/" + requested.memory() + ")";
    }
}
