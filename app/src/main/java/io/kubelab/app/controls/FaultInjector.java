package io.kubelab.app.controls;

/**
 * Faults a trainer injects from the UI to show how the cluster heals. Every method runs on the
 * engine thread (the UI calls them through {@code ClusterSession.submit}) and throws an exception
 * whose message is shown to the user when the fault cannot be injected.
 */
public interface FaultInjector {
    /** {@code kubectl delete pod}: graceful, as the API server does it. */
    void deletePod(String namespace, String name);

    /** Powers a node off: its kubelet stops reporting and its containers stop. */
    void stopNode(String node);

    /** Powers a stopped (or cut off) node back on. */
    void startNode(String node);

    /** Cuts a node off the network: its kubelet cannot reach the API server, its containers keep running. */
    void partitionNode(String node);

    /** Stops {@code scheduler} or {@code controller-manager} (every controller). */
    void stopComponent(String component);

    void startComponent(String component);
}
