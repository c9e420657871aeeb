package io.kubelab.linux.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.proxy.ServiceProxy;
import io.kubelab.engine.proxy.ServiceTable;
import io.kubelab.engine.proxy.TrafficEvent;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.linux.net.ClusterNetwork;
import io.kubelab.linux.net.Cmd;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * kube-proxy in real mode ({@code kube-proxy}): keeps iptables rules in every node's network
 * namespace in step with the Services and EndpointSlices of the store, the way kube-proxy's
 * iptables mode does — a full {@code iptables-restore --noflush} of kube-proxy's own chains per
 * node after each change ({@link KubeProxyRules}) — and forwards NodePorts from the host's
 * 127.0.0.1 ({@link NodePortForwarder}).
 *
 * <p>{@link #http} sends a real request with {@code curl}: from a node (inside its namespace), or
 * from the host (to a node IP: from the wire's namespace, which plays the host's side of
 * minikube's network; to 127.0.0.1: through the NodePort forwarder). Which pod answered is read
 * from the connection's conntrack entry in the namespace where the DNAT happened.
 *
 * <p>Threading: {@link #start}, {@link #drain}, {@link #rules} and {@link #http} on the engine
 * thread; watch handlers only mark the rules stale. The rules are written on one sync thread, the
 * requests run on a pool; finished requests are queued and their {@link TrafficEvent}s delivered
 * to listeners in {@link #drain}, on the engine thread.
 */
public final class LinuxServiceProxy implements Component, ServiceProxy, AutoCloseable {
    public static final String NAME = "kube-proxy";
    private static final System.Logger LOG = System.getLogger(LinuxServiceProxy.class.getName());

    private final ClusterNetwork net;
    private final ExecutorService syncThread = Executors.newSingleThreadExecutor(daemon("kube-proxy-sync"));
    private final ExecutorService requests = Executors.newCachedThreadPool(daemon("kube-proxy-http"));
    private final List<Consumer<TrafficEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<TrafficEvent> finished = new ConcurrentLinkedQueue<>();
    /** The nat chains each node holds since the last sync (sync thread only). */
    private final Map<String, Set<String>> chains = new HashMap<>();
    private final NodePortForwarder forwarder;
    private ClusterContext ctx;
    private volatile boolean stale = true;
    private volatile List<KubeProxyRules.ServicePortRule> current = List.of();
    private volatile CompletableFuture<Void> lastSync = CompletableFuture.completedFuture(null);
    private volatile String syncError;
    private boolean closed;

    public LinuxServiceProxy(ClusterNetwork net) {
        this.net = net;
        this.forwarder = new NodePortForwarder(net, net.nodes().get(0));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context) {
        this.ctx = context;
        ctx.store().watch(ResourceTypes.SERVICES, 0, o -> true, e -> stale = true);
        ctx.store().watch(ResourceTypes.ENDPOINTSLICES, 0, o -> true, e -> stale = true);
        lastSync = CompletableFuture.runAsync(() -> {
            for (String node : net.nodes()) {
                try {
                    restore(node, KubeProxyRules.baseRules());
                    chains.put(node, Set.of());
                } catch (IOException e) {
                    fail(e);
                }
            }
        }, syncThread);
    }

    @Override
    public boolean drain() {
        boolean worked = false;
        if (stale && ctx != null && !closed) {
            stale = false;
            List<KubeProxyRules.ServicePortRule> rules = KubeProxyRules.collect(
                    ctx.store().<Service>list(ResourceTypes.SERVICES, null).items(),
                    ctx.store().<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, null).items());
            current = rules;
            lastSync = lastSync.handle((v, e) -> null).thenRunAsync(() -> sync(rules), syncThread);
            worked = true;
        }
        TrafficEvent t;
        while ((t = finished.poll()) != null) {
            for (Consumer<TrafficEvent> l : listeners) {
                l.accept(t);
            }
            worked = true;
        }
        return worked;
    }

    /** Completes when the rules of the last {@link #drain} are in every node (for tests and the UI). */
    public CompletableFuture<Void> synced() {
        return lastSync;
    }

    /** Why the last sync failed, or null. */
    public String syncError() {
        return syncError;
    }

    /** NodePorts that could not be forwarded from 127.0.0.1 (the port is taken on the host), with why. */
    public Map<Integer, String> forwardFailures() {
        return forwarder.failures();
    }

    private void sync(List<KubeProxyRules.ServicePortRule> rules) {
        try {
            for (String node : net.nodes()) {
                KubeProxyRules.Rules r = KubeProxyRules.render(rules, ClusterNetwork.CLUSTER_CIDR,
                        chains.getOrDefault(node, Set.of()));
                restore(node, r.restoreText());
                chains.put(node, r.natChains());
            }
            Set<Integer> nodePorts = new TreeSet<>();
            rules.stream().filter(r -> r.nodePort() > 0 && r.protocol().equals("TCP")).forEach(r -> nodePorts.add(r.nodePort()));
            forwarder.update(nodePorts);
            syncError = null;
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        syncError = e.getMessage();
        LOG.log(System.Logger.Level.WARNING, "kube-proxy sync failed: " + e.getMessage());
    }

    private void restore(String node, String text) throws IOException {
        Cmd.check(List.of("nsenter", "--net=" + net.netnsPath(node), "iptables-restore", "-w", "5", "--noflush"), text);
    }

    @Override
    public List<ServiceTable.Entry> rules() {
        if (stale && ctx != null) {
            drain();
        }
        return current.stream().map(KubeProxyRules.ServicePortRule::toEntry).toList();
    }

    @Override
    public ContainerRuntime.Subscription subscribe(Consumer<TrafficEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- requests -----------------------------------------------------------------------------

    @Override
    public CompletableFuture<Routed> http(String fromNode, String host, int port, String method, String path, String userAgent) {
        if (fromNode != null) {
            net.index(fromNode); // IllegalArgumentException for an unknown node, as in simulation
        }
        Instant now = ctx.clock().now();
        List<KubeProxyRules.ServicePortRule> rules = current;
        return CompletableFuture.supplyAsync(() -> send(now, rules, fromNode, host, port, method, path, userAgent), requests)
                .whenComplete((r, e) -> {
                    if (r != null) {
                        finished.add(r.traffic());
                    }
                });
    }

    private Routed send(Instant now, List<KubeProxyRules.ServicePortRule> rules, String fromNode, String host, int port,
                        String method, String path, String userAgent) {
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1");
        String target = loopback ? "127.0.0.1" : host;
        // Which Service rule the request meets, as the kernel will: a ClusterIP:port, or a NodePort on
        // an address of the receiving node.
        KubeProxyRules.ServicePortRule rule = null;
        boolean viaNodePort = false;
        for (KubeProxyRules.ServicePortRule r : rules) {
            if (r.protocol().equals("TCP") && r.clusterIp().equals(target) && r.port() == port) {
                rule = r;
            }
        }
        String receivingNode = loopback ? (fromNode == null ? forwarder.node() : fromNode) : net.nodeByIp(target);
        if (rule == null && receivingNode != null) {
            for (KubeProxyRules.ServicePortRule r : rules) {
                if (r.protocol().equals("TCP") && r.nodePort() == port) {
                    rule = r;
                    viaNodePort = true;
                }
            }
        }

        String url = "http://" + (target.contains(":") ? "[" + target + "]" : target) + ":" + port + path;
        List<String> curl = new ArrayList<>(List.of("curl", "-sS", "-v", "-i", "--connect-timeout", "5", "--max-time", "20",
                "-X", method, "-A", userAgent, "-w", CurlOutput.writeOut(), url));
        List<String> argv = new ArrayList<>();
        String clientIp;
        String curlNode; // the namespace curl runs in (null: the host, or the wire)
        if (fromNode != null) {
            curlNode = fromNode;
            clientIp = net.nodeIp(fromNode);
            argv.addAll(List.of("nsenter", "--net=" + net.netnsPath(fromNode), "sh", "-c",
                    "curl \"$@\"; rc=$?; echo " + CurlOutput.CONNTRACK_MARK + "; cat /proc/net/nf_conntrack 2>/dev/null; exit $rc",
                    "sh"));
        } else if (loopback) {
            curlNode = null;
            clientIp = "127.0.0.1";
        } else {
            curlNode = null;
            clientIp = ClusterNetwork.HOST_IP;
            argv.addAll(List.of("nsenter", "--net=" + net.wireNetnsPath(), "--"));
        }
        // In the node's shell, "$@" are curl's arguments (the script names the command itself).
        argv.addAll(fromNode != null ? curl.subList(1, curl.size()) : curl);

        HttpResult result;
        KubeProxyRules.Endpoint chosen = null;
        try {
            Cmd.Result r = Cmd.run(argv, null, 30);
            CurlOutput.Parsed p = CurlOutput.parse(r.out(), r.err(), r.exit());
            result = p.result();
            if (rule != null && p.localPort() > 0) {
                Optional<CurlOutput.Target> t = Optional.empty();
                if (!viaNodePort && curlNode != null) {
                    t = CurlOutput.natTarget(p.conntrack(), p.localIp(), p.localPort(), target, port);
                } else if (viaNodePort && loopback && fromNode == null) {
                    // Host → 127.0.0.1 → forwarder helper (nodeIp:sourcePort) → nodeIp:nodePort inside the node.
                    Optional<Integer> src = forwarder.sourcePortFor(p.localPort());
                    if (src.isPresent()) {
                        String ip = net.nodeIp(receivingNode);
                        t = CurlOutput.natTarget(conntrackOf(receivingNode), ip, src.get(), ip, port);
                    }
                } else if (viaNodePort) {
                    List<String> table = receivingNode.equals(curlNode) ? p.conntrack() : conntrackOf(receivingNode);
                    t = CurlOutput.natTarget(table, p.localIp(), p.localPort(), target, port);
                }
                if (t.isPresent()) {
                    chosen = endpointAt(rule, t.get().ip(), t.get().port());
                }
            } else if (rule == null) {
                chosen = podAt(rules, target, port);
            }
        } catch (IOException e) {
            result = new HttpResult.Unreachable();
        }
        int status = result instanceof HttpResult.Response resp ? resp.status() : 0;
        String error = result instanceof HttpResult.Refused ? "Connection refused"
                : result instanceof HttpResult.Unreachable ? "Connection timed out" : null;
        TrafficEvent t = new TrafficEvent(now, fromNode, clientIp, host, port,
                rule == null ? null : rule.namespace() + "/" + rule.service(), viaNodePort,
                chosen == null || chosen.podName() == null ? null : chosen.podNamespace() + "/" + chosen.podName(),
                chosen == null ? null : chosen.ip(), chosen == null ? 0 : chosen.port(),
                chosen == null ? null : nodeOf(chosen), status, error);
        return new Routed(result, t);
    }

    private List<String> conntrackOf(String node) throws IOException {
        return List.of(Cmd.check(List.of("nsenter", "--net=" + net.netnsPath(node), "cat", "/proc/net/nf_conntrack"), null)
                .out().split("\n"));
    }

    private static KubeProxyRules.Endpoint endpointAt(KubeProxyRules.ServicePortRule rule, String ip, int port) {
        for (KubeProxyRules.Endpoint e : rule.endpoints()) {
            if (e.ip().equals(ip) && e.port() == port) {
                return e;
            }
        }
        return new KubeProxyRules.Endpoint(ip, port, null, null, null);
    }

    /** A request straight to a pod IP: the endpoint with that address, if a Service knows it. */
    private static KubeProxyRules.Endpoint podAt(List<KubeProxyRules.ServicePortRule> rules, String ip, int port) {
        for (KubeProxyRules.ServicePortRule r : rules) {
            for (KubeProxyRules.Endpoint e : r.endpoints()) {
                if (e.ip().equals(ip)) {
                    return new KubeProxyRules.Endpoint(ip, port, e.podNamespace(), e.podName(), e.nodeName());
                }
            }
        }
        return ip.startsWith("10.244.") ? new KubeProxyRules.Endpoint(ip, port, null, null, null) : null;
    }

    /** The endpoint's node: from the EndpointSlice, else from its address (10.244.<n>.x is node n's). */
    private String nodeOf(KubeProxyRules.Endpoint e) {
        if (e.nodeName() != null) {
            return e.nodeName();
        }
        String[] octets = e.ip().split("\\.");
        if (octets.length == 4 && e.ip().startsWith("10.244.")) {
            int n = Integer.parseInt(octets[2]);
            if (n < net.nodes().size()) {
                return net.nodes().get(n);
            }
        }
        return null;
    }

    // ---- the end ------------------------------------------------------------------------------

    /**
     * Stops forwarding and removes kube-proxy's chains and jumps from every node that still exists
     * (the namespaces themselves belong to {@link ClusterNetwork#close()}).
     */
    @Override
    public void close() {
        closed = true;
        forwarder.close();
        requests.shutdownNow();
        CompletableFuture<Void> removal = lastSync.handle((v, e) -> null).thenRunAsync(() -> {
            for (String node : net.nodes()) {
                if (net.netnsPath(node).toFile().exists()) {
                    try {
                        restore(node, KubeProxyRules.removalText(chains.getOrDefault(node, Set.of())));
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "could not remove kube-proxy's rules from " + node + ": "
                                + e.getMessage());
                    }
                }
            }
        }, syncThread);
        try {
            removal.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "removing kube-proxy's rules: " + e);
        }
        syncThread.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
