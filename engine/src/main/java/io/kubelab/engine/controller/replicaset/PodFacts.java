package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.util.OwnerRefs;
import io.kubelab.engine.controller.util.Pods;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one ReplicaSet's sync asks of each of its pods — active? controlled by this ReplicaSet?
 * selected? fully labelled? ready? — remembered per stored pod version from one sync to the next.
 *
 * <p>Why: a ReplicaSet is synced after nearly every change of one of its pods, and each sync asks
 * these questions of all its pods (upstream does the same: {@code claimPods}, then
 * {@code calculateStatus}). Each answer reads a different part of the pod (owner references,
 * labels, phase, the Ready condition): with 150,000 pods those are cache misses, and at the full
 * size they were ~9 % of the engine's time — 100 pods read again for the one that changed.
 *
 * <p>Exact because stored objects never change (the store's rule): an answer is reused only for
 * the very same pod object (by identity), and only while the ReplicaSet's spec is the very same
 * object and its uid the same (selector and template labels come from the spec; a status write
 * shares the stored spec, a spec update brings a new one). The pods come in the store's index order
 * (by name), so a walk of the previous sync's list in step finds each unchanged pod at once; a pod
 * not found there is simply asked again. Engine thread only.
 */
final class PodFacts {
    static final int ACTIVE = 1;
    /** Its controller reference names this ReplicaSet's uid. */
    static final int OWNED = 2;
    /** Another controller's (or a reference to another uid): not ours to claim or release. */
    static final int OTHERS = 4;
    static final int SELECTED = 8;
    /** Carries every label of the ReplicaSet's pod template ({@code fullyLabeledReplicas}). */
    static final int FULLY_LABELED = 16;
    static final int READY = 32;

    private Object spec;
    private String uid;
    private Pod[] pods = new Pod[0];
    private byte[] facts = new byte[0];
    private int count;
    /** The other pair of arrays, written by the next call (the previous answers are read meanwhile). */
    private Pod[] sparePods = new Pod[0];
    private byte[] spareFacts = new byte[0];

    /** The answers for {@code candidates}, in their order; the array is valid until the next call. */
    byte[] of(ReplicaSet rs, List<Pod> candidates) {
        boolean reusable = rs.getSpec() == spec && Objects.equals(rs.getMetadata().getUid(), uid);
        spec = rs.getSpec();
        uid = rs.getMetadata().getUid();
        int n = candidates.size();
        Pod[] nextPods = sparePods.length >= n ? sparePods : new Pod[n + n / 2];
        byte[] nextFacts = spareFacts.length >= n ? spareFacts : new byte[n + n / 2];
        int j = 0;
        for (int i = 0; i < n; i++) {
            Pod p = candidates.get(i);
            byte f;
            if (reusable && j < count && pods[j] == p) {
                f = facts[j++];
            } else if (reusable && j + 1 < count && pods[j + 1] == p) {
                // The pod before it is gone.
                f = facts[j + 1];
                j += 2;
            } else {
                f = compute(rs, p);
                // Its previous version, if it sits here, is passed; a new pod (nothing of its name
                // here) leaves the walk where it is.
                if (j < count && pods[j].getMetadata().getName().equals(p.getMetadata().getName())) {
                    j++;
                }
            }
            nextPods[i] = p;
            nextFacts[i] = f;
        }
        // Let go of pods this array held beyond the new count (from two syncs ago).
        java.util.Arrays.fill(nextPods, n, nextPods.length, null);
        sparePods = pods;
        spareFacts = facts;
        pods = nextPods;
        facts = nextFacts;
        count = n;
        return nextFacts;
    }

    /** The answers for one pod, asked afresh (what {@link #of} reuses). */
    static byte compute(ReplicaSet rs, Pod p) {
        int f = 0;
        if (Pods.isActive(p)) {
            f |= ACTIVE;
        }
        OwnerReference ref = OwnerRefs.controllerOf(p);
        if (ref != null) {
            f |= Objects.equals(ref.getUid(), rs.getMetadata().getUid()) ? OWNED : OTHERS;
        }
        LabelSelector selector = rs.getSpec().getSelector();
        Map<String, String> labels = p.getMetadata().getLabels();
        if (Selectors.matches(selector, labels)) {
            f |= SELECTED;
        }
        if (ReplicaSetStatuses.hasAll(labels, templateLabels(rs))) {
            f |= FULLY_LABELED;
        }
        if (Pods.isReady(p)) {
            f |= READY;
        }
        return (byte) f;
    }

    static Map<String, String> templateLabels(ReplicaSet rs) {
        return rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getMetadata() == null ? null
                : rs.getSpec().getTemplate().getMetadata().getLabels();
    }
}
