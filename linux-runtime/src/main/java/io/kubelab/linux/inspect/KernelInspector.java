package io.kubelab.linux.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.linux.net.ClusterNetwork;
import io.kubelab.linux.net.Cmd;
import io.kubelab.linux.runc.LinuxContainerRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the kernel about a pod of real mode: which namespaces its processes are in, their cgroups'
 * limits and use, its veth and bridge, the Service rules that lead to it, and what seccomp and the
 * capability sets allow. Kubelab's own bookkeeping only says which processes are the pod's (the
 * pause process and each container's PID); everything else is read from {@code /proc},
 * {@code /sys/fs/cgroup}, {@code ip -j} and {@code iptables-save}.
 *
 * <p>Threading: blocking (it starts {@code ip}, {@code nsenter} and {@code iptables-save}); call it
 * from a background executor, never from the engine or UI thread. {@link #usage} starts no process
 * and is cheap enough for once a second.
 */
public final class KernelInspector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POD_NAME = io.kubelab.engine.runtime.PodLabels.POD_NAME;
    private static final String POD_NAMESPACE = io.kubelab.engine.runtime.PodLabels.POD_NAMESPACE;
    private static final String CONTAINER_NAME = io.kubelab.engine.runtime.PodLabels.CONTAINER_NAME;

    private final ClusterNetwork network;
    private final List<LinuxContainerRuntime> runtimes;
    private final Path cgroupRoot;
    private final Path hostProc;

    /**
     * @param runtimes the nodes' runtimes, node {@code i}'s at index {@code i} (the order of {@link ClusterNetwork#nodes()})
     */
    public KernelInspector(ClusterNetwork network, List<LinuxContainerRuntime> runtimes) {
        this(network, runtimes, Path.of("/sys/fs/cgroup"), Path.of("/proc/1"));
    }

    KernelInspector(ClusterNetwork network, List<LinuxContainerRuntime> runtimes, Path cgroupRoot, Path hostProc) {
        this.network = network;
        this.runtimes = List.copyOf(runtimes);
        this.cgroupRoot = cgroupRoot;
        this.hostProc = hostProc;
    }

    /** The pod's kernel objects, or empty when no node runs a sandbox of it (not scheduled, not started, gone). */
    public Optional<PodKernelView> inspect(String namespace, String podName) throws IOException {
        for (int i = 0; i < runtimes.size(); i++) {
            LinuxContainerRuntime rt = runtimes.get(i);
            Optional<ContainerStatus> pause = rt.containers().stream()
                    .filter(c -> c.pause() && c.state() == ContainerState.RUNNING && isOf(c, namespace, podName))
                    .reduce((a, b) -> b);
            if (pause.isEmpty()) {
                continue;
            }
            long pausePid = rt.pausePid(pause.get().id());
            if (pausePid == 0) {
                continue;
            }
            return Optional.of(inspect(namespace, podName, network.nodes().get(i), rt, pause.get().id(), pausePid));
        }
        return Optional.empty();
    }

    private static boolean isOf(ContainerStatus c, String namespace, String podName) {
        return podName.equals(c.labels().get(POD_NAME)) && namespace.equals(c.labels().get(POD_NAMESPACE));
    }

    private PodKernelView inspect(String namespace, String podName, String node, LinuxContainerRuntime rt,
                                  String sandboxId, long pausePid) throws IOException {
        // By name: the kubelet starts a pod's containers together, so the runtime's order is chance.
        Map<String, Long> pids = new java.util.TreeMap<>();
        String firstId = null;
        for (ContainerStatus c : rt.containers()) {
            long pid = c.pause() || !sandboxId.equals(c.sandboxId()) ? 0 : rt.pid(c.id());
            if (pid > 0) {
                pids.put(c.labels().getOrDefault(CONTAINER_NAME, c.name()), pid);
                firstId = firstId == null ? c.id() : firstId;
            }
        }
        List<PodKernelView.NamespaceRow> rows = new ArrayList<>();
        for (String kind : PodKernelView.KINDS) {
            Map<String, Long> inodes = new LinkedHashMap<>();
            pids.forEach((name, pid) -> inodes.put(name, inode(proc(pid), kind)));
            rows.add(new PodKernelView.NamespaceRow(kind, hostInode(kind), inode(proc(pausePid), kind), inodes));
        }
        int version = CgroupUsage.version(cgroupRoot);
        List<PodKernelView.ContainerKernel> containers = new ArrayList<>();
        for (Map.Entry<String, Long> c : pids.entrySet()) {
            Path proc = proc(c.getValue());
            Map<String, String> paths = CgroupUsage.paths(readOr(proc.resolve("cgroup"), ""));
            containers.add(new PodKernelView.ContainerKernel(c.getKey(), c.getValue(), CgroupUsage.mainPath(paths, version),
                    paths, CgroupUsage.read(cgroupRoot, paths), ProcStatus.parse(readOr(proc.resolve("status"), ""))));
        }
        PodKernelView.Network net = network(node, pausePid);
        String save = network.exec(node, List.of("iptables-save", "-t", "nat")).check().out();
        List<ServiceRules> services = net.podIp().isEmpty() ? List.of()
                : ServiceRules.forPod(save, net.podIp().replaceFirst("/.*", ""));
        PodKernelView.SeccompProfile seccomp = firstId == null ? PodKernelView.SeccompProfile.NONE
                : rt.bundleConfig(firstId).map(KernelInspector::seccompOf).orElse(PodKernelView.SeccompProfile.NONE);
        return new PodKernelView(namespace, podName, node, pausePid, rows, containers, net, services, seccomp);
    }

    /** The containers' cgroup numbers read again (no process started): container name to usage. */
    public Map<String, CgroupUsage> usage(PodKernelView view) {
        Map<String, CgroupUsage> out = new LinkedHashMap<>();
        for (PodKernelView.ContainerKernel c : view.containers()) {
            out.put(c.name(), CgroupUsage.read(cgroupRoot, c.cgroupPaths()));
        }
        return out;
    }

    /**
     * The host's namespace of a kind: PID 1's, or, where PID 1's links cannot be read (a sandbox that
     * hides them), this JVM's own — the namespaces Kubelab started runc from.
     */
    private long hostInode(String kind) {
        long inode = inode(hostProc, kind);
        return inode != 0 ? inode : inode(Path.of("/proc/self"), kind);
    }

    private static Path proc(long pid) {
        return Path.of("/proc", String.valueOf(pid));
    }

    /** {@code readlink /proc/<pid>/ns/net} is {@code net:[4026532286]}: the inode number; 0 when unreadable. */
    static long inode(Path proc, String kind) {
        try {
            return parseInode(Files.readSymbolicLink(proc.resolve("ns").resolve(kind)).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /** {@code net:[4026532286]} → 4026532286; 0 when not of that form. */
    static long parseInode(String link) {
        int open = link.indexOf('[');
        int close = link.indexOf(']');
        if (open < 0 || close < open) {
            return 0;
        }
        try {
            return Long.parseLong(link.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readOr(Path file, String otherwise) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return otherwise;
        }
    }

    private PodKernelView.Network network(String node, long pausePid) throws IOException {
        List<String> inPod = List.of("nsenter", "--net=/proc/" + pausePid + "/ns/net", "ip", "-j");
        JsonNode eth0 = first(ipJson(inPod, "addr", "show", "dev", "eth0"));
        String podIp = "";
        for (JsonNode a : eth0.path("addr_info")) {
            if ("inet".equals(a.path("family").asText())) {
                podIp = a.path("local").asText() + "/" + a.path("prefixlen").asInt();
            }
        }
        int peer = eth0.path("link_index").asInt();
        JsonNode routesJson = ipJson(inPod, "route", "show");
        String gateway = "";
        List<String> routes = new ArrayList<>();
        for (JsonNode r : routesJson) {
            routes.add(Routes.format(r));
            if ("default".equals(r.path("dst").asText())) {
                gateway = r.path("gateway").asText();
            }
        }
        String ns = network.netnsName(node);
        List<String> inNode = List.of("ip", "-j", "-n", ns);
        String veth = "";
        String bridge = "";
        for (JsonNode l : ipJson(inNode, "link", "show", "type", "veth")) {
            if (l.path("ifindex").asInt() == peer) {
                veth = l.path("ifname").asText();
                bridge = l.path("master").asText();
            }
        }
        String bridgeAddress = "";
        if (!bridge.isEmpty()) {
            for (JsonNode a : first(ipJson(inNode, "addr", "show", "dev", bridge)).path("addr_info")) {
                if ("inet".equals(a.path("family").asText())) {
                    bridgeAddress = a.path("local").asText() + "/" + a.path("prefixlen").asInt();
                }
            }
        }
        return new PodKernelView.Network(podIp, eth0.path("ifname").asText("eth0"), eth0.path("ifindex").asInt(),
                veth, peer, bridge, bridgeAddress, ns, gateway, routes);
    }

    private static JsonNode ipJson(List<String> prefix, String... args) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(args));
        String out = Cmd.run(argv, null, 10).check().out();
        return out.isBlank() ? JSON.createArrayNode() : JSON.readTree(out);
    }

    private static JsonNode first(JsonNode array) {
        return array.isArray() && !array.isEmpty() ? array.get(0) : JSON.createObjectNode();
    }

    /** The profile of a bundle's {@code config.json}: its default action and how many calls it lists against it. */
    static PodKernelView.SeccompProfile seccompOf(Path config) {
        try {
            return seccompOf(JSON.readTree(config.toFile()));
        } catch (IOException e) {
            return PodKernelView.SeccompProfile.NONE;
        }
    }

    static PodKernelView.SeccompProfile seccompOf(JsonNode config) {
        JsonNode s = config.path("linux").path("seccomp");
        if (s.isMissingNode()) {
            return PodKernelView.SeccompProfile.NONE;
        }
        String def = s.path("defaultAction").asText();
        String action = "";
        int blocked = 0;
        for (JsonNode rule : s.path("syscalls")) {
            String a = rule.path("action").asText();
            if (!a.equals(def)) {
                action = action.isEmpty() ? a : action;
                blocked += rule.path("names").size();
            }
        }
        return new PodKernelView.SeccompProfile(def, action, blocked);
    }

    /** {@code ip -j route}'s objects back in {@code ip route}'s words. */
    static final class Routes {
        private Routes() {}

        /** {@code {"dst":"default","gateway":"10.244.0.1","dev":"eth0"}} → {@code default via 10.244.0.1 dev eth0}. */
        static String format(JsonNode r) {
            StringBuilder b = new StringBuilder(r.path("dst").asText());
            if (r.has("gateway")) {
                b.append(" via ").append(r.path("gateway").asText());
            }
            if (r.has("dev")) {
                b.append(" dev ").append(r.path("dev").asText());
            }
            if (r.has("protocol")) {
                b.append(" proto ").append(r.path("protocol").asText());
            }
            if (r.has("scope")) {
                b.append(" scope ").append(r.path("scope").asText());
            }
            if (r.has("prefsrc")) {
                b.append(" src ").append(r.path("prefsrc").asText());
            }
            return b.toString();
        }
    }
}
