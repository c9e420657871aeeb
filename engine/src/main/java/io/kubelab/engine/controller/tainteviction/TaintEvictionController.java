package io.kubelab.engine.controller.tainteviction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.node.NodeUtil;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The taint eviction controller ({@code pkg/controller/tainteviction}, the "NoExecute taint
 * manager"): a pod on a node with NoExecute taints it does not tolerate is deleted at once; one that
 * tolerates them for a while ({@code tolerationSeconds}) is deleted when the shortest of those runs
 * out, unless the taints go first. Every pod gets
 * {@code node.kubernetes.io/unreachable:NoExecute} and {@code not-ready:NoExecute} tolerations of
 * 300 s from the API server, so pods of a lost node are evicted 5 minutes after the node lifecycle
 * controller tainted it. Eviction is a normal (graceful) delete, announced by a
 * {@code TaintManagerEviction} event and a {@code DisruptionTarget} condition on the pod; their
 * ReplicaSets then replace them elsewhere.
 *
 * <p>Keys: {@code node:<name>} when a node's NoExecute taints may have changed,
 * {@code pod:<namespace>/<name>} when a pod changed, {@code evict:<namespace>/<name>} when a
 * scheduled eviction falls due.
 */
public final class TaintEvictionController extends Controller {
    public static final String NAME = "taint-eviction-controller";
    static final String COMPONENT = "taint-eviction-controller";

    private record Scheduled(Instant createdAt, Instant fireAt) {}

    /** Node name → its NoExecute taints (only nodes that have some). */
    private final Map<String, List<Taint>> taintedNodes = new HashMap<>();
    /** Pod key (on a tainted node) → its node and tolerations as last processed, so that a status write costs nothing. */
    private final Map<String, Integer> podFingerprints = new HashMap<>();
    private final Map<String, Scheduled> scheduled = new HashMap<>();
    /**
     * The nodes that have a NoExecute taint as the store holds them now: kept by the node watch
     * handler (on the writer's thread, under the store's lock, so before any later pod event), read
     * by the pod watch handler.
     */
    private final Set<String> noExecuteNodes = ConcurrentHashMap.newKeySet();
    /** How many pods are remembered or have an eviction scheduled; written on the engine thread after each sync. */
    private volatile int remembered;

    public TaintEvictionController() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        ctx.store().watch(ResourceTypes.NODES, 0, o -> true, e -> {
            String name = e.object().getMetadata().getName();
            if (e.type() != WatchEvent.Type.DELETED && hasNoExecuteTaint((Node) e.object())) {
                noExecuteNodes.add(name);
            } else {
                noExecuteNodes.remove(name);
            }
            queue.add("node:" + name);
        });
        // Pods already on tainted nodes are found through their node's first sync. While no node has
        // a NoExecute taint and no pod is remembered or scheduled, a pod's sync would end without
        // effect whatever the pod is (see syncPod), so its key is not even queued: a node tainted
        // later is synced with all its pods, and one untainted cancels what its pods had scheduled.
        // With 150,000 pods and no tainted node, a pod write then costs this controller nothing.
        ctx.store().watch(ResourceTypes.PODS, ctx.store().revision(), o -> true, e -> {
            if (!noExecuteNodes.isEmpty() || remembered > 0) {
                queue.add("pod:" + Kube.key(e.object()));
            }
        });
    }

    private static boolean hasNoExecuteTaint(Node node) {
        for (Taint t : NodeUtil.taints(node)) {
            if (NodeUtil.NO_EXECUTE.equals(t.getEffect())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void sync(String key) {
        try {
            if (key.startsWith("node:")) {
                syncNode(key.substring(5));
            } else if (key.startsWith("pod:")) {
                syncPod(key.substring(4));
            } else if (key.startsWith("evict:")) {
                evict(key.substring(6));
            }
        } finally {
            remembered = podFingerprints.size() + scheduled.size();
        }
    }

    private void syncNode(String name) {
        Node node = ctx.store().get(ResourceTypes.NODES, null, name);
        if (node == null) {
            // As upstream: evictions already scheduled stay; the pod GC handles pods of deleted nodes.
            taintedNodes.remove(name);
            return;
        }
        List<Taint> taints = NodeUtil.noExecuteTaints(node);
        if (taints.equals(taintedNodes.getOrDefault(name, List.of()))) {
            // Only a change of NoExecute taints matters (not every status write of the node).
            return;
        }
        if (taints.isEmpty()) {
            taintedNodes.remove(name);
        } else {
            taintedNodes.put(name, taints);
        }
        Instant now = ctx.clock().now();
        for (Pod pod : NodeUtil.podsOnNode(ctx.store(), name)) {
            String podKey = Kube.key(pod);
            if (taints.isEmpty()) {
                podFingerprints.remove(podKey);
                cancel(podKey);
            } else {
                podFingerprints.put(podKey, fingerprint(pod));
                processPodOnNode(pod, taints, now);
            }
        }
    }

    private void syncPod(String podKey) {
        if (taintedNodes.isEmpty() && !podFingerprints.containsKey(podKey) && !scheduled.containsKey(podKey)) {
            // No node has NoExecute taints and nothing is remembered or scheduled for the pod: the
            // sync below would end without effect whatever the pod is (gone: nothing to cancel;
            // present: on no tainted node). The usual case, and then the pod is not even read.
            return;
        }
        String[] nsName = podKey.split("/", 2);
        Pod pod = ctx.store().get(ResourceTypes.PODS, nsName[0], nsName[1]);
        if (pod == null) {
            podFingerprints.remove(podKey);
            cancel(podKey);
            return;
        }
        String nodeName = PodUtil.nodeName(pod);
        List<Taint> taints = nodeName == null ? null : taintedNodes.get(nodeName);
        if (taints == null) {
            // Only pods on tainted nodes are remembered (their node's sync looks at them all).
            podFingerprints.remove(podKey);
            return;
        }
        // As upstream: only a new pod, or a change of node or tolerations, is looked at.
        int fp = fingerprint(pod);
        Integer old = podFingerprints.put(podKey, fp);
        if (old != null && old == fp) {
            return;
        }
        processPodOnNode(pod, taints, ctx.clock().now());
    }

    private static int fingerprint(Pod pod) {
        return Objects.hash(pod.getMetadata().getUid(), PodUtil.nodeName(pod),
                pod.getSpec() == null ? null : pod.getSpec().getTolerations());
    }

    /**
     * {@code processPodOnNode}. Worked example: taints {@code unreachable:NoExecute} added at t; the
     * pod tolerates it for 300 s (the default) → deleted at t+300 s. A pod with
     * {@code tolerationSeconds: 60} goes at t+60 s; one with no {@code tolerationSeconds} stays; one
     * with no matching toleration at all goes at t.
     */
    private void processPodOnNode(Pod pod, List<Taint> taints, Instant now) {
        String podKey = Kube.key(pod);
        if (taints.isEmpty()) {
            cancel(podKey);
            return;
        }
        if (PodUtil.isTerminating(pod)) {
            // Already on its way out.
            return;
        }
        List<Toleration> used = NodeUtil.matchingTolerations(taints, pod.getSpec().getTolerations());
        if (used == null) {
            cancel(podKey);
            schedule(podKey, now, now);
            return;
        }
        Duration min = minTolerationTime(used);
        if (min == null) {
            // Tolerated forever.
            cancel(podKey);
            return;
        }
        Instant start = now;
        Instant trigger = now.plus(min);
        Scheduled existing = scheduled.get(podKey);
        if (existing != null) {
            start = existing.createdAt();
            if (start.plus(min).isBefore(trigger)) {
                return;
            }
            cancel(podKey);
        }
        schedule(podKey, start, trigger);
    }

    /** {@code getMinTolerationTime}: the shortest {@code tolerationSeconds}; {@code null} when all are unbounded. */
    static Duration minTolerationTime(List<Toleration> tolerations) {
        Long min = null;
        for (Toleration t : tolerations) {
            Long s = t.getTolerationSeconds();
            if (s == null) {
                continue;
            }
            if (s <= 0) {
                return Duration.ZERO;
            }
            if (min == null || s < min) {
                min = s;
            }
        }
        return min == null ? null : Duration.ofSeconds(min);
    }

    private void schedule(String podKey, Instant createdAt, Instant fireAt) {
        scheduled.put(podKey, new Scheduled(createdAt, fireAt));
        if (!fireAt.isAfter(ctx.clock().now())) {
            queue.add("evict:" + podKey);
        } else {
            ctx.clock().schedule(fireAt, () -> queue.add("evict:" + podKey));
        }
    }

    private void cancel(String podKey) {
        if (scheduled.remove(podKey) != null) {
            String[] nsName = podKey.split("/", 2);
            ctx.events().normal(podRef(nsName[0], nsName[1]), "TaintManagerEviction",
                    "Cancelling deletion of Pod " + podKey, COMPONENT, null);
        }
    }

    private void evict(String podKey) {
        Scheduled s = scheduled.get(podKey);
        if (s == null || s.fireAt().isAfter(ctx.clock().now())) {
            // Cancelled, or rescheduled for later (that timer will come).
            return;
        }
        scheduled.remove(podKey);
        String[] nsName = podKey.split("/", 2);
        Pod pod = ctx.store().get(ResourceTypes.PODS, nsName[0], nsName[1]);
        if (pod == null) {
            return;
        }
        ctx.events().normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + podKey, COMPONENT, null);
        // addConditionAndDeletePod
        Pod copy = Kube.copy(pod);
        PodCondition c = new PodCondition();
        c.setType(PodUtil.DISRUPTION_TARGET);
        c.setStatus("True");
        c.setReason("DeletionByTaintManager");
        c.setMessage("Taint manager: deleting due to NoExecute taint");
        try {
            if (PodUtil.updateCondition(copy.getStatus(), c, Kube.timestamp(ctx.clock().now()))) {
                ctx.api().updateStatus(copy);
            }
            ctx.api().delete(ResourceTypes.PODS, nsName[0], nsName[1], null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static Pod podRef(String ns, String name) {
        Pod p = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().build();
        p.setApiVersion("v1");
        return p;
    }

    /** Whether an eviction of this pod is scheduled; for tests. */
    boolean isScheduled(String podKey) {
        return scheduled.containsKey(podKey);
    }
}
