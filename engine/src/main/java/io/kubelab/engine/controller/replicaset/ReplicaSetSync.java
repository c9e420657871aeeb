package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.util.ControllerExpectations;
import io.kubelab.engine.controller.util.ControllerRefManager;
import io.kubelab.engine.controller.util.OwnerRefs;
import io.kubelab.engine.controller.util.PodControl;
import io.kubelab.engine.controller.util.Pods;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Indexes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code syncReplicaSet} and {@code manageReplicas} of {@code replica_set.go}: claim the pods,
 * create or delete the difference, write the status. Engine thread only.
 */
final class ReplicaSetSync {
    /** The first batch of pod creations is this big; each successful batch doubles the next. */
    static final int SLOW_START_INITIAL_BATCH_SIZE = 1;

    private final ReplicaSetController rsc;

    ReplicaSetSync(ReplicaSetController rsc) {
        this.rsc = rsc;
    }

    private KubeApi api() {
        return rsc.context().api();
    }

    private ControllerExpectations expectations() {
        return rsc.expectations();
    }

    /**
     * Syncs one ReplicaSet. Pods are only created or deleted once the expectations of the
     * previous sync are met, so that a sync running before the watch has delivered the last
     * creations does not create them again.
     */
    void syncReplicaSet(String key) {
        String[] nsName = key.split("/", 2);
        ReplicaSet stored = api().find(ResourceTypes.REPLICASETS, nsName[0], nsName[1]);
        if (stored == null) {
            expectations().delete(key);
            return;
        }
        boolean needsSync = expectations().satisfied(key);
        LabelSelector selector = stored.getSpec().getSelector();

        // The pods it controls (so that those the selector no longer matches are released) and the
        // namespace's orphans (to adopt): from the store's index, not a scan of the namespace.
        List<Pod> active = new ArrayList<>();
        for (String value : List.of(stored.getMetadata().getUid(), Indexes.orphans(stored.getMetadata().getNamespace()))) {
            for (Pod p : api().store().<Pod>byIndex(ResourceTypes.PODS, Indexes.CONTROLLER, value)) {
                if (Pods.isActive(p)) {
                    active.add(p);
                }
            }
        }
        List<Pod> filtered = claimPods(stored, selector, active);

        if (needsSync && stored.getMetadata().getDeletionTimestamp() == null && shouldYield(stored, filtered, active)) {
            rsc.queue().add(key);
            return;
        }
        RuntimeException manageError = null;
        if (needsSync && stored.getMetadata().getDeletionTimestamp() == null) {
            try {
                manageReplicas(filtered, stored);
            } catch (RuntimeException e) {
                manageError = e;
            }
        }
        Instant now = api().now();
        // Read-only from here: calculate copies the status it changes, and update writes a shallow
        // copy carrying the new status (the API server takes only the status of an UpdateStatus).
        // No deep copy of the ReplicaSet and its pod template per sync.
        ReplicaSetStatus newStatus = ReplicaSetStatuses.calculate(stored, filtered, manageError, now);
        boolean waitsForAvailability = stored.getSpec().getMinReadySeconds() != null
                && stored.getSpec().getMinReadySeconds() > 0;
        // Our own status write comes back as a watch event of this ReplicaSet; a sync it triggered
        // would read what this one just read and wrote and change nothing (see
        // ReplicaSetController#onReplicaSet), so the controller does not enqueue for it. Not after
        // an error (its retry is due at once), nor with minReadySeconds: such a sync would also set
        // an availability timer (a duplicate of ours, but the sync would not be a pure no-op).
        boolean quiet = manageError == null && !waitsForAvailability;
        if (quiet) {
            rsc.writingStatusOf(key);
        }
        ReplicaSet updated;
        try {
            updated = ReplicaSetStatuses.update(api(), stored, newStatus);
        } finally {
            if (quiet) {
                rsc.writingStatusOf(null);
            }
        }
        if (manageError == null && waitsForAvailability) {
            requeueForAvailability(key, updated, filtered, now);
        }
        if (manageError != null) {
            throw manageError;
        }
    }

    /**
     * Whether a ReplicaSet about to create pods should let a sibling (same controlling owner) that
     * is waiting in the queue delete its surplus first. Upstream's controllers race here: during a
     * rolling update of 5 replicas with maxSurge 2, the Deployment scales the old ReplicaSet 5→4 and
     * the new one 2→3 in one go, and if the new one's pod is created before the old one's is
     * deleted, 8 pods exist for a moment — one more than {@code replicas + maxSurge}. Letting
     * deletions go first keeps what a student watches within the documented bounds. Only a sibling
     * that is queued right now counts, so this never waits for anything that will not happen.
     */
    private boolean shouldYield(ReplicaSet rs, List<Pod> filtered, List<Pod> active) {
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        if (filtered.size() >= replicas) {
            return false;
        }
        OwnerReference owner = OwnerRefs.controllerOf(rs);
        if (owner == null) {
            return false;
        }
        for (ReplicaSet sibling : api().store().<ReplicaSet>byIndex(ResourceTypes.REPLICASETS, Indexes.CONTROLLER, owner.getUid())) {
            OwnerReference so = OwnerRefs.controllerOf(sibling);
            if (sibling == rs || so == null || !owner.getUid().equals(so.getUid())
                    || sibling.getMetadata().getUid().equals(rs.getMetadata().getUid())
                    || !rsc.queue().contains(Kube.key(sibling))) {
                continue;
            }
            int want = sibling.getSpec().getReplicas() == null ? 1 : sibling.getSpec().getReplicas();
            long has = api().store().<Pod>byIndex(ResourceTypes.PODS, Indexes.CONTROLLER, sibling.getMetadata().getUid())
                    .stream().filter(Pods::isActive).count();
            if (has > want) {
                return true;
            }
        }
        return false;
    }

    /**
     * With minReadySeconds, a ready pod becomes available later without any watch event: come
     * back then. Worked example: minReadySeconds 10, a pod ready at 12:00:00 is available from
     * 12:00:11 (strictly after 12:00:10), so the sync is requeued at 12:00:11.
     */
    private void requeueForAvailability(String key, ReplicaSet rs, List<Pod> pods, Instant now) {
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        if (minReady <= 0) {
            return;
        }
        Instant earliest = null;
        for (Pod p : pods) {
            Instant ready = Pods.readyTime(p);
            if (ready != null && !Pods.isAvailable(p, minReady, now)) {
                Instant at = ready.plusSeconds(minReady + 1L);
                if (earliest == null || at.isBefore(earliest)) {
                    earliest = at;
                }
            }
        }
        if (earliest != null) {
            Duration d = Duration.between(now, earliest);
            rsc.enqueueAfter(key, d.isNegative() ? Duration.ofSeconds(1) : d);
        }
    }

    private List<Pod> claimPods(ReplicaSet rs, LabelSelector selector, List<Pod> pods) {
        OwnerReference ref = OwnerRefs.newControllerRef(rs, ReplicaSetController.API_VERSION, ReplicaSetController.KIND);
        ControllerRefManager cm = new ControllerRefManager(api(), rs, ref);
        return cm.claim(ResourceTypes.PODS, pods, p -> Selectors.matches(selector, p.getMetadata().getLabels()));
    }

    /**
     * Creates or deletes pods until {@code filteredPods} would number {@code spec.replicas}. Does not
     * modify {@code filteredPods}.
     */
    void manageReplicas(List<Pod> filteredPods, ReplicaSet rs) {
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int diff = filteredPods.size() - replicas;
        String key = Kube.key(rs);
        String ns = rs.getMetadata().getNamespace();
        PodControl podControl = rsc.podControl();
        if (diff < 0) {
            int count = Math.min(-diff, ReplicaSetController.BURST_REPLICAS);
            // Expect before creating: the watch reports each creation as it happens.
            expectations().expectCreations(key, count);
            OwnerReference ref = OwnerRefs.newControllerRef(rs, ReplicaSetController.API_VERSION, ReplicaSetController.KIND);
            BatchResult result = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () -> {
                try {
                    podControl.createPod(ns, rs.getSpec().getTemplate(), rs, ref);
                } catch (ApiException e) {
                    if (isNamespaceTerminating(e)) {
                        return; // every creation would fail; nothing to do
                    }
                    throw e;
                }
            });
            // Pods never attempted will not be observed: stop expecting them.
            for (int i = 0; i < count - result.successes(); i++) {
                expectations().creationObserved(key);
            }
            if (result.error() != null) {
                throw result.error();
            }
        } else if (diff > 0) {
            int count = Math.min(diff, ReplicaSetController.BURST_REPLICAS);
            List<Pod> related = indirectlyRelatedPods(rs);
            List<Pod> toDelete = podsToDelete(filteredPods, related, count, api().now());
            List<String> keys = new ArrayList<>();
            for (Pod p : toDelete) {
                keys.add(Pods.key(p));
            }
            expectations().expectDeletions(key, keys);
            RuntimeException first = null;
            for (Pod p : toDelete) {
                try {
                    podControl.deletePod(ns, p.getMetadata().getName(), rs);
                } catch (ApiException e) {
                    // The watch will not report this deletion.
                    expectations().deletionObserved(key, Pods.key(p));
                    if (e.code() != 404 && first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static boolean isNamespaceTerminating(ApiException e) {
        return e.code() == 403 && e.getMessage() != null && e.getMessage().contains("because it is being terminated");
    }

    /** The result of {@link #slowStartBatch}: how many calls succeeded, and the first error. */
    record BatchResult(int successes, RuntimeException error) {}

    /**
     * Calls {@code fn} {@code count} times in batches of 1, 2, 4, … ({@code slowStartBatch}). A
     * batch is run in full; after a batch with a failure the remaining batches are skipped. So 10
     * creations that all fail cost 1 call, not 10, and with a quota of 4 pods: batches 1, 2 and 4
     * run (the 4th call of the third batch fails along with the rest of it) and 3 are skipped.
     */
    static BatchResult slowStartBatch(int count, int initialBatchSize, Runnable fn) {
        int remaining = count;
        int successes = 0;
        for (int batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
            RuntimeException first = null;
            int errors = 0;
            for (int i = 0; i < batch; i++) {
                try {
                    fn.run();
                } catch (RuntimeException e) {
                    errors++;
                    if (first == null) {
                        first = e;
                    }
                }
            }
            successes += batch - errors;
            if (first != null) {
                return new BatchResult(successes, first);
            }
            remaining -= batch;
        }
        return new BatchResult(successes, null);
    }

    /**
     * The pods of every ReplicaSet with the same controller (the same Deployment), for the
     * "doubled up on a node" rank of the deletion order.
     */
    private List<Pod> indirectlyRelatedPods(ReplicaSet rs) {
        OwnerReference ref = OwnerRefs.controllerOf(rs);
        List<Pod> related = new ArrayList<>();
        if (ref == null) {
            return related;
        }
        Set<String> seen = new HashSet<>();
        String ns = rs.getMetadata().getNamespace();
        for (ReplicaSet other : api().store().<ReplicaSet>byIndex(ResourceTypes.REPLICASETS, Indexes.CONTROLLER, ref.getUid())) {
            if (isEmpty(other.getSpec().getSelector())) {
                continue;
            }
            List<Pod> pods = new ArrayList<>(api().store().<Pod>byIndex(ResourceTypes.PODS, Indexes.CONTROLLER, other.getMetadata().getUid()));
            pods.addAll(api().store().<Pod>byIndex(ResourceTypes.PODS, Indexes.CONTROLLER, Indexes.orphans(ns)));
            for (Pod p : pods) {
                if (Selectors.matches(other.getSpec().getSelector(), p.getMetadata().getLabels())
                        && seen.add(p.getMetadata().getUid())) {
                    related.add(p);
                }
            }
        }
        return related;
    }

    /** The {@code diff} pods to delete first ({@code getPodsToDelete}). */
    static List<Pod> podsToDelete(List<Pod> filtered, List<Pod> related, int diff, Instant now) {
        List<Pod> ordered = diff < filtered.size() ? Pods.rankForDeletion(filtered, related, now) : filtered;
        return new ArrayList<>(ordered.subList(0, Math.min(diff, ordered.size())));
    }

    static boolean isEmpty(LabelSelector s) {
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }
}
