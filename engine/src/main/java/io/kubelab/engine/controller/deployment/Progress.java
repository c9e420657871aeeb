package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.model.Kube;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code progress.go}: the Progressing condition during a rollout, the progress deadline, and
 * ReplicaSet failures promoted to the Deployment. Engine thread only.
 */
final class Progress {
    private final DeploymentController dc;
    /** Consecutive overdue progress checks per Deployment key (engine thread only). */
    private final java.util.Map<String, Integer> overdue = new java.util.HashMap<>();

    Progress(DeploymentController dc) {
        this.dc = dc;
    }

    /**
     * {@code syncRolloutStatus}: the status of a rolling-out Deployment. Progressing becomes
     * <ul>
     *   <li>True/NewReplicaSetAvailable {@code ReplicaSet "x" has successfully progressed.} once complete;</li>
     *   <li>True/ReplicaSetUpdated {@code ReplicaSet "x" is progressing.} whenever pods moved (its
     *       lastUpdateTime restarts the deadline clock);</li>
     *   <li>False/ProgressDeadlineExceeded {@code ReplicaSet "x" has timed out progressing.} once
     *       nothing moved for progressDeadlineSeconds.</li>
     * </ul>
     * When nothing changed, the Deployment is requeued for the moment its deadline passes.
     */
    void syncRolloutStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        Instant now = dc.now();
        DeploymentStatus newStatus = DeploymentSync.calculateStatus(allRSs, newRS, d, dc);
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            DeploymentUtil.removeCondition(newStatus, DeploymentUtil.PROGRESSING);
        }
        DeploymentCondition currentCond = DeploymentUtil.condition(d.getStatus(), DeploymentUtil.PROGRESSING);
        boolean isCompleteDeployment = DeploymentUtil.n(newStatus.getReplicas()) == DeploymentUtil.n(newStatus.getUpdatedReplicas())
                && currentCond != null && DeploymentUtil.NEW_RS_AVAILABLE_REASON.equals(currentCond.getReason());
        if (DeploymentUtil.hasProgressDeadline(d) && !isCompleteDeployment) {
            String name = d.getMetadata().getName();
            if (DeploymentUtil.deploymentComplete(d, newStatus)) {
                String msg = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\" has successfully progressed."
                        : "Deployment \"" + name + "\" has successfully progressed.";
                DeploymentUtil.setCondition(newStatus, DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "True",
                        DeploymentUtil.NEW_RS_AVAILABLE_REASON, msg, now));
            } else if (DeploymentUtil.deploymentProgressing(d, newStatus)) {
                String msg = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\" is progressing."
                        : "Deployment \"" + name + "\" is progressing.";
                DeploymentCondition c = DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "True",
                        DeploymentUtil.REPLICA_SET_UPDATED_REASON, msg, now);
                // Unlike other conditions, Progressing is rewritten with the same reason: its
                // lastUpdateTime is the last time progress was seen.
                if (currentCond != null) {
                    if ("True".equals(currentCond.getStatus())) {
                        c.setLastTransitionTime(currentCond.getLastTransitionTime());
                    }
                    DeploymentUtil.removeCondition(newStatus, DeploymentUtil.PROGRESSING);
                }
                DeploymentUtil.setCondition(newStatus, c);
            } else if (DeploymentUtil.deploymentTimedOut(d, newStatus, now)) {
                String msg = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\" has timed out progressing."
                        : "Deployment \"" + name + "\" has timed out progressing.";
                DeploymentUtil.setCondition(newStatus, DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "False",
                        DeploymentUtil.TIMED_OUT_REASON, msg, now));
            }
        }
        List<DeploymentCondition> failures = replicaFailures(allRSs, newRS);
        if (!failures.isEmpty()) {
            DeploymentUtil.setCondition(newStatus, failures.get(0));
        } else {
            DeploymentUtil.removeCondition(newStatus, DeploymentUtil.REPLICA_FAILURE);
        }
        if (DeploymentSync.sameStatus(d.getStatus(), newStatus)) {
            requeueStuckDeployment(d, newStatus, now);
            return;
        }
        d.setStatus(newStatus);
        dc.writeStatus(d);
    }

    /** The new ReplicaSet's ReplicaFailure conditions, else those of the old ones. */
    private static List<DeploymentCondition> replicaFailures(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (newRS != null) {
            collect(newRS, out);
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (ReplicaSet rs : allRSs) {
            if (rs != null) {
                collect(rs, out);
            }
        }
        return out;
    }

    private static void collect(ReplicaSet rs, List<DeploymentCondition> out) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
            return;
        }
        for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
            if (DeploymentUtil.REPLICA_FAILURE.equals(c.getType())) {
                out.add(DeploymentUtil.fromReplicaSetCondition(c));
            }
        }
    }

    /**
     * {@code requeueStuckDeployment}: a rollout that shows no progress is looked at again when its
     * deadline passes, plus a second. Worked example: Progressing last updated 3 minutes ago with
     * the default 600 s deadline → requeued in 7 minutes and 1 second.
     *
     * @return the delay, or {@code null} when no check is needed
     */
    Duration requeueStuckDeployment(Deployment d, DeploymentStatus newStatus, Instant now) {
        DeploymentCondition currentCond = DeploymentUtil.condition(d.getStatus(), DeploymentUtil.PROGRESSING);
        if (!DeploymentUtil.hasProgressDeadline(d) || currentCond == null) {
            return null;
        }
        if (DeploymentUtil.deploymentComplete(d, newStatus)
                || DeploymentUtil.TIMED_OUT_REASON.equals(currentCond.getReason())) {
            overdue.remove(Kube.key(d));
            return null;
        }
        Instant lastUpdate = Kube.parseTimestamp(currentCond.getLastUpdateTime());
        if (lastUpdate == null) {
            return null;
        }
        String key = Kube.key(d);
        Duration after = Duration.between(now, lastUpdate.plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            // Due now (or overdue without being able to time out, e.g. a finished rollout whose
            // pods went away): upstream's rate-limited requeue; here 1 s doubling to 1 min.
            int n = overdue.merge(key, 1, Integer::sum);
            dc.enqueueAfter(d, Duration.ofSeconds(Math.min(60L, 1L << Math.min(n - 1, 6))));
            return Duration.ZERO;
        }
        overdue.remove(key);
        dc.enqueueAfter(d, after.plusSeconds(1));
        return after;
    }
}
