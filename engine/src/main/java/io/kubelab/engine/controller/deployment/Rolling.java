package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;

import java.util.ArrayList;
import java.util.List;

import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.availableReplicas;
import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.replicas;

/**
 * {@code rolling.go}: one step of a rolling update per sync: grow the new ReplicaSet as far as
 * maxSurge allows, else shrink old ones as far as maxUnavailable allows, else clean up. Engine
 * thread only.
 */
final class Rolling {
    private final DeploymentController dc;

    Rolling(DeploymentController dc) {
        this.dc = dc;
    }

    /** {@code rolloutRolling}. */
    void rolloutRolling(Deployment d, List<ReplicaSet> rsList) {
        DeploymentSync.ReplicaSets rss = dc.sync.getAllReplicaSetsAndSyncRevision(d, rsList, true);
        ReplicaSet newRS = rss.newRS();
        List<ReplicaSet> oldRSs = rss.oldRSs();
        List<ReplicaSet> allRSs = rss.all();

        if (reconcileNewReplicaSet(allRSs, newRS, d)) {
            dc.progress.syncRolloutStatus(allRSs, newRS, d);
            return;
        }
        if (reconcileOldReplicaSets(allRSs, DeploymentUtil.active(oldRSs), newRS, d)) {
            dc.progress.syncRolloutStatus(allRSs, newRS, d);
            return;
        }
        if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
            dc.sync.cleanupDeployment(oldRSs, d);
        }
        dc.progress.syncRolloutStatus(allRSs, newRS, d);
    }

    /**
     * Scales the new ReplicaSet: down to the Deployment's replicas if above, else up by what
     * {@link DeploymentUtil#newRSNewReplicas} allows.
     *
     * @return whether it was scaled
     */
    boolean reconcileNewReplicaSet(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        if (replicas(newRS) == replicas(d)) {
            return false;
        }
        if (replicas(newRS) > replicas(d)) {
            return dc.sync.scaleReplicaSetAndRecordEvent(newRS, replicas(d), d).scaled();
        }
        int newReplicasCount = DeploymentUtil.newRSNewReplicas(d, allRSs, newRS);
        return dc.sync.scaleReplicaSetAndRecordEvent(newRS, newReplicasCount, d).scaled();
    }

    /**
     * Scales old ReplicaSets down, within what availability allows:
     * <pre>maxScaledDown = allPodsCount − minAvailable − newRSUnavailablePodCount</pre>
     * counting not only maxUnavailable and the surge pods already made, but also the new
     * ReplicaSet's unavailable pods, so that pods that never become available do not let old
     * ones go. Worked example, 10 replicas, maxUnavailable 2, maxSurge 3:
     * <ul>
     *   <li>case 1: the new ReplicaSet reached 5 while old was scaled to 8, and the new pods
     *       crash-loop. 13 − 8 − 5 = 0: when a node failure takes an old pod, nothing old is
     *       scaled down. After {@code rollout undo} (the good old ReplicaSet is new again, with
     *       1 unavailable) 13 − 8 − 1 = 4: 4 crash-looping pods go, leaving 9, and the good
     *       ReplicaSet grows back to 10;</li>
     *   <li>case 2: a new template instead ("roll over"): a third ReplicaSet starts at 0 (13 pods
     *       already), its 0 unavailable give 13 − 8 − 0 = 5 to scale down across the two old
     *       ones, and then the new one grows by 5.</li>
     * </ul>
     * Unhealthy old pods go first ({@link #cleanupUnhealthyReplicas}): they cost no availability.
     *
     * @return whether anything was scaled down
     */
    boolean reconcileOldReplicaSets(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, ReplicaSet newRS, Deployment d) {
        int oldPodsCount = DeploymentUtil.replicaCount(oldRSs);
        if (oldPodsCount == 0) {
            return false;
        }
        int allPodsCount = DeploymentUtil.replicaCount(allRSs);
        int maxScaledDown = maxScaledDown(allPodsCount, replicas(d) - DeploymentUtil.maxUnavailable(d),
                replicas(newRS) - availableReplicas(newRS));
        if (maxScaledDown <= 0) {
            return false;
        }
        CleanupResult cleanup = cleanupUnhealthyReplicas(oldRSs, d, maxScaledDown);
        List<ReplicaSet> all = new ArrayList<>(cleanup.oldRSs());
        all.add(newRS);
        int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(all, cleanup.oldRSs(), d);
        return cleanup.count() + scaledDown > 0;
    }

    /** allPodsCount − minAvailable − newRSUnavailablePodCount (see {@link #reconcileOldReplicaSets}). */
    static int maxScaledDown(int allPodsCount, int minAvailable, int newRSUnavailablePodCount) {
        return allPodsCount - minAvailable - newRSUnavailablePodCount;
    }

    record CleanupResult(List<ReplicaSet> oldRSs, int count) {}

    /**
     * Scales old ReplicaSets down by their unavailable pods (oldest ReplicaSet first), at most
     * {@code maxCleanupCount} in all. The ReplicaSet controller deletes not-ready pods first, so this
     * removes exactly the unhealthy ones.
     */
    CleanupResult cleanupUnhealthyReplicas(List<ReplicaSet> oldRSs, Deployment d, int maxCleanupCount) {
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(DeploymentUtil.BY_CREATION_TIMESTAMP);
        int total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            ReplicaSet target = sorted.get(i);
            if (total >= maxCleanupCount) {
                break;
            }
            if (replicas(target) == 0 || replicas(target) == availableReplicas(target)) {
                continue;
            }
            int count = Math.min(maxCleanupCount - total, replicas(target) - availableReplicas(target));
            int newReplicas = replicas(target) - count;
            if (newReplicas > replicas(target)) {
                throw new IllegalStateException("when cleaning up unhealthy replicas, got invalid request to scale down "
                        + target.getMetadata().getNamespace() + "/" + target.getMetadata().getName() + " "
                        + replicas(target) + " -> " + newReplicas);
            }
            ReplicaSet updated = dc.sync.scaleReplicaSetAndRecordEvent(target, newReplicas, d).rs();
            total += count;
            sorted.set(i, updated);
        }
        return new CleanupResult(sorted, total);
    }

    /**
     * Scales old ReplicaSets down (oldest first) by as many pods as are available beyond
     * minAvailable. Worked example: 10 replicas, maxUnavailable 2 → minAvailable 8; with 8 old and
     * 3 new pods available, 11 − 8 = 3 old pods may go.
     *
     * @return how many were scaled down
     */
    int scaleDownOldReplicaSetsForRollingUpdate(List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs, Deployment d) {
        int minAvailable = replicas(d) - DeploymentUtil.maxUnavailable(d);
        int available = DeploymentUtil.availableReplicaCount(allRSs);
        if (available <= minAvailable) {
            return 0;
        }
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(DeploymentUtil.BY_CREATION_TIMESTAMP);
        int total = 0;
        int totalToScaleDown = available - minAvailable;
        for (ReplicaSet target : sorted) {
            if (total >= totalToScaleDown) {
                break;
            }
            if (replicas(target) == 0) {
                continue;
            }
            int count = Math.min(replicas(target), totalToScaleDown - total);
            dc.sync.scaleReplicaSetAndRecordEvent(target, replicas(target) - count, d);
            total += count;
        }
        return total;
    }
}
