package io.kubelab.engine.scheduler.framework;

/**
 * The closed set of status codes a plugin may return, as {@code framework.Code} of kube-scheduler.
 * {@link #toString()} gives Kubernetes' spelling ({@code UnschedulableAndUnresolvable}).
 */
public enum Code {
    /** The plugin ran and the pod may go on (or the node fits). */
    SUCCESS("Success"),
    /** Something went wrong inside the plugin; the attempt is retried with backoff. */
    ERROR("Error"),
    /** The node does not fit now, but preemption (evicting lower-priority pods) could change that. */
    UNSCHEDULABLE("Unschedulable"),
    /** The node does not fit and preemption cannot help (a taint, a node selector, a missing label). */
    UNSCHEDULABLE_AND_UNRESOLVABLE("UnschedulableAndUnresolvable"),
    /** From PreFilter / PreScore: this plugin has nothing to check for this pod; its Filter / Score is not run. */
    SKIP("Skip");

    private final String kubernetesName;

    Code(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    @Override
    public String toString() {
        return kubernetesName;
    }
}
