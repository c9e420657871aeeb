package io.kubelab.engine.scheduler.framework;

/** Filter: may the pod run on this node? Success, or Unschedulable(AndUnresolvable) with the reasons. */
public interface FilterPlugin extends Plugin {
    Status filter(CycleState state, PodInfo pod, NodeInfo node);
}
