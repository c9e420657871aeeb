package io.kubelab.linux.net;

import io.kubelab.engine.Cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cluster's network in real mode, made of network namespaces so that none of its addresses
 * ever exists in the host's own namespace:
 *
 * <pre>
 *   kubelab-&lt;id&gt;-wire                       the "docker network" minikube's nodes sit on
 *     br0 192.168.49.1/24 ── minikube ─┐      (veth ports named after the nodes)
 *                        └── minikube-m02 ─┐
 *   kubelab-&lt;id&gt;-minikube                    node 0
 *     eth0 192.168.49.2/24, default via 192.168.49.1
 *     cbr0 10.244.0.1/24 ── vethXXXXXXXX ── (pod netns) eth0 10.244.0.2/24
 *     10.244.1.0/24 via 192.168.49.3          one route per other node
 *   kubelab-&lt;id&gt;-minikube-m02                node 1: 192.168.49.3, cbr0 10.244.1.1/24, …
 * </pre>
 *
 * A pod on node 0 reaching 10.244.1.7 leaves through its default route to cbr0, node 0 forwards it
 * to 192.168.49.3 across the wire, node 1 delivers it on its own cbr0. The wire namespace does not
 * forward and has no default route, so a packet for an address outside the cluster dies there:
 * nothing can leave the machine.
 *
 * <p>Pods: {@link #attach} takes a pod sandbox's network namespace (its pause process's) and plugs
 * it into its node's bridge like the bridge CNI plugin with host-local IPAM: a veth pair, the next
 * free address of the node's pod CIDR, a default route via the bridge, hairpin mode on the bridge
 * port (so that a pod reaching its own Service can be answered by itself).
 *
 * <p>Threading: every method blocks on {@code ip}; call it from a runtime's executor, never from
 * the engine thread. Methods are synchronized: the namespaces are one shared piece of state.
 */
public final class ClusterNetwork implements PodNetwork, AutoCloseable {
    /** The address the host machine has on minikube's network; here the wire's own bridge address. */
    public static final String HOST_IP = "192.168.49.1";
    /** The whole pod network ({@code --cluster-cidr}). */
    public static final String CLUSTER_CIDR = "10.244.0.0/16";
    private static final String BRIDGE = "cbr0";

    private final String id;
    private final List<String> nodes;
    private final Map<String, Ipam> ipams = new LinkedHashMap<>();
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();
    private boolean closed;

    private record Attachment(String node, String ip, String veth) {}

    private ClusterNetwork(String id, List<String> nodes) {
        this.id = id;
        this.nodes = List.copyOf(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            ipams.put(nodes.get(i), new Ipam(i));
        }
    }

    /**
     * Makes the network of a cluster: removes orphans of crashed runs, claims {@code id}, then
     * creates the wire and one namespace per node.
     *
     * @param id    the cluster's short id (1–8 of {@code [a-z0-9]})
     * @param nodes the node names in order ({@code minikube}, {@code minikube-m02}); node {@code i}
     *              gets {@link Cluster#nodeIp(int)} and {@link Cluster#podCidr(int)}
     * @throws IllegalStateException when not root ("real mode needs root: …")
     */
    public static ClusterNetwork create(String id, List<String> nodes) throws IOException {
        Cleanup.requireRoot();
        Cleanup.checkId(id);
        if (nodes.isEmpty() || nodes.size() > 200) {
            throw new IllegalArgumentException("a cluster has 1-200 nodes, not " + nodes.size());
        }
        Cleanup.removeOrphans();
        if (!Cleanup.netnsOf(id).isEmpty()) {
            throw new IllegalStateException("cluster id " + id + " is in use by a running Kubelab: " + Cleanup.netnsOf(id));
        }
        Cleanup.claim(id);
        ClusterNetwork net = new ClusterNetwork(id, nodes);
        try {
            net.build();
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** A fresh random short id (6 hex digits). */
    public static String newId() {
        return String.format("%06x", new SecureRandom().nextInt(1 << 24));
    }

    private void build() throws IOException {
        String wire = wireNetns();
        Cmd.check("ip", "netns", "add", wire);
        ipBatch(wire, """
                link set lo up
                link add br0 type bridge
                addr add %s/24 dev br0
                link set br0 up
                """.formatted(HOST_IP));
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            String ns = netnsName(node);
            Cmd.check("ip", "netns", "add", ns);
            String port = wirePort(i);
            ipBatch(wire, """
                    link add %s type veth peer name eth0 netns %s
                    link set %s master br0
                    link set %s up
                    """.formatted(port, ns, port, port));
            StringBuilder b = new StringBuilder("""
                    link set lo up
                    addr add %s/24 dev eth0
                    link set eth0 up
                    link add %s type bridge
                    addr add 10.244.%d.1/24 dev %s
                    link set %s up
                    """.formatted(Cluster.nodeIp(i), BRIDGE, i, BRIDGE, BRIDGE));
            for (int m = 0; m < nodes.size(); m++) {
                if (m != i) {
                    b.append("route add ").append(Cluster.podCidr(m)).append(" via ").append(Cluster.nodeIp(m)).append('\n');
                }
            }
            b.append("route add default via ").append(HOST_IP).append('\n');
            ipBatch(ns, b.toString());
            // A node routes between its pods and the wire; bridged pod-to-pod traffic passes
            // iptables (br_netfilter) so that a Service's DNAT is undone on the way back even when
            // client and backend share the bridge; route_localnet lets NodePorts answer on 127.0.0.1
            // inside the node, as kube-proxy allows.
            Cmd.check(List.of("nsenter", "--net=" + netnsPath(node), "sh", "-c", """
                    echo 1 > /proc/sys/net/ipv4/ip_forward
                    echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet
                    if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
                      echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
                    fi
                    """), null);
        }
    }

    // ---- names --------------------------------------------------------------------------------

    public String id() {
        return id;
    }

    public List<String> nodes() {
        return nodes;
    }

    /** {@code kubelab-<id>-<node>}. */
    public String netnsName(String node) {
        index(node);
        return Cleanup.PREFIX + id + "-" + node;
    }

    /** The wire's namespace, {@code kubelab-<id>-wire}: where the host's side of minikube's network is. */
    public String wireNetns() {
        return Cleanup.PREFIX + id + "-wire";
    }

    public Path wireNetnsPath() {
        return Path.of("/run/netns", wireNetns());
    }

    @Override
    public Path netnsPath(String node) {
        return Path.of("/run/netns", netnsName(node));
    }

    /** Node {@code node}'s index (0 for the first). */
    public int index(String node) {
        int i = nodes.indexOf(node);
        if (i < 0) {
            throw new IllegalArgumentException("no node named " + node);
        }
        return i;
    }

    /** {@code 192.168.49.2} for the first node. */
    public String nodeIp(String node) {
        return Cluster.nodeIp(index(node));
    }

    /** The node owning {@code ip} as its node IP, or null. */
    public String nodeByIp(String ip) {
        for (int i = 0; i < nodes.size(); i++) {
            if (Cluster.nodeIp(i).equals(ip)) {
                return nodes.get(i);
            }
        }
        return null;
    }

    /** The wire's port of node {@code i}: the node's name when it fits an interface name (15 characters). */
    private String wirePort(int i) {
        String n = nodes.get(i);
        return n.length() <= 15 && n.matches("[a-zA-Z0-9-]+") ? n : "node" + i;
    }

    /**
     * The command line of a shell inside a node's network namespace ({@code kubelab ssh minikube},
     * {@code minikube ssh}): the host's files, the node's network — {@code ip addr} shows eth0 and
     * cbr0, {@code iptables-save} the node's Service rules, {@code curl <ClusterIP>} reaches pods.
     * Run it with a terminal (or append {@code -c <command>}).
     */
    public List<String> shellCommand(String node) {
        // The prompt names the node, as minikube ssh's "docker@minikube:~$" does.
        return List.of("nsenter", "--net=" + netnsPath(node), "env", "PS1=root@" + node + ":\\w# ", "sh");
    }

    /** Runs {@code command} inside a node's network namespace. */
    public Cmd.Result exec(String node, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + netnsPath(node), "--"));
        argv.addAll(command);
        return Cmd.run(argv, null, 60);
    }

    // ---- pods ---------------------------------------------------------------------------------

    @Override
    public synchronized String attach(String node, String sandboxId, long pausePid) throws IOException {
        ensureOpen();
        if (attachments.containsKey(sandboxId)) {
            throw new IllegalStateException("sandbox " + sandboxId + " is attached already");
        }
        int index = index(node);
        Ipam ipam = ipams.get(node);
        String ip = ipam.allocate(sandboxId);
        String veth = vethName(sandboxId);
        String ns = netnsName(node);
        try {
            // The pod end is created right inside the sandbox's namespace (netns by pid) as eth0.
            ipBatch(ns, """
                    link add %s type veth peer name eth0 netns %d
                    link set %s master %s
                    link set %s type bridge_slave hairpin on
                    link set %s up
                    """.formatted(veth, pausePid, veth, BRIDGE, veth, veth));
            Cmd.check(List.of("nsenter", "--net=/proc/" + pausePid + "/ns/net", "ip", "-batch", "-"), """
                    link set lo up
                    addr add %s/24 dev eth0
                    link set eth0 up
                    route add default via 10.244.%d.1
                    """.formatted(ip, index));
        } catch (IOException | RuntimeException e) {
            Cmd.run(List.of("ip", "-n", ns, "link", "del", veth), null, 10);
            ipam.release(sandboxId);
            throw e;
        }
        attachments.put(sandboxId, new Attachment(node, ip, veth));
        return ip;
    }

    /**
     * {@code kubelab-<id>-pod-<first 12 hex digits of the sandbox id>}: a pod's pinned namespace.
     * It carries the cluster's prefix, so a crashed run's leftovers go with the cluster's other
     * namespaces ({@link Cleanup#removeOrphans}, which also kills what still runs inside).
     */
    public String podNetnsName(String sandboxId) {
        return Cleanup.PREFIX + id + "-pod-" + sandboxId.substring(0, Math.min(12, sandboxId.length()));
    }

    /** One {@code ip netns add}: the namespace exists and is pinned by a bind mount on /run/netns before runc runs. */
    @Override
    public Path pinNetns(String node, String sandboxId) throws IOException {
        index(node);
        synchronized (this) {
            ensureOpen();
        }
        String name = podNetnsName(sandboxId);
        Cmd.check("ip", "netns", "add", name);
        return Path.of("/run/netns", name);
    }

    /**
     * As {@link #attach}, into the pinned namespace: the pod's end of the veth pair is created right
     * inside it as eth0, then its address and route. Needs no process in the namespace, so it runs
     * while runc is still starting the pause (not synchronized while {@code ip} runs: two pods of a
     * node plug in at the same time; the IPAM and the attachment table are taken under the lock).
     */
    @Override
    public String attachPinned(String node, String sandboxId) throws IOException {
        int index = index(node);
        String ip;
        String veth = vethName(sandboxId);
        String ns = netnsName(node);
        String podNs = podNetnsName(sandboxId);
        Ipam ipam = ipams.get(node);
        synchronized (this) {
            ensureOpen();
            if (attachments.containsKey(sandboxId)) {
                throw new IllegalStateException("sandbox " + sandboxId + " is attached already");
            }
            ip = ipam.allocate(sandboxId);
            // recorded at once, so that a detach racing with this attach removes the veth too
            attachments.put(sandboxId, new Attachment(node, ip, veth));
        }
        try {
            ipBatch(ns, """
                    link add %s type veth peer name eth0 netns %s
                    link set %s master %s
                    link set %s type bridge_slave hairpin on
                    link set %s up
                    """.formatted(veth, podNs, veth, BRIDGE, veth, veth));
            ipBatch(podNs, """
                    link set lo up
                    addr add %s/24 dev eth0
                    link set eth0 up
                    route add default via 10.244.%d.1
                    """.formatted(ip, index));
        } catch (IOException | RuntimeException e) {
            Cmd.run(List.of("ip", "-n", ns, "link", "del", veth), null, 10);
            synchronized (this) {
                attachments.remove(sandboxId);
                ipam.release(sandboxId);
            }
            throw e;
        }
        return ip;
    }

    @Override
    public void detach(String node, String sandboxId) throws IOException {
        detachVeth(sandboxId);
        // The pinned namespace, if the sandbox had one: a bind mount that would keep the namespace
        // (and the pod's eth0) alive after every process of the pod exited. Known by its name even
        // when this network never attached it (the runtime's start-up cleanup of a crashed node).
        String name = podNetnsName(sandboxId);
        if (Files.exists(Path.of("/run/netns", name))) {
            Cmd.Result r = Cmd.run(List.of("ip", "netns", "delete", name), null, 10);
            if (!r.ok() && Files.exists(Path.of("/run/netns", name))) {
                r.check();
            }
        }
    }

    private synchronized void detachVeth(String sandboxId) throws IOException {
        Attachment a = attachments.remove(sandboxId);
        if (a == null || closed) {
            return;
        }
        ipams.get(a.node()).release(sandboxId);
        // Gone already when the pod's namespace died (its last process exited): deleting one end
        // of a veth pair deletes both, so a missing device is the expected case, not an error.
        Cmd.Result r = Cmd.run(List.of("ip", "-n", netnsName(a.node()), "link", "del", a.veth()), null, 10);
        if (!r.ok() && !r.err().contains("Cannot find device")) {
            r.check();
        }
    }

    /** The pod IP of an attached sandbox, or null. */
    public synchronized String podIp(String sandboxId) {
        Attachment a = attachments.get(sandboxId);
        return a == null ? null : a.ip();
    }

    /** The host-side veth of an attached sandbox ({@code veth1a2b3c4d}), or null. */
    public synchronized String vethOf(String sandboxId) {
        Attachment a = attachments.get(sandboxId);
        return a == null ? null : a.veth();
    }

    /** {@code veth} and 8 hex digits of the sandbox id's SHA-256, as CNI names host-side veths. */
    static String vethName(String sandboxId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sandboxId.getBytes(StandardCharsets.UTF_8));
            return "veth" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the end ------------------------------------------------------------------------------

    /** Removes every namespace of this cluster (and with them every veth, bridge and iptables rule), then the claim. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        // The pods' veths first, one by one: a namespace's devices go away asynchronously after
        // "ip netns delete", but a pod must not keep a dangling eth0 once close() has returned.
        for (Attachment a : attachments.values()) {
            Cmd.run(List.of("ip", "-n", netnsName(a.node()), "link", "del", a.veth()), null, 10);
        }
        attachments.clear();
        Cleanup.deleteAll(id);
        Cleanup.release(id);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the cluster network " + id + " is closed");
        }
    }

    private static void ipBatch(String netns, String commands) throws IOException {
        Cmd.check(List.of("ip", "-n", netns, "-batch", "-"), commands);
    }

    /**
     * host-local IPAM for one node's {@code 10.244.<n>.0/24}: .1 is the bridge, .2–.254 go to pods,
     * handed out in turn after the last one given (so a just-freed address is not reused at once,
     * which keeps a stale conntrack entry or ARP cache from reaching the wrong pod).
     */
    private static final class Ipam {
        private final int index;
        private final Map<String, Integer> bySandbox = new LinkedHashMap<>();
        private final TreeSet<Integer> used = new TreeSet<>();
        private int last = 1;

        Ipam(int index) {
            this.index = index;
        }

        String allocate(String sandboxId) {
            for (int k = 0; k < 253; k++) {
                int candidate = 2 + (last - 2 + 1 + k) % 253;
                if (!used.contains(candidate)) {
                    used.add(candidate);
                    bySandbox.put(sandboxId, candidate);
                    last = candidate;
                    return "10.244." + index + "." + candidate;
                }
            }
            throw new IllegalStateException("no free address left in " + Cluster.podCidr(index));
        }

        void release(String sandboxId) {
            Integer o = bySandbox.remove(sandboxId);
            if (o != null) {
                used.remove(o);
            }
        }
    }
}
