package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * DefaultPreemption, the PostFilter that runs when no node fits: could evicting pods of lower
 * priority make room? Nodes rejected as UnschedulableAndUnresolvable (a taint, a selector) cannot
 * be helped ({@code Preemption is not helpful for scheduling}); on a node rejected as Unschedulable
 * (short of CPU, say) the scheduler removes every lower-priority pod in a what-if copy, checks the
 * filters again, then gives back as many of them (most important first) as still leaves room. What
 * it could not give back are the victims.
 *
 * <p>Worked example: every pod of a classroom cluster has priority 0, so a pod short of CPU on two
 * workers finds no lower-priority pod anywhere: {@code preemption: 0/3 nodes are available: 1 Preemption
 * is not helpful for scheduling, 2 No preemption victims found for incoming pod.}
 *
 * <p>This class decides; the {@link Scheduler} carries out a successful preemption (marks and deletes
 * the victims, nominates the node). PodDisruptionBudgets are not modelled.
 */
public final class DefaultPreemption {
    public static final String NAME = "DefaultPreemption";
    public static final String ERR_NOT_HELPFUL = "Preemption is not helpful for scheduling";
    public static final String ERR_NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never.";
    public static final String NOT_ELIGIBLE_TERMINATING = "not eligible due to a terminating pod on the nominated node.";
    /** The PostFilter message prefix, as {@code DefaultPreemption.PostFilter} adds it. */
    public static final String PREFIX = "preemption: ";

    /** Runs the filters of the profile for the pod on a what-if copy of a node. */
    @FunctionalInterface
    public interface WhatIf {
        Status filter(PodInfo pod, NodeInfo node);
    }

    /** A node where the pod would fit once {@code victims} are gone. */
    public record Candidate(String node, List<PodInfo> victims) {}

    /**
     * What PostFilter concluded.
     *
     * @param candidate the node to nominate and its victims, or {@code null}
     * @param message   the PostFilter message for the FitError ({@code preemption: …}); empty on success
     * @param clearNominatedNode whether the pod's {@code status.nominatedNodeName} should be cleared (no
     *                  node can be freed for it any more)
     */
    public record Result(Candidate candidate, String message, boolean clearNominatedNode) {}

    private DefaultPreemption() {}

    /**
     * @param nodeStatuses the filter status of every node of the failed attempt, by node name
     */
    public static Result postFilter(PodInfo pod, List<NodeInfo> allNodes, Map<String, Status> nodeStatuses, WhatIf whatIf) {
        String notEligible = notEligibleReason(pod, allNodes, nodeStatuses);
        if (notEligible != null) {
            return new Result(null, PREFIX + notEligible, false);
        }
        List<Status> statuses = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (NodeInfo node : allNodes) {
            Status s = nodeStatuses.get(node.name());
            if (s == null || s.code() != Code.UNSCHEDULABLE) {
                continue;
            }
            Object r = selectVictimsOnNode(pod, node, whatIf);
            if (r instanceof Candidate c) {
                candidates.add(c);
            } else {
                statuses.add((Status) r);
            }
        }
        if (candidates.isEmpty()) {
            return new Result(null, PREFIX + FitError.message(allNodes.size(), statuses,
                    Status.unresolvable(ERR_NOT_HELPFUL), null, null), true);
        }
        return new Result(pickOneNodeForPreemption(candidates), "", false);
    }

    /** {@code PodEligibleToPreemptOthers}: the reason the pod may not preempt, or {@code null}. */
    static String notEligibleReason(PodInfo pod, List<NodeInfo> allNodes, Map<String, Status> nodeStatuses) {
        Pod p = pod.pod();
        if (p.getSpec() != null && "Never".equals(p.getSpec().getPreemptionPolicy())) {
            return NOT_ELIGIBLE_NEVER;
        }
        String nominated = p.getStatus() == null ? null : p.getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            Status s = nodeStatuses.get(nominated);
            if (s != null && s.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return null;
            }
            for (NodeInfo n : allNodes) {
                if (n.name().equals(nominated)) {
                    for (PodInfo other : n.pods()) {
                        if (other.priority() < pod.priority() && terminatingByPreemption(other.pod())) {
                            return NOT_ELIGIBLE_TERMINATING;
                        }
                    }
                }
            }
        }
        return null;
    }

    static boolean terminatingByPreemption(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("DisruptionTarget".equals(c.getType())) {
                return "True".equals(c.getStatus()) && "PreemptionByScheduler".equals(c.getReason());
            }
        }
        return false;
    }

    /**
     * {@code SelectVictimsOnNode}: a {@link Candidate}, or the {@link Status} saying why this node
     * cannot be freed.
     */
    static Object selectVictimsOnNode(PodInfo pod, NodeInfo node, WhatIf whatIf) {
        List<PodInfo> potential = new ArrayList<>();
        for (PodInfo p : node.pods()) {
            if (p.priority() < pod.priority()) {
                potential.add(p);
            }
        }
        if (potential.isEmpty()) {
            return Status.unresolvable(ERR_NO_VICTIMS);
        }
        NodeInfo copy = node.copy();
        for (PodInfo p : potential) {
            copy.removePod(p.uid());
        }
        Status s = whatIf.filter(pod, copy);
        if (!s.isSuccess()) {
            return s;
        }
        // Give back the most important pods first; whatever no longer fits is a victim.
        potential.sort(MORE_IMPORTANT_FIRST);
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo p : potential) {
            copy.addPod(p);
            if (!whatIf.filter(pod, copy).isSuccess()) {
                copy.removePod(p.uid());
                victims.add(p);
            }
        }
        return new Candidate(node.name(), List.copyOf(victims));
    }

    /** {@code MoreImportantPod}: higher priority first, then the one that started earlier. */
    static final Comparator<PodInfo> MORE_IMPORTANT_FIRST = Comparator.comparingInt(PodInfo::priority).reversed()
            .thenComparing(p -> p.startTime() == null ? "~" : p.startTime());

    /**
     * {@code pickOneNodeForPreemption}: the lowest highest-priority victim, then the lowest sum of
     * priorities, then the fewest victims, then the first.
     */
    static Candidate pickOneNodeForPreemption(List<Candidate> candidates) {
        Comparator<Candidate> order = Comparator
                .comparingLong((Candidate c) -> c.victims().stream().mapToLong(PodInfo::priority).max().orElse(Long.MIN_VALUE))
                .thenComparingLong(c -> c.victims().stream().mapToLong(v -> (long) v.priority() + Integer.MAX_VALUE + 1).sum())
                .thenComparingInt(c -> c.victims().size());
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (order.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }
}
