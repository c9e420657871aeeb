package io.kubelab.engine.scheduler.framework;

import java.util.List;

/**
 * The result of running a plugin: a {@link Code} and the reasons a person reads
 * ({@code Insufficient cpu}, {@code node(s) had untolerated taint {key: value}}). Immutable.
 *
 * @param code    what happened
 * @param reasons why, in Kubernetes' words; empty for success and skip
 */
public record Status(Code code, List<String> reasons) {
    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of());
    public static final Status SKIP = new Status(Code.SKIP, List.of());

    public Status {
        reasons = List.copyOf(reasons);
    }

    /** Does not fit now; preemption might help. */
    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons));
    }

    /** Does not fit and preemption cannot help. */
    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons));
    }

    public static Status error(String message) {
        return new Status(Code.ERROR, List.of(message));
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or UnschedulableAndUnresolvable: the node was rejected. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined as {@code Status.Message()} joins them. */
    public String message() {
        return String.join(", ", reasons);
    }
}
