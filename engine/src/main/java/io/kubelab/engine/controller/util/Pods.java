package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubelab.engine.model.Kube;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod predicates and the deletion ranking of {@code pkg/controller/controller_utils.go} and
 * {@code pkg/api/v1/pod/util.go}. Pure.
 */
public final class Pods {
    private Pods() {}

    /** The annotation with which a user ranks pods for scale-down (lower cost goes first). */
    public static final String POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    /** {@code IsPodActive}: not finished and not being deleted. */
    public static boolean isActive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The {@code Ready} condition, or {@code null}. */
    public static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** {@code IsPodReady}: its {@code Ready} condition is {@code True}. */
    public static boolean isReady(Pod pod) {
        PodCondition c = readyCondition(pod);
        return c != null && "True".equals(c.getStatus());
    }

    /** When the pod became ready, or {@code null} when it is not ready (or the time is unknown). */
    public static Instant readyTime(Pod pod) {
        PodCondition c = readyCondition(pod);
        if (c == null || !"True".equals(c.getStatus()) || c.getLastTransitionTime() == null) {
            return null;
        }
        return Kube.parseTimestamp(c.getLastTransitionTime());
    }

    /**
     * {@code IsPodAvailable}: ready for at least {@code minReadySeconds}. Worked example: ready at
     * 10:00:00 with minReadySeconds 5 is available from 10:00:06 on (the comparison is strict).
     */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant ready = readyTime(pod);
        return ready != null && ready.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** {@code namespace/name}, the key expectations track deletions by. */
    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    static int maxContainerRestarts(Pod pod) {
        int max = 0;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                if (s.getRestartCount() != null) {
                    max = Math.max(max, s.getRestartCount());
                }
            }
        }
        return max;
    }

    static int deletionCost(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(POD_DELETION_COST);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int phaseOrdinal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Unknown".equals(phase)) {
            return 1;
        }
        if ("Running".equals(phase)) {
            return 2;
        }
        return 0;
    }

    private static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static String nodeName(Pod pod) {
        return assigned(pod) ? pod.getSpec().getNodeName() : "";
    }

    /**
     * Orders {@code pods} so that the ones to delete first come first, as {@code ActivePodsWithRanks}
     * does with {@code LogarithmicScaleDown} and {@code PodDeletionCost} (both on by default):
     * <ol>
     *   <li>unscheduled before scheduled;</li>
     *   <li>Pending before Unknown before Running;</li>
     *   <li>not ready before ready;</li>
     *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first;</li>
     *   <li>pods doubled up on a node with more of the same owner's pods first ({@code related}
     *       are the pods of every ReplicaSet with the same controller);</li>
     *   <li>ready for less time first, compared on a log2 scale of nanoseconds (ties by uid);</li>
     *   <li>more container restarts first;</li>
     *   <li>newer first, on the same log2 scale (ties by uid).</li>
     * </ol>
     * The log scale treats pods of about the same age alike: ages of 10 s and 12 s (2^33.2 and
     * 2^33.5 ns) share rank 33, so uid decides; 10 s and 20 s (rank 33 vs 34) do not.
     *
     * @return a new list, in deletion order
     */
    public static List<Pod> rankForDeletion(List<Pod> pods, List<Pod> related, Instant now) {
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod p : related) {
            if (isActive(p)) {
                onNode.merge(nodeName(p), 1, Integer::sum);
            }
        }
        List<Pod> out = new ArrayList<>(pods);
        List<Integer> ranks = new ArrayList<>();
        for (Pod p : out) {
            ranks.add(onNode.getOrDefault(nodeName(p), 0));
        }
        // An insertion sort with the "less" relation, like Go's sort.Sort it never rejects a
        // relation that is not a perfect total order (the log-scale ties can make it so).
        for (int i = 1; i < out.size(); i++) {
            for (int j = i; j > 0 && less(out.get(j), ranks.get(j), out.get(j - 1), ranks.get(j - 1), now); j--) {
                Pod tp = out.get(j);
                out.set(j, out.get(j - 1));
                out.set(j - 1, tp);
                Integer tr = ranks.get(j);
                ranks.set(j, ranks.get(j - 1));
                ranks.set(j - 1, tr);
            }
        }
        return out;
    }

    /** Whether {@code a} should be deleted before {@code b}. */
    static boolean less(Pod a, int rankA, Pod b, int rankB, Instant now) {
        if (!nodeName(a).equals(nodeName(b)) && (!assigned(a) || !assigned(b))) {
            return !assigned(a);
        }
        if (phaseOrdinal(a) != phaseOrdinal(b)) {
            return phaseOrdinal(a) < phaseOrdinal(b);
        }
        if (isReady(a) != isReady(b)) {
            return !isReady(a);
        }
        if (deletionCost(a) != deletionCost(b)) {
            return deletionCost(a) < deletionCost(b);
        }
        if (rankA != rankB) {
            return rankA > rankB;
        }
        if (isReady(a) && isReady(b)) {
            Instant ra = readyTime(a);
            Instant rb = readyTime(b);
            if (!java.util.Objects.equals(ra, rb)) {
                if (now == null || ra == null || rb == null) {
                    return afterOrZero(ra, rb);
                }
                long diff = logRank(ra, now) - logRank(rb, now);
                if (diff == 0) {
                    return uid(a).compareTo(uid(b)) < 0;
                }
                return diff < 0;
            }
        }
        if (maxContainerRestarts(a) != maxContainerRestarts(b)) {
            return maxContainerRestarts(a) > maxContainerRestarts(b);
        }
        Instant ca = Kube.parseTimestamp(a.getMetadata().getCreationTimestamp());
        Instant cb = Kube.parseTimestamp(b.getMetadata().getCreationTimestamp());
        if (!java.util.Objects.equals(ca, cb)) {
            if (now == null || ca == null || cb == null) {
                return afterOrZero(ca, cb);
            }
            long diff = logRank(ca, now) - logRank(cb, now);
            if (diff == 0) {
                return uid(a).compareTo(uid(b)) < 0;
            }
            return diff < 0;
        }
        return false;
    }

    /** A missing time sorts first; otherwise the later time does. */
    private static boolean afterOrZero(Instant t1, Instant t2) {
        if (t1 == null || t2 == null) {
            return t1 == null;
        }
        return t1.isAfter(t2);
    }

    /** floor(log2(age in ns)), or -1 for an age of zero or less. */
    static long logRank(Instant t, Instant now) {
        long nanos = Duration.between(t, now).toNanos();
        if (nanos <= 0) {
            return -1;
        }
        return 63 - Long.numberOfLeadingZeros(nanos);
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
    }
}
