package io.kubelab.engine.proxy;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.HttpResult;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * kube-proxy's side of the cluster network: the Service rules (ClusterIP:port and NodePort →
 * ready endpoints) and a way to send traffic through them, as {@code curl} does from a node
 * ({@code minikube ssh}) or from the host. Implemented in simulation by {@link SimServiceProxy};
 * the real implementation (iptables in the node's network namespace) belongs to linux-runtime.
 *
 * <p>Threading: called on the engine thread; the future may complete on another thread (the real
 * implementation runs {@code curl}). Traffic listeners are called on the engine thread.
 */
public interface ServiceProxy {

    /**
     * Sends an HTTP request.
     *
     * @param fromNode the node it is sent from ({@code minikube}), or {@code null} for the host
     *                 machine outside the cluster (which reaches node IPs only)
     * @param host     the destination address: a ClusterIP, a node IP, {@code localhost} (the
     *                 sending node), a pod IP
     */
    CompletableFuture<Routed> http(String fromNode, String host, int port, String method, String path, String userAgent);

    /** The current rules, one per Service port (for the UI's service view). */
    List<ServiceTable.Entry> rules();

    /** Every request (answered or not) as it happens. */
    ContainerRuntime.Subscription subscribe(Consumer<TrafficEvent> listener);

    /** The cluster's kube-proxy ({@code kube-proxy}), if it has one. */
    static Optional<ServiceProxy> of(Cluster cluster) {
        return Optional.ofNullable(cluster.component(SimServiceProxy.NAME)).filter(ServiceProxy.class::isInstance)
                .map(ServiceProxy.class::cast);
    }

    /** A request's outcome and the record of where it went. */
    record Routed(HttpResult result, TrafficEvent traffic) {}
}
