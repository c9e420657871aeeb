package io.kubelab.engine.controller.deployment.util;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.kubelab.engine.api.RolloutMath;
import io.kubelab.engine.model.Kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The pure helpers of {@code pkg/controller/deployment/util/deployment_util.go}: annotations and
 * revisions, conditions, replica arithmetic, the new/old ReplicaSet split, proportions. Nothing
 * here reads the store or the clock: time comes in as an argument.
 */
public final class DeploymentUtil {
    private DeploymentUtil() {}

    /** The label that tells a Deployment's ReplicaSets (and their pods) apart. */
    public static final String DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = "pod-template-hash";

    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
    /** Written by the old extensions/v1beta1 {@code rollback} subresource; still honoured. */
    public static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";
    public static final String LAST_APPLIED_CONFIG_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    /** {@code revision-history} is kept under this many characters (about 100 revisions). */
    public static final int MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String REPLICA_FAILURE = "ReplicaFailure";

    // Progressing reasons.
    public static final String REPLICA_SET_UPDATED_REASON = "ReplicaSetUpdated";
    public static final String FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";
    public static final String NEW_REPLICA_SET_REASON = "NewReplicaSetCreated";
    public static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    public static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    public static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    public static final String PAUSED_DEPLOY_REASON = "DeploymentPaused";
    public static final String RESUMED_DEPLOY_REASON = "DeploymentResumed";
    // Available reasons.
    public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";
    // Rollback event reasons.
    public static final String ROLLBACK_REVISION_NOT_FOUND = "DeploymentRollbackRevisionNotFound";
    public static final String ROLLBACK_TEMPLATE_UNCHANGED = "DeploymentRollbackTemplateUnchanged";
    public static final String ROLLBACK_DONE = "DeploymentRollback";

    /** Deployment annotations that are not copied to its ReplicaSets (and back on rollback). */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(LAST_APPLIED_CONFIG_ANNOTATION, REVISION_ANNOTATION,
            REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO);

    // ---- small accessors -----------------------------------------------------------------

    /** {@code *(d.Spec.Replicas)} (defaulted to 1 by the API). */
    public static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    public static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    /** A status count, absent meaning 0. */
    public static int n(Integer v) {
        return v == null ? 0 : v;
    }

    public static long n(Long v) {
        return v == null ? 0 : v;
    }

    /** How a count is stored: the API server leaves zero counts out ({@code omitempty}). */
    public static Integer omitZero(int v) {
        return v == 0 ? null : v;
    }

    public static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : n(rs.getStatus().getReplicas());
    }

    public static int availableReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : n(rs.getStatus().getAvailableReplicas());
    }

    public static int readyReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : n(rs.getStatus().getReadyReplicas());
    }

    public static Map<String, String> annotations(ReplicaSet rs) {
        return rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations();
    }

    // ---- conditions ----------------------------------------------------------------------

    /** A new condition whose lastUpdateTime and lastTransitionTime are both {@code now}. */
    public static DeploymentCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String t = Kube.timestamp(now);
        return new DeploymentCondition(t, t, message, reason, status, type);
    }

    public static DeploymentCondition condition(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        for (DeploymentCondition c : status.getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /**
     * {@code SetDeploymentCondition}: adds or replaces the condition of that type. A condition with
     * the same status and reason is left alone; with the same status, lastTransitionTime is kept.
     * The new condition goes last (so a finished rollout lists Available, then Progressing).
     */
    public static void setCondition(DeploymentStatus status, DeploymentCondition c) {
        DeploymentCondition current = condition(status, c.getType());
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())
                && Objects.equals(current.getReason(), c.getReason())) {
            return;
        }
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())) {
            c.setLastTransitionTime(current.getLastTransitionTime());
        }
        List<DeploymentCondition> list = filterOut(status.getConditions(), c.getType());
        list.add(c);
        status.setConditions(list);
    }

    public static void removeCondition(DeploymentStatus status, String type) {
        status.setConditions(filterOut(status.getConditions(), type));
    }

    private static List<DeploymentCondition> filterOut(List<DeploymentCondition> conditions, String type) {
        List<DeploymentCondition> out = new ArrayList<>();
        if (conditions != null) {
            for (DeploymentCondition c : conditions) {
                if (!type.equals(c.getType())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** A ReplicaSet's ReplicaFailure promoted to the Deployment ({@code ReplicaSetToDeploymentCondition}). */
    public static DeploymentCondition fromReplicaSetCondition(ReplicaSetCondition c) {
        return new DeploymentCondition(c.getLastTransitionTime(), c.getLastTransitionTime(), c.getMessage(),
                c.getReason(), c.getStatus(), c.getType());
    }

    // ---- revisions and annotations -------------------------------------------------------

    /** Sets the Deployment's revision annotation; returns whether it changed. */
    public static boolean setDeploymentRevision(Deployment d, String revision) {
        if (revision == null) {
            return false;
        }
        Map<String, String> a = mutableAnnotations(d.getMetadata());
        if (!Objects.equals(a.get(REVISION_ANNOTATION), revision)) {
            a.put(REVISION_ANNOTATION, revision);
            return true;
        }
        return false;
    }

    /** The revision of a ReplicaSet; 0 when absent; {@code null} when not a number. */
    public static Long revision(ReplicaSet rs) {
        String v = annotations(rs).get(REVISION_ANNOTATION);
        if (v == null) {
            return 0L;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The highest revision among these ReplicaSets (unparsable ones skipped). */
    public static long maxRevision(List<ReplicaSet> rss) {
        long max = 0;
        for (ReplicaSet rs : rss) {
            Long v = rs == null ? null : revision(rs);
            if (v != null && v > max) {
                max = v;
            }
        }
        return max;
    }

    /** The second highest revision: the one {@code rollout undo} without {@code --to-revision} goes back to. */
    public static long lastRevision(List<ReplicaSet> rss) {
        long max = 0;
        long second = 0;
        for (ReplicaSet rs : rss) {
            Long v = rs == null ? null : revision(rs);
            if (v == null) {
                continue;
            }
            if (v >= max) {
                second = max;
                max = v;
            } else if (v > second) {
                second = v;
            }
        }
        return second;
    }

    /**
     * {@code SetNewReplicaSetAnnotations}: copies the Deployment's annotations (all but the skipped
     * ones), raises the revision to {@code newRevision} when it is lower, keeping the old revision
     * in {@code revision-history} (a ReplicaSet brought back by a rollback: revision 1 becomes 3,
     * history "1"), and on creation sets desired-replicas and max-replicas.
     *
     * @return whether an annotation changed
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists,
                                                      int revHistoryLimitInChars) {
        boolean changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
        Map<String, String> a = mutableAnnotations(rs.getMetadata());
        String oldRevision = a.get(REVISION_ANNOTATION);
        long oldInt;
        if (oldRevision == null || oldRevision.isEmpty()) {
            oldInt = 0;
        } else {
            try {
                oldInt = Long.parseLong(oldRevision);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        long newInt;
        try {
            newInt = Long.parseLong(newRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        if (oldInt < newInt) {
            a.put(REVISION_ANNOTATION, newRevision);
            changed = true;
        }
        if (oldRevision != null && oldInt < newInt) {
            String history = a.getOrDefault(REVISION_HISTORY_ANNOTATION, "");
            if (history.isEmpty()) {
                a.put(REVISION_HISTORY_ANNOTATION, oldRevision);
            } else {
                List<String> old = new ArrayList<>(List.of(history.split(",", -1)));
                int total = history.length() + oldRevision.length() + 1;
                int start = 0;
                while (total > revHistoryLimitInChars && start < old.size()) {
                    total -= old.get(start).length() + 1;
                    start++;
                }
                if (total <= revHistoryLimitInChars) {
                    List<String> kept = new ArrayList<>(old.subList(start, old.size()));
                    kept.add(oldRevision);
                    a.put(REVISION_HISTORY_ANNOTATION, String.join(",", kept));
                }
            }
        }
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    static boolean copyDeploymentAnnotationsToReplicaSet(Deployment d, ReplicaSet rs) {
        boolean changed = false;
        Map<String, String> a = mutableAnnotations(rs.getMetadata());
        Map<String, String> da = d.getMetadata().getAnnotations();
        if (da == null) {
            return false;
        }
        for (Map.Entry<String, String> e : da.entrySet()) {
            if (ANNOTATIONS_TO_SKIP.contains(e.getKey())
                    || (a.containsKey(e.getKey()) && Objects.equals(a.get(e.getKey()), e.getValue()))) {
                continue;
            }
            a.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /**
     * {@code SetDeploymentAnnotationsTo}: on rollback the Deployment takes the annotations of the
     * ReplicaSet it goes back to (e.g. its {@code kubernetes.io/change-cause}), keeping its own
     * skipped ones.
     */
    public static void setDeploymentAnnotationsTo(Deployment d, ReplicaSet rollbackTo) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (d.getMetadata().getAnnotations() != null) {
            d.getMetadata().getAnnotations().forEach((k, v) -> {
                if (ANNOTATIONS_TO_SKIP.contains(k)) {
                    kept.put(k, v);
                }
            });
        }
        annotations(rollbackTo).forEach((k, v) -> {
            if (!ANNOTATIONS_TO_SKIP.contains(k)) {
                kept.put(k, v);
            }
        });
        d.getMetadata().setAnnotations(kept);
    }

    /** Sets desired-replicas and max-replicas; returns whether either changed. */
    public static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = mutableAnnotations(rs.getMetadata());
        boolean changed = false;
        if (!Integer.toString(desired).equals(a.get(DESIRED_REPLICAS_ANNOTATION))) {
            a.put(DESIRED_REPLICAS_ANNOTATION, Integer.toString(desired));
            changed = true;
        }
        if (!Integer.toString(max).equals(a.get(MAX_REPLICAS_ANNOTATION))) {
            a.put(MAX_REPLICAS_ANNOTATION, Integer.toString(max));
            changed = true;
        }
        return changed;
    }

    public static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = annotations(rs);
        return !Integer.toString(desired).equals(a.get(DESIRED_REPLICAS_ANNOTATION))
                || !Integer.toString(max).equals(a.get(MAX_REPLICAS_ANNOTATION));
    }

    /** An integer annotation, or {@code null} when absent or not a number. */
    public static Integer intAnnotation(ReplicaSet rs, String key) {
        String v = annotations(rs).get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> mutableAnnotations(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        Map<String, String> a = meta.getAnnotations();
        if (a == null) {
            a = new LinkedHashMap<>();
            meta.setAnnotations(a);
        } else if (!(a instanceof LinkedHashMap) && !(a instanceof java.util.HashMap)) {
            a = new LinkedHashMap<>(a);
            meta.setAnnotations(a);
        }
        return a;
    }

    // ---- rollout arithmetic --------------------------------------------------------------

    public static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() != null && "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    private static RollingUpdateDeployment rollingUpdate(Deployment d) {
        RollingUpdateDeployment ru = d.getSpec().getStrategy().getRollingUpdate();
        return ru == null ? new RollingUpdateDeployment() : ru;
    }

    /** Surge pods allowed (0 unless RollingUpdate). */
    public static int maxSurge(Deployment d) {
        if (!isRollingUpdate(d)) {
            return 0;
        }
        RollingUpdateDeployment ru = rollingUpdate(d);
        return RolloutMath.fenceposts(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas(d))[0];
    }

    /** Pods that may be unavailable (0 unless RollingUpdate; never more than the replicas). */
    public static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        RollingUpdateDeployment ru = rollingUpdate(d);
        int u = RolloutMath.fenceposts(ru.getMaxSurge(), ru.getMaxUnavailable(), replicas(d))[1];
        return Math.min(u, replicas(d));
    }

    /** {@code MinAvailable}: replicas - maxUnavailable (0 unless RollingUpdate). */
    public static int minAvailable(Deployment d) {
        return isRollingUpdate(d) ? replicas(d) - maxUnavailable(d) : 0;
    }

    /**
     * {@code NewRSNewReplicas}: how big the new ReplicaSet may be now. RollingUpdate: grow it as far as
     * replicas + maxSurge allows, counting every ReplicaSet's <em>desired</em> replicas, but never
     * beyond the Deployment's replicas. Worked example (10 replicas, maxSurge 3): old at 10, new at 0
     * → new may go to 3; old at 8, new at 3 → to 5; old at 10, new at 3 → stays 3. Recreate: all at once.
     */
    public static int newRSNewReplicas(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (isRollingUpdate(d)) {
            int surge = RolloutMath.scaled(rollingUpdate(d).getMaxSurge(), replicas(d), true);
            int current = replicaCount(allRSs);
            int maxTotal = replicas(d) + surge;
            if (current >= maxTotal) {
                return replicas(newRS);
            }
            int scaleUp = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
            return replicas(newRS) + scaleUp;
        }
        if (d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType())) {
            return replicas(d);
        }
        throw new IllegalArgumentException("deployment type " + (d.getSpec().getStrategy() == null ? null
                : d.getSpec().getStrategy().getType()) + " isn't supported");
    }

    /**
     * {@code IsSaturated}: the new ReplicaSet has all the Deployment's replicas, knows it (its
     * desired-replicas annotation agrees), and all of them are available.
     */
    public static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
        if (desired == null) {
            return false;
        }
        return replicas(rs) == replicas(d) && desired == replicas(d) && availableReplicas(rs) == replicas(d);
    }

    /** Sum of desired replicas. */
    public static int replicaCount(List<ReplicaSet> rss) {
        int total = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                total += replicas(rs);
            }
        }
        return total;
    }

    /** Sum of {@code status.replicas} (the pods that exist). */
    public static int actualReplicaCount(List<ReplicaSet> rss) {
        int total = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                total += statusReplicas(rs);
            }
        }
        return total;
    }

    public static int readyReplicaCount(List<ReplicaSet> rss) {
        int total = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                total += readyReplicas(rs);
            }
        }
        return total;
    }

    public static int availableReplicaCount(List<ReplicaSet> rss) {
        int total = 0;
        for (ReplicaSet rs : rss) {
            if (rs != null) {
                total += availableReplicas(rs);
            }
        }
        return total;
    }

    /**
     * {@code GetProportion}: how many of the replicas being added (or removed, when negative) this
     * ReplicaSet takes, bounded by what is left to distribute.
     */
    public static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = replicaSetFraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /**
     * {@code getReplicaSetFraction}: the ReplicaSet's share of the new size, in proportion to its
     * share of the old one (the max-replicas annotation). Worked example from the docs: 10
     * replicas, maxSurge 3, mid-rollout old 8 and new 5 (max-replicas 13), scaled to 15 (new max
     * 18): old gets round(8 × 18 / 13) − 8 = 3, new gets round(5 × 18 / 13) − 5 = 2.
     */
    static int replicaSetFraction(ReplicaSet rs, Deployment d) {
        if (replicas(d) == 0) {
            return -replicas(rs);
        }
        int deploymentReplicas = replicas(d) + maxSurge(d);
        Integer annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
        if (annotated == null) {
            annotated = d.getStatus() == null ? 0 : n(d.getStatus().getReplicas());
        }
        if (annotated <= 0) {
            return 0; // nothing to be proportional to; the leftover goes to the largest ReplicaSet
        }
        double newSize = (double) (replicas(rs) * deploymentReplicas) / annotated;
        return (int) roundHalfAwayFromZero(newSize) - replicas(rs);
    }

    /** Go's {@code math.Round}. */
    static long roundHalfAwayFromZero(double v) {
        return v < 0 ? -Math.round(-v) : Math.round(v);
    }

    // ---- new and old ReplicaSets ---------------------------------------------------------

    /** Oldest first; ties by name ({@code ReplicaSetsByCreationTimestamp}). */
    public static final Comparator<ReplicaSet> BY_CREATION_TIMESTAMP = (a, b) -> {
        Instant ta = Kube.parseTimestamp(a.getMetadata().getCreationTimestamp());
        Instant tb = Kube.parseTimestamp(b.getMetadata().getCreationTimestamp());
        if (Objects.equals(ta, tb)) {
            return a.getMetadata().getName().compareTo(b.getMetadata().getName());
        }
        if (ta == null) {
            return -1;
        }
        if (tb == null) {
            return 1;
        }
        return ta.compareTo(tb);
    };

    /** Larger first; same size: older first ({@code ReplicaSetsBySizeOlder}, for scaling down). */
    public static final Comparator<ReplicaSet> BY_SIZE_OLDER = (a, b) -> replicas(a) != replicas(b)
            ? Integer.compare(replicas(b), replicas(a)) : BY_CREATION_TIMESTAMP.compare(a, b);

    /** Larger first; same size: newer first ({@code ReplicaSetsBySizeNewer}, for scaling up). */
    public static final Comparator<ReplicaSet> BY_SIZE_NEWER = (a, b) -> replicas(a) != replicas(b)
            ? Integer.compare(replicas(b), replicas(a)) : BY_CREATION_TIMESTAMP.compare(b, a);

    /** By revision; unparsable or equal revisions by creation ({@code ReplicaSetsByRevision}). */
    public static final Comparator<ReplicaSet> BY_REVISION = (a, b) -> {
        Long ra = revision(a);
        Long rb = revision(b);
        if (ra == null || rb == null || ra.equals(rb)) {
            return BY_CREATION_TIMESTAMP.compare(a, b);
        }
        return Long.compare(ra, rb);
    };

    /** The ReplicaSets with desired replicas above 0 ({@code FilterActiveReplicaSets}). */
    public static List<ReplicaSet> active(List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            if (rs != null && replicas(rs) > 0) {
                out.add(rs);
            }
        }
        return out;
    }

    /**
     * {@code FindNewReplicaSet}: the ReplicaSet whose template equals the Deployment's (ignoring the
     * hash label); the oldest one should there be several.
     */
    public static ReplicaSet findNewReplicaSet(Deployment d, List<ReplicaSet> rsList) {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(BY_CREATION_TIMESTAMP);
        com.fasterxml.jackson.databind.JsonNode template = PodTemplateHash.semanticIgnoreHash(d.getSpec().getTemplate());
        for (ReplicaSet rs : sorted) {
            if (PodTemplateHash.semanticIgnoreHash(rs.getSpec().getTemplate()).equals(template)) {
                return rs;
            }
        }
        return null;
    }

    /** Every ReplicaSet but the new one ({@code FindOldReplicaSets}' second result). */
    public static List<ReplicaSet> findOldReplicaSets(Deployment d, List<ReplicaSet> rsList) {
        ReplicaSet newRS = findNewReplicaSet(d, rsList);
        List<ReplicaSet> all = new ArrayList<>();
        for (ReplicaSet rs : rsList) {
            if (newRS != null && Objects.equals(rs.getMetadata().getUid(), newRS.getMetadata().getUid())) {
                continue;
            }
            all.add(rs);
        }
        return all;
    }

    /**
     * {@code FindActiveOrLatest}: the only ReplicaSet with replicas, or the newest when none has
     * any; {@code null} when several have (then they scale proportionally).
     */
    public static ReplicaSet findActiveOrLatest(ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        if (newRS == null && oldRSs.isEmpty()) {
            return null;
        }
        List<ReplicaSet> sorted = new ArrayList<>(oldRSs);
        sorted.sort(BY_CREATION_TIMESTAMP.reversed());
        List<ReplicaSet> all = new ArrayList<>(sorted);
        all.add(newRS);
        List<ReplicaSet> active = active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : sorted.get(0);
            case 1 -> active.get(0);
            default -> null;
        };
    }

    // ---- progress ------------------------------------------------------------------------

    public static boolean hasProgressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    public static boolean hasRevisionHistoryLimit(Deployment d) {
        Integer l = d.getSpec().getRevisionHistoryLimit();
        return l != null && l != Integer.MAX_VALUE;
    }

    /**
     * {@code DeploymentComplete}: every desired replica is updated and available, no old pod is
     * left, and the status is of the current generation.
     */
    public static boolean deploymentComplete(Deployment d, DeploymentStatus s) {
        int r = replicas(d);
        return n(s.getUpdatedReplicas()) == r && n(s.getReplicas()) == r && n(s.getAvailableReplicas()) == r
                && n(s.getObservedGeneration()) >= n(d.getMetadata().getGeneration());
    }

    /**
     * {@code DeploymentProgressing}: compared with the Deployment's current status, more pods are
     * updated, ready or available, or fewer old pods are left.
     */
    public static boolean deploymentProgressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /**
     * {@code DeploymentTimedOut}: the Progressing condition was last updated more than
     * progressDeadlineSeconds ago (600 s by default: updated at 12:00:00, timed out from 12:10:01),
     * or already says ProgressDeadlineExceeded. A finished rollout never times out.
     */
    public static boolean deploymentTimedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = condition(s, PROGRESSING);
        if (c == null) {
            return false;
        }
        if (NEW_RS_AVAILABLE_REASON.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT_REASON.equals(c.getReason())) {
            return true;
        }
        Instant from = Kube.parseTimestamp(c.getLastUpdateTime());
        return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }
}
