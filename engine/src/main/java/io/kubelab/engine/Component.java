package io.kubelab.engine;

/**
 * A part of the cluster that does work on the engine thread: a controller of the controller
 * manager, the scheduler, a kubelet, kube-proxy. The cluster starts each once and then calls
 * {@link #drain()} whenever something may have changed, until no component has work left.
 */
public interface Component {
    /** The name the UI and the fault injector use ({@code deployment-controller}, {@code kubelet/minikube-m02}). */
    String name();

    /** Registers watches and timers. Called once, on the engine thread. */
    void start(ClusterContext context);

    /**
     * Does the work that is waiting (sync queued keys). Engine thread only.
     *
     * @return whether any work was done (the cluster drains again until nobody has work)
     */
    boolean drain();
}
