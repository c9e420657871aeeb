package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.controller.deployment.util.PodTemplateHash;
import io.kubelab.engine.controller.util.OwnerRefs;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.n;
import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.omitZero;
import static io.kubelab.engine.controller.deployment.util.DeploymentUtil.replicas;

/**
 * {@code sync.go}: finding (or creating) the new ReplicaSet and syncing revisions, scaling
 * (proportionally when several ReplicaSets have pods), cleaning up old ReplicaSets, and the
 * status. Engine thread only.
 */
final class DeploymentSync {
    private final DeploymentController dc;

    DeploymentSync(DeploymentController dc) {
        this.dc = dc;
    }

    /** The new ReplicaSet (or {@code null}) and all old ones. */
    record ReplicaSets(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            all.add(newRS);
            return all;
        }
    }

    /** {@code syncStatusOnly}: a Deployment being deleted only gets its status updated. */
    void syncStatusOnly(Deployment d, List<ReplicaSet> rsList) {
        ReplicaSets rss = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        syncDeploymentStatus(rss.all(), rss.newRS(), d);
    }

    /** {@code sync}: scaling events and paused Deployments: scale, clean up when paused, status. */
    void sync(Deployment d, List<ReplicaSet> rsList) {
        ReplicaSets rss = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        scale(d, rss.newRS(), rss.oldRSs());
        if (Boolean.TRUE.equals(d.getSpec().getPaused()) && Rollback.rollbackTo(d) == null) {
            cleanupDeployment(rss.oldRSs(), d);
        }
        syncDeploymentStatus(rss.all(), rss.newRS(), d);
    }

    /**
     * {@code checkPausedConditions}: Progressing becomes Unknown/DeploymentPaused ("Deployment is
     * paused") on pause and Unknown/DeploymentResumed ("Deployment is resumed") on resume, so the
     * time spent paused never counts against the progress deadline. A timed-out Deployment keeps
     * its ProgressDeadlineExceeded.
     */
    void checkPausedConditions(Deployment d) {
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition cond = DeploymentUtil.condition(d.getStatus(), DeploymentUtil.PROGRESSING);
        if (cond != null && DeploymentUtil.TIMED_OUT_REASON.equals(cond.getReason())) {
            return;
        }
        boolean pausedCondExists = cond != null && DeploymentUtil.PAUSED_DEPLOY_REASON.equals(cond.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedCondExists) {
            DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "Unknown",
                    DeploymentUtil.PAUSED_DEPLOY_REASON, "Deployment is paused", dc.now()));
        } else if (!paused && pausedCondExists) {
            DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "Unknown",
                    DeploymentUtil.RESUMED_DEPLOY_REASON, "Deployment is resumed", dc.now()));
        } else {
            return;
        }
        dc.writeStatus(d);
    }

    /**
     * {@code getAllReplicaSetsAndSyncRevision}: the old ReplicaSets, and the new one with its
     * revision raised to max(old) + 1 (created when asked and missing); the Deployment's revision
     * annotation follows the new ReplicaSet's.
     */
    ReplicaSets getAllReplicaSetsAndSyncRevision(Deployment d, List<ReplicaSet> rsList, boolean createIfNotExisted) {
        List<ReplicaSet> allOld = DeploymentUtil.findOldReplicaSets(d, rsList);
        ReplicaSet newRS = getNewReplicaSet(d, rsList, allOld, createIfNotExisted);
        return new ReplicaSets(newRS, allOld);
    }

    /** {@code getNewReplicaSet}. */
    ReplicaSet getNewReplicaSet(Deployment d, List<ReplicaSet> rsList, List<ReplicaSet> oldRSs, boolean createIfNotExisted) {
        ReplicaSet existing = DeploymentUtil.findNewReplicaSet(d, rsList);
        long maxOldRevision = DeploymentUtil.maxRevision(oldRSs);
        String newRevision = Long.toString(maxOldRevision + 1);

        if (existing != null) {
            ReplicaSet rsCopy = DeploymentController.workingCopy(existing);
            boolean annotationsUpdated = DeploymentUtil.setNewReplicaSetAnnotations(d, rsCopy, newRevision, true,
                    DeploymentUtil.MAX_REV_HISTORY_LENGTH_IN_CHARS);
            boolean minReadyNeedsUpdate = n(rsCopy.getSpec().getMinReadySeconds()) != n(d.getSpec().getMinReadySeconds());
            if (annotationsUpdated || minReadyNeedsUpdate) {
                rsCopy.getSpec().setMinReadySeconds(d.getSpec().getMinReadySeconds());
                // The Deployment's revision follows on the sync this update triggers.
                ReplicaSet updated = dc.writeReplicaSet(rsCopy);
                replaceIn(rsList, updated);
                return updated;
            }
            boolean needsUpdate = DeploymentUtil.setDeploymentRevision(d,
                    DeploymentUtil.annotations(rsCopy).get(DeploymentUtil.REVISION_ANNOTATION));
            DeploymentCondition cond = DeploymentUtil.condition(d.getStatus(), DeploymentUtil.PROGRESSING);
            if (DeploymentUtil.hasProgressDeadline(d) && cond == null) {
                DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "True",
                        DeploymentUtil.FOUND_NEW_RS_REASON, "Found new replica set \"" + rsCopy.getMetadata().getName() + "\"",
                        dc.now()));
                needsUpdate = true;
            }
            if (needsUpdate) {
                dc.writeStatus(d);
            }
            return rsCopy;
        }

        if (!createIfNotExisted) {
            return null;
        }

        // A new ReplicaSet: the Deployment's template verbatim plus the hash label, so that
        // kubectl's client-side "NewReplicaSet" (a deep equality ignoring that label) finds it.
        PodTemplateSpec template = Kube.copy(d.getSpec().getTemplate());
        String hash = PodTemplateHash.compute(template, d.getStatus().getCollisionCount());
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        Map<String, String> labels = template.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put(DeploymentUtil.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash);
        template.getMetadata().setLabels(labels);
        LabelSelector selector = Kube.copy(d.getSpec().getSelector());
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(selector.getMatchLabels());
        matchLabels.put(DeploymentUtil.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash);
        selector.setMatchLabels(matchLabels);

        ReplicaSet newRS = new ReplicaSet();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(d.getMetadata().getName() + "-" + hash);
        meta.setNamespace(d.getMetadata().getNamespace());
        meta.setOwnerReferences(new ArrayList<>(List.of(OwnerRefs.newControllerRef(d, DeploymentController.API_VERSION,
                DeploymentController.KIND))));
        meta.setLabels(new LinkedHashMap<>(labels));
        newRS.setMetadata(meta);
        ReplicaSetSpec spec = new ReplicaSetSpec();
        spec.setReplicas(0);
        spec.setMinReadySeconds(d.getSpec().getMinReadySeconds());
        spec.setSelector(selector);
        spec.setTemplate(template);
        newRS.setSpec(spec);

        List<ReplicaSet> allRSs = new ArrayList<>(oldRSs);
        allRSs.add(newRS);
        int newReplicasCount = DeploymentUtil.newRSNewReplicas(d, allRSs, newRS);
        spec.setReplicas(newReplicasCount);
        DeploymentUtil.setNewReplicaSetAnnotations(d, newRS, newRevision, false, DeploymentUtil.MAX_REV_HISTORY_LENGTH_IN_CHARS);

        boolean alreadyExists = false;
        ReplicaSet created;
        try {
            created = Kube.copy(dc.api().create(newRS, d.getMetadata().getNamespace()));
        } catch (ApiException e) {
            if ("AlreadyExists".equals(e.reason())) {
                ReplicaSet rs = dc.api().get(ResourceTypes.REPLICASETS, d.getMetadata().getNamespace(), meta.getName());
                if (OwnerRefs.isControlledBy(rs, d)
                        && PodTemplateHash.equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())) {
                    // Ours already (a sync that ran before its own creation was seen).
                    created = Kube.copy(rs);
                    alreadyExists = true;
                } else {
                    // A hash collision: another template hashed the same. Count it (the next hash
                    // differs) and try again on the requeue.
                    d.getStatus().setCollisionCount(n(d.getStatus().getCollisionCount()) + 1);
                    dc.writeStatus(d);
                    throw e;
                }
            } else if (e.code() == 403 && e.getMessage() != null && e.getMessage().contains("being terminated")) {
                throw e;
            } else {
                String msg = "Failed to create new replica set \"" + meta.getName() + "\": " + e.getMessage();
                if (DeploymentUtil.hasProgressDeadline(d)) {
                    DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING,
                            "False", DeploymentUtil.FAILED_RS_CREATE_REASON, msg, dc.now()));
                    try {
                        dc.writeStatus(d);
                    } catch (ApiException ignored) {
                        // the failure to create is what matters
                    }
                }
                dc.warning(d, DeploymentUtil.FAILED_RS_CREATE_REASON, msg);
                throw e;
            }
        }
        if (!alreadyExists && newReplicasCount > 0) {
            dc.normal(d, "ScalingReplicaSet", "Scaled up replica set " + created.getMetadata().getName()
                    + " from 0 to " + newReplicasCount);
        }
        boolean needsUpdate = DeploymentUtil.setDeploymentRevision(d, newRevision);
        if (!alreadyExists && DeploymentUtil.hasProgressDeadline(d)) {
            DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition(DeploymentUtil.PROGRESSING, "True",
                    DeploymentUtil.NEW_REPLICA_SET_REASON, "Created new replica set \"" + created.getMetadata().getName() + "\"",
                    dc.now()));
            needsUpdate = true;
        }
        if (needsUpdate) {
            dc.writeStatus(d);
        }
        return created;
    }

    /** Keeps the caller's list current after a write, so a later step does not write a stale copy. */
    private static void replaceIn(List<ReplicaSet> list, ReplicaSet updated) {
        for (int i = 0; i < list.size(); i++) {
            if (Objects.equals(list.get(i).getMetadata().getUid(), updated.getMetadata().getUid())) {
                list.set(i, updated);
            }
        }
    }

    /**
     * {@code scale}: brings the total to the Deployment's replicas when they changed. With one
     * active ReplicaSet (or none), that one takes all; with a saturated new ReplicaSet, the old
     * ones go to 0; otherwise, in a rolling update, every active ReplicaSet grows or shrinks in
     * proportion to its size (see {@link DeploymentUtil#proportion}), the leftover going to the
     * largest (up: the newest of the largest, down: the oldest).
     */
    void scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        ReplicaSet activeOrLatest = DeploymentUtil.findActiveOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            if (replicas(activeOrLatest) == replicas(d)) {
                return;
            }
            scaleReplicaSetAndRecordEvent(activeOrLatest, replicas(d), d);
            return;
        }
        if (DeploymentUtil.isSaturated(d, newRS)) {
            for (ReplicaSet old : DeploymentUtil.active(oldRSs)) {
                scaleReplicaSetAndRecordEvent(old, 0, d);
            }
            return;
        }
        if (!DeploymentUtil.isRollingUpdate(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(oldRSs);
        all.add(newRS);
        List<ReplicaSet> allRSs = DeploymentUtil.active(all);
        int allRSsReplicas = DeploymentUtil.replicaCount(allRSs);
        int allowedSize = replicas(d) > 0 ? replicas(d) + DeploymentUtil.maxSurge(d) : 0;
        int toAdd = allowedSize - allRSsReplicas;
        String operation = "";
        if (toAdd > 0) {
            allRSs.sort(DeploymentUtil.BY_SIZE_NEWER);
            operation = "up";
        } else if (toAdd < 0) {
            allRSs.sort(DeploymentUtil.BY_SIZE_OLDER);
            operation = "down";
        }
        int added = 0;
        Map<String, Integer> nameToSize = new HashMap<>();
        for (ReplicaSet rs : allRSs) {
            if (toAdd != 0) {
                int p = DeploymentUtil.proportion(rs, d, toAdd, added);
                nameToSize.put(rs.getMetadata().getName(), replicas(rs) + p);
                added += p;
            } else {
                nameToSize.put(rs.getMetadata().getName(), replicas(rs));
            }
        }
        for (int i = 0; i < allRSs.size(); i++) {
            ReplicaSet rs = allRSs.get(i);
            String name = rs.getMetadata().getName();
            if (i == 0 && toAdd != 0) {
                int size = nameToSize.get(name) + (toAdd - added);
                nameToSize.put(name, Math.max(size, 0));
            }
            scaleReplicaSet(rs, nameToSize.get(name), d, operation);
        }
    }

    /** @return the ReplicaSet as stored after the call (whether it was scaled or not) */
    ScaleResult scaleReplicaSetAndRecordEvent(ReplicaSet rs, int newScale, Deployment d) {
        if (replicas(rs) == newScale) {
            return new ScaleResult(false, rs);
        }
        return scaleReplicaSet(rs, newScale, d, replicas(rs) < newScale ? "up" : "down");
    }

    record ScaleResult(boolean scaled, ReplicaSet rs) {}

    /**
     * Writes the new size and the desired/max-replicas annotations, and records
     * {@code Scaled up replica set nginx-deployment-6c8b449b8f from 0 to 2}: the wording since
     * Kubernetes 1.31 (kubernetes#125118); releases before said {@code … to 2 from 0}, and older
     * ones {@code … to 2}.
     */
    ScaleResult scaleReplicaSet(ReplicaSet rs, int newScale, Deployment d, String operation) {
        boolean sizeNeedsUpdate = replicas(rs) != newScale;
        int desired = replicas(d);
        int max = desired + DeploymentUtil.maxSurge(d);
        boolean annotationsNeedUpdate = DeploymentUtil.replicasAnnotationsNeedUpdate(rs, desired, max);
        if (!sizeNeedsUpdate && !annotationsNeedUpdate) {
            return new ScaleResult(false, rs);
        }
        int oldScale = replicas(rs);
        ReplicaSet copy = Kube.copy(rs);
        copy.getSpec().setReplicas(newScale);
        DeploymentUtil.setReplicasAnnotations(copy, desired, max);
        ReplicaSet updated = dc.writeReplicaSet(copy);
        if (sizeNeedsUpdate) {
            dc.normal(d, "ScalingReplicaSet", "Scaled " + operation + " replica set " + updated.getMetadata().getName()
                    + " from " + oldScale + " to " + newScale);
        }
        return new ScaleResult(sizeNeedsUpdate, updated);
    }

    /**
     * {@code cleanupDeployment}: keeps the newest revisionHistoryLimit old ReplicaSets and deletes
     * older ones, but only those scaled to 0, with no pods left and their generation observed.
     */
    void cleanupDeployment(List<ReplicaSet> oldRSs, Deployment d) {
        if (!DeploymentUtil.hasRevisionHistoryLimit(d)) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : oldRSs) {
            if (rs != null && rs.getMetadata().getDeletionTimestamp() == null) {
                cleanable.add(rs);
            }
        }
        int diff = cleanable.size() - d.getSpec().getRevisionHistoryLimit();
        if (diff <= 0) {
            return;
        }
        cleanable.sort(DeploymentUtil.BY_REVISION);
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long gen = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            long observed = rs.getStatus() == null ? 0 : n(rs.getStatus().getObservedGeneration());
            if (DeploymentUtil.statusReplicas(rs) != 0 || replicas(rs) != 0 || gen > observed
                    || rs.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            try {
                dc.api().delete(ResourceTypes.REPLICASETS, rs.getMetadata().getNamespace(), rs.getMetadata().getName(), null);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    /** {@code syncDeploymentStatus}: the status without progress estimation (scaling, paused). */
    void syncDeploymentStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d) {
        DeploymentStatus newStatus = calculateStatus(allRSs, newRS, d, dc);
        if (sameStatus(d.getStatus(), newStatus)) {
            return;
        }
        d.setStatus(newStatus);
        dc.writeStatus(d);
    }

    /**
     * {@code calculateStatus}: counts summed over the ReplicaSets (updated = the new one's pods),
     * and Available True/MinimumReplicasAvailable ("Deployment has minimum availability.") when at
     * least replicas − maxUnavailable pods are available, else False/MinimumReplicasUnavailable.
     */
    static DeploymentStatus calculateStatus(List<ReplicaSet> allRSs, ReplicaSet newRS, Deployment d, DeploymentController dc) {
        int available = DeploymentUtil.availableReplicaCount(allRSs);
        int total = DeploymentUtil.replicaCount(allRSs);
        int unavailable = Math.max(total - available, 0);
        List<ReplicaSet> newOnly = new ArrayList<>();
        newOnly.add(newRS);
        DeploymentStatus s = new DeploymentStatus();
        long gen = DeploymentController.generation(d);
        s.setObservedGeneration(gen == 0 ? null : gen);
        s.setReplicas(omitZero(DeploymentUtil.actualReplicaCount(allRSs)));
        s.setUpdatedReplicas(omitZero(DeploymentUtil.actualReplicaCount(newOnly)));
        s.setReadyReplicas(omitZero(DeploymentUtil.readyReplicaCount(allRSs)));
        s.setAvailableReplicas(omitZero(available));
        s.setUnavailableReplicas(omitZero(unavailable));
        s.setCollisionCount(d.getStatus() == null ? null : d.getStatus().getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (d.getStatus() != null && d.getStatus().getConditions() != null) {
            for (DeploymentCondition c : d.getStatus().getConditions()) {
                conditions.add(Kube.copy(c));
            }
        }
        s.setConditions(conditions);
        if (available >= replicas(d) - DeploymentUtil.maxUnavailable(d)) {
            DeploymentUtil.setCondition(s, DeploymentUtil.newCondition(DeploymentUtil.AVAILABLE, "True",
                    DeploymentUtil.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", dc.now()));
        } else {
            DeploymentUtil.setCondition(s, DeploymentUtil.newCondition(DeploymentUtil.AVAILABLE, "False",
                    DeploymentUtil.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", dc.now()));
        }
        return s;
    }

    /** {@code reflect.DeepEqual} of two statuses, zero counts and absent ones alike. */
    static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        DeploymentStatus x = a == null ? new DeploymentStatus() : a;
        DeploymentStatus y = b == null ? new DeploymentStatus() : b;
        return n(x.getObservedGeneration()) == n(y.getObservedGeneration())
                && n(x.getReplicas()) == n(y.getReplicas())
                && n(x.getUpdatedReplicas()) == n(y.getUpdatedReplicas())
                && n(x.getReadyReplicas()) == n(y.getReadyReplicas())
                && n(x.getAvailableReplicas()) == n(y.getAvailableReplicas())
                && n(x.getUnavailableReplicas()) == n(y.getUnavailableReplicas())
                && Objects.equals(x.getCollisionCount(), y.getCollisionCount())
                && Objects.equals(conditionsOf(x), conditionsOf(y));
    }

    private static List<DeploymentCondition> conditionsOf(DeploymentStatus s) {
        return s.getConditions() == null ? List.of() : s.getConditions();
    }

    static long observedGeneration(Deployment d) {
        return d.getStatus() == null ? 0 : n(d.getStatus().getObservedGeneration());
    }

    /**
     * {@code isScalingEvent}: an active ReplicaSet's desired-replicas annotation differs from the
     * Deployment's replicas: somebody ran {@code kubectl scale} (or edited replicas).
     */
    boolean isScalingEvent(Deployment d, List<ReplicaSet> rsList) {
        ReplicaSets rss = getAllReplicaSetsAndSyncRevision(d, rsList, false);
        for (ReplicaSet rs : DeploymentUtil.active(rss.all())) {
            Integer desired = DeploymentUtil.intAnnotation(rs, DeploymentUtil.DESIRED_REPLICAS_ANNOTATION);
            if (desired == null) {
                continue;
            }
            if (desired != replicas(d)) {
                return true;
            }
        }
        return false;
    }
}
