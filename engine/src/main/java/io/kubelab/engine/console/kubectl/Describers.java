package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.console.kubectl.DescribeSupport.PrefixWriter;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * kubectl's describers ({@code k8s.io/kubectl/pkg/describe}) for the types the console knows:
 * the same sections, labels and order, aligned by the same tab writer, so that the console prints
 * what {@code kubectl describe} prints for the same objects.
 */
final class Describers {
    private static final int L0 = 0;
    private static final int L1 = 1;
    private static final int L2 = 2;
    private static final int L3 = 3;
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final KubeApi api;
    private final Instant now;
    private final boolean showEvents;

    Describers(KubeApi api, boolean showEvents) {
        this.api = api;
        this.now = api.now();
        this.showEvents = showEvents;
    }

    /** Whether a describer exists for {@code type}. */
    static boolean supports(ResourceType type) {
        return type == ResourceTypes.PODS || type == ResourceTypes.DEPLOYMENTS || type == ResourceTypes.REPLICASETS
                || type == ResourceTypes.SERVICES || type == ResourceTypes.NODES || type == ResourceTypes.ENDPOINTS
                || type == ResourceTypes.NAMESPACES || type == ResourceTypes.CONFIGMAPS;
    }

    String describe(HasMetadata o) {
        if (o instanceof Pod p) {
            return pod(p);
        } else if (o instanceof Deployment d) {
            return deployment(d);
        } else if (o instanceof ReplicaSet rs) {
            return replicaSet(rs);
        } else if (o instanceof Service s) {
            return service(s);
        } else if (o instanceof Node n) {
            return node(n);
        } else if (o instanceof Endpoints e) {
            return endpoints(e);
        } else if (o instanceof Namespace n) {
            return namespace(n);
        } else if (o instanceof io.fabric8.kubernetes.api.model.ConfigMap cm) {
            return configMap(cm);
        }
        throw new IllegalArgumentException("no describer for " + o.getKind());
    }

    // ---- Pod -----------------------------------------------------------------------------

    String pod(Pod pod) {
        PrefixWriter w = new PrefixWriter();
        var spec = pod.getSpec();
        var status = pod.getStatus() == null ? new io.fabric8.kubernetes.api.model.PodStatus() : pod.getStatus();
        ObjectMeta m = pod.getMetadata();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        if (spec.getPriority() != null) {
            w.write(L0, "Priority:\t" + spec.getPriority() + "\n");
        }
        if (nonEmpty(spec.getPriorityClassName())) {
            w.write(L0, "Priority Class Name:\t" + spec.getPriorityClassName() + "\n");
        }
        if (nonEmpty(spec.getRuntimeClassName())) {
            w.write(L0, "Runtime Class Name:\t" + spec.getRuntimeClassName() + "\n");
        }
        if (nonEmpty(spec.getServiceAccountName())) {
            w.write(L0, "Service Account:\t" + spec.getServiceAccountName() + "\n");
        }
        if (!nonEmpty(spec.getNodeName())) {
            w.write(L0, "Node:\t<none>\n");
        } else {
            w.write(L0, "Node:\t" + spec.getNodeName() + "/" + str(status.getHostIP()) + "\n");
        }
        if (nonEmpty(status.getStartTime())) {
            w.write(L0, "Start Time:\t" + DescribeSupport.rfc1123z(status.getStartTime()) + "\n");
        }
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        String phase = str(status.getPhase());
        if (nonEmpty(m.getDeletionTimestamp()) && !phase.equals("Failed") && !phase.equals("Succeeded")) {
            w.write(L0, "Status:\tTerminating (lasts " + DescribeSupport.since(m.getDeletionTimestamp(), now) + ")\n");
            w.write(L0, "Termination Grace Period:\t" + m.getDeletionGracePeriodSeconds() + "s\n");
        } else {
            w.write(L0, "Status:\t" + phase + "\n");
        }
        if (nonEmpty(status.getReason())) {
            w.write(L0, "Reason:\t" + status.getReason() + "\n");
        }
        if (nonEmpty(status.getMessage())) {
            w.write(L0, "Message:\t" + status.getMessage() + "\n");
        }
        w.write(L0, "IP:\t" + str(status.getPodIP()) + "\n");
        if (status.getPodIPs() == null || status.getPodIPs().isEmpty()) {
            w.write(L0, "IPs:\t<none>\n");
        } else {
            w.write(L0, "IPs:\n");
            status.getPodIPs().forEach(ip -> w.write(L1, "IP:\t" + ip.getIp() + "\n"));
        }
        String controlledBy = controller(m);
        if (!controlledBy.isEmpty()) {
            w.write(L0, "Controlled By:\t" + controlledBy + "\n");
        }
        if (nonEmpty(status.getNominatedNodeName())) {
            w.write(L0, "NominatedNodeName:\t" + status.getNominatedNodeName() + "\n");
        }
        if (spec.getInitContainers() != null && !spec.getInitContainers().isEmpty()) {
            containers(w, "Init Containers", spec.getInitContainers(), status.getInitContainerStatuses(), pod, "");
        }
        containers(w, "Containers", spec.getContainers(), status.getContainerStatuses(), pod, "");
        if (spec.getReadinessGates() != null && !spec.getReadinessGates().isEmpty()) {
            w.write(L0, "Readiness Gates:\n  Type\tStatus\n");
            for (var g : spec.getReadinessGates()) {
                String s = "<none>";
                if (status.getConditions() != null) {
                    for (PodCondition c : status.getConditions()) {
                        if (c.getType().equals(g.getConditionType())) {
                            s = c.getStatus();
                            break;
                        }
                    }
                }
                w.write(L1, g.getConditionType() + " \t" + s + " \n");
            }
        }
        if (status.getConditions() != null && !status.getConditions().isEmpty()) {
            w.write(L0, "Conditions:\n  Type\tStatus\n");
            for (PodCondition c : status.getConditions()) {
                w.write(L1, c.getType() + " \t" + c.getStatus() + " \n");
            }
        }
        volumes(w, spec.getVolumes(), "");
        String qos = nonEmpty(status.getQosClass()) ? status.getQosClass() : KubeApi.qosClass(pod);
        w.write(L0, "QoS Class:\t" + qos + "\n");
        labels(w, "", "Node-Selectors", "\t", spec.getNodeSelector());
        tolerations(w, "", "Tolerations", "\t", spec.getTolerations());
        topologySpread(w, spec.getTopologySpreadConstraints(), "");
        if (showEvents) {
            // kubectl drops the kind from a pod's reference: events match by name, namespace and uid.
            events(w, eventsFor(m.getNamespace(), m.getName(), null, m.getUid()));
        }
        return w.tabbed();
    }

    private static String controller(ObjectMeta m) {
        if (m.getOwnerReferences() != null) {
            for (OwnerReference r : m.getOwnerReferences()) {
                if (Boolean.TRUE.equals(r.getController())) {
                    return r.getKind() + "/" + r.getName();
                }
            }
        }
        return "";
    }

    private void containers(PrefixWriter w, String label, List<Container> containers, List<ContainerStatus> containerStatuses,
                            Pod pod, String space) {
        Map<String, ContainerStatus> statuses = new HashMap<>();
        if (containerStatuses != null) {
            containerStatuses.forEach(s -> statuses.put(s.getName(), s));
        }
        List<Container> list = containers == null ? List.of() : containers;
        w.write(L0, space + label + ":" + (list.isEmpty() ? " <none>" : "") + "\n");
        for (Container c : list) {
            ContainerStatus s = statuses.get(c.getName());
            boolean ok = s != null;
            w.write(L1, (space.isEmpty() ? "" : " ") + c.getName() + ":\n");
            if (ok) {
                w.write(L2, "Container ID:\t" + str(s.getContainerID()) + "\n");
            }
            w.write(L2, "Image:\t" + str(c.getImage()) + "\n");
            if (ok) {
                w.write(L2, "Image ID:\t" + str(s.getImageID()) + "\n");
            }
            List<String> ports = new ArrayList<>();
            List<String> hostPorts = new ArrayList<>();
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    ports.add(p.getContainerPort() + "/" + str(p.getProtocol()));
                    hostPorts.add((p.getHostPort() == null ? 0 : p.getHostPort()) + "/" + str(p.getProtocol()));
                }
            }
            String portString = String.join(", ", ports);
            if (portString.contains(",")) {
                w.write(L2, "Ports:\t" + portString + "\n");
            } else {
                w.write(L2, "Port:\t" + orNone(portString) + "\n");
            }
            String hostPortString = String.join(", ", hostPorts);
            if (hostPortString.contains(",")) {
                w.write(L2, "Host Ports:\t" + hostPortString + "\n");
            } else {
                w.write(L2, "Host Port:\t" + orNone(hostPortString) + "\n");
            }
            if (c.getCommand() != null && !c.getCommand().isEmpty()) {
                w.write(L2, "Command:\n");
                for (String cmd : c.getCommand()) {
                    for (String line : cmd.split("\n", -1)) {
                        w.write(L3, line + "\n");
                    }
                }
            }
            if (c.getArgs() != null && !c.getArgs().isEmpty()) {
                w.write(L2, "Args:\n");
                for (String a : c.getArgs()) {
                    for (String line : a.split("\n", -1)) {
                        w.write(L3, line + "\n");
                    }
                }
            }
            if (ok) {
                state(w, "State", s.getState());
                if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                    state(w, "Last State", s.getLastState());
                }
                w.write(L2, "Ready:\t" + (Boolean.TRUE.equals(s.getReady()) ? "True" : "False") + "\n");
                w.write(L2, "Restart Count:\t" + (s.getRestartCount() == null ? 0 : s.getRestartCount()) + "\n");
            }
            resources(w, c.getResources(), L2);
            if (c.getLivenessProbe() != null) {
                w.write(L2, "Liveness:\t" + probe(c.getLivenessProbe()) + "\n");
            }
            if (c.getReadinessProbe() != null) {
                w.write(L2, "Readiness:\t" + probe(c.getReadinessProbe()) + "\n");
            }
            if (c.getStartupProbe() != null) {
                w.write(L2, "Startup:\t" + probe(c.getStartupProbe()) + "\n");
            }
            if (c.getEnvFrom() != null && !c.getEnvFrom().isEmpty()) {
                w.write(L2, "Environment Variables from:\n");
                for (EnvFromSource e : c.getEnvFrom()) {
                    String from = "";
                    String name = "";
                    boolean optional = false;
                    if (e.getConfigMapRef() != null) {
                        from = "ConfigMap";
                        name = e.getConfigMapRef().getName();
                        optional = Boolean.TRUE.equals(e.getConfigMapRef().getOptional());
                    } else if (e.getSecretRef() != null) {
                        from = "Secret";
                        name = e.getSecretRef().getName();
                        optional = Boolean.TRUE.equals(e.getSecretRef().getOptional());
                    }
                    if (!nonEmpty(e.getPrefix())) {
                        w.write(L3, name + "\t" + from + "\tOptional: " + optional + "\n");
                    } else {
                        w.write(L3, name + "\t" + from + " with prefix '" + e.getPrefix() + "'\tOptional: " + optional + "\n");
                    }
                }
            }
            env(w, c, pod);
            List<VolumeMount> mounts = c.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(c.getVolumeMounts());
            w.write(L2, "Mounts:" + (mounts.isEmpty() ? "\t<none>" : "") + "\n");
            mounts.sort(Comparator.comparing(VolumeMount::getMountPath));
            for (VolumeMount vm : mounts) {
                List<String> flags = new ArrayList<>();
                flags.add(Boolean.TRUE.equals(vm.getReadOnly()) ? "ro" : "rw");
                if (nonEmpty(vm.getSubPath())) {
                    flags.add("path=\"" + vm.getSubPath() + "\"");
                }
                w.write(L3, vm.getMountPath() + " from " + vm.getName() + " (" + String.join(",", flags) + ")\n");
            }
        }
    }

    private void env(PrefixWriter w, Container c, Pod pod) {
        List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
        w.write(L2, "Environment:" + (env.isEmpty() ? "\t<none>" : "") + "\n");
        for (EnvVar e : env) {
            if (e.getValueFrom() == null) {
                String[] lines = str(e.getValue()).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    w.write(L3, (i == 0 ? e.getName() + ":\t" : "\t") + lines[i] + "\n");
                }
                continue;
            }
            var from = e.getValueFrom();
            if (from.getFieldRef() != null) {
                String value = pod == null ? "" : fieldValue(pod, from.getFieldRef().getFieldPath());
                w.write(L3, e.getName() + ":\t" + value + " (" + str(from.getFieldRef().getApiVersion()) + ":"
                        + from.getFieldRef().getFieldPath() + ")\n");
            } else if (from.getResourceFieldRef() != null) {
                w.write(L3, e.getName() + ":\t (" + from.getResourceFieldRef().getResource() + ")\n");
            } else if (from.getSecretKeyRef() != null) {
                w.write(L3, e.getName() + ":\t<set to the key '" + from.getSecretKeyRef().getKey() + "' in secret '"
                        + from.getSecretKeyRef().getName() + "'>\tOptional: " + Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()) + "\n");
            } else if (from.getConfigMapKeyRef() != null) {
                w.write(L3, e.getName() + ":\t<set to the key '" + from.getConfigMapKeyRef().getKey() + "' of config map '"
                        + from.getConfigMapKeyRef().getName() + "'>\tOptional: " + Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional()) + "\n");
            }
        }
    }

    /** The downward API fields kubectl resolves for a pod's environment. */
    private static String fieldValue(Pod pod, String path) {
        ObjectMeta m = pod.getMetadata();
        var st = pod.getStatus();
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
            String key = path.substring(17, path.length() - 2);
            return m.getLabels() == null ? "" : str(m.getLabels().get(key));
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
            String key = path.substring(22, path.length() - 2);
            return m.getAnnotations() == null ? "" : str(m.getAnnotations().get(key));
        }
        return switch (path) {
            case "metadata.name" -> str(m.getName());
            case "metadata.namespace" -> str(m.getNamespace());
            case "metadata.uid" -> str(m.getUid());
            case "spec.nodeName" -> str(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> str(pod.getSpec().getServiceAccountName());
            case "status.podIP" -> st == null ? "" : str(st.getPodIP());
            case "status.hostIP" -> st == null ? "" : str(st.getHostIP());
            default -> "";
        };
    }

    private static void state(PrefixWriter w, String name, ContainerState state) {
        if (state != null && state.getRunning() != null) {
            w.write(L2, name + ":\tRunning\n");
            w.write(L3, "Started:\t" + DescribeSupport.rfc1123z(state.getRunning().getStartedAt()) + "\n");
        } else if (state != null && state.getWaiting() != null) {
            w.write(L2, name + ":\tWaiting\n");
            if (nonEmpty(state.getWaiting().getReason())) {
                w.write(L3, "Reason:\t" + state.getWaiting().getReason() + "\n");
            }
        } else if (state != null && state.getTerminated() != null) {
            var t = state.getTerminated();
            w.write(L2, name + ":\tTerminated\n");
            if (nonEmpty(t.getReason())) {
                w.write(L3, "Reason:\t" + t.getReason() + "\n");
            }
            if (nonEmpty(t.getMessage())) {
                w.write(L3, "Message:\t" + t.getMessage() + "\n");
            }
            w.write(L3, "Exit Code:\t" + (t.getExitCode() == null ? 0 : t.getExitCode()) + "\n");
            if (t.getSignal() != null && t.getSignal() > 0) {
                w.write(L3, "Signal:\t" + t.getSignal() + "\n");
            }
            w.write(L3, "Started:\t" + DescribeSupport.rfc1123z(t.getStartedAt()) + "\n");
            w.write(L3, "Finished:\t" + DescribeSupport.rfc1123z(t.getFinishedAt()) + "\n");
        } else {
            w.write(L2, name + ":\tWaiting\n");
        }
    }

    private static void resources(PrefixWriter w, ResourceRequirements r, int level) {
        if (r == null) {
            return;
        }
        if (r.getLimits() != null && !r.getLimits().isEmpty()) {
            w.write(level, "Limits:\n");
            sortedResources(r.getLimits()).forEach((k, v) -> w.write(level + 1, k + ":\t" + quantity(v) + "\n"));
        }
        if (r.getRequests() != null && !r.getRequests().isEmpty()) {
            w.write(level, "Requests:\n");
            sortedResources(r.getRequests()).forEach((k, v) -> w.write(level + 1, k + ":\t" + quantity(v) + "\n"));
        }
    }

    /** {@code SortedResourceNames}: by name. */
    private static Map<String, Quantity> sortedResources(Map<String, Quantity> m) {
        return new TreeMap<>(m);
    }

    /** {@code Quantity.String()}: the canonical form ({@code 4194304Ki} reads {@code 4Gi}, {@code 0.5} reads {@code 500m}). */
    static String quantity(Quantity q) {
        return q == null ? "0" : canonical(Quantity.getAmountInBytes(q), str(q.getFormat()));
    }

    /**
     * Go's {@code CanonicalizeBytes}: a binary-suffixed quantity of at least 1024 that is a whole
     * number takes the largest power-of-1024 suffix that divides it (4194304Ki = 4 × 2^30 → 4Gi);
     * anything else the decimal form with an exponent that is a multiple of 3, rounded up to nano
     * units (1.5 → 1500m, 2000 → 2k, 128974848 → 128974848).
     */
    static String canonical(BigDecimal value, String format) {
        if (value.signum() == 0) {
            return "0";
        }
        boolean binary = format.endsWith("i");
        if (binary && value.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && value.stripTrailingZeros().scale() <= 0) {
            java.math.BigInteger n = value.toBigIntegerExact();
            java.math.BigInteger k = java.math.BigInteger.valueOf(1024);
            String[] suffix = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
            int e = 0;
            while (e < 6 && n.mod(k).signum() == 0) {
                n = n.divide(k);
                e++;
            }
            return n + suffix[e];
        }
        BigDecimal v = value.setScale(9, RoundingMode.UP).stripTrailingZeros();
        java.math.BigInteger unscaled = v.unscaledValue();
        int exp = -v.scale();
        while (Math.floorMod(exp, 3) != 0 || exp > 18) {
            unscaled = unscaled.multiply(java.math.BigInteger.TEN);
            exp--;
        }
        String suffix = switch (exp) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> "";
        };
        return unscaled + suffix;
    }

    /** {@code DescribeProbe}: {@code http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3}. */
    static String probe(Probe p) {
        String attrs = "delay=" + n(p.getInitialDelaySeconds()) + "s timeout=" + n(p.getTimeoutSeconds()) + "s period="
                + n(p.getPeriodSeconds()) + "s #success=" + n(p.getSuccessThreshold()) + " #failure=" + n(p.getFailureThreshold());
        if (p.getExec() != null) {
            return "exec [" + String.join(" ", p.getExec().getCommand() == null ? List.of() : p.getExec().getCommand()) + "] " + attrs;
        } else if (p.getHttpGet() != null) {
            var h = p.getHttpGet();
            String scheme = str(h.getScheme()).toLowerCase(java.util.Locale.ROOT);
            String port = intOrString(h.getPort());
            String host = str(h.getHost());
            String hostPort = port.isEmpty() ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            String path = str(h.getPath());
            StringBuilder url = new StringBuilder();
            if (!scheme.isEmpty()) {
                url.append(scheme).append(':');
            }
            if (!scheme.isEmpty() || !hostPort.isEmpty()) {
                url.append("//").append(hostPort);
            }
            if (!path.isEmpty() && !path.startsWith("/") && !hostPort.isEmpty()) {
                url.append('/');
            }
            url.append(path);
            return "http-get " + url + " " + attrs;
        } else if (p.getTcpSocket() != null) {
            return "tcp-socket " + str(p.getTcpSocket().getHost()) + ":" + intOrString(p.getTcpSocket().getPort()) + " " + attrs;
        } else if (p.getGrpc() != null) {
            return "grpc <pod>:" + p.getGrpc().getPort() + " " + str(p.getGrpc().getService()) + " " + attrs;
        }
        return "unknown " + attrs;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    static String intOrString(IntOrString v) {
        if (v == null) {
            return "0";
        }
        return v.getIntVal() != null ? String.valueOf(v.getIntVal()) : str(v.getStrVal());
    }

    private static void volumes(PrefixWriter w, List<Volume> volumes, String space) {
        if (volumes == null || volumes.isEmpty()) {
            w.write(L0, space + "Volumes:\t<none>\n");
            return;
        }
        w.write(L0, space + "Volumes:\n");
        for (Volume v : volumes) {
            w.write(L1, (space.isEmpty() ? "" : " ") + v.getName() + ":\n");
            if (v.getHostPath() != null) {
                w.write(L2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" + v.getHostPath().getPath()
                        + "\n    HostPathType:\t" + (v.getHostPath().getType() == null ? "<none>" : v.getHostPath().getType()) + "\n");
            } else if (v.getEmptyDir() != null) {
                var sl = v.getEmptyDir().getSizeLimit();
                String size = sl != null && Quantity.getAmountInBytes(sl).signum() > 0 ? quantity(sl) : "<unset>";
                w.write(L2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t"
                        + str(v.getEmptyDir().getMedium()) + "\n    SizeLimit:\t" + size + "\n");
            } else if (v.getSecret() != null) {
                w.write(L2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t" + str(v.getSecret().getSecretName())
                        + "\n    Optional:\t" + Boolean.TRUE.equals(v.getSecret().getOptional()) + "\n");
            } else if (v.getConfigMap() != null) {
                w.write(L2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t" + str(v.getConfigMap().getName())
                        + "\n    Optional:\t" + Boolean.TRUE.equals(v.getConfigMap().getOptional()) + "\n");
            } else if (v.getPersistentVolumeClaim() != null) {
                w.write(L2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                        + "    ClaimName:\t" + v.getPersistentVolumeClaim().getClaimName() + "\n    ReadOnly:\t"
                        + Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()) + "\n");
            } else if (v.getProjected() != null) {
                w.write(L2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
                for (VolumeProjection s : v.getProjected().getSources()) {
                    if (s.getSecret() != null) {
                        w.write(L2, "SecretName:\t" + s.getSecret().getName() + "\n    SecretOptionalName:\t"
                                + goPointer(s.getSecret().getOptional()) + "\n");
                    } else if (s.getDownwardAPI() != null) {
                        w.write(L2, "DownwardAPI:\ttrue\n");
                    } else if (s.getConfigMap() != null) {
                        w.write(L2, "ConfigMapName:\t" + s.getConfigMap().getName() + "\n    ConfigMapOptional:\t"
                                + goPointer(s.getConfigMap().getOptional()) + "\n");
                    } else if (s.getServiceAccountToken() != null) {
                        w.write(L2, "TokenExpirationSeconds:\t" + s.getServiceAccountToken().getExpirationSeconds() + "\n");
                    }
                }
            } else {
                w.write(L1, "<unknown>\n");
            }
        }
    }

    /** Go prints a nil {@code *bool} with {@code %v} as {@code <nil>}. */
    private static String goPointer(Boolean b) {
        return b == null ? "<nil>" : String.valueOf(b);
    }

    private static void topologySpread(PrefixWriter w, List<TopologySpreadConstraint> tscs, String space) {
        if (tscs == null || tscs.isEmpty()) {
            return;
        }
        List<TopologySpreadConstraint> sorted = new ArrayList<>(tscs);
        sorted.sort(Comparator.comparing(TopologySpreadConstraint::getTopologyKey));
        w.write(L0, space + "Topology Spread Constraints:\t");
        for (int i = 0; i < sorted.size(); i++) {
            TopologySpreadConstraint t = sorted.get(i);
            if (i != 0) {
                w.write(L0, space + "\t");
            }
            w.write(L0, t.getTopologyKey() + ":" + t.getWhenUnsatisfiable() + " when max skew " + t.getMaxSkew() + " is exceeded");
            if (t.getLabelSelector() != null) {
                w.write(L0, " for selector " + Selectors.format(t.getLabelSelector()));
            }
            w.write(L0, "\n");
        }
    }

    // ---- labels, annotations, taints, tolerations ------------------------------------------

    private static void labels(PrefixWriter w, String initialIndent, String title, String innerIndent, Map<String, String> labels) {
        w.write(L0, initialIndent + title + ":" + innerIndent);
        if (labels == null || labels.isEmpty()) {
            w.line("<none>");
            return;
        }
        int i = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (i++ != 0) {
                w.write(L0, initialIndent + innerIndent);
            }
            w.write(L0, e.getKey() + "=" + e.getValue() + "\n");
        }
    }

    private static void annotations(PrefixWriter w, String title, Map<String, String> annotations) {
        w.write(L0, title + ":\t");
        TreeMap<String, String> sorted = new TreeMap<>();
        if (annotations != null) {
            annotations.forEach((k, v) -> {
                if (!k.equals(LAST_APPLIED)) {
                    sorted.put(k, v);
                }
            });
        }
        if (sorted.isEmpty()) {
            w.line("<none>");
            return;
        }
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (i++ != 0) {
                w.write(L0, "\t");
            }
            String value = e.getValue().endsWith("\n") ? e.getValue().substring(0, e.getValue().length() - 1) : e.getValue();
            // Go measures len() in bytes.
            int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 2;
            if (bytes > 140 || value.contains("\n")) {
                w.write(L0, e.getKey() + ":\n");
                for (String s : value.split("\n", -1)) {
                    w.write(L0, "\t  " + (s.length() > 138 ? s.substring(0, 138) + "..." : s) + "\n");
                }
            } else {
                w.write(L0, e.getKey() + ": " + value + "\n");
            }
        }
    }

    private static void taints(PrefixWriter w, List<Taint> taints) {
        w.write(L0, "Taints:\t");
        if (taints == null || taints.isEmpty()) {
            w.line("<none>");
            return;
        }
        List<Taint> sorted = new ArrayList<>(taints);
        sorted.sort(Comparator.comparing(t -> str(t.getEffect()) + "," + t.getKey()));
        for (int i = 0; i < sorted.size(); i++) {
            if (i != 0) {
                w.write(L0, "\t");
            }
            Taint t = sorted.get(i);
            String s = t.getKey() + (nonEmpty(t.getValue()) ? "=" + t.getValue() : "") + ":" + str(t.getEffect());
            w.write(L0, s + "\n");
        }
    }

    private static void tolerations(PrefixWriter w, String initialIndent, String title, String innerIndent, List<Toleration> tolerations) {
        w.write(L0, initialIndent + title + ":" + innerIndent);
        if (tolerations == null || tolerations.isEmpty()) {
            w.line("<none>");
            return;
        }
        List<Toleration> sorted = new ArrayList<>(tolerations);
        sorted.sort(Comparator.comparing(t -> str(t.getKey())));
        for (int i = 0; i < sorted.size(); i++) {
            Toleration t = sorted.get(i);
            if (i != 0) {
                w.write(L0, initialIndent + innerIndent);
            }
            StringBuilder b = new StringBuilder(str(t.getKey()));
            if (nonEmpty(t.getValue())) {
                b.append('=').append(t.getValue());
            }
            if (nonEmpty(t.getEffect())) {
                b.append(':').append(t.getEffect());
            }
            if ("Exists".equals(t.getOperator()) && !nonEmpty(t.getValue())) {
                b.append(nonEmpty(t.getKey()) || nonEmpty(t.getEffect()) ? " op=Exists" : "op=Exists");
            }
            if (t.getTolerationSeconds() != null) {
                b.append(" for ").append(t.getTolerationSeconds()).append('s');
            }
            w.write(L0, b + "\n");
        }
    }

    // ---- Pod Template, ReplicaSet, Deployment ----------------------------------------------

    private void podTemplate(PrefixWriter w, PodTemplateSpec template) {
        w.write(L0, "Pod Template:\n");
        if (template == null) {
            w.write(L1, "<unset>");
            return;
        }
        ObjectMeta m = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        labels(w, "", "  Labels", "\t", m.getLabels());
        if (m.getAnnotations() != null && !m.getAnnotations().isEmpty()) {
            annotations(w, "  Annotations", m.getAnnotations());
        }
        var spec = template.getSpec();
        if (nonEmpty(spec.getServiceAccountName())) {
            w.write(L1, "Service Account:\t" + spec.getServiceAccountName() + "\n");
        }
        if (spec.getInitContainers() != null && !spec.getInitContainers().isEmpty()) {
            containers(w, "Init Containers", spec.getInitContainers(), null, null, "  ");
        }
        containers(w, "Containers", spec.getContainers(), null, null, "  ");
        volumes(w, spec.getVolumes(), "  ");
        topologySpread(w, spec.getTopologySpreadConstraints(), "  ");
        if (nonEmpty(spec.getPriorityClassName())) {
            w.write(L1, "Priority Class Name:\t" + spec.getPriorityClassName() + "\n");
        }
        labels(w, "", "  Node-Selectors", "\t", spec.getNodeSelector());
        tolerations(w, "", "  Tolerations", "\t", spec.getTolerations());
    }

    /** A template as {@code rollout history --revision} prints it: kubectl's prefix writer without the tab writer. */
    String podTemplateRaw(PodTemplateSpec template) {
        PrefixWriter w = new PrefixWriter();
        podTemplate(w, template);
        return w.raw();
    }

    String replicaSet(ReplicaSet rs) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = rs.getMetadata();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        w.write(L0, "Selector:\t" + Selectors.format(rs.getSpec().getSelector()) + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        String controlledBy = controller(m);
        if (!controlledBy.isEmpty()) {
            w.write(L0, "Controlled By:\t" + controlledBy + "\n");
        }
        int current = rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
        w.write(L0, "Replicas:\t" + current + " current / " + n(rs.getSpec().getReplicas()) + " desired\n");
        int[] counts = podCounts(m.getNamespace(), rs.getSpec().getSelector(), m.getUid());
        w.write(L0, "Pods Status:\t");
        w.write(L0, counts[0] + " Running / " + counts[1] + " Waiting / " + counts[2] + " Succeeded / " + counts[3] + " Failed\n");
        podTemplate(w, rs.getSpec().getTemplate());
        if (rs.getStatus() != null && rs.getStatus().getConditions() != null && !rs.getStatus().getConditions().isEmpty()) {
            w.write(L0, "Conditions:\n  Type\tStatus\tReason\n");
            w.write(L1, "----\t------\t------\n");
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                w.write(L1, c.getType() + " \t" + c.getStatus() + "\t" + str(c.getReason()) + "\n");
            }
        }
        if (showEvents) {
            events(w, eventsFor(m.getNamespace(), m.getName(), "ReplicaSet", m.getUid()));
        }
        return w.tabbed();
    }

    /** Running, waiting, succeeded and failed pods matching {@code selector} and controlled by {@code uid}. */
    private int[] podCounts(String namespace, io.fabric8.kubernetes.api.model.LabelSelector selector, String uid) {
        int[] c = new int[4];
        for (Pod p : api.<Pod>list(ResourceTypes.PODS, namespace)) {
            if (!Selectors.matches(selector, p.getMetadata().getLabels())) {
                continue;
            }
            boolean owned = false;
            if (p.getMetadata().getOwnerReferences() != null) {
                for (OwnerReference r : p.getMetadata().getOwnerReferences()) {
                    owned |= Boolean.TRUE.equals(r.getController()) && Objects.equals(r.getUid(), uid);
                }
            }
            if (!owned || p.getStatus() == null) {
                continue;
            }
            switch (str(p.getStatus().getPhase())) {
                case "Running" -> c[0]++;
                case "Pending" -> c[1]++;
                case "Succeeded" -> c[2]++;
                case "Failed" -> c[3]++;
                default -> { }
            }
        }
        return c;
    }

    String deployment(Deployment d) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = d.getMetadata();
        var st = d.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus() : d.getStatus();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        w.write(L0, "CreationTimestamp:\t" + DescribeSupport.rfc1123z(m.getCreationTimestamp()) + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "Selector:\t" + Selectors.format(d.getSpec().getSelector()) + "\n");
        w.write(L0, "Replicas:\t" + n(d.getSpec().getReplicas()) + " desired | " + n(st.getUpdatedReplicas()) + " updated | "
                + n(st.getReplicas()) + " total | " + n(st.getAvailableReplicas()) + " available | "
                + n(st.getUnavailableReplicas()) + " unavailable\n");
        var strategy = d.getSpec().getStrategy();
        w.write(L0, "StrategyType:\t" + (strategy == null ? "" : str(strategy.getType())) + "\n");
        w.write(L0, "MinReadySeconds:\t" + n(d.getSpec().getMinReadySeconds()) + "\n");
        if (strategy != null && strategy.getRollingUpdate() != null) {
            var ru = strategy.getRollingUpdate();
            w.write(L0, "RollingUpdateStrategy:\t" + intOrString(ru.getMaxUnavailable()) + " max unavailable, "
                    + intOrString(ru.getMaxSurge()) + " max surge\n");
        }
        podTemplate(w, d.getSpec().getTemplate());
        if (st.getConditions() != null && !st.getConditions().isEmpty()) {
            w.write(L0, "Conditions:\n  Type\tStatus\tReason\n");
            w.write(L1, "----\t------\t------\n");
            for (DeploymentCondition c : st.getConditions()) {
                w.write(L1, c.getType() + " \t" + c.getStatus() + "\t" + str(c.getReason()) + "\n");
            }
        }
        ReplicaSets sets = replicaSets(api, d);
        if (!sets.all.isEmpty()) {
            w.write(L0, "OldReplicaSets:\t" + rsList(sets.old) + "\n");
            w.write(L0, "NewReplicaSet:\t" + rsList(sets.current == null ? List.of() : List.of(sets.current)) + "\n");
        }
        if (showEvents) {
            events(w, eventsFor(m.getNamespace(), m.getName(), "Deployment", m.getUid()));
        }
        return w.tabbed();
    }

    private static String rsList(List<ReplicaSet> sets) {
        List<String> parts = new ArrayList<>();
        for (ReplicaSet rs : sets) {
            int replicas = rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
            parts.add(rs.getMetadata().getName() + " (" + replicas + "/" + n(rs.getSpec().getReplicas()) + " replicas created)");
        }
        return parts.isEmpty() ? "<none>" : String.join(", ", parts);
    }

    /** A Deployment's ReplicaSets as kubectl's deployment util finds them. */
    record ReplicaSets(List<ReplicaSet> all, ReplicaSet current, List<ReplicaSet> old) {}

    /**
     * {@code GetAllReplicaSets}: the ReplicaSets the Deployment's selector matches and it controls,
     * by creation time (then name); the new one is the oldest whose template equals the Deployment's
     * apart from the {@code pod-template-hash} label; the old ones are all the others.
     */
    static ReplicaSets replicaSets(KubeApi api, Deployment d) {
        List<ReplicaSet> owned = new ArrayList<>();
        for (ReplicaSet rs : api.<ReplicaSet>list(ResourceTypes.REPLICASETS, d.getMetadata().getNamespace())) {
            if (!Selectors.matches(d.getSpec().getSelector(), rs.getMetadata().getLabels())) {
                continue;
            }
            if (rs.getMetadata().getOwnerReferences() == null) {
                continue;
            }
            for (OwnerReference r : rs.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(r.getController()) && Objects.equals(r.getUid(), d.getMetadata().getUid())) {
                    owned.add(rs);
                    break;
                }
            }
        }
        owned.sort(Comparator.comparing((ReplicaSet rs) -> {
            Instant t = DescribeSupport.instant(rs.getMetadata().getCreationTimestamp());
            return t == null ? Instant.EPOCH : t;
        }).thenComparing(rs -> rs.getMetadata().getName()));
        ReplicaSet current = null;
        for (ReplicaSet rs : owned) {
            if (equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                current = rs;
                break;
            }
        }
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : owned) {
            if (current == null || !Objects.equals(rs.getMetadata().getUid(), current.getMetadata().getUid())) {
                old.add(rs);
            }
        }
        return new ReplicaSets(owned, current, old);
    }

    static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        PodTemplateSpec x = Kube.copy(a);
        PodTemplateSpec y = Kube.copy(b);
        for (PodTemplateSpec t : List.of(x, y)) {
            if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
                Map<String, String> labels = new LinkedHashMap<>(t.getMetadata().getLabels());
                labels.remove("pod-template-hash");
                t.getMetadata().setLabels(labels);
            }
        }
        return Kube.semanticEquals(x, y);
    }

    // ---- Service, Endpoints ----------------------------------------------------------------

    String service(Service s) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = s.getMetadata();
        var spec = s.getSpec();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "Selector:\t" + formatLabels(spec.getSelector()) + "\n");
        w.write(L0, "Type:\t" + str(spec.getType()) + "\n");
        if (spec.getIpFamilyPolicy() != null) {
            w.write(L0, "IP Family Policy:\t" + spec.getIpFamilyPolicy() + "\n");
        }
        if (spec.getIpFamilies() != null && !spec.getIpFamilies().isEmpty()) {
            w.write(L0, "IP Families:\t" + String.join(",", spec.getIpFamilies()) + "\n");
        } else {
            w.write(L0, "IP Families:\t<none>\n");
        }
        w.write(L0, "IP:\t" + str(spec.getClusterIP()) + "\n");
        if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
            w.write(L0, "IPs:\t" + String.join(",", spec.getClusterIPs()) + "\n");
        } else {
            w.write(L0, "IPs:\t<none>\n");
        }
        if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
            w.write(L0, "External IPs:\t" + String.join(",", spec.getExternalIPs()) + "\n");
        }
        if (nonEmpty(spec.getLoadBalancerIP())) {
            w.write(L0, "Desired LoadBalancer IP:\t" + spec.getLoadBalancerIP() + "\n");
        }
        if (nonEmpty(spec.getExternalName())) {
            w.write(L0, "External Name:\t" + spec.getExternalName() + "\n");
        }
        if (s.getStatus() != null && s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                && !s.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            List<String> ing = new ArrayList<>();
            for (var i : s.getStatus().getLoadBalancer().getIngress()) {
                ing.add(nonEmpty(i.getIp()) ? i.getIp() + (i.getIpMode() != null ? " (" + i.getIpMode() + ")" : "") : str(i.getHostname()));
            }
            w.write(L0, "LoadBalancer Ingress:\t" + String.join(", ", ing) + "\n");
        }
        List<EndpointSlice> slices = new ArrayList<>();
        for (EndpointSlice es : api.<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, m.getNamespace())) {
            Map<String, String> l = es.getMetadata().getLabels();
            if (l != null && m.getName().equals(l.get("kubernetes.io/service-name"))) {
                slices.add(es);
            }
        }
        if (spec.getPorts() != null) {
            for (ServicePort sp : spec.getPorts()) {
                String name = nonEmpty(sp.getName()) ? sp.getName() : "<unset>";
                w.write(L0, "Port:\t" + name + "\t" + sp.getPort() + "/" + str(sp.getProtocol()) + "\n");
                IntOrString tp = sp.getTargetPort();
                if (tp != null && tp.getIntVal() == null && tp.getStrVal() != null) {
                    w.write(L0, "TargetPort:\t" + tp.getStrVal() + "/" + str(sp.getProtocol()) + "\n");
                } else {
                    w.write(L0, "TargetPort:\t" + (tp == null || tp.getIntVal() == null ? 0 : tp.getIntVal()) + "/" + str(sp.getProtocol()) + "\n");
                }
                if (sp.getNodePort() != null && sp.getNodePort() != 0) {
                    w.write(L0, "NodePort:\t" + name + "\t" + sp.getNodePort() + "/" + str(sp.getProtocol()) + "\n");
                }
                w.write(L0, "Endpoints:\t" + formatSlices(slices, str(sp.getName())) + "\n");
            }
        }
        w.write(L0, "Session Affinity:\t" + str(spec.getSessionAffinity()) + "\n");
        if (nonEmpty(spec.getExternalTrafficPolicy())) {
            w.write(L0, "External Traffic Policy:\t" + spec.getExternalTrafficPolicy() + "\n");
        }
        if (spec.getInternalTrafficPolicy() != null) {
            w.write(L0, "Internal Traffic Policy:\t" + spec.getInternalTrafficPolicy() + "\n");
        }
        if (spec.getHealthCheckNodePort() != null && spec.getHealthCheckNodePort() != 0) {
            w.write(L0, "HealthCheck NodePort:\t" + spec.getHealthCheckNodePort() + "\n");
        }
        if (spec.getLoadBalancerSourceRanges() != null && !spec.getLoadBalancerSourceRanges().isEmpty()) {
            w.write(L0, "LoadBalancer Source Ranges:\t" + String.join(",", spec.getLoadBalancerSourceRanges()) + "\n");
        }
        if (showEvents) {
            events(w, eventsFor(m.getNamespace(), m.getName(), "Service", m.getUid()));
        }
        return w.tabbed();
    }

    /** {@code labels.FormatLabels}: sorted {@code k=v} pairs, or {@code <none>}. */
    private static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** {@code formatEndpointSlices}: up to three ready {@code ip:port}, then {@code + N more...}. */
    private static String formatSlices(List<EndpointSlice> slices, String portName) {
        if (slices.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (EndpointSlice es : slices) {
            List<Endpoint> eps = es.getEndpoints() == null ? List.of() : es.getEndpoints();
            if (es.getPorts() == null || es.getPorts().isEmpty()) {
                for (Endpoint e : eps) {
                    if (list.size() == max) {
                        more = true;
                    }
                    if (!ready(e)) {
                        continue;
                    }
                    if (!more) {
                        list.add(e.getAddresses().get(0));
                    }
                    count++;
                }
            } else {
                for (var port : es.getPorts()) {
                    if (!portName.equals(str(port.getName()))) {
                        continue;
                    }
                    for (Endpoint e : eps) {
                        if (list.size() == max) {
                            more = true;
                        }
                        String addr = e.getAddresses().get(0);
                        if (!ready(e)) {
                            continue;
                        }
                        if (!more) {
                            list.add((addr.contains(":") ? "[" + addr + "]" : addr) + ":" + port.getPort());
                        }
                        count++;
                    }
                }
            }
        }
        String ret = String.join(",", list);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }

    private static boolean ready(Endpoint e) {
        return e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
    }

    String endpoints(Endpoints ep) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = ep.getMetadata();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "Subsets:\n");
        if (ep.getSubsets() != null) {
            for (EndpointSubset s : ep.getSubsets()) {
                List<String> addrs = new ArrayList<>();
                if (s.getAddresses() != null) {
                    s.getAddresses().forEach(a -> addrs.add(a.getIp()));
                }
                w.write(L1, "Addresses:\t" + (addrs.isEmpty() ? "<none>" : String.join(",", addrs)) + "\n");
                List<String> notReady = new ArrayList<>();
                if (s.getNotReadyAddresses() != null) {
                    for (EndpointAddress a : s.getNotReadyAddresses()) {
                        notReady.add(a.getIp());
                    }
                }
                w.write(L1, "NotReadyAddresses:\t" + (notReady.isEmpty() ? "<none>" : String.join(",", notReady)) + "\n");
                if (s.getPorts() != null && !s.getPorts().isEmpty()) {
                    w.write(L1, "Ports:\n");
                    w.write(L2, "Name\tPort\tProtocol\n");
                    w.write(L2, "----\t----\t--------\n");
                    for (EndpointPort p : s.getPorts()) {
                        w.write(L2, (nonEmpty(p.getName()) ? p.getName() : "<unset>") + "\t" + p.getPort() + "\t" + str(p.getProtocol()) + "\n");
                    }
                }
                w.write(L0, "\n");
            }
        }
        if (showEvents) {
            events(w, eventsFor(m.getNamespace(), m.getName(), "Endpoints", m.getUid()));
        }
        return w.tabbed();
    }

    // ---- Node, Namespace -------------------------------------------------------------------

    String node(Node node) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = node.getMetadata();
        var spec = node.getSpec() == null ? new io.fabric8.kubernetes.api.model.NodeSpec() : node.getSpec();
        var st = node.getStatus() == null ? new io.fabric8.kubernetes.api.model.NodeStatus() : node.getStatus();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        TreeSet<String> roles = new TreeSet<>();
        if (m.getLabels() != null) {
            m.getLabels().forEach((k, v) -> {
                if (k.startsWith("node-role.kubernetes.io/")) {
                    String role = k.substring("node-role.kubernetes.io/".length());
                    if (!role.isEmpty()) {
                        roles.add(role);
                    }
                } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
                    roles.add(v);
                }
            });
        }
        w.write(L0, "Roles:\t" + (roles.isEmpty() ? "<none>" : String.join(",", roles)) + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "CreationTimestamp:\t" + DescribeSupport.rfc1123z(m.getCreationTimestamp()) + "\n");
        taints(w, spec.getTaints());
        w.write(L0, "Unschedulable:\t" + Boolean.TRUE.equals(spec.getUnschedulable()) + "\n");
        Lease lease = api.find(ResourceTypes.LEASES, "kube-node-lease", m.getName());
        if (lease == null) {
            w.write(L0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"" + m.getName() + "\" not found\n");
        } else {
            w.write(L0, "Lease:\n");
            var ls = lease.getSpec();
            w.write(L1, "HolderIdentity:\t" + (ls == null || ls.getHolderIdentity() == null ? "<unset>" : ls.getHolderIdentity()) + "\n");
            w.write(L1, "AcquireTime:\t" + (ls == null || ls.getAcquireTime() == null ? "<unset>" : DescribeSupport.rfc1123z(ls.getAcquireTime().toString())) + "\n");
            w.write(L1, "RenewTime:\t" + (ls == null || ls.getRenewTime() == null ? "<unset>" : DescribeSupport.rfc1123z(ls.getRenewTime().toString())) + "\n");
        }
        if (st.getConditions() != null && !st.getConditions().isEmpty()) {
            w.write(L0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
            w.write(L1, "----\t------\t-----------------\t------------------\t------\t-------\n");
            for (NodeCondition c : st.getConditions()) {
                w.write(L1, c.getType() + " \t" + c.getStatus() + " \t" + DescribeSupport.rfc1123z(c.getLastHeartbeatTime()) + " \t"
                        + DescribeSupport.rfc1123z(c.getLastTransitionTime()) + " \t" + str(c.getReason()) + " \t" + str(c.getMessage()) + "\n");
            }
        }
        w.write(L0, "Addresses:\n");
        if (st.getAddresses() != null) {
            for (NodeAddress a : st.getAddresses()) {
                w.write(L1, a.getType() + ":\t" + a.getAddress() + "\n");
            }
        }
        if (st.getCapacity() != null && !st.getCapacity().isEmpty()) {
            w.write(L0, "Capacity:\n");
            new TreeMap<>(st.getCapacity()).forEach((k, v) -> w.write(L0, "  " + k + ":\t" + quantity(v) + "\n"));
        }
        if (st.getAllocatable() != null && !st.getAllocatable().isEmpty()) {
            w.write(L0, "Allocatable:\n");
            new TreeMap<>(st.getAllocatable()).forEach((k, v) -> w.write(L0, "  " + k + ":\t" + quantity(v) + "\n"));
        }
        var info = st.getNodeInfo() == null ? new io.fabric8.kubernetes.api.model.NodeSystemInfo() : st.getNodeInfo();
        w.write(L0, "System Info:\n");
        w.write(L0, "  Machine ID:\t" + str(info.getMachineID()) + "\n");
        w.write(L0, "  System UUID:\t" + str(info.getSystemUUID()) + "\n");
        w.write(L0, "  Boot ID:\t" + str(info.getBootID()) + "\n");
        w.write(L0, "  Kernel Version:\t" + str(info.getKernelVersion()) + "\n");
        w.write(L0, "  OS Image:\t" + str(info.getOsImage()) + "\n");
        w.write(L0, "  Operating System:\t" + str(info.getOperatingSystem()) + "\n");
        w.write(L0, "  Architecture:\t" + str(info.getArchitecture()) + "\n");
        w.write(L0, "  Container Runtime Version:\t" + str(info.getContainerRuntimeVersion()) + "\n");
        w.write(L0, "  Kubelet Version:\t" + str(info.getKubeletVersion()) + "\n");
        w.write(L0, "  Kube-Proxy Version:\t" + str(info.getKubeProxyVersion()) + "\n");
        if (nonEmpty(spec.getPodCIDR())) {
            w.write(L0, "PodCIDR:\t" + spec.getPodCIDR() + "\n");
        }
        if (spec.getPodCIDRs() != null && !spec.getPodCIDRs().isEmpty()) {
            w.write(L0, "PodCIDRs:\t" + String.join(",", spec.getPodCIDRs()) + "\n");
        }
        if (nonEmpty(spec.getProviderID())) {
            w.write(L0, "ProviderID:\t" + spec.getProviderID() + "\n");
        }
        nodeResources(w, node);
        if (showEvents) {
            // kubectl asks twice, by the node's uid and by its name as uid (the kubelet's events), and joins the lists.
            List<Event> events = new ArrayList<>(eventsFor("", m.getName(), "Node", m.getUid()));
            events.addAll(eventsFor("", m.getName(), "Node", m.getName()));
            events(w, events);
        }
        return w.tabbed();
    }

    private void nodeResources(PrefixWriter w, Node node) {
        List<Pod> pods = new ArrayList<>();
        for (Pod p : api.<Pod>list(ResourceTypes.PODS, null)) {
            String phase = p.getStatus() == null ? "" : str(p.getStatus().getPhase());
            if (node.getMetadata().getName().equals(p.getSpec().getNodeName()) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
                pods.add(p);
            }
        }
        w.write(L0, "Non-terminated Pods:\t(" + pods.size() + " in total)\n");
        w.write(L1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        w.write(L1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
        Map<String, Quantity> alloc = node.getStatus().getAllocatable() != null && !node.getStatus().getAllocatable().isEmpty()
                ? node.getStatus().getAllocatable() : node.getStatus().getCapacity();
        if (alloc == null) {
            alloc = Map.of();
        }
        BigDecimal cpuAlloc = amount(alloc.get("cpu"));
        BigDecimal memAlloc = amount(alloc.get("memory"));
        BigDecimal ephAlloc = amount(alloc.get("ephemeral-storage"));
        Totals total = new Totals();
        for (Pod p : pods) {
            Totals t = new Totals();
            t.add(p);
            total.add(p);
            w.write(L1, p.getMetadata().getNamespace() + "\t" + p.getMetadata().getName() + "\t\t"
                    + t.cpuReq.text() + " (" + percent(t.cpuReq.value, cpuAlloc) + "%)\t"
                    + t.cpuLim.text() + " (" + percent(t.cpuLim.value, cpuAlloc) + "%)\t"
                    + t.memReq.text() + " (" + percent(t.memReq.value, memAlloc) + "%)\t"
                    + t.memLim.text() + " (" + percent(t.memLim.value, memAlloc) + "%)\t"
                    + DescribeSupport.since(p.getMetadata().getCreationTimestamp(), now) + "\n");
        }
        w.write(L0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
        w.write(L1, "Resource\tRequests\tLimits\n");
        w.write(L1, "--------\t--------\t------\n");
        w.write(L1, "cpu\t" + total.cpuReq.text() + " (" + percent(total.cpuReq.value, cpuAlloc) + "%)\t" + total.cpuLim.text()
                + " (" + percent(total.cpuLim.value, cpuAlloc) + "%)\n");
        w.write(L1, "memory\t" + total.memReq.text() + " (" + percent(total.memReq.value, memAlloc) + "%)\t" + total.memLim.text()
                + " (" + percent(total.memLim.value, memAlloc) + "%)\n");
        w.write(L1, "ephemeral-storage\t" + total.ephReq.text() + " (" + percent(total.ephReq.value, ephAlloc) + "%)\t"
                + total.ephLim.text() + " (" + percent(total.ephLim.value, ephAlloc) + "%)\n");
        for (String r : new TreeSet<>(alloc.keySet())) {
            if (r.startsWith("hugepages-")) {
                w.write(L1, r + "\t0 (0%)\t0 (0%)\n");
            }
        }
    }

    private static BigDecimal amount(Quantity q) {
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    /** Go's {@code int64(float64(a) / float64(b) * 100)}: truncated; 0 when nothing is allocatable. */
    private static long percent(BigDecimal value, BigDecimal allocatable) {
        if (allocatable.signum() == 0) {
            return 0;
        }
        return (long) (value.doubleValue() / allocatable.doubleValue() * 100);
    }

    /** A sum of quantities printed as {@code Quantity.String()} would: in the first addend's format. */
    private static final class Sum {
        BigDecimal value = BigDecimal.ZERO;
        String format;

        void add(Quantity q) {
            if (q == null) {
                return;
            }
            value = value.add(Quantity.getAmountInBytes(q));
            if (format == null) {
                format = str(q.getFormat());
            }
        }

        String text() {
            return canonical(value, format == null ? "" : format);
        }
    }

    /** A pod's requests and limits ({@code PodRequestsAndLimits}): containers summed, init containers as a maximum. */
    private static final class Totals {
        final Sum cpuReq = new Sum();
        final Sum cpuLim = new Sum();
        final Sum memReq = new Sum();
        final Sum memLim = new Sum();
        final Sum ephReq = new Sum();
        final Sum ephLim = new Sum();

        void add(Pod p) {
            for (Container c : p.getSpec().getContainers()) {
                ResourceRequirements r = c.getResources();
                if (r == null) {
                    continue;
                }
                Map<String, Quantity> req = r.getRequests() == null ? Map.of() : r.getRequests();
                Map<String, Quantity> lim = r.getLimits() == null ? Map.of() : r.getLimits();
                cpuReq.add(req.getOrDefault("cpu", lim.get("cpu")));
                memReq.add(req.getOrDefault("memory", lim.get("memory")));
                ephReq.add(req.getOrDefault("ephemeral-storage", lim.get("ephemeral-storage")));
                cpuLim.add(lim.get("cpu"));
                memLim.add(lim.get("memory"));
                ephLim.add(lim.get("ephemeral-storage"));
            }
        }
    }

    String namespace(Namespace ns) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = ns.getMetadata();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "Status:\t" + (ns.getStatus() == null ? "" : str(ns.getStatus().getPhase())) + "\n");
        if (ns.getStatus() != null && ns.getStatus().getConditions() != null && !ns.getStatus().getConditions().isEmpty()) {
            w.write(L0, "Conditions:\n");
            w.write(L1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
            w.write(L1, "----\t------\t------------------\t------\t-------\n");
            for (var c : ns.getStatus().getConditions()) {
                w.write(L1, c.getType() + "\t" + c.getStatus() + "\t" + DescribeSupport.rfc1123z(c.getLastTransitionTime()) + "\t"
                        + str(c.getReason()) + "\t" + str(c.getMessage()) + "\n");
            }
        }
        // The simulated API serves no resourcequotas or limitranges: kubectl's lists answer 404 and it prints neither section.
        return w.tabbed();
    }

    /**
     * The ConfigMap describer. kubectl walks {@code data} in Go's random map order; the console
     * sorts the keys, which is one of the orders kubectl prints.
     */
    String configMap(io.fabric8.kubernetes.api.model.ConfigMap cm) {
        PrefixWriter w = new PrefixWriter();
        ObjectMeta m = cm.getMetadata();
        w.write(L0, "Name:\t" + m.getName() + "\n");
        w.write(L0, "Namespace:\t" + m.getNamespace() + "\n");
        labels(w, "", "Labels", "\t", m.getLabels());
        annotations(w, "Annotations", m.getAnnotations());
        w.write(L0, "\nData\n====\n");
        if (cm.getData() != null) {
            new TreeMap<>(cm.getData()).forEach((k, v) -> {
                w.write(L0, k + ":\n----\n");
                w.write(L0, v + "\n");
                w.write(L0, "\n");
            });
        }
        w.write(L0, "\nBinaryData\n====\n");
        if (cm.getBinaryData() != null) {
            new TreeMap<>(cm.getBinaryData()).forEach((k, v) ->
                    w.write(L0, k + ": " + java.util.Base64.getDecoder().decode(v).length + " bytes\n"));
        }
        w.write(L0, "\n");
        if (showEvents) {
            events(w, eventsFor(m.getNamespace(), m.getName(), "ConfigMap", m.getUid()));
        }
        return w.tabbed();
    }

    // ---- events ------------------------------------------------------------------------------

    /**
     * The events {@code searchEvents} finds: by the involved object's name, namespace, uid and (unless
     * null) kind, in every namespace for a cluster-scoped object, in list order.
     */
    List<Event> eventsFor(String namespace, String name, String kind, String uid) {
        List<Event> out = new ArrayList<>();
        String listNs = namespace == null || namespace.isEmpty() ? null : namespace;
        for (Event e : api.<Event>list(ResourceTypes.EVENTS, listNs)) {
            var ref = e.getInvolvedObject();
            if (ref == null || !Objects.equals(name, ref.getName()) || !str(namespace).equals(str(ref.getNamespace()))) {
                continue;
            }
            if (kind != null && !kind.equals(ref.getKind())) {
                continue;
            }
            if (uid != null && !uid.isEmpty() && !uid.equals(ref.getUid())) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    /** {@code DescribeEvents}: sorted by last time seen (stable), ages as {@code 5s} or {@code 2m (x3 over 5m)}. */
    private void events(PrefixWriter w, List<Event> list) {
        if (list.isEmpty()) {
            w.write(L0, "Events:\t<none>\n");
            return;
        }
        List<Event> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing(e -> {
            Instant t = DescribeSupport.instant(e.getLastTimestamp());
            return t == null ? Instant.MIN : t;
        }));
        w.write(L0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.write(L1, "----\t------\t----\t----\t-------\n");
        for (Event e : sorted) {
            String first;
            if (e.getEventTime() != null && nonEmpty(e.getEventTime().getTime())) {
                first = DescribeSupport.since(e.getEventTime().getTime(), now);
            } else {
                first = DescribeSupport.since(e.getFirstTimestamp(), now);
            }
            String interval;
            if (e.getSeries() != null) {
                interval = DescribeSupport.since(e.getSeries().getLastObservedTime() == null ? null
                        : e.getSeries().getLastObservedTime().getTime(), now) + " (x" + e.getSeries().getCount() + " over " + first + ")";
            } else if (e.getCount() != null && e.getCount() > 1) {
                interval = DescribeSupport.since(e.getLastTimestamp(), now) + " (x" + e.getCount() + " over " + first + ")";
            } else {
                interval = first;
            }
            String source = e.getSource() == null ? "" : str(e.getSource().getComponent());
            if (source.isEmpty()) {
                source = str(e.getReportingComponent());
            }
            w.write(L1, str(e.getType()) + "\t" + str(e.getReason()) + "\t" + interval + "\t" + source + "\t"
                    + str(e.getMessage()).strip() + "\n");
        }
    }

    // ---- small helpers ---------------------------------------------------------------------

    static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    static String str(String s) {
        return s == null ? "" : s;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
