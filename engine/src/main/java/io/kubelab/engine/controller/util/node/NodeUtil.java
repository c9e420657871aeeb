package io.kubelab.engine.controller.util.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Node helpers shared by the node lifecycle, taint eviction and pod GC controllers, after
 * {@code pkg/controller/util/node}, {@code pkg/util/taints} and {@code v1helper}'s toleration
 * matching. Pure functions, except {@link #podsOnNode} which reads the store.
 */
public final class NodeUtil {
    private NodeUtil() {}

    public static final String READY = "Ready";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public static final String TAINT_NOT_READY = "node.kubernetes.io/not-ready";
    public static final String TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String TAINT_MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String TAINT_DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String TAINT_PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String TAINT_NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    public static final String TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";

    /** The condition of {@code type}, or {@code null}. */
    public static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** {@code IsNodeReady}: the Ready condition is True. */
    public static boolean isReady(Node node) {
        NodeCondition c = condition(node, READY);
        return c != null && "True".equals(c.getStatus());
    }

    /** The zone label, or {@code ""} (upstream's zone key for nodes without one). */
    public static String zone(Node node) {
        String z = node == null || node.getMetadata().getLabels() == null ? null
                : node.getMetadata().getLabels().get(ZONE_LABEL);
        return z == null ? "" : z;
    }

    public static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** Whether two taints are the same taint ({@code MatchTaint}: key and effect; the value does not count). */
    public static boolean sameTaint(Taint a, Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }

    public static boolean hasTaint(Node node, String key, String effect) {
        for (Taint t : taints(node)) {
            if (key.equals(t.getKey()) && effect.equals(t.getEffect())) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasTaintKey(Node node, String key) {
        for (Taint t : taints(node)) {
            if (key.equals(t.getKey())) {
                return true;
            }
        }
        return false;
    }

    public static List<Taint> noExecuteTaints(Node node) {
        List<Taint> out = new ArrayList<>();
        for (Taint t : taints(node)) {
            if (NO_EXECUTE.equals(t.getEffect())) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code Toleration.ToleratesTaint}: effect (if given), key (if given) and operator/value must match. */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
                && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (toleration.getKey() != null && !toleration.getKey().isEmpty() && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = toleration.getOperator();
        if (op == null || op.isEmpty() || "Equal".equals(op)) {
            return Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
        }
        return "Exists".equals(op);
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }

    /**
     * {@code GetMatchingTolerations}: for each taint the first toleration that tolerates it.
     *
     * @return the tolerations used, or {@code null} when some taint is not tolerated
     */
    public static List<Toleration> matchingTolerations(List<Taint> taints, List<Toleration> tolerations) {
        List<Toleration> used = new ArrayList<>();
        for (Taint taint : taints) {
            Toleration match = null;
            if (tolerations != null) {
                for (Toleration t : tolerations) {
                    if (tolerates(t, taint)) {
                        match = t;
                        break;
                    }
                }
            }
            if (match == null) {
                return null;
            }
            used.add(match);
        }
        return used;
    }

    /** The pods bound to {@code nodeName}, in every namespace. */
    public static List<Pod> podsOnNode(Store store, String nodeName) {
        return store.<Pod>list(ResourceTypes.PODS, null,
                o -> nodeName.equals(((Pod) o).getSpec() == null ? null : ((Pod) o).getSpec().getNodeName())).items();
    }
}
