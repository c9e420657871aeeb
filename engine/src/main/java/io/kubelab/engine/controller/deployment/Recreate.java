package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.replicas;

/**
 * {@code recreate.go}: all old pods go before any new one starts. The new ReplicaSet is not even
 * created while an old pod (other than a finished one) still exists. Engine thread only.
 */
final class Recreate {
    private final DeploymentController dc;

    Recreate(DeploymentController dc) {
        this.dc = dc;
    }

    /** {@code rolloutRecreate}. */
    void rolloutRecreate(Deployment d, List<ReplicaSet> rsList, Map<String, List<Pod>> podMap) {
        // Without creating the new ReplicaSet, so that nothing scales up before the old are down.
        DeploymentSync.ReplicaSets rss = dc.sync.getAllReplicaSetsAndSyncRevision(d, rsList, false);
        ReplicaSet newRS = rss.newRS();
        List<ReplicaSet> oldRSs = rss.oldRSs();
        List<ReplicaSet> allRSs = rss.all();
        List<ReplicaSet> activeOld = DeploymentUtil.active(oldRSs);

        if (scaleDownOldReplicaSetsForRecreate(activeOld, d)) {
            dc.progress.syncRolloutStatus(allRSs, newRS, d);
            return;
        }
        if (oldPodsRunning(newRS, oldRSs, podMap)) {
            dc.progress.syncRolloutStatus(allRSs, newRS, d);
            return;
        }
        if (newRS == null) {
            rss = dc.sync.getAllReplicaSetsAndSyncRevision(d, rsList, true);
            newRS = rss.newRS();
            oldRSs = rss.oldRSs();
            allRSs = rss.all();
        }
        dc.sync.scaleReplicaSetAndRecordEvent(newRS, replicas(d), d);
        if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
            dc.sync.cleanupDeployment(oldRSs, d);
        }
        dc.progress.syncRolloutStatus(allRSs, newRS, d);
    }

    private boolean scaleDownOldReplicaSetsForRecreate(List<ReplicaSet> oldRSs, Deployment d) {
        boolean scaled = false;
        for (ReplicaSet rs : oldRSs) {
            if (replicas(rs) == 0) {
                continue;
            }
            if (dc.sync.scaleReplicaSetAndRecordEvent(rs, 0, d).scaled()) {
                scaled = true;
            }
        }
        return scaled;
    }

    /**
     * {@code oldPodsRunning}: an old ReplicaSet still reports pods, or a pod of an old ReplicaSet
     * exists that has not finished (terminating pods count: they may still be serving).
     */
    static boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs, Map<String, List<Pod>> podMap) {
        if (DeploymentUtil.actualReplicaCount(oldRSs) > 0) {
            return true;
        }
        for (Map.Entry<String, List<Pod>> e : podMap.entrySet()) {
            if (newRS != null && e.getKey().equals(newRS.getMetadata().getUid())) {
                continue;
            }
            for (Pod pod : new ArrayList<>(e.getValue())) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                    return true;
                }
            }
        }
        return false;
    }
}
