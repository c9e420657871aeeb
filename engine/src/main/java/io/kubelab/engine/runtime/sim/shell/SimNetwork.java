package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpResult;

import java.util.Optional;

/**
 * The cluster network as a simulated container sees it: cluster DNS and HTTP through
 * kube-proxy's Service rules and the pod network. Implemented by the simulated kube-proxy.
 *
 * <p>Engine thread only.
 */
public interface SimNetwork {
    /**
     * Resolves a name the way a pod's resolver with {@code search <ns>.svc.cluster.local
     * svc.cluster.local cluster.local} does: {@code my-nginx}, {@code my-nginx.default},
     * {@code my-nginx.default.svc.cluster.local} → the Service's ClusterIP.
     *
     * @return the address and the fully qualified name, if any
     */
    Optional<Resolved> resolve(String name, String namespace);

    /**
     * Sends an HTTP request from {@code fromIp} on node {@code fromNode} to {@code ip:port}
     * (a ClusterIP, a node port, a pod IP).
     */
    HttpResult http(String fromNode, String fromIp, String ip, int port, String method, String path, String userAgent);

    /** The cluster DNS server's address ({@code 10.0.0.10}). */
    String dnsServer();

    record Resolved(String fqdn, String ip) {}
}
