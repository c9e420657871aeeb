package io.kubelab.engine.controller.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.node.NodeUtil;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The node lifecycle controller ({@code pkg/controller/nodelifecycle}). It watches each node's
 * signs of life — its Lease in {@code kube-node-lease} (kubelets renew it every 10 s) and the
 * heartbeat of its Ready condition — and when neither moved for the grace period
 * ({@code --node-monitor-grace-period}, 40 s; 60 s for a node that never posted a status) it
 * declares the node's conditions Unknown ({@code NodeStatusUnknown}, "Kubelet stopped posting node
 * status."), records {@code NodeNotReady} and marks the node's pods not ready.
 *
 * <p>It also keeps the node's condition taints: {@code node.kubernetes.io/unreachable} (Ready
 * Unknown) or {@code not-ready} (Ready False) with effect NoSchedule — and NoExecute, which makes
 * the {@code taint-eviction-controller} evict pods whose tolerations run out (300 s by default) —
 * the pressure taints, and {@code node.kubernetes.io/unschedulable} for a cordoned node. When the
 * kubelet posts Ready again the taints go.
 *
 * <p>Timeline for a kubelet that stops at t (last Lease renewal): at t+40 s Ready is Unknown and the
 * node tainted (not before: the check runs exactly when the grace period ends); at t+340 s its pods
 * are evicted. Zone disruption as upstream: when every node of every zone is not ready ("master
 * disruption mode") no NoExecute taint is added and existing ones are removed — a cluster that lost
 * all its nodes at once more likely lost its network than its nodes; a zone with more than 2 and
 * at least 55% nodes not ready stops taint-based eviction too (upstream's small-cluster rate of 0).
 * Upstream's eviction rate limit of 0.1 node per second is not modelled.
 *
 * <p>Keys are node names; Lease changes map to their node.
 */
public final class NodeLifecycleController extends Controller {
    public static final String NAME = "node-lifecycle-controller";
    /** The event source, as upstream's recorder names it. */
    static final String COMPONENT = "node-controller";
    public static final Duration NODE_MONITOR_GRACE_PERIOD = Duration.ofSeconds(40);
    public static final Duration NODE_STARTUP_GRACE_PERIOD = Duration.ofSeconds(60);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption";
    static final double UNHEALTHY_ZONE_THRESHOLD = 0.55;

    private static final List<String> STATUS_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    /** Condition type → (status → taint key), {@code nodeConditionToTaintKeyStatusMap}. */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NodeUtil.TAINT_NOT_READY, "Unknown", NodeUtil.TAINT_UNREACHABLE),
            "MemoryPressure", Map.of("True", NodeUtil.TAINT_MEMORY_PRESSURE),
            "DiskPressure", Map.of("True", NodeUtil.TAINT_DISK_PRESSURE),
            "NetworkUnavailable", Map.of("True", NodeUtil.TAINT_NETWORK_UNAVAILABLE),
            "PIDPressure", Map.of("True", NodeUtil.TAINT_PID_PRESSURE));
    private static final Set<String> NO_SCHEDULE_KEYS = Set.of(NodeUtil.TAINT_NOT_READY, NodeUtil.TAINT_UNREACHABLE,
            NodeUtil.TAINT_MEMORY_PRESSURE, NodeUtil.TAINT_DISK_PRESSURE, NodeUtil.TAINT_NETWORK_UNAVAILABLE,
            NodeUtil.TAINT_PID_PRESSURE, NodeUtil.TAINT_UNSCHEDULABLE);

    enum ZoneState { NORMAL, PARTIAL_DISRUPTION, FULL_DISRUPTION }

    private final Map<String, NodeHealth> health = new HashMap<>();
    private final Map<String, String> knownNodes = new HashMap<>();
    private final Map<String, Instant> pendingChecks = new HashMap<>();
    private Map<String, ZoneState> zoneStates = new HashMap<>();
    private boolean masterDisruption;
    /**
     * A node's readiness changed since the zone states were last computed. They are recomputed
     * once the queue is drained, not on every change: counting every node per change made
     * registration quadratic (5,000 nodes turning Ready = 25 million node visits). Upstream too
     * computes them once per {@code monitorNodeHealth} pass over all nodes, after the pass, so the
     * nodes synced in between see the previous pass's states, as here; a change of state
     * re-queues every node.
     */
    private boolean disruptionDirty;

    public NodeLifecycleController() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        ctx.store().watch(ResourceTypes.NODES, 0, o -> true, e -> queue.add(e.object().getMetadata().getName()));
        ctx.store().watch(ResourceTypes.LEASES, 0, o -> LEASE_NAMESPACE.equals(o.getMetadata().getNamespace()),
                e -> queue.add(e.object().getMetadata().getName()));
    }

    @Override
    public boolean drain() {
        boolean worked = false;
        while (super.drain() | disruptionDirty) {
            worked = true;
            if (disruptionDirty) {
                disruptionDirty = false;
                handleDisruption();
            }
        }
        return worked;
    }

    @Override
    public void sync(String name) {
        Node node = ctx.store().get(ResourceTypes.NODES, null, name);
        if (node == null) {
            forget(name);
            return;
        }
        if (!knownNodes.containsKey(name)) {
            knownNodes.put(name, node.getMetadata().getUid());
            ctx.events().normal(node, "RegisteredNode", "Node " + name + " event: Registered Node " + name + " in Controller",
                    COMPONENT, null);
        }
        NodeCondition observed = NodeUtil.condition(node, NodeUtil.READY);
        String observedStatus = observed == null ? "Unknown" : observed.getStatus();
        node = tryUpdateNodeHealth(node);
        NodeCondition current = NodeUtil.condition(node, NodeUtil.READY);
        String currentStatus = current == null ? null : current.getStatus();

        NodeHealth h = health.get(name);
        if (!Objects.equals(h.lastReadyStatus, currentStatus)) {
            h.lastReadyStatus = currentStatus;
            disruptionDirty = true;
        }
        reconcileTaints(node);

        if (current != null && !"True".equals(current.getStatus()) && "True".equals(observedStatus)) {
            // Reported once, when the controller itself saw the node go.
            ctx.events().normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady", COMPONENT, null);
            markPodsNotReady(name);
        }
    }

    private void forget(String name) {
        String uid = knownNodes.remove(name);
        health.remove(name);
        if (uid != null) {
            Node gone = new NodeBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata().build();
            gone.setApiVersion("v1");
            ctx.events().normal(gone, "RemovingNode", "Node " + name + " event: Removing Node " + name + " from Controller",
                    COMPONENT, null);
            disruptionDirty = true;
        }
    }

    /**
     * {@code tryUpdateNodeHealth}: notes a new heartbeat or Lease renewal as "heard from it now";
     * past the grace period sets the status conditions Unknown.
     *
     * @return the node as it is now (updated or not)
     */
    private Node tryUpdateNodeHealth(Node node) {
        String name = node.getMetadata().getName();
        Instant now = ctx.clock().now();
        NodeCondition ready = NodeUtil.condition(node, NodeUtil.READY);
        Duration grace = ready == null ? NODE_STARTUP_GRACE_PERIOD : NODE_MONITOR_GRACE_PERIOD;
        NodeHealth h = health.get(name);
        if (h == null) {
            // Never seen: a node that never posted a status counts from its creation, any other from now.
            Instant created = Kube.parseTimestamp(node.getMetadata().getCreationTimestamp());
            h = new NodeHealth(ready == null && created != null ? created : now);
            health.put(name, h);
            remember(h, ready);
        } else if (!h.savedReadyPresent && ready != null || h.savedReadyPresent && ready == null) {
            h.probeTimestamp = now;
            remember(h, ready);
        } else if (ready != null && !Objects.equals(h.savedHeartbeat, ready.getLastHeartbeatTime())) {
            h.probeTimestamp = now;
            remember(h, ready);
        }
        Lease lease = ctx.store().get(ResourceTypes.LEASES, LEASE_NAMESPACE, name);
        if (lease != null && lease.getSpec() != null && lease.getSpec().getRenewTime() != null) {
            Instant renew = lease.getSpec().getRenewTime().toInstant();
            if (h.leaseRenewTime == null || h.leaseRenewTime.isBefore(renew)) {
                h.leaseRenewTime = renew;
                h.probeTimestamp = now;
            }
        }

        Instant deadline = h.probeTimestamp.plus(grace);
        if (now.isBefore(deadline)) {
            scheduleCheck(name, deadline);
            return node;
        }
        Node copy = Kube.copy(node);
        if (copy.getStatus() == null) {
            copy.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        if (copy.getStatus().getConditions() == null) {
            copy.getStatus().setConditions(new ArrayList<>());
        }
        String stamp = Kube.timestamp(now);
        boolean changed = false;
        for (String type : STATUS_CONDITIONS) {
            NodeCondition c = NodeUtil.condition(copy, type);
            if (c == null) {
                NodeCondition nc = new NodeCondition();
                nc.setType(type);
                nc.setStatus("Unknown");
                nc.setReason("NodeStatusNeverUpdated");
                nc.setMessage("Kubelet never posted node status.");
                nc.setLastHeartbeatTime(node.getMetadata().getCreationTimestamp());
                nc.setLastTransitionTime(stamp);
                copy.getStatus().getConditions().add(nc);
                changed = true;
            } else if (!"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason("NodeStatusUnknown");
                c.setMessage("Kubelet stopped posting node status.");
                c.setLastTransitionTime(stamp);
                changed = true;
            }
        }
        if (!changed) {
            return node;
        }
        Node updated = ctx.api().updateStatus(copy);
        remember(h, NodeUtil.condition(updated, NodeUtil.READY));
        return updated;
    }

    private static void remember(NodeHealth h, NodeCondition ready) {
        h.savedReadyPresent = ready != null;
        h.savedHeartbeat = ready == null ? null : ready.getLastHeartbeatTime();
    }

    /** Looks at the node again exactly when its grace period ends (one pending check per node). */
    private void scheduleCheck(String name, Instant at) {
        Instant pending = pendingChecks.get(name);
        if (pending != null && !pending.isAfter(at)) {
            return;
        }
        pendingChecks.put(name, at);
        ctx.clock().schedule(at, () -> {
            if (at.equals(pendingChecks.get(name))) {
                pendingChecks.remove(name);
            }
            queue.add(name);
        });
    }

    /**
     * The NoSchedule taints that mirror the node's conditions and {@code spec.unschedulable}
     * ({@code doNoScheduleTaintingPass}), and the NoExecute taint that mirrors Ready
     * ({@code processTaintBaseEviction}). Taints the controller adds carry {@code timeAdded}.
     */
    private void reconcileTaints(Node node) {
        Set<String> wantNoSchedule = new LinkedHashSet<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                Map<String, String> byStatus = CONDITION_TAINTS.get(c.getType());
                if (byStatus != null && byStatus.get(c.getStatus()) != null) {
                    wantNoSchedule.add(byStatus.get(c.getStatus()));
                }
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wantNoSchedule.add(NodeUtil.TAINT_UNSCHEDULABLE);
        }
        NodeCondition ready = NodeUtil.condition(node, NodeUtil.READY);
        String readyStatus = ready == null ? null : ready.getStatus();
        Set<String> dropNoExecute = new LinkedHashSet<>();
        String wantNoExecute = null;
        if ("True".equals(readyStatus) || (readyStatus != null && masterDisruption)) {
            dropNoExecute.add(NodeUtil.TAINT_NOT_READY);
            dropNoExecute.add(NodeUtil.TAINT_UNREACHABLE);
        } else if (readyStatus != null) {
            String want = "False".equals(readyStatus) ? NodeUtil.TAINT_NOT_READY : NodeUtil.TAINT_UNREACHABLE;
            String opposite = want.equals(NodeUtil.TAINT_NOT_READY) ? NodeUtil.TAINT_UNREACHABLE : NodeUtil.TAINT_NOT_READY;
            if (NodeUtil.hasTaint(node, opposite, NodeUtil.NO_EXECUTE)) {
                // Not ready turned unreachable (or back): swap at once, whatever the disruption.
                dropNoExecute.add(opposite);
                wantNoExecute = want;
            } else if (!evictionsStopped(node)) {
                wantNoExecute = want;
            }
        }

        List<Taint> current = NodeUtil.taints(node);
        List<Taint> next = new ArrayList<>();
        boolean changed = false;
        for (Taint t : current) {
            boolean staleNoSchedule = NodeUtil.NO_SCHEDULE.equals(t.getEffect()) && NO_SCHEDULE_KEYS.contains(t.getKey())
                    && !wantNoSchedule.contains(t.getKey());
            boolean staleNoExecute = NodeUtil.NO_EXECUTE.equals(t.getEffect()) && dropNoExecute.contains(t.getKey());
            if (staleNoSchedule || staleNoExecute) {
                changed = true;
                continue;
            }
            next.add(t);
        }
        String now = Kube.timestamp(ctx.clock().now());
        for (String key : wantNoSchedule) {
            if (!NodeUtil.hasTaint(node, key, NodeUtil.NO_SCHEDULE)) {
                next.add(taint(key, NodeUtil.NO_SCHEDULE, now));
                changed = true;
            }
        }
        if (wantNoExecute != null && !NodeUtil.hasTaint(node, wantNoExecute, NodeUtil.NO_EXECUTE)) {
            next.add(taint(wantNoExecute, NodeUtil.NO_EXECUTE, now));
            changed = true;
        }
        if (!changed) {
            return;
        }
        List<Taint> result = next;
        try {
            ctx.api().modify(ResourceTypes.NODES, null, node.getMetadata().getName(), (Node n) -> {
                if (n.getSpec() == null) {
                    n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
                }
                n.getSpec().setTaints(result.isEmpty() ? null : result);
                return n;
            }, false);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static Taint taint(String key, String effect, String timeAdded) {
        Taint t = new Taint();
        t.setKey(key);
        t.setEffect(effect);
        t.setTimeAdded(timeAdded);
        return t;
    }

    /** Whether taint-based eviction is stopped for this node's zone (see the class comment). */
    private boolean evictionsStopped(Node node) {
        if (masterDisruption) {
            return true;
        }
        return zoneStates.get(NodeUtil.zone(node)) == ZoneState.PARTIAL_DISRUPTION;
    }

    /**
     * {@code handleDisruption}: recomputes the zone states after a node's readiness changed. Entering
     * master disruption removes the NoExecute taints of every node; leaving it restarts every
     * node's grace period, as upstream does.
     */
    private void handleDisruption() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<Node> nodes = ctx.store().<Node>list(ResourceTypes.NODES, null).items();
        for (Node n : nodes) {
            if (n.getMetadata().getLabels() != null && n.getMetadata().getLabels().containsKey(EXCLUDE_DISRUPTION_LABEL)) {
                continue;
            }
            int[] c = counts.computeIfAbsent(NodeUtil.zone(n), z -> new int[2]);
            if (NodeUtil.isReady(n)) {
                c[0]++;
            } else {
                c[1]++;
            }
        }
        Map<String, ZoneState> next = new HashMap<>();
        counts.forEach((zone, c) -> next.put(zone, zoneState(c[0], c[1])));
        boolean allFull = !next.isEmpty() && next.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
        boolean changed = !next.equals(zoneStates);
        zoneStates = next;
        if (allFull && !masterDisruption) {
            masterDisruption = true;
            for (Node n : nodes) {
                queue.add(n.getMetadata().getName());
            }
        } else if (!allFull && masterDisruption) {
            masterDisruption = false;
            Instant now = ctx.clock().now();
            for (NodeHealth h : health.values()) {
                h.probeTimestamp = now;
            }
            for (Node n : nodes) {
                queue.add(n.getMetadata().getName());
            }
        } else if (changed) {
            // A zone leaving partial disruption may owe taints that were held back.
            for (Node n : nodes) {
                queue.add(n.getMetadata().getName());
            }
        }
    }

    /** {@code ComputeZoneState}. */
    static ZoneState zoneState(int ready, int notReady) {
        if (ready == 0 && notReady > 0) {
            return ZoneState.FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) {
            return ZoneState.PARTIAL_DISRUPTION;
        }
        return ZoneState.NORMAL;
    }

    /** {@code MarkPodsNotReady}: each pod on the node gets Ready=False, and a {@code NodeNotReady} warning. */
    private void markPodsNotReady(String nodeName) {
        String now = Kube.timestamp(ctx.clock().now());
        for (Pod pod : NodeUtil.podsOnNode(ctx.store(), nodeName)) {
            PodCondition ready = PodUtil.condition(pod, PodUtil.READY);
            if (ready == null || "False".equals(ready.getStatus())) {
                continue;
            }
            Pod copy = Kube.copy(pod);
            PodCondition want = new PodCondition();
            want.setType(PodUtil.READY);
            want.setStatus("False");
            want.setReason(ready.getReason());
            want.setMessage(ready.getMessage());
            if (!PodUtil.updateCondition(copy.getStatus(), want, now)) {
                continue;
            }
            try {
                ctx.api().updateStatus(copy);
            } catch (ApiException e) {
                if (e.code() == 404) {
                    continue;
                }
                throw e;
            }
            ctx.events().warning(pod, "NodeNotReady", "Node is not ready", COMPONENT, null);
        }
    }
}
