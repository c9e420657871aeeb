package io.kubelab.engine.controller.podgc;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod garbage collector ({@code pkg/controller/podgc}), every 20 s: force-deletes
 * ({@code gracePeriodSeconds: 0}, after marking them Failed) the pods no kubelet will ever finish:
 *
 * <ul>
 *   <li>pods bound to a node that no longer exists (after 40 s of quarantine, in case the node
 *       shows up), with a {@code DisruptionTarget} condition "PodGC: node no longer exists";</li>
 *   <li>terminating pods on a node that is not ready: at once when the node carries the
 *       {@code node.kubernetes.io/out-of-service} taint (as upstream); otherwise once their grace
 *       period is over — upstream leaves those Terminating until the node returns or is deleted;
 *       here a lost node's evicted pods go away like they would after the node is removed, so
 *       that {@code kubectl get pods} does not keep them forever;</li>
 *   <li>terminating pods that were never scheduled;</li>
 *   <li>finished (Succeeded/Failed) pods beyond 12,500, oldest first
 *       ({@code --terminated-pod-gc-threshold}).</li>
 * </ul>
 */
public final class PodGCController extends Controller {
    public static final String NAME = "pod-garbage-collector";
    static final Duration GC_CHECK_PERIOD = Duration.ofSeconds(20);
    static final Duration QUARANTINE_TIME = Duration.ofSeconds(40);
    static final int TERMINATED_POD_THRESHOLD = 12_500;
    private static final String GC_KEY = "gc";

    private final int terminatedThreshold;
    /** Node name → when a pod was first seen bound to it while it did not exist. */
    private final Map<String, Instant> missingSince = new HashMap<>();
    private Instant nextPass;

    public PodGCController() {
        this(TERMINATED_POD_THRESHOLD);
    }

    public PodGCController(int terminatedThreshold) {
        super(NAME);
        this.terminatedThreshold = terminatedThreshold;
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        queue.add(GC_KEY);
    }

    @Override
    public void sync(String key) {
        try {
            gc();
        } finally {
            // One pass every 20 s; a retry after a failure does not start a second cadence.
            Instant now = ctx.clock().now();
            if (nextPass == null || !nextPass.isAfter(now)) {
                nextPass = now.plus(GC_CHECK_PERIOD);
                ctx.clock().schedule(nextPass, () -> queue.add(GC_KEY));
            }
        }
    }

    private void gc() {
        List<Pod> pods = ctx.store().<Pod>list(ResourceTypes.PODS, null).items();
        Map<String, Node> nodes = new HashMap<>();
        for (Node n : ctx.store().<Node>list(ResourceTypes.NODES, null).items()) {
            nodes.put(n.getMetadata().getName(), n);
        }
        Instant now = ctx.clock().now();
        if (terminatedThreshold > 0) {
            gcTerminated(pods);
        }
        missingSince.keySet().removeIf(nodes::containsKey);
        for (Pod pod : pods) {
            String nodeName = PodUtil.nodeName(pod);
            boolean terminating = PodUtil.isTerminating(pod);
            if (nodeName == null) {
                if (terminating) {
                    markFailedAndDelete(pod, null);
                }
                continue;
            }
            Node node = nodes.get(nodeName);
            if (node == null) {
                Instant since = missingSince.computeIfAbsent(nodeName, n -> now);
                if (!now.isBefore(since.plus(QUARANTINE_TIME))) {
                    markFailedAndDelete(pod, condition("DeletionByPodGC", "PodGC: node no longer exists"));
                }
                continue;
            }
            if (terminating && !NodeUtil.isReady(node)) {
                boolean outOfService = NodeUtil.hasTaintKey(node, NodeUtil.TAINT_OUT_OF_SERVICE);
                Instant due = Kube.parseTimestamp(pod.getMetadata().getDeletionTimestamp());
                if (outOfService || !now.isBefore(due)) {
                    markFailedAndDelete(pod, null);
                }
            }
        }
    }

    /** Deletes the oldest finished pods beyond the threshold. */
    private void gcTerminated(List<Pod> pods) {
        List<Pod> terminated = new ArrayList<>();
        for (Pod p : pods) {
            if (PodUtil.isTerminal(p)) {
                terminated.add(p);
            }
        }
        int excess = terminated.size() - terminatedThreshold;
        if (excess <= 0) {
            return;
        }
        terminated.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> p.getMetadata().getName()));
        for (int i = 0; i < excess; i++) {
            markFailedAndDelete(terminated.get(i), null);
        }
    }

    private static PodCondition condition(String reason, String message) {
        PodCondition c = new PodCondition();
        c.setType(PodUtil.DISRUPTION_TARGET);
        c.setStatus("True");
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    /** {@code markFailedAndDeletePodWithCondition}: phase Failed first (no kubelet will set it), then delete with grace 0. */
    private void markFailedAndDelete(Pod pod, PodCondition condition) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            if (!PodUtil.isTerminal(pod)) {
                Pod copy = Kube.copy(pod);
                copy.getStatus().setPhase("Failed");
                if (condition != null) {
                    PodUtil.updateCondition(copy.getStatus(), condition, Kube.timestamp(ctx.clock().now()));
                }
                ctx.api().updateStatus(copy);
            }
            DeleteOptions opts = new DeleteOptions();
            opts.setGracePeriodSeconds(0L);
            ctx.api().delete(ResourceTypes.PODS, ns, name, opts);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
