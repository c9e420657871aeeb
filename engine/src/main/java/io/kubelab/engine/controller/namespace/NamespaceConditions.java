package io.kubelab.engine.controller.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The conditions the namespace deleter keeps on a terminating namespace
 * ({@code deletion/status_condition_utils.go}): each of the five types is present, False with its
 * "all is well" reason unless something is wrong. Worked example, one bound pod still terminating
 * and a Deployment held by the {@code foregroundDeletion} finalizer:
 *
 * <pre>
 *   NamespaceContentRemaining     True  SomeResourcesRemain   Some resources are remaining: deployments.apps has 1 resource instances, pods. has 1 resource instances
 *   NamespaceFinalizersRemaining  True  SomeFinalizersRemain  Some content in the namespace has finalizers remaining: foregroundDeletion in 1 resource instances
 * </pre>
 *
 * (the core group is empty, hence {@code pods.}).
 */
final class NamespaceConditions {
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GV_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private static final List<String> TYPES = List.of(DISCOVERY_FAILURE, GV_PARSING_FAILURE, CONTENT_FAILURE,
            CONTENT_REMAINING, FINALIZERS_REMAINING);
    private static final Map<String, String[]> OK = Map.of(
            DISCOVERY_FAILURE, new String[] {"ResourcesDiscovered", "All resources successfully discovered"},
            GV_PARSING_FAILURE, new String[] {"ParsedGroupVersions", "All legacy kube types successfully parsed"},
            CONTENT_FAILURE, new String[] {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
            CONTENT_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"},
            FINALIZERS_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"});

    private final List<NamespaceCondition> failing = new ArrayList<>();
    private final List<String> deleteErrors = new ArrayList<>();

    /** {@code ProcessContentTotals}: what is left, per resource ({@code pods.}) and per finalizer. */
    void contentTotals(Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer) {
        List<String> resources = new ArrayList<>();
        new TreeMap<>(remainingByResource).forEach((r, n) -> {
            if (n > 0) {
                resources.add(r + " has " + n + " resource instances");
            }
        });
        if (!resources.isEmpty()) {
            failing.add(condition(CONTENT_REMAINING, "True", "SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", resources)));
        }
        List<String> finalizers = new ArrayList<>();
        new TreeMap<>(remainingByFinalizer).forEach((f, n) -> {
            if (n > 0) {
                finalizers.add(f + " in " + n + " resource instances");
            }
        });
        if (!finalizers.isEmpty()) {
            failing.add(condition(FINALIZERS_REMAINING, "True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers)));
        }
    }

    void deleteContentError(String message) {
        deleteErrors.add(message);
    }

    /**
     * Writes the conditions into {@code status} (a private copy); a condition's transition time
     * moves only when its status flips.
     *
     * @return whether anything changed
     */
    boolean update(NamespaceStatus status, String now) {
        if (!deleteErrors.isEmpty()) {
            List<String> sorted = new ArrayList<>(deleteErrors);
            sorted.sort(null);
            failing.add(condition(CONTENT_FAILURE, "True", "ContentDeletionFailed",
                    "Failed to delete all resource types, " + sorted.size() + " remaining: " + String.join(", ", sorted)));
        }
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        boolean changed = false;
        for (String type : TYPES) {
            NamespaceCondition want = failing.stream().filter(c -> c.getType().equals(type)).findFirst()
                    .orElseGet(() -> condition(type, "False", OK.get(type)[0], OK.get(type)[1]));
            NamespaceCondition old = status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
            if (old == null) {
                want.setLastTransitionTime(now);
                status.getConditions().add(want);
                changed = true;
            } else if (!Objects.equals(old.getStatus(), want.getStatus()) || !Objects.equals(old.getReason(), want.getReason())
                    || !Objects.equals(old.getMessage(), want.getMessage())) {
                if (!Objects.equals(old.getStatus(), want.getStatus())) {
                    old.setLastTransitionTime(now);
                }
                old.setStatus(want.getStatus());
                old.setReason(want.getReason());
                old.setMessage(want.getMessage());
                changed = true;
            }
        }
        return changed;
    }

    private static NamespaceCondition condition(String type, String status, String reason, String message) {
        NamespaceCondition c = new NamespaceCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }
}
