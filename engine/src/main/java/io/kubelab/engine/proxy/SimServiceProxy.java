package io.kubelab.engine.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.sim.shell.SimNetwork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * kube-proxy in simulation ({@code kube-proxy}): keeps the Service rules from the Services and
 * their Endpoints, and routes requests the way iptables rules would — a ClusterIP:port or a
 * NodePort goes to one ready endpoint, picked round robin (iptables picks at random; round robin
 * makes the lessons' "requests alternate between the pods" visible and testable) or, with
 * {@code sessionAffinity: ClientIP}, the endpoint the client had before. A Service without ready
 * endpoints rejects ({@code Connection refused}); an address nobody owns, a node that is down or a
 * pod IP seen from outside the cluster does not answer at all.
 *
 * <p>It is also the cluster network of the simulated containers ({@link SimNetwork}): cluster DNS
 * for Service names and the same routing for their {@code curl} and {@code wget}.
 *
 * <p>Threading: engine thread only. Watch handlers only mark the rules stale.
 */
public final class SimServiceProxy implements Component, ServiceProxy, SimNetwork {
    public static final String NAME = "kube-proxy";
    /** The address the host machine has on minikube's network. */
    public static final String HOST_IP = "192.168.49.1";

    private final Supplier<List<Kubelet>> kubelets;
    private final List<Consumer<TrafficEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Long> roundRobin = new HashMap<>();
    private final Map<String, Affinity> affinities = new HashMap<>();
    private ClusterContext ctx;
    private volatile boolean stale = true;
    private List<ServiceTable.Entry> rules = List.of();

    private record Affinity(String ip, int port, Instant lastUsed) {}

    /** @param kubelets the cluster's kubelets, whose runtimes hold the pods' network namespaces */
    public SimServiceProxy(Supplier<List<Kubelet>> kubelets) {
        this.kubelets = kubelets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context) {
        this.ctx = context;
        ctx.store().watch(ResourceTypes.SERVICES, 0, o -> true, e -> stale = true);
        ctx.store().watch(ResourceTypes.ENDPOINTS, 0, o -> true, e -> stale = true);
    }

    @Override
    public boolean drain() {
        if (!stale) {
            return false;
        }
        refresh();
        return true;
    }

    private void refresh() {
        stale = false;
        rules = List.copyOf(ServiceTable.build(ctx.store().<Service>list(ResourceTypes.SERVICES, null).items(),
                ctx.store().<Endpoints>list(ResourceTypes.ENDPOINTS, null).items()));
    }

    @Override
    public List<ServiceTable.Entry> rules() {
        if (stale && ctx != null) {
            refresh();
        }
        return rules;
    }

    @Override
    public ContainerRuntime.Subscription subscribe(Consumer<TrafficEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- lookups ----------------------------------------------------------------------------

    private Optional<Kubelet> node(String name) {
        return kubelets.get().stream().filter(k -> k.nodeName().equals(name)).findFirst();
    }

    private Optional<Kubelet> nodeByIp(String ip) {
        return kubelets.get().stream().filter(k -> k.nodeIp().equals(ip)).findFirst();
    }

    private Optional<Kubelet> nodeOfPodIp(String ip) {
        return kubelets.get().stream().filter(k -> ip.startsWith("10.244." + k.index() + ".")).findFirst();
    }

    private static String gateway(Kubelet k) {
        return "10.244." + k.index() + ".1";
    }

    // ---- routing ----------------------------------------------------------------------------

    /** Where a request comes from: a node, a pod (its IP and node), or the host. */
    private record Source(Kubelet node, String ip, boolean pod) {
        boolean inCluster() {
            return node != null;
        }
    }

    @Override
    public CompletableFuture<Routed> http(String fromNode, String host, int port, String method, String path, String userAgent) {
        Source src;
        if (fromNode == null) {
            src = new Source(null, HOST_IP, false);
        } else {
            Kubelet k = node(fromNode).orElseThrow(() -> new IllegalArgumentException("no node named " + fromNode));
            src = new Source(k, k.nodeIp(), false);
        }
        String ip = host;
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            ip = src.node == null ? HOST_IP : src.node.nodeIp();
        }
        return CompletableFuture.completedFuture(route(src, host, ip, port, method, path, userAgent));
    }

    private Routed route(Source src, String host, String ip, int port, String method, String path, String userAgent) {
        Instant now = ctx.clock().now();
        if (src.node != null && !src.node.isPoweredOn()) {
            return fail(src, host, port, null, false, new HttpResult.Unreachable(), now);
        }
        List<ServiceTable.Entry> table = rules();
        boolean isVip = false;
        for (ServiceTable.Entry e : table) {
            if (ip.equals(e.clusterIp())) {
                isVip = true;
                if (e.port() == port && e.protocol().equals("TCP")) {
                    if (!src.inCluster()) {
                        // The service CIDR is not routed outside the cluster.
                        return fail(src, host, port, e, false, new HttpResult.Unreachable(), now);
                    }
                    return forward(src, host, port, e, false, null, method, path, userAgent, now);
                }
            }
        }
        if (isVip) {
            return fail(src, host, port, null, false, new HttpResult.Unreachable(), now);
        }
        Optional<Kubelet> targetNode = nodeByIp(ip);
        if (targetNode.isPresent()) {
            Kubelet receiving = targetNode.get();
            if (!receiving.isPoweredOn()) {
                return fail(src, host, port, null, false, new HttpResult.Unreachable(), now);
            }
            for (ServiceTable.Entry e : table) {
                if (e.nodePort() == port && e.protocol().equals("TCP")) {
                    return forward(src, host, port, e, true, receiving, method, path, userAgent, now);
                }
            }
            return fail(src, host, port, null, false, new HttpResult.Refused(), now);
        }
        Optional<Kubelet> owner = nodeOfPodIp(ip);
        if (owner.isPresent() && src.inCluster() && owner.get().isPoweredOn() && owner.get().runtime().ownsAddress(ip)) {
            String seen = src.pod ? src.ip : owner.get() == src.node ? gateway(owner.get()) : src.node.nodeIp();
            HttpResult r = deliver(owner.get(), seen, host, ip, port, method, path, userAgent);
            TrafficEvent t = new TrafficEvent(now, src.node.nodeName(), src.ip, host, port, null, false,
                    podAt(owner.get(), ip), ip, port, owner.get().nodeName(), status(r), error(r));
            emit(t);
            return new Routed(r, t);
        }
        if (src.node != null && src.node.runtime().ownsAddress(ip)) {
            // A standalone container on the sending node's docker bridge (docker run -d nginx; curl 172.17.0.2).
            HttpResult r = deliver(src.node, src.pod ? src.ip : "172.17.0.1", host, ip, port, method, path, userAgent);
            TrafficEvent t = new TrafficEvent(now, src.node.nodeName(), src.ip, host, port, null, false, null, ip, port,
                    src.node.nodeName(), status(r), error(r));
            emit(t);
            return new Routed(r, t);
        }
        return fail(src, host, port, null, false, new HttpResult.Unreachable(), now);
    }

    private Routed forward(Source src, String host, int port, ServiceTable.Entry e, boolean viaNodePort, Kubelet receiving,
                           String method, String path, String userAgent, Instant now) {
        List<ServiceTable.Backend> ready = e.backends();
        if (ready.isEmpty()) {
            // kube-proxy's REJECT rule for a Service without endpoints.
            return fail(src, host, port, e, viaNodePort, new HttpResult.Refused(), now);
        }
        ServiceTable.Backend b = choose(e, ready, src.ip, now);
        Optional<Kubelet> podNode = nodeOfPodIp(b.ip());
        if (podNode.isEmpty() || !podNode.get().isPoweredOn() || !podNode.get().runtime().ownsAddress(b.ip())) {
            return fail(src, host, port, e, viaNodePort, new HttpResult.Unreachable(), now, b);
        }
        Kubelet via = viaNodePort ? receiving : src.node;
        String seen;
        if (src.pod && !viaNodePort) {
            seen = src.ip;
        } else {
            // Masqueraded to the node that sent (or received) it: the bridge's address for a pod on that node.
            seen = podNode.get() == via ? gateway(via) : via.nodeIp();
        }
        HttpResult r = deliver(podNode.get(), seen, host, b.ip(), b.port(), method, path, userAgent);
        TrafficEvent t = new TrafficEvent(now, src.node == null ? null : src.node.nodeName(), src.ip, host, port,
                e.serviceKey(), viaNodePort, b.pod(), b.ip(), b.port(), podNode.get().nodeName(), status(r), error(r));
        emit(t);
        return new Routed(r, t);
    }

    /**
     * Picks an endpoint: the client's previous one under ClientIP affinity (while it is ready and
     * the affinity has not timed out), else the next in turn. With two endpoints A and B, requests
     * go A, B, A, B…; with affinity, one client always gets the same one.
     */
    private ServiceTable.Backend choose(ServiceTable.Entry e, List<ServiceTable.Backend> ready, String clientIp, Instant now) {
        String affinityKey = e.key() + "|" + clientIp;
        if ("ClientIP".equals(e.sessionAffinity())) {
            Affinity a = affinities.get(affinityKey);
            if (a != null && !now.isAfter(a.lastUsed().plusSeconds(e.affinityTimeoutSeconds()))) {
                for (ServiceTable.Backend b : ready) {
                    if (b.ip().equals(a.ip()) && b.port() == a.port()) {
                        affinities.put(affinityKey, new Affinity(b.ip(), b.port(), now));
                        return b;
                    }
                }
            }
        }
        long n = roundRobin.merge(e.key(), 1L, Long::sum) - 1;
        ServiceTable.Backend b = ready.get((int) (n % ready.size()));
        if ("ClientIP".equals(e.sessionAffinity())) {
            affinities.put(affinityKey, new Affinity(b.ip(), b.port(), now));
        }
        return b;
    }

    private HttpResult deliver(Kubelet node, String seenIp, String host, String ip, int port, String method, String path,
                               String userAgent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", port == 80 ? host : host + ":" + port);
        headers.put("User-Agent", userAgent);
        headers.put("Accept", "*/*");
        CompletableFuture<HttpResult> f = node.runtime().http(new HttpRequest(seenIp, ip, port, method, path, headers));
        return f.getNow(new HttpResult.Unreachable());
    }

    private String podAt(Kubelet node, String ip) {
        for (Map.Entry<String, String> p : node.runningPods().entrySet()) {
            if (ip.equals(p.getValue())) {
                return p.getKey();
            }
        }
        return null;
    }

    private Routed fail(Source src, String host, int port, ServiceTable.Entry e, boolean nodePort, HttpResult r, Instant now) {
        return fail(src, host, port, e, nodePort, r, now, null);
    }

    private Routed fail(Source src, String host, int port, ServiceTable.Entry e, boolean nodePort, HttpResult r, Instant now,
                        ServiceTable.Backend b) {
        TrafficEvent t = new TrafficEvent(now, src.node == null ? null : src.node.nodeName(), src.ip, host, port,
                e == null ? null : e.serviceKey(), nodePort, b == null ? null : b.pod(), b == null ? null : b.ip(),
                b == null ? 0 : b.port(), b == null ? null : b.nodeName(), 0, error(r));
        emit(t);
        return new Routed(r, t);
    }

    private static int status(HttpResult r) {
        return r instanceof HttpResult.Response resp ? resp.status() : 0;
    }

    private static String error(HttpResult r) {
        if (r instanceof HttpResult.Refused) {
            return "Connection refused";
        }
        if (r instanceof HttpResult.Unreachable) {
            return "Connection timed out";
        }
        return null;
    }

    private void emit(TrafficEvent t) {
        for (Consumer<TrafficEvent> l : listeners) {
            l.accept(t);
        }
    }

    // ---- the network of the simulated containers --------------------------------------------

    @Override
    public Optional<Resolved> resolve(String name, String namespace) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<String> candidates = new ArrayList<>();
        if (!name.endsWith(".")) {
            for (String search : List.of(namespace + ".svc.cluster.local", "svc.cluster.local", "cluster.local")) {
                candidates.add(n + "." + search);
            }
        }
        candidates.add(n);
        for (String fqdn : candidates) {
            String[] parts = fqdn.split("\\.");
            if (parts.length == 5 && parts[2].equals("svc") && parts[3].equals("cluster") && parts[4].equals("local")) {
                Service s = ctx.store().get(ResourceTypes.SERVICES, parts[1], parts[0]);
                if (s == null || s.getSpec() == null) {
                    continue;
                }
                String ip = s.getSpec().getClusterIP();
                if ("None".equals(ip)) {
                    ip = rules().stream().filter(e -> e.namespace().equals(parts[1]) && e.service().equals(parts[0]))
                            .flatMap(e -> e.backends().stream()).map(ServiceTable.Backend::ip).findFirst().orElse(null);
                }
                if (ip != null && !ip.isEmpty()) {
                    return Optional.of(new Resolved(fqdn, ip));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public HttpResult http(String fromNode, String fromIp, String ip, int port, String method, String path, String userAgent) {
        Kubelet node = node(fromNode).orElse(null);
        return route(new Source(node, fromIp, true), ip, ip, port, method, path, userAgent).result();
    }

    @Override
    public String dnsServer() {
        Service dns = ctx == null ? null : ctx.store().get(ResourceTypes.SERVICES, "kube-system", "kube-dns");
        return dns == null || dns.getSpec() == null || dns.getSpec().getClusterIP() == null ? "10.0.0.10"
                : dns.getSpec().getClusterIP();
    }

    /** How long a connection to an address that does not answer takes to fail (Linux's SYN retries). */
    public static Duration connectTimeout() {
        return Duration.ofSeconds(130);
    }
}
