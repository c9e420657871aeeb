package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster as the cluster view sees it: nodes with their pods, the Pending pods, services,
 * Deployment groups, namespaces — updated incrementally from watch-event batches, never by listing
 * the store again. Pure Java (no JavaFX), owned by one thread (the UI thread).
 *
 * <p>Cost: one event costs a map lookup and a STATUS computation; a node's pod order is re-sorted
 * lazily, only for nodes whose pods changed (a 30-pod node: 30·log 30 comparisons).
 */
public final class ClusterModel {
    /** What one batch changed that the view animates. */
    public record Changes(List<Bound> bound, List<PathStep> steps) {}

    /** A pod that was bound to a node in this batch, with its slot in the Pending area before. */
    public record Bound(PodInfo pod, int pendingSlot) {}

    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private NodeInfo[] nodeOrder = new NodeInfo[0];
    private boolean nodeOrderDirty;
    private final Map<String, PodInfo> pods = new HashMap<>();
    private final java.util.Set<PodInfo> unbound = new java.util.LinkedHashSet<>();
    private PodInfo[] pending = new PodInfo[0];
    private boolean pendingDirty;
    private final TreeMap<String, ServiceInfo> services = new TreeMap<>();
    private ServiceInfo[] visibleServices = new ServiceInfo[0];
    private boolean servicesDirty;
    private final TreeMap<String, GroupInfo> deployments = new TreeMap<>();
    /** ReplicaSet key → its Deployment's key, or the ReplicaSet's own key when it has none. */
    private final Map<String, String> replicaSetGroup = new HashMap<>();
    private final Map<String, GroupInfo> replicaSets = new HashMap<>();
    private final Map<String, Long> generations = new HashMap<>();
    private final TreeSet<String> namespaces = new TreeSet<>();
    private String namespaceFilter;
    private long sequence;
    private long version;
    private long revision;
    private int maxPodsPerNode;
    private boolean anyNodeDirty;

    /** Applies a batch; returns what to animate (nothing for a reset batch, which is the initial state). */
    public Changes apply(FeedBatch batch) {
        if (batch.reset()) {
            clear();
        }
        List<Bound> bound = new ArrayList<>();
        List<PathStep> steps = batch.reset() ? null : new ArrayList<>();
        for (WatchEvent e : batch.events()) {
            apply(e, bound, steps);
        }
        if (!batch.events().isEmpty() || batch.reset()) {
            version++;
        }
        return new Changes(bound, steps == null ? List.of() : steps);
    }

    private void clear() {
        nodes.clear();
        nodeOrder = new NodeInfo[0];
        pods.clear();
        unbound.clear();
        pending = new PodInfo[0];
        services.clear();
        visibleServices = new ServiceInfo[0];
        deployments.clear();
        replicaSetGroup.clear();
        replicaSets.clear();
        generations.clear();
        namespaces.clear();
        maxPodsPerNode = 0;
        revision = 0;
    }

    private void apply(WatchEvent e, List<Bound> bound, List<PathStep> steps) {
        revision = Math.max(revision, e.revision());
        ResourceType t = e.resource();
        HasMetadata o = e.object();
        if (t == ResourceTypes.PODS) {
            applyPod(e.type(), (Pod) o, bound, steps);
        } else if (t == ResourceTypes.NODES) {
            applyNode(e.type(), (Node) o, steps);
        } else if (t == ResourceTypes.SERVICES) {
            applyService(e.type(), (Service) o, steps);
        } else if (t == ResourceTypes.DEPLOYMENTS) {
            applyDeployment(e.type(), (Deployment) o, steps);
        } else if (t == ResourceTypes.REPLICASETS) {
            applyReplicaSet(e.type(), (ReplicaSet) o, steps);
        } else if (t == ResourceTypes.ENDPOINTS) {
            applyEndpoints(e.type(), (Endpoints) o, steps);
        } else if (t == ResourceTypes.NAMESPACES) {
            if (e.type() == WatchEvent.Type.DELETED) {
                namespaces.remove(o.getMetadata().getName());
            } else {
                namespaces.add(o.getMetadata().getName());
            }
        } else if (t == ResourceTypes.CONFIGMAPS && steps != null) {
            generic(e, steps);
        }
    }

    // ---- pods ----------------------------------------------------------------------------

    private void applyPod(WatchEvent.Type type, Pod pod, List<Bound> bound, List<PathStep> steps) {
        String ns = pod.getMetadata().getNamespace();
        String key = ns + "/" + pod.getMetadata().getName();
        String subject = "pod/" + pod.getMetadata().getName();
        PodInfo info = pods.get(key);
        if (type == WatchEvent.Type.DELETED) {
            if (info != null) {
                detach(info);
                pods.remove(key);
                if (steps != null) {
                    ComponentId actor = info.nodeName != null && info.deleting ? ComponentId.kubelet(info.nodeName)
                            : info.ownerKey != null ? ComponentId.CONTROLLER_MANAGER : ComponentId.CLIENT;
                    steps.add(PathStep.write(actor, PathStep.Verb.DELETED, subject, ""));
                }
            }
            return;
        }
        boolean added = info == null;
        String oldNode = null;
        String oldStatus = null;
        boolean wasDeleting = false;
        int oldSlot = -1;
        if (added) {
            info = new PodInfo(key, ns, pod.getMetadata().getName(), sequence++);
            pods.put(key, info);
        } else {
            oldNode = info.nodeName;
            oldStatus = info.status;
            wasDeleting = info.deleting;
            oldSlot = info.slot;
        }
        String oldOwner = info.ownerKey;
        info.update(pod);
        if (added || !java.util.Objects.equals(oldNode, info.nodeName) || !java.util.Objects.equals(oldOwner, info.ownerKey)) {
            if (!added) {
                detach(info);
            }
            attach(info);
        }
        if (oldNode == null && info.nodeName != null && !added) {
            bound.add(new Bound(info, oldSlot));
        }
        if (steps == null) {
            return;
        }
        if (added) {
            ComponentId actor = info.ownerKey != null ? ComponentId.CONTROLLER_MANAGER : ComponentId.CLIENT;
            steps.add(PathStep.write(actor, PathStep.Verb.CREATED, subject, ""));
        } else if (oldNode == null && info.nodeName != null) {
            steps.add(PathStep.write(ComponentId.SCHEDULER, PathStep.Verb.BOUND, subject, info.nodeName));
        } else if (!wasDeleting && info.deleting) {
            ComponentId actor = info.ownerKey != null ? ComponentId.CONTROLLER_MANAGER : ComponentId.CLIENT;
            steps.add(PathStep.write(actor, PathStep.Verb.TERMINATING, subject, ""));
        } else if (info.nodeName != null && !info.status.equals(oldStatus)) {
            steps.add(PathStep.kubeletReport(info.nodeName, subject, info.status));
        }
    }

    private void attach(PodInfo p) {
        if (p.nodeName == null) {
            unbound.add(p);
            pendingDirty = true;
            p.node = null;
            return;
        }
        NodeInfo n = nodes.get(p.nodeName);
        if (n == null) {
            n = new NodeInfo(p.nodeName);
            nodes.put(p.nodeName, n);
            nodeOrderDirty = true;
        }
        n.pods.add(p);
        n.dirty = true;
        anyNodeDirty = true;
        p.node = n;
    }

    private void detach(PodInfo p) {
        if (p.node != null) {
            p.node.pods.remove(p);
            p.node.dirty = true;
            anyNodeDirty = true;
            if (!p.node.registered && p.node.pods.isEmpty()) {
                nodes.remove(p.node.name);
                nodeOrderDirty = true;
            }
            p.node = null;
        } else {
            unbound.remove(p);
            pendingDirty = true;
        }
        p.slot = -1;
    }

    // ---- nodes ---------------------------------------------------------------------------

    private void applyNode(WatchEvent.Type type, Node node, List<PathStep> steps) {
        String name = node.getMetadata().getName();
        NodeInfo n = nodes.get(name);
        if (type == WatchEvent.Type.DELETED) {
            if (n != null) {
                n.registered = false;
                if (n.pods.isEmpty()) {
                    nodes.remove(name);
                }
                nodeOrderDirty = true;
            }
            return;
        }
        boolean added = n == null || !n.registered;
        if (n == null) {
            n = new NodeInfo(name);
            nodes.put(name, n);
        }
        boolean wasReady = n.ready;
        n.update(node);
        nodeOrderDirty = true;
        if (steps == null) {
            return;
        }
        if (added) {
            steps.add(PathStep.write(ComponentId.kubelet(name), PathStep.Verb.REGISTERED, "node/" + name, ""));
        } else if (wasReady != n.ready) {
            // NotReady because the kubelet stopped reporting is written by the node lifecycle controller.
            ComponentId actor = n.readyKnown ? ComponentId.kubelet(name) : ComponentId.CONTROLLER_MANAGER;
            steps.add(PathStep.write(actor, PathStep.Verb.STATUS, "node/" + name, n.statusText()));
        }
    }

    // ---- services and endpoints ------------------------------------------------------------

    private void applyService(WatchEvent.Type type, Service svc, List<PathStep> steps) {
        String ns = svc.getMetadata().getNamespace();
        String key = ns + "/" + svc.getMetadata().getName();
        if (type == WatchEvent.Type.DELETED) {
            services.remove(key);
        } else {
            services.computeIfAbsent(key, k -> new ServiceInfo(k, ns, svc.getMetadata().getName())).update(svc);
        }
        servicesDirty = true;
        if (steps != null) {
            generic(new WatchEvent(type, ResourceTypes.SERVICES, svc, 0), steps);
        }
    }

    private void applyEndpoints(WatchEvent.Type type, Endpoints ep, List<PathStep> steps) {
        String key = ep.getMetadata().getNamespace() + "/" + ep.getMetadata().getName();
        ServiceInfo svc = services.get(key);
        int ready = 0;
        if (type != WatchEvent.Type.DELETED && ep.getSubsets() != null) {
            for (EndpointSubset s : ep.getSubsets()) {
                ready += s.getAddresses() == null ? 0 : s.getAddresses().size();
            }
        }
        if (svc != null) {
            svc.readyEndpoints = ready;
        }
        if (steps != null && type != WatchEvent.Type.DELETED) {
            steps.add(PathStep.write(ComponentId.CONTROLLER_MANAGER, PathStep.Verb.ENDPOINTS,
                    "endpoints/" + ep.getMetadata().getName(), Integer.toString(ready)));
        }
    }

    // ---- deployments and replica sets ------------------------------------------------------

    private void applyDeployment(WatchEvent.Type type, Deployment d, List<PathStep> steps) {
        String ns = d.getMetadata().getNamespace();
        String key = ns + "/" + d.getMetadata().getName();
        if (type == WatchEvent.Type.DELETED) {
            deployments.remove(key);
        } else {
            GroupInfo g = deployments.computeIfAbsent(key, k -> new GroupInfo(k, "Deployment", ns, d.getMetadata().getName()));
            g.desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            g.ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
        }
        if (steps != null) {
            generic(new WatchEvent(type, ResourceTypes.DEPLOYMENTS, d, 0), steps);
        }
    }

    private void applyReplicaSet(WatchEvent.Type type, ReplicaSet rs, List<PathStep> steps) {
        String ns = rs.getMetadata().getNamespace();
        String key = ns + "/" + rs.getMetadata().getName();
        String groupBefore = replicaSetGroup.get(key);
        if (type == WatchEvent.Type.DELETED) {
            replicaSetGroup.remove(key);
            replicaSets.remove(key);
        } else {
            String owner = controllerOf(rs, "Deployment");
            replicaSetGroup.put(key, owner == null ? key : ns + "/" + owner);
            GroupInfo g = replicaSets.computeIfAbsent(key, k -> new GroupInfo(k, "ReplicaSet", ns, rs.getMetadata().getName()));
            g.desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            g.ready = rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
            if (owner != null) {
                GroupInfo d = deployments.get(ns + "/" + owner);
                if (d != null && g.desired > 0) {
                    d.currentReplicaSet = rs.getMetadata().getName();
                }
            }
        }
        if (!java.util.Objects.equals(groupBefore, replicaSetGroup.get(key))) {
            // Pods sort by group: only a new or re-owned ReplicaSet changes the order, not its status.
            markAllNodesDirty();
        }
        if (steps != null) {
            generic(new WatchEvent(type, ResourceTypes.REPLICASETS, rs, 0), steps);
        }
    }

    private static String controllerOf(HasMetadata o, String kind) {
        if (o.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController()) && kind.equals(r.getKind())) {
                return r.getName();
            }
        }
        return null;
    }

    /** Created / spec updated / terminating / deleted, by the client or (for owned objects) the controller manager. */
    private void generic(WatchEvent e, List<PathStep> steps) {
        HasMetadata o = e.object();
        String gk = e.resource().plural() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        boolean owned = o.getMetadata().getOwnerReferences() != null && !o.getMetadata().getOwnerReferences().isEmpty();
        ComponentId actor = owned ? ComponentId.CONTROLLER_MANAGER : ComponentId.CLIENT;
        String subject = e.resource().singular() + "/" + o.getMetadata().getName();
        Long gen = o.getMetadata().getGeneration();
        Long old = generations.get(gk);
        switch (e.type()) {
            case ADDED -> {
                generations.put(gk, gen);
                steps.add(PathStep.write(actor, PathStep.Verb.CREATED, subject, ""));
            }
            case MODIFIED -> {
                generations.put(gk, gen);
                if (gen != null && old != null && gen > old) {
                    steps.add(PathStep.write(actor, PathStep.Verb.UPDATED, subject, ""));
                }
            }
            case DELETED -> {
                generations.remove(gk);
                steps.add(PathStep.write(actor, PathStep.Verb.DELETED, subject, ""));
            }
        }
    }

    private void markAllNodesDirty() {
        for (NodeInfo n : nodes.values()) {
            n.dirty = true;
        }
        anyNodeDirty = true;
    }

    // ---- filter and derived views --------------------------------------------------------

    /** Shows only one namespace's pods, services and groups; {@code null} shows all. */
    public void setNamespaceFilter(String namespace) {
        String ns = namespace == null || namespace.isEmpty() ? null : namespace;
        if (java.util.Objects.equals(ns, namespaceFilter)) {
            return;
        }
        namespaceFilter = ns;
        markAllNodesDirty();
        pendingDirty = true;
        servicesDirty = true;
        version++;
    }

    public String namespaceFilter() {
        return namespaceFilter;
    }

    boolean passesFilter(String namespace) {
        return namespaceFilter == null || namespaceFilter.equals(namespace);
    }

    /** The group a pod is drawn in: its Deployment, else its ReplicaSet, else "" (a bare pod). */
    String groupKeyOf(PodInfo p) {
        if (p.ownerKey == null) {
            return "";
        }
        String g = replicaSetGroup.get(p.ownerKey);
        return g == null ? p.ownerKey : g;
    }

    /** The group of a pod, or {@code null} for a bare pod. */
    public GroupInfo groupOf(PodInfo p) {
        String g = groupKeyOf(p);
        if (g.isEmpty()) {
            return null;
        }
        GroupInfo d = deployments.get(g);
        return d != null ? d : replicaSets.get(g);
    }

    /**
     * Brings the derived, sorted views up to date (node order, each dirty node's pod order, the
     * Pending area, visible services). Cheap when nothing changed; call once per frame before drawing.
     *
     * @return whether the layout's inputs (node count, tallest node, Pending or service count) may have changed
     */
    public boolean refresh() {
        boolean structure = false;
        if (nodeOrderDirty) {
            List<NodeInfo> list = new ArrayList<>(nodes.values());
            list.sort(Comparator.comparing((NodeInfo n) -> !n.controlPlane).thenComparing(n -> n.name, ClusterModel::natural));
            nodeOrder = list.toArray(new NodeInfo[0]);
            for (int i = 0; i < nodeOrder.length; i++) {
                nodeOrder[i].index = i;
            }
            nodeOrderDirty = false;
            structure = true;
        }
        if (anyNodeDirty) {
            int max = 0;
            for (NodeInfo n : nodeOrder) {
                if (n.dirty) {
                    n.relayout(this);
                }
                max = Math.max(max, n.visible.length);
            }
            if (max != maxPodsPerNode) {
                maxPodsPerNode = max;
                structure = true;
            }
            anyNodeDirty = false;
        }
        if (pendingDirty) {
            List<PodInfo> v = new ArrayList<>();
            for (PodInfo p : unbound) {
                if (passesFilter(p.namespace)) {
                    v.add(p);
                } else {
                    p.slot = -1;
                }
            }
            v.sort(Comparator.comparingLong(p -> p.sequence));
            int before = pending.length;
            pending = v.toArray(new PodInfo[0]);
            for (int i = 0; i < pending.length; i++) {
                pending[i].slot = i;
            }
            structure |= before != pending.length;
            pendingDirty = false;
        }
        if (servicesDirty) {
            List<ServiceInfo> v = new ArrayList<>();
            for (ServiceInfo s : services.values()) {
                if (passesFilter(s.namespace)) {
                    s.slot = v.size();
                    v.add(s);
                } else {
                    s.slot = -1;
                }
            }
            structure |= v.size() != visibleServices.length;
            visibleServices = v.toArray(new ServiceInfo[0]);
            servicesDirty = false;
        }
        return structure;
    }

    /** Compares {@code minikube-m9} before {@code minikube-m10}: digit runs by value. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- reads (after refresh) -------------------------------------------------------------

    /** Nodes in drawing order: the control plane first, then by name. Do not modify. */
    public NodeInfo[] nodes() {
        return nodeOrder;
    }

    public NodeInfo node(String name) {
        return nodes.get(name);
    }

    public PodInfo pod(String namespace, String name) {
        return pods.get(namespace + "/" + name);
    }

    /** Visible pods not bound to a node, oldest first. Do not modify. */
    public PodInfo[] pending() {
        return pending;
    }

    /** Visible services, by namespace and name. Do not modify. */
    public ServiceInfo[] services() {
        return visibleServices;
    }

    public ServiceInfo service(String key) {
        return services.get(key);
    }

    /** Visible Deployments, by namespace and name. */
    public List<GroupInfo> deployments() {
        List<GroupInfo> out = new ArrayList<>();
        for (GroupInfo g : deployments.values()) {
            if (passesFilter(g.namespace)) {
                out.add(g);
            }
        }
        return out;
    }

    public Collection<String> namespaces() {
        return Collections.unmodifiableSet(namespaces);
    }

    /** How many pods the model knows (all namespaces). */
    public int podCount() {
        return pods.size();
    }

    /** The most visible pods on one node: sets the height of every node's box. */
    public int maxPodsPerNode() {
        return maxPodsPerNode;
    }

    /** The store revision of the latest event seen: what etcd is at. */
    public long revision() {
        return revision;
    }

    /** Grows with every change; the view redraws when it moved. */
    public long version() {
        return version;
    }
}
