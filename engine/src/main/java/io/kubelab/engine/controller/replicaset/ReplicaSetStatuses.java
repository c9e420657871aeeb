package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.util.Pods;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The status of a ReplicaSet ({@code replica_set_utils.go}). Counts are written the way the API
 * server serializes them: {@code replicas} always, the other counts and {@code observedGeneration}
 * left out when zero ({@code omitempty}), so {@code kubectl get rs x -o yaml} of a ReplicaSet
 * scaled to 0 shows {@code status: {observedGeneration: 3, replicas: 0}} as on a real cluster.
 */
public final class ReplicaSetStatuses {
    private ReplicaSetStatuses() {}

    public static final String REPLICA_FAILURE = "ReplicaFailure";

    /** {@code calculateStatus}: counts over the pods the ReplicaSet owns, and its failure condition. */
    public static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> filteredPods, RuntimeException manageError,
                                             Instant now) {
        ReplicaSetStatus status = rs.getStatus() == null ? new ReplicaSetStatus() : Kube.copy(rs.getStatus());
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null ? null
                : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : filteredPods) {
            if (hasAll(p.getMetadata().getLabels(), templateLabels)) {
                fullyLabeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                // Ready already: available at once without minReadySeconds (IsPodAvailable).
                if (minReady == 0 || Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        ReplicaSetCondition failure = condition(status, REPLICA_FAILURE);
        if (manageError != null && failure == null) {
            int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            int diff = filteredPods.size() - replicas;
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            ReplicaSetCondition c = new ReplicaSetCondition(Kube.timestamp(now), manageError.getMessage(), reason,
                    "True", REPLICA_FAILURE);
            setCondition(status, c);
        } else if (manageError == null && failure != null) {
            removeCondition(status, REPLICA_FAILURE);
        }
        status.setReplicas(filteredPods.size());
        status.setFullyLabeledReplicas(omitZero(fullyLabeled));
        status.setReadyReplicas(omitZero(ready));
        status.setAvailableReplicas(omitZero(available));
        return status;
    }

    /**
     * {@code updateReplicaSetStatus}: writes the status unless nothing changed and the generation
     * has been observed; retries once on a conflict with a fresh read.
     *
     * @param rs the ReplicaSet as read (not modified: the write carries a shallow copy)
     * @return the ReplicaSet as stored afterwards (the store's object: read only)
     */
    public static ReplicaSet update(KubeApi api, ReplicaSet rs, ReplicaSetStatus newStatus) {
        ReplicaSetStatus old = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
        if (n(old.getReplicas()) == n(newStatus.getReplicas())
                && n(old.getFullyLabeledReplicas()) == n(newStatus.getFullyLabeledReplicas())
                && n(old.getReadyReplicas()) == n(newStatus.getReadyReplicas())
                && n(old.getAvailableReplicas()) == n(newStatus.getAvailableReplicas())
                && generation == (old.getObservedGeneration() == null ? 0 : old.getObservedGeneration())
                && Objects.equals(conditions(old), conditions(newStatus))) {
            return rs;
        }
        newStatus.setObservedGeneration(generation == 0 ? null : generation);
        // UpdateStatus keeps only the status of what it is given (and sets apiVersion and kind on
        // it): a shallow copy with a copied metadata is all it needs, not a deep copy of the pod template.
        ReplicaSet target = Kube.shallowCopy(rs);
        for (int attempt = 0; ; attempt++) {
            target.setStatus(newStatus);
            try {
                return api.updateStatus(target);
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 1) {
                    throw e;
                }
                target = Kube.shallowCopy(api.<ReplicaSet>get(ResourceTypes.REPLICASETS, rs.getMetadata().getNamespace(),
                        rs.getMetadata().getName()));
            }
        }
    }

    private static boolean hasAll(Map<String, String> labels, Map<String, String> required) {
        if (required == null) {
            return true;
        }
        for (Map.Entry<String, String> e : required.entrySet()) {
            if (labels == null || !e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public static ReplicaSetCondition condition(ReplicaSetStatus status, String type) {
        if (status.getConditions() == null) {
            return null;
        }
        for (ReplicaSetCondition c : status.getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** Adds or replaces a condition; one with the same status and reason is left as it is. */
    static void setCondition(ReplicaSetStatus status, ReplicaSetCondition c) {
        ReplicaSetCondition current = condition(status, c.getType());
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())
                && Objects.equals(current.getReason(), c.getReason())) {
            return;
        }
        List<ReplicaSetCondition> list = new ArrayList<>(conditions(status));
        list.removeIf(x -> c.getType().equals(x.getType()));
        list.add(c);
        status.setConditions(list);
    }

    static void removeCondition(ReplicaSetStatus status, String type) {
        List<ReplicaSetCondition> list = new ArrayList<>(conditions(status));
        list.removeIf(x -> type.equals(x.getType()));
        status.setConditions(list);
    }

    private static List<ReplicaSetCondition> conditions(ReplicaSetStatus s) {
        return s.getConditions() == null ? List.of() : s.getConditions();
    }

    static int n(Integer v) {
        return v == null ? 0 : v;
    }

    static Integer omitZero(int v) {
        return v == 0 ? null : v;
    }
}
