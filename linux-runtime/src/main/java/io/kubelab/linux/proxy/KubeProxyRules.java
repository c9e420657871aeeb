package io.kubelab.linux.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.proxy.ServiceTable;
import org.apache.commons.codec.binary.Base32;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's iptables mode as pure text: from Services and EndpointSlices to the
 * {@code iptables-restore} input that kube-proxy would write, with its chain names
 * ({@code KUBE-SVC-} + the first 16 characters of base32(sha256("default/kubernetes:https" + "tcp"))
 * = {@code KUBE-SVC-NPX46M4PTMTKRN6Y}), comments and jumps, so that {@code iptables-save} inside a
 * node looks like a real node's.
 *
 * <p>How a connection to a ClusterIP travels: {@code PREROUTING}/{@code OUTPUT} → {@code KUBE-SERVICES}
 * (match ClusterIP:port) → {@code KUBE-SVC-…} (pick one endpoint at random) → {@code KUBE-SEP-…}
 * ({@code DNAT} to the pod). With 3 endpoints the first rule matches with probability 1/3, the
 * second with 1/2 of the remaining 2/3 = 1/3, the last takes the remaining 1/3: each pod gets a
 * third. A NodePort enters through {@code KUBE-NODEPORTS} (last rule of {@code KUBE-SERVICES}, for
 * local destination addresses only) and {@code KUBE-EXT-…}, which marks it for masquerading so
 * the answer comes back through the node that received it.
 *
 * <p>Which endpoints count: ready ones (a missing {@code ready} condition counts as ready); when a
 * Service has none, its serving-and-terminating ones (kube-proxy's fallback during a rollout);
 * with none at all, the filter table rejects the ClusterIP and NodePort ({@code Connection refused}).
 *
 * <p>Not modelled: {@code externalTrafficPolicy}/{@code internalTrafficPolicy: Local} (treated as
 * Cluster), LoadBalancer ingress IPs, externalIPs, topology hints.
 */
public final class KubeProxyRules {
    /** kube-proxy's masquerade bit ({@code --iptables-masquerade-bit=14}). */
    static final String MASQ_MARK = "0x4000";

    private KubeProxyRules() {}

    /** An endpoint kube-proxy may send to. */
    public record Endpoint(String ip, int port, String podNamespace, String podName, String nodeName) {
        public String hostPort() {
            return ip + ":" + port;
        }
    }

    /**
     * One Service port with its endpoints.
     *
     * @param namespace the Service's namespace
     * @param service   its name
     * @param portName  the port's name ({@code ""} when unnamed)
     * @param protocol  {@code TCP}, {@code UDP} or {@code SCTP}
     * @param clusterIp the ClusterIP
     * @param port      the Service port
     * @param nodePort  the NodePort, or 0
     * @param affinity  the ClientIP affinity timeout in seconds, or 0 for none
     * @param endpoints the endpoints to balance across, in a stable order (by IP, then port)
     */
    public record ServicePortRule(String namespace, String service, String portName, String protocol, String clusterIp,
                                  int port, int nodePort, int affinity, List<Endpoint> endpoints) {
        /** kube-proxy's ServicePortName: {@code default/my-nginx} or, for a named port, {@code default/my-nginx:http}. */
        public String servicePortName() {
            return namespace + "/" + service + (portName.isEmpty() ? "" : ":" + portName);
        }

        String proto() {
            return protocol.toLowerCase(Locale.ROOT);
        }

        public String svcChain() {
            return "KUBE-SVC-" + hash(servicePortName() + proto());
        }

        public String extChain() {
            return "KUBE-EXT-" + hash(servicePortName() + proto());
        }

        public String sepChain(Endpoint e) {
            return "KUBE-SEP-" + hash(servicePortName() + proto() + e.hostPort());
        }

        /** The engine's view of this rule (the UI's service table). */
        public ServiceTable.Entry toEntry() {
            List<ServiceTable.Backend> backends = endpoints.stream()
                    .map(e -> new ServiceTable.Backend(e.ip(), e.port(), e.podNamespace(), e.podName(), e.nodeName())).toList();
            return new ServiceTable.Entry(namespace, service, portName, protocol, clusterIp, port, nodePort,
                    affinity > 0 ? "ClientIP" : "None", affinity > 0 ? affinity : 10800, backends);
        }
    }

    /** What to write into one node's tables, and which nat/filter chains it owns afterwards. */
    public record Rules(String restoreText, Set<String> natChains) {}

    // ---- from the API objects ----------------------------------------------------------------

    /**
     * The Service ports kube-proxy programs: every port of a Service with a ClusterIP (not
     * headless, not ExternalName), with the endpoints of the Service's EndpointSlices
     * (label {@code kubernetes.io/service-name}) whose port has the same name and protocol.
     * Sorted by ServicePortName so the rules come out the same every time.
     */
    public static List<ServicePortRule> collect(List<Service> services, List<EndpointSlice> slices) {
        Map<String, List<EndpointSlice>> byService = new HashMap<>();
        for (EndpointSlice s : slices) {
            String svc = s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get("kubernetes.io/service-name");
            if (svc != null && (s.getAddressType() == null || s.getAddressType().equals("IPv4"))) {
                byService.computeIfAbsent(s.getMetadata().getNamespace() + "/" + svc, k -> new ArrayList<>()).add(s);
            }
        }
        List<ServicePortRule> out = new ArrayList<>();
        for (Service s : services) {
            var spec = s.getSpec();
            if (spec == null || spec.getPorts() == null || "ExternalName".equals(spec.getType())
                    || spec.getClusterIP() == null || spec.getClusterIP().isEmpty() || "None".equals(spec.getClusterIP())) {
                continue;
            }
            int affinity = 0;
            if ("ClientIP".equals(spec.getSessionAffinity())) {
                affinity = 10800;
                if (spec.getSessionAffinityConfig() != null && spec.getSessionAffinityConfig().getClientIP() != null
                        && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
                    affinity = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
                }
            }
            List<EndpointSlice> mine = byService.getOrDefault(Kube.key(s), List.of());
            for (ServicePort p : spec.getPorts()) {
                String name = p.getName() == null ? "" : p.getName();
                String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                out.add(new ServicePortRule(s.getMetadata().getNamespace(), s.getMetadata().getName(), name, protocol,
                        spec.getClusterIP(), p.getPort(), p.getNodePort() == null ? 0 : p.getNodePort(), affinity,
                        endpoints(mine, name, protocol)));
            }
        }
        out.sort(Comparator.comparing(ServicePortRule::servicePortName).thenComparing(ServicePortRule::protocol));
        return out;
    }

    private static List<Endpoint> endpoints(List<EndpointSlice> slices, String portName, String protocol) {
        Map<String, Endpoint> ready = new LinkedHashMap<>();
        Map<String, Endpoint> terminating = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            Integer port = null;
            for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
                String n = p.getName() == null ? "" : p.getName();
                String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (n.equals(portName) && proto.equals(protocol) && p.getPort() != null) {
                    port = p.getPort();
                }
            }
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint e : slice.getEndpoints()) {
                if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                    continue;
                }
                var c = e.getConditions();
                boolean isReady = c == null || c.getReady() == null || c.getReady();
                boolean serving = c != null && Boolean.TRUE.equals(c.getServing());
                boolean isTerminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                var ref = e.getTargetRef();
                boolean pod = ref != null && Objects.equals(ref.getKind(), "Pod");
                Endpoint ep = new Endpoint(e.getAddresses().get(0), port, pod ? ref.getNamespace() : null,
                        pod ? ref.getName() : null, e.getNodeName());
                if (isReady) {
                    ready.putIfAbsent(ep.hostPort(), ep);
                } else if (serving && isTerminating) {
                    terminating.putIfAbsent(ep.hostPort(), ep);
                }
            }
        }
        List<Endpoint> chosen = new ArrayList<>((ready.isEmpty() ? terminating : ready).values());
        chosen.sort(Comparator.comparingLong((Endpoint e) -> ipValue(e.ip())).thenComparingInt(Endpoint::port));
        return chosen;
    }

    private static long ipValue(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            try {
                v = v * 256 + Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return v;
    }

    /** The first 16 characters of base32(sha256(s)), kube-proxy's chain-name hash. */
    static String hash(String s) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return new Base32().encodeToString(sum).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- to iptables-restore text ------------------------------------------------------------

    /**
     * The jumps from the built-in chains into kube-proxy's, written once when a node's proxy starts
     * (with {@code --noflush}, so the built-in chains keep anything else they hold).
     */
    public static String baseRules() {
        return """
                *filter
                :KUBE-SERVICES - [0:0]
                :KUBE-EXTERNAL-SERVICES - [0:0]
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                COMMIT
                *nat
                :KUBE-SERVICES - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-POSTROUTING - [0:0]
                :KUBE-MARK-MASQ - [0:0]
                -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                COMMIT
                """;
    }

    /**
     * Removes everything {@link #baseRules()} and {@link #render} made: the jumps, then the chains
     * (flushed by declaring them, then deleted).
     */
    public static String removalText(Set<String> natChains) {
        Set<String> nat = new TreeSet<>(natChains);
        nat.addAll(List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"));
        Map<String, List<String>> jumps = new LinkedHashMap<>();
        String table = null;
        for (String line : baseRules().split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1);
                jumps.put(table, new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                jumps.get(table).add("-D " + line.substring(3));
            }
        }
        StringBuilder b = new StringBuilder("*filter\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n");
        jumps.get("filter").forEach(l -> b.append(l).append('\n'));
        b.append("-X KUBE-SERVICES\n-X KUBE-EXTERNAL-SERVICES\nCOMMIT\n*nat\n");
        nat.forEach(c -> b.append(':').append(c).append(" - [0:0]\n"));
        jumps.get("nat").forEach(l -> b.append(l).append('\n'));
        nat.forEach(c -> b.append("-X ").append(c).append('\n'));
        return b.append("COMMIT\n").toString();
    }

    /**
     * The full sync kube-proxy writes: every kube-proxy chain declared (which flushes it under
     * {@code --noflush}), its rules, and {@code -X} for the chains of Services or endpoints that
     * are gone.
     *
     * @param rules       the Service ports ({@link #collect})
     * @param clusterCidr the pod network ({@code 10.244.0.0/16}): traffic to a ClusterIP from
     *                    outside it is masqueraded
     * @param previous    the nat chains the previous sync made
     */
    public static Rules render(List<ServicePortRule> rules, String clusterCidr, Set<String> previous) {
        List<String> filter = new ArrayList<>();
        List<String> nat = new ArrayList<>();
        Set<String> chains = new LinkedHashSet<>(List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"));
        nat.add("-A KUBE-POSTROUTING -m mark ! --mark " + MASQ_MARK + "/" + MASQ_MARK + " -j RETURN");
        // The mark is cleared so that a packet re-entering the stack (hairpin) is not masqueraded twice.
        nat.add("-A KUBE-POSTROUTING -j MARK --xor-mark " + MASQ_MARK);
        nat.add("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully");
        nat.add("-A KUBE-MARK-MASQ -j MARK --or-mark " + MASQ_MARK);
        for (ServicePortRule r : rules) {
            String spn = r.servicePortName();
            String proto = r.proto();
            String match = "-m " + proto + " -p " + proto;
            if (r.endpoints().isEmpty()) {
                filter.add("-A KUBE-SERVICES -m comment --comment " + quote(spn + " has no endpoints") + " " + match
                        + " -d " + r.clusterIp() + " --dport " + r.port() + " -j REJECT");
                if (r.nodePort() > 0) {
                    filter.add("-A KUBE-EXTERNAL-SERVICES -m comment --comment " + quote(spn + " has no endpoints")
                            + " -m addrtype --dst-type LOCAL " + match + " --dport " + r.nodePort() + " -j REJECT");
                }
                continue;
            }
            String svc = r.svcChain();
            chains.add(svc);
            nat.add("-A KUBE-SERVICES -m comment --comment " + quote(spn + " cluster IP") + " " + match + " -d "
                    + r.clusterIp() + " --dport " + r.port() + " -j " + svc);
            if (r.nodePort() > 0) {
                String ext = r.extChain();
                chains.add(ext);
                nat.add("-A KUBE-NODEPORTS -m comment --comment " + quote(spn) + " " + match + " --dport " + r.nodePort()
                        + " -j " + ext);
                nat.add("-A " + ext + " -m comment --comment "
                        + quote("masquerade traffic for " + spn + " external destinations") + " -j KUBE-MARK-MASQ");
                nat.add("-A " + ext + " -j " + svc);
            }
            nat.add("-A " + svc + " -m comment --comment " + quote(spn + " cluster IP") + " " + match + " -d " + r.clusterIp()
                    + " --dport " + r.port() + " ! -s " + clusterCidr + " -j KUBE-MARK-MASQ");
            List<Endpoint> eps = r.endpoints();
            if (r.affinity() > 0) {
                // A client seen within the timeout goes back to the endpoint it had ("recent" list per endpoint).
                for (Endpoint e : eps) {
                    nat.add("-A " + svc + " -m comment --comment " + quote(spn + " -> " + e.hostPort()) + " -m recent --name "
                            + r.sepChain(e) + " --mask 255.255.255.255 --rsource --rcheck --seconds " + r.affinity() + " --reap -j " + r.sepChain(e));
                }
            }
            for (int i = 0; i < eps.size(); i++) {
                Endpoint e = eps.get(i);
                String sep = r.sepChain(e);
                String pick = i < eps.size() - 1
                        ? " -m statistic --mode random --probability " + String.format(Locale.ROOT, "%.10f", 1.0 / (eps.size() - i))
                        : "";
                nat.add("-A " + svc + " -m comment --comment " + quote(spn + " -> " + e.hostPort()) + pick + " -j " + sep);
            }
            for (Endpoint e : eps) {
                String sep = r.sepChain(e);
                chains.add(sep);
                // Hairpin: a pod reaching its own Service through the ClusterIP must be masqueraded,
                // or it would answer itself from its own address and the client would drop the answer.
                nat.add("-A " + sep + " -m comment --comment " + quote(spn) + " -s " + e.ip() + " -j KUBE-MARK-MASQ");
                String recent = r.affinity() > 0 ? " -m recent --set --name " + sep + " --mask 255.255.255.255 --rsource" : "";
                nat.add("-A " + sep + " -m comment --comment " + quote(spn) + recent + " " + match + " -j DNAT --to-destination "
                        + e.hostPort());
            }
        }
        nat.add("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\""
                + " -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");

        StringBuilder b = new StringBuilder();
        b.append("*filter\n:KUBE-SERVICES - [0:0]\n:KUBE-EXTERNAL-SERVICES - [0:0]\n");
        filter.forEach(l -> b.append(l).append('\n'));
        b.append("COMMIT\n*nat\n");
        Set<String> stale = new TreeSet<>(previous);
        stale.removeAll(chains);
        for (String c : chains) {
            b.append(':').append(c).append(" - [0:0]\n");
        }
        for (String c : stale) {
            b.append(':').append(c).append(" - [0:0]\n");
        }
        nat.forEach(l -> b.append(l).append('\n'));
        for (String c : stale) {
            b.append("-X ").append(c).append('\n');
        }
        b.append("COMMIT\n");
        return new Rules(b.toString(), Set.copyOf(chains));
    }

    private static String quote(String comment) {
        return comment.contains(" ") ? "\"" + comment + "\"" : comment;
    }
}
