package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeCounts;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Resources;
import io.kubelab.engine.store.Store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduler's cache ({@code internal/cache}): one {@link NodeInfo} per node, kept up to date
 * incrementally from watch events, with the non-terminated pods bound to it and what they request.
 * A pod the scheduler has just placed is "assumed" on its node at once, before the API write comes
 * back as an event, so the next decision already counts it.
 *
 * <p>It is also the plugins' {@link Handle}. Engine thread only.
 */
final class SchedulerCache implements Handle {
    /** What adding or updating a bound pod changed, for queueing hints. */
    enum PodChange { ADDED, LABELS_CHANGED, UNCHANGED }

    private static final String ZONE = "topology.kubernetes.io/zone";

    private final Store store;
    /** Every NodeInfo by node name, including placeholders for pods bound to a node not seen yet. */
    private final Map<String, NodeInfo> byName = new HashMap<>();
    /** Nodes with a Node object, in the order they appeared: the order the scheduler walks. */
    private final List<NodeInfo> nodeList = new ArrayList<>();
    private final List<NodeInfo> nodeListView = Collections.unmodifiableList(nodeList);
    /** The names of {@link #nodeList}, in order; a new array whenever the list changes, never modified. */
    private String[] nodeNames;
    private final Map<String, String> podNode = new HashMap<>();
    private final Map<String, NodeInfo> antiAffinityNodes = new LinkedHashMap<>();
    private final Map<String, NodeInfo> affinityNodes = new LinkedHashMap<>();
    /**
     * Zone label value → owner uid → pods of that owner on the zone's nodes (nodes with a Node
     * object only, as {@link #nodes()}), kept up to date on every pod and node change. Default
     * spreading reads it once per zone instead of walking every node: with 5000 nodes in 3 zones,
     * 3 map reads instead of 5000 per pod.
     */
    private final Map<String, Map<String, int[]>> zoneOwnerPods = new HashMap<>();
    /**
     * Owner uid → node name → pods of that owner on the node: {@link NodeInfo#podsOwnedBy} turned
     * around, kept in step with every pod the NodeInfos gain or lose. Default spreading by hostname
     * reads one owner's map (about its replica count in entries) for each of the 500 nodes it
     * scores, instead of a map per node scattered over the heap.
     */
    private final Map<String, NodeCounts> ownerNodePods = new HashMap<>();
    private static final NodeCounts NO_PODS = new NodeCounts();

    SchedulerCache(Store store) {
        this.store = store;
    }

    // ---- nodes ----------------------------------------------------------------------------

    /**
     * Adds or updates a node.
     *
     * @return whether this may make pending pods schedulable: a new node, or a change to its labels,
     * taints, cordon or allocatable (not a heartbeat)
     */
    boolean upsertNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo info = byName.get(name);
        if (info == null) {
            info = new NodeInfo(name);
            byName.put(name, info);
        }
        Node old = info.node();
        if (old == null) {
            info.setNode(node);
            nodeList.add(info);
            nodeNames = null;
            indexNode(info, 1);
            return true;
        }
        String oldZone = zoneOf(info);
        Resources oldAlloc = info.allocatable();
        long oldPods = info.allowedPods();
        boolean changed = !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                || !Objects.equals(old.getSpec() == null ? null : old.getSpec().getTaints(),
                node.getSpec() == null ? null : node.getSpec().getTaints())
                || !Objects.equals(old.getSpec() == null ? null : old.getSpec().getUnschedulable(),
                node.getSpec() == null ? null : node.getSpec().getUnschedulable());
        info.setNode(node);
        if (!Objects.equals(oldZone, zoneOf(info))) {
            indexNode(info, -1, oldZone);
            indexNode(info, 1);
        }
        return changed || !oldAlloc.equals(info.allocatable()) || oldPods != info.allowedPods();
    }

    void removeNode(String name) {
        NodeInfo info = byName.get(name);
        if (info == null) {
            return;
        }
        if (info.node() != null) {
            indexNode(info, -1);
        }
        nodeList.remove(info);
        nodeNames = null;
        antiAffinityNodes.remove(name);
        affinityNodes.remove(name);
        if (info.podCount() == 0) {
            byName.remove(name);
        } else {
            // Pods still bound to it are kept until their own delete events arrive.
            byName.put(name, withoutNode(info));
        }
    }

    private static NodeInfo withoutNode(NodeInfo info) {
        NodeInfo ghost = new NodeInfo(info.name());
        for (PodInfo p : info.pods()) {
            ghost.addPod(p);
        }
        return ghost;
    }

    NodeInfo nodeInfo(String name) {
        return byName.get(name);
    }

    // ---- pods -----------------------------------------------------------------------------

    /** Adds (or, for an already known pod, updates) a non-terminated pod bound to {@code nodeName}. */
    PodChange addOrUpdatePod(PodInfo pod, String nodeName) {
        String oldNode = podNode.get(pod.uid());
        NodeInfo info = byName.computeIfAbsent(nodeName, NodeInfo::new);
        if (nodeName.equals(oldNode)) {
            PodInfo old = info.pod(pod.uid());
            if (old != null && old.labels().equals(pod.labels()) && old.deleting() == pod.deleting()
                    && Objects.equals(old.ownerUid(), pod.ownerUid())) {
                return PodChange.UNCHANGED;
            }
            if (old != null) {
                indexPod(info, old.ownerUid(), -1);
            }
            info.addPod(pod);
            indexPod(info, pod.ownerUid(), 1);
            refreshIndexes(info);
            return PodChange.LABELS_CHANGED;
        }
        if (oldNode != null) {
            removePod(pod.uid());
        }
        PodInfo stale = info.pod(pod.uid());
        if (stale != null) {
            indexPod(info, stale.ownerUid(), -1);
        }
        info.addPod(pod);
        indexPod(info, pod.ownerUid(), 1);
        podNode.put(pod.uid(), nodeName);
        refreshIndexes(info);
        return PodChange.ADDED;
    }

    /** Whether the cache holds this pod (bound or assumed), and on which node. */
    String nodeOf(String uid) {
        return podNode.get(uid);
    }

    /** Removes a pod; returns it, or {@code null} when it was not in the cache. */
    PodInfo removePod(String uid) {
        String nodeName = podNode.remove(uid);
        if (nodeName == null) {
            return null;
        }
        NodeInfo info = byName.get(nodeName);
        PodInfo removed = info == null ? null : info.removePod(uid);
        if (removed != null) {
            indexPod(info, removed.ownerUid(), -1);
        }
        if (info != null) {
            if (info.node() == null && info.podCount() == 0) {
                byName.remove(nodeName);
            }
            refreshIndexes(info);
        }
        return removed;
    }

    /** The node's zone label (the interned copy NodeInfo keeps: no map lookup on every pod bound). */
    private static String zoneOf(NodeInfo info) {
        return info.node() == null ? null : info.label(NodeInfo.LABEL_ZONE);
    }

    /** Counts one pod of {@code ownerUid} in (delta 1) or out of (-1) the zone of its node. */
    private void indexPod(NodeInfo info, String ownerUid, int delta) {
        if (ownerUid != null) {
            NodeCounts nodes = ownerNodePods.computeIfAbsent(ownerUid, o -> new NodeCounts());
            nodes.add(info.name(), delta);
            if (nodes.isEmpty()) {
                ownerNodePods.remove(ownerUid);
            }
        }
        String zone = zoneOf(info);
        if (ownerUid != null && zone != null) {
            bump(zone, ownerUid, delta);
        }
    }

    private void indexNode(NodeInfo info, int delta) {
        indexNode(info, delta, zoneOf(info));
    }

    /** Counts all the node's owned pods in (1) or out of (-1) {@code zone}. */
    private void indexNode(NodeInfo info, int delta, String zone) {
        if (zone == null) {
            return;
        }
        for (Map.Entry<String, Integer> e : info.podsPerOwner().entrySet()) {
            bump(zone, e.getKey(), delta * e.getValue());
        }
    }

    private void bump(String zone, String ownerUid, int delta) {
        Map<String, int[]> owners = zoneOwnerPods.computeIfAbsent(zone, z -> new HashMap<>());
        int[] cell = owners.computeIfAbsent(ownerUid, o -> new int[1]);
        cell[0] += delta;
        if (cell[0] == 0) {
            owners.remove(ownerUid);
            if (owners.isEmpty()) {
                zoneOwnerPods.remove(zone);
            }
        }
    }

    private void refreshIndexes(NodeInfo info) {
        if (info.node() == null) {
            return;
        }
        if (info.podsWithRequiredAntiAffinity().isEmpty()) {
            antiAffinityNodes.remove(info.name());
        } else {
            antiAffinityNodes.put(info.name(), info);
        }
        if (info.podsWithAffinity().isEmpty()) {
            affinityNodes.remove(info.name());
        } else {
            affinityNodes.put(info.name(), info);
        }
    }

    // ---- Handle ---------------------------------------------------------------------------

    @Override
    public List<NodeInfo> nodes() {
        return nodeListView;
    }

    /** The names of {@link #nodes()}, in the same order: an array shared by every decision until the nodes change. */
    String[] nodeNames() {
        if (nodeNames == null) {
            nodeNames = new String[nodeList.size()];
            for (int i = 0; i < nodeNames.length; i++) {
                nodeNames[i] = nodeList.get(i).name();
            }
        }
        return nodeNames;
    }

    @Override
    public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        return antiAffinityNodes.isEmpty() ? List.of() : new ArrayList<>(antiAffinityNodes.values());
    }

    @Override
    public List<NodeInfo> nodesWithAffinityPods() {
        return affinityNodes.isEmpty() ? List.of() : new ArrayList<>(affinityNodes.values());
    }

    @Override
    public int podsOwnedByInDomain(String topologyKey, String value, String ownerUid) {
        if (!ZONE.equals(topologyKey)) {
            return -1;
        }
        Map<String, int[]> owners = zoneOwnerPods.get(value);
        int[] cell = owners == null ? null : owners.get(ownerUid);
        return cell == null ? 0 : cell[0];
    }

    @Override
    public NodeCounts podsOwnedByPerNode(String ownerUid) {
        NodeCounts nodes = ownerNodePods.get(ownerUid);
        return nodes == null ? NO_PODS : nodes;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = store.get(ResourceTypes.NAMESPACES, null, namespace);
        Map<String, String> labels = new HashMap<>();
        if (ns != null && ns.getMetadata().getLabels() != null) {
            labels.putAll(ns.getMetadata().getLabels());
        }
        labels.putIfAbsent("kubernetes.io/metadata.name", namespace);
        return labels;
    }

    @Override
    public <T extends HasMetadata> List<T> list(ResourceType type, String namespace) {
        return store.<T>list(type, namespace).items();
    }

    @Override
    public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
        return store.get(type, namespace, name);
    }
}
