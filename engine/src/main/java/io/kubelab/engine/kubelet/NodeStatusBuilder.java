package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ImageInfo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Node object a kubelet registers and the status it reports, as a minikube node shows them:
 * kubeadm's and minikube's labels, the pod CIDR, capacity from the cluster configuration, the
 * addresses, the ten {@code nodeInfo} fields and the four conditions with the kubelet's reasons.
 * Pure: everything comes from the arguments.
 */
final class NodeStatusBuilder {
    private NodeStatusBuilder() {}

    static final String MINIKUBE_VERSION = "v1.33.1";
    static final String MINIKUBE_COMMIT = "5883c09216182566a63dff4c326a6fc9ed2982ff";
    static final String EPHEMERAL_STORAGE = "17734596Ki";
    static final int MAX_IMAGES = 50;
    static final int KUBELET_PORT = 10250;

    /** The identity of a node's machine and of its current boot. */
    record Identity(String machineId, String systemUuid, String bootId) {}

    static Node registration(ClusterConfig config, int index, String nodeName, ContainerRuntime runtime, Identity id,
                             Instant now) {
        Node node = new Node();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(nodeName);
        meta.setLabels(labels(config, index, nodeName));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/cri-dockerd.sock");
        annotations.put("node.alpha.kubernetes.io/ttl", "0");
        annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        meta.setAnnotations(annotations);
        node.setMetadata(meta);
        NodeSpec spec = new NodeSpec();
        spec.setPodCIDR(Cluster.podCidr(index));
        spec.setPodCIDRs(new ArrayList<>(List.of(Cluster.podCidr(index))));
        if (index == 0 && config.nodes() > 1) {
            Taint t = new Taint();
            t.setKey("node-role.kubernetes.io/control-plane");
            t.setEffect("NoSchedule");
            spec.setTaints(new ArrayList<>(List.of(t)));
        }
        node.setSpec(spec);
        node.setStatus(status(config, index, nodeName, runtime, id, null, now));
        return node;
    }

    static Map<String, String> labels(ClusterConfig config, int index, String nodeName) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("beta.kubernetes.io/arch", "amd64");
        l.put("beta.kubernetes.io/os", "linux");
        l.put("kubernetes.io/arch", "amd64");
        l.put("kubernetes.io/hostname", nodeName);
        l.put("kubernetes.io/os", "linux");
        l.put("minikube.k8s.io/commit", MINIKUBE_COMMIT);
        l.put("minikube.k8s.io/name", "minikube");
        l.put("minikube.k8s.io/primary", Boolean.toString(index == 0));
        l.put("minikube.k8s.io/updated_at", DateTimeFormatter.ofPattern("yyyy_MM_dd'T'HH_mm_ss'_0700'")
                .withZone(ZoneOffset.UTC).format(config.start()));
        l.put("minikube.k8s.io/version", MINIKUBE_VERSION);
        if (index == 0) {
            l.put("node-role.kubernetes.io/control-plane", "");
            l.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
        }
        l.put("topology.kubernetes.io/zone", Kubelet.zoneOf(index));
        return l;
    }

    /** Memory as the kubelet reports it: in Ki ({@code 4Gi} → {@code 4194304Ki}). */
    static String memoryKi(String configured) {
        // Twice per node status (capacity, allocatable), every 10 s per node, for the one value a
        // cluster configures: the BigDecimal arithmetic is done once per configured text.
        String known = MEMORY_KI.get(configured);
        if (known != null) {
            return known;
        }
        BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(configured));
        String ki = bytes.divide(BigDecimal.valueOf(1024)).toBigInteger() + "Ki";
        if (MEMORY_KI.size() < 64) {
            MEMORY_KI.put(configured, ki);
        }
        return ki;
    }

    private static final Map<String, String> MEMORY_KI = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, Quantity> capacity(ClusterConfig config) {
        Map<String, Quantity> c = new LinkedHashMap<>();
        c.put("cpu", new Quantity(config.nodeCpu()));
        c.put("ephemeral-storage", new Quantity(EPHEMERAL_STORAGE));
        c.put("hugepages-1Gi", new Quantity("0"));
        c.put("hugepages-2Mi", new Quantity("0"));
        c.put("memory", new Quantity(memoryKi(config.nodeMemory())));
        c.put("pods", new Quantity(Integer.toString(config.maxPods())));
        return c;
    }

    /**
     * The status to report. Conditions keep their {@code lastTransitionTime} from {@code old} while
     * their status stays; {@code lastHeartbeatTime} is {@code now}.
     */
    static NodeStatus status(ClusterConfig config, int index, String nodeName, ContainerRuntime runtime, Identity id,
                             NodeStatus old, Instant now) {
        NodeStatus s = new NodeStatus();
        s.setCapacity(capacity(config));
        s.setAllocatable(capacity(config));
        s.setAddresses(new ArrayList<>(List.of(new NodeAddress(Cluster.nodeIp(index), "InternalIP"),
                new NodeAddress(nodeName, "Hostname"))));
        s.setConditions(new ArrayList<>(List.of(
                condition(old, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                condition(old, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                condition(old, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                condition(old, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now))));
        NodeDaemonEndpoints endpoints = new NodeDaemonEndpoints();
        endpoints.setKubeletEndpoint(new DaemonEndpoint(KUBELET_PORT));
        s.setDaemonEndpoints(endpoints);
        List<ContainerImage> images = new ArrayList<>();
        for (ImageInfo img : runtime.images()) {
            if (images.size() >= MAX_IMAGES) {
                break;
            }
            List<String> names = new ArrayList<>(img.repoDigests());
            names.addAll(img.repoTags());
            images.add(new ContainerImage(names, img.sizeBytes()));
        }
        s.setImages(images);
        NodeSystemInfo info = new NodeSystemInfo();
        info.setArchitecture("amd64");
        info.setBootID(id.bootId());
        info.setContainerRuntimeVersion(runtime.versionString());
        info.setKernelVersion(runtime.kernelVersion());
        info.setKubeProxyVersion(Kubelet.KUBELET_VERSION);
        info.setKubeletVersion(Kubelet.KUBELET_VERSION);
        info.setMachineID(id.machineId());
        info.setOperatingSystem("linux");
        info.setOsImage(runtime.osImage());
        info.setSystemUUID(id.systemUuid());
        s.setNodeInfo(info);
        return s;
    }

    private static NodeCondition condition(NodeStatus old, String type, String status, String reason, String message,
                                           Instant now) {
        String transition = Kube.timestamp(now);
        if (old != null && old.getConditions() != null) {
            for (NodeCondition c : old.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastHeartbeatTime(Kube.timestamp(now));
        c.setLastTransitionTime(transition);
        return c;
    }

    /** Whether two statuses differ in more than their heartbeat times (a change is reported at once). */
    static boolean changed(NodeStatus old, NodeStatus next) {
        if (old == null) {
            return true;
        }
        // Every 10 s per node, and usually nothing but the heartbeats moved: equal field by field
        // means equal JSON, without two deep copies and two trees (1,000 nodes: 2% of start-up).
        if (sameButHeartbeats(old, next)) {
            return false;
        }
        // A node's first pull adds an image: lists of different lengths serialize differently
        // (absent and empty alike are the empty list), so the trees are not needed to say so.
        if (orEmpty(old.getImages()).size() != orEmpty(next.getImages()).size()) {
            return true;
        }
        NodeStatus a = Kube.copy(old);
        NodeStatus b = Kube.copy(next);
        for (NodeStatus s : List.of(a, b)) {
            if (s.getConditions() != null) {
                s.getConditions().forEach(c -> c.setLastHeartbeatTime(null));
            }
        }
        return !Objects.equals(Kube.tree(a), Kube.tree(b));
    }

    /**
     * Whether two statuses serialize alike but for their conditions' heartbeat times. Exact when
     * true (every field compared is a string, a number, or a model object of those, whose
     * {@code equals} compares them all; lists and maps count empty and absent alike, as fabric8
     * omits both); false sends the caller to the JSON trees.
     */
    private static boolean sameButHeartbeats(NodeStatus a, NodeStatus b) {
        List<NodeCondition> ca = orEmpty(a.getConditions());
        List<NodeCondition> cb = orEmpty(b.getConditions());
        if (ca.size() != cb.size()) {
            return false;
        }
        for (int i = 0; i < ca.size(); i++) {
            NodeCondition x = ca.get(i);
            NodeCondition y = cb.get(i);
            if (x == null || y == null || !Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
                    || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())
                    || !orEmpty(x.getAdditionalProperties()).isEmpty() || !orEmpty(y.getAdditionalProperties()).isEmpty()) {
                return false;
            }
        }
        List<ContainerImage> ia = orEmpty(a.getImages());
        List<ContainerImage> ib = orEmpty(b.getImages());
        if (ia.size() != ib.size()) {
            return false;
        }
        for (int i = 0; i < ia.size(); i++) {
            if (!Objects.equals(ia.get(i), ib.get(i))) {
                return false;
            }
        }
        return sameQuantities(a.getCapacity(), b.getCapacity()) && sameQuantities(a.getAllocatable(), b.getAllocatable())
                && orEmpty(a.getAddresses()).equals(orEmpty(b.getAddresses()))
                && Objects.equals(a.getNodeInfo(), b.getNodeInfo())
                && Objects.equals(a.getDaemonEndpoints(), b.getDaemonEndpoints())
                && Objects.equals(a.getConfig(), b.getConfig()) && Objects.equals(a.getFeatures(), b.getFeatures())
                && Objects.equals(a.getPhase(), b.getPhase())
                && orEmpty(a.getRuntimeHandlers()).equals(orEmpty(b.getRuntimeHandlers()))
                && orEmpty(a.getVolumesAttached()).equals(orEmpty(b.getVolumesAttached()))
                && orEmpty(a.getVolumesInUse()).equals(orEmpty(b.getVolumesInUse()))
                && orEmpty(a.getAdditionalProperties()).equals(orEmpty(b.getAdditionalProperties()));
    }

    /** Quantities as they serialize: the same amount and format text ({@code Quantity.equals} compares values: 1Gi = 1024Mi). */
    private static boolean sameQuantities(Map<String, Quantity> a, Map<String, Quantity> b) {
        Map<String, Quantity> x = orEmpty(a);
        Map<String, Quantity> y = orEmpty(b);
        if (!x.keySet().equals(y.keySet())) {
            return false;
        }
        for (Map.Entry<String, Quantity> e : x.entrySet()) {
            Quantity p = e.getValue();
            Quantity q = y.get(e.getKey());
            if (p == null || q == null || !Objects.equals(p.getAmount(), q.getAmount()) || !Objects.equals(p.getFormat(), q.getFormat())
                    || !orEmpty(p.getAdditionalProperties()).isEmpty() || !orEmpty(q.getAdditionalProperties()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
