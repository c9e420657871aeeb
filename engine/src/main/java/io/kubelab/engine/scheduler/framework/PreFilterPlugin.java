package io.kubelab.engine.scheduler.framework;

/**
 * PreFilter: runs once per scheduling attempt before any Filter. It pre-computes what the Filter
 * needs into the {@link CycleState}, or answers {@link Status#SKIP} when the pod asks nothing of
 * this plugin (then its Filter is not run at all), or rejects the pod for every node.
 */
public interface PreFilterPlugin extends Plugin {
    Status preFilter(CycleState state, PodInfo pod);
}
