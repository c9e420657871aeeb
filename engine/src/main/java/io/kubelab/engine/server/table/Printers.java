package io.kubelab.engine.server.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.kubelab.engine.server.table.PodPrinter.list;
import static io.kubelab.engine.server.table.PodPrinter.nonEmpty;
import static io.kubelab.engine.server.table.PodPrinter.nullToEmpty;

/**
 * The server-side printers of {@code kubectl get}: per resource, upstream's column definitions
 * ({@code pkg/printers/internalversion/printers.go}) and how one object becomes one row. The API
 * server always prints the wide columns; kubectl drops the priority-1 ones unless {@code -o wide}.
 */
public final class Printers {
    private Printers() {}

    private static final String CONTAINERS = "Names of each container in the template.";
    private static final String IMAGES = "Images referenced by each container in the template.";

    private static final List<Column> DEPLOYMENT = List.of(Column.nameColumn(),
            Column.string("Ready", "Number of the pod with ready state"),
            Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that "
                    + "have the desired template spec."),
            Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) "
                    + "targeted by this deployment."),
            Column.ageColumn(),
            Column.wide("Containers", CONTAINERS),
            Column.wide("Images", IMAGES),
            Column.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by "
                    + "this will be the ones affected by this deployment."));

    private static final List<Column> REPLICASET = List.of(Column.nameColumn(),
            Column.integer("Desired", "Replicas is the number of desired replicas."),
            Column.integer("Current", "Replicas is the most recently observed number of replicas."),
            Column.integer("Ready", "The number of ready replicas for this replica set."),
            Column.ageColumn(),
            Column.wide("Containers", CONTAINERS),
            Column.wide("Images", IMAGES),
            Column.wide("Selector", "Selector is a label query over pods that should match the replica count."));

    private static final List<Column> SERVICE = List.of(Column.nameColumn(),
            Column.string("Type", "type determines how the Service is exposed."),
            Column.string("Cluster-IP", "clusterIP is the IP address of the service."),
            Column.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster "
                    + "will also accept traffic for this service."),
            Column.string("Port(s)", "The list of ports that are exposed by this service."),
            Column.ageColumn(),
            Column.wide("Selector", "Route service traffic to pods with label keys and values matching this "
                    + "selector."));

    private static final List<Column> NODE = List.of(Column.nameColumn(),
            Column.string("Status", "The status of the node"),
            Column.string("Roles", "The roles of the node"),
            Column.ageColumn(),
            Column.string("Version", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", "List of addresses reachable to the node."),
            Column.wide("External-IP", "List of addresses reachable to the node."),
            Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release."),
            Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r'."),
            Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime "
                    + "remote API."));

    private static final List<Column> EVENT = List.of(
            Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.string("Reason", "This should be a short, machine understandable string that gives the reason "
                    + "for the transition into the object's current status."),
            Column.string("Object", "The object that this event is about."),
            Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this "
                    + "string should contain a valid JSON/Go field access statement."),
            Column.wide("Source", "The component reporting this event."),
            Column.string("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "The time at which the event was first recorded."),
            Column.wide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", "Name must be unique within a namespace.", 1));

    private static final List<Column> NAMESPACE = List.of(Column.nameColumn(),
            Column.string("Status", "The status of the namespace"), Column.ageColumn());

    private static final List<Column> ENDPOINTS = List.of(Column.nameColumn(),
            Column.string("Endpoints", "The set of all endpoints is the union of all subsets."), Column.ageColumn());

    private static final List<Column> CONFIGMAP = List.of(Column.nameColumn(),
            Column.string("Data", "Data contains the configuration data."), Column.ageColumn());

    private static final List<Column> LEASE = List.of(Column.nameColumn(),
            Column.string("Holder", "holderIdentity contains the identity of the holder of a current lease."),
            Column.ageColumn());

    private static final List<Column> ENDPOINTSLICE = List.of(Column.nameColumn(),
            Column.string("AddressType", "addressType specifies the type of address carried by this "
                    + "EndpointSlice."),
            Column.string("Ports", "ports specifies the list of network ports exposed by each endpoint in this "
                    + "slice."),
            Column.string("Endpoints", "endpoints is a list of unique endpoints in this slice."),
            Column.ageColumn());

    private static final List<Column> GENERIC = List.of(Column.nameColumn(), Column.ageColumn());

    /** The columns of a resource's table. */
    public static List<Column> columns(ResourceType type) {
        if (type == ResourceTypes.PODS) {
            return PodPrinter.COLUMNS;
        } else if (type == ResourceTypes.DEPLOYMENTS) {
            return DEPLOYMENT;
        } else if (type == ResourceTypes.REPLICASETS) {
            return REPLICASET;
        } else if (type == ResourceTypes.SERVICES) {
            return SERVICE;
        } else if (type == ResourceTypes.NODES) {
            return NODE;
        } else if (type == ResourceTypes.EVENTS) {
            return EVENT;
        } else if (type == ResourceTypes.NAMESPACES) {
            return NAMESPACE;
        } else if (type == ResourceTypes.ENDPOINTS) {
            return ENDPOINTS;
        } else if (type == ResourceTypes.CONFIGMAPS) {
            return CONFIGMAP;
        } else if (type == ResourceTypes.LEASES) {
            return LEASE;
        } else if (type == ResourceTypes.ENDPOINTSLICES) {
            return ENDPOINTSLICE;
        }
        return GENERIC;
    }

    /** One object's row, with ages computed at {@code now} (the cluster's clock). */
    public static Row row(HasMetadata o, Instant now) {
        String age = HumanDuration.since(o.getMetadata().getCreationTimestamp(), now);
        String name = o.getMetadata().getName();
        if (o instanceof Pod pod) {
            return PodPrinter.row(pod, now);
        } else if (o instanceof Deployment d) {
            int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            var s = d.getStatus();
            int ready = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
            int updated = s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas();
            int available = s == null || s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas();
            PodTemplateSpec t = d.getSpec() == null ? null : d.getSpec().getTemplate();
            // Upstream prints the selector's String(), which is empty (not <none>) for an empty one.
            String selector = d.getSpec() == null ? "" : formatSelector(d.getSpec().getSelector());
            return cells(name, ready + "/" + desired, (long) updated, (long) available, age,
                    containerNames(t), images(t), selector);
        } else if (o instanceof ReplicaSet rs) {
            int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
            var s = rs.getStatus();
            int current = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
            int ready = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
            PodTemplateSpec t = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
            String selector = rs.getSpec() == null ? "<none>" : orNone(formatSelector(rs.getSpec().getSelector()));
            return cells(name, (long) desired, (long) current, (long) ready, age, containerNames(t), images(t), selector);
        } else if (o instanceof Service svc) {
            ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
            String clusterIp = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
                    ? spec.getClusterIPs().get(0) : "<none>";
            String ports = portString(spec.getPorts());
            return cells(name, nullToEmpty(spec.getType()), clusterIp, externalIp(svc), ports.isEmpty() ? "<none>" : ports,
                    age, formatLabels(spec.getSelector()));
        } else if (o instanceof Node node) {
            return nodeRow(node, age);
        } else if (o instanceof Event ev) {
            return eventRow(ev, now);
        } else if (o instanceof Namespace ns) {
            return cells(name, ns.getStatus() == null ? "" : nullToEmpty(ns.getStatus().getPhase()), age);
        } else if (o instanceof Endpoints ep) {
            return cells(name, formatEndpoints(ep), age);
        } else if (o instanceof ConfigMap cm) {
            long n = (cm.getData() == null ? 0 : cm.getData().size()) + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size());
            return cells(name, n, age);
        } else if (o instanceof Lease lease) {
            return cells(name, lease.getSpec() == null ? "" : nullToEmpty(lease.getSpec().getHolderIdentity()), age);
        } else if (o instanceof EndpointSlice slice) {
            return cells(name, nullToEmpty(slice.getAddressType()), discoveryPorts(slice), discoveryEndpoints(slice), age);
        }
        return cells(name, age);
    }

    private static Row cells(Object... cells) {
        return new Row(java.util.Arrays.asList(cells));
    }

    // ---- nodes ---------------------------------------------------------------------------

    private static Row nodeRow(Node node, String age) {
        List<String> status = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null ? List.of() : list(node.getStatus().getConditions());
        for (NodeCondition c : conditions) {
            if ("Ready".equals(c.getType())) {
                status.add("True".equals(c.getStatus()) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels != null) {
            labels.forEach((k, v) -> {
                if (k.startsWith("node-role.kubernetes.io/") && k.length() > "node-role.kubernetes.io/".length()) {
                    roles.add(k.substring("node-role.kubernetes.io/".length()));
                } else if ("kubernetes.io/role".equals(k) && v != null && !v.isEmpty()) {
                    roles.add(v);
                }
            });
        }
        NodeSystemInfo info = node.getStatus() == null || node.getStatus().getNodeInfo() == null
                ? new NodeSystemInfo() : node.getStatus().getNodeInfo();
        return cells(node.getMetadata().getName(), String.join(",", status),
                roles.isEmpty() ? "<none>" : String.join(",", roles), age, nullToEmpty(info.getKubeletVersion()),
                nodeAddress(node, "InternalIP"), nodeAddress(node, "ExternalIP"),
                orUnknown(info.getOsImage()), orUnknown(info.getKernelVersion()),
                orUnknown(info.getContainerRuntimeVersion()));
    }

    private static String nodeAddress(Node node, String type) {
        if (node.getStatus() != null) {
            for (NodeAddress a : list(node.getStatus().getAddresses())) {
                if (type.equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "<none>";
    }

    // ---- events --------------------------------------------------------------------------

    private static Row eventRow(Event ev, Instant now) {
        String first = HumanDuration.since(ev.getFirstTimestamp(), now);
        if (!nonEmpty(ev.getFirstTimestamp())) {
            first = HumanDuration.since(ev.getEventTime() == null ? null : ev.getEventTime().getTime(), now);
        }
        String last = nonEmpty(ev.getLastTimestamp()) ? HumanDuration.since(ev.getLastTimestamp(), now) : first;
        int count = ev.getCount() == null ? 0 : ev.getCount();
        if (ev.getSeries() != null) {
            last = HumanDuration.since(ev.getSeries().getLastObservedTime() == null ? null
                    : ev.getSeries().getLastObservedTime().getTime(), now);
            count = ev.getSeries().getCount() == null ? 0 : ev.getSeries().getCount();
        } else if (count == 0) {
            // Singleton events of the new API carry no count.
            count = 1;
        }
        ObjectReference io = ev.getInvolvedObject() == null ? new ObjectReference() : ev.getInvolvedObject();
        String kind = nullToEmpty(io.getKind()).toLowerCase(java.util.Locale.ROOT);
        String target = nonEmpty(io.getName()) ? kind + "/" + io.getName() : kind;
        String component = ev.getSource() != null && nonEmpty(ev.getSource().getComponent())
                ? ev.getSource().getComponent() : nullToEmpty(ev.getReportingComponent());
        String host = ev.getSource() != null && nonEmpty(ev.getSource().getHost())
                ? ev.getSource().getHost() : nullToEmpty(ev.getReportingInstance());
        String source = host.isEmpty() ? component : component + ", " + host;
        return cells(last, nullToEmpty(ev.getType()), nullToEmpty(ev.getReason()), target,
                nullToEmpty(io.getFieldPath()), source, nullToEmpty(ev.getMessage()).strip(), first, (long) count,
                ev.getMetadata().getName());
    }

    // ---- services ------------------------------------------------------------------------

    private static String portString(List<ServicePort> ports) {
        List<String> pieces = new ArrayList<>();
        for (ServicePort p : list(ports)) {
            String protocol = nullToEmpty(p.getProtocol());
            if (p.getNodePort() != null && p.getNodePort() > 0) {
                pieces.add(p.getPort() + ":" + p.getNodePort() + "/" + protocol);
            } else {
                pieces.add(p.getPort() + "/" + protocol);
            }
        }
        return String.join(",", pieces);
    }

    private static String externalIp(Service svc) {
        ServiceSpec spec = svc.getSpec();
        List<String> external = list(spec.getExternalIPs());
        String type = spec.getType() == null ? "ClusterIP" : spec.getType();
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? "<none>" : String.join(",", external);
            }
            case "LoadBalancer" -> {
                TreeSet<String> ips = new TreeSet<>();
                if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
                    for (LoadBalancerIngress in : list(svc.getStatus().getLoadBalancer().getIngress())) {
                        if (nonEmpty(in.getIp())) {
                            ips.add(in.getIp());
                        } else if (nonEmpty(in.getHostname())) {
                            ips.add(in.getHostname());
                        }
                    }
                }
                // The API server prints the wide form (no 16-character clipping).
                String lb = String.join(",", ips);
                if (!external.isEmpty()) {
                    List<String> all = new ArrayList<>();
                    if (!lb.isEmpty()) {
                        all.addAll(List.of(lb.split(",")));
                    }
                    all.addAll(external);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : lb;
            }
            case "ExternalName" -> {
                return nullToEmpty(spec.getExternalName());
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    // ---- endpoints -----------------------------------------------------------------------

    /** {@code 10.244.1.5:80,10.244.2.7:80,10.244.1.6:80 + 2 more...}: the first three, then a count. */
    static String formatEndpoints(Endpoints ep) {
        List<EndpointSubset> subsets = list(ep.getSubsets());
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> shown = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (EndpointSubset ss : subsets) {
            List<EndpointAddress> addresses = list(ss.getAddresses());
            if (list(ss.getPorts()).isEmpty()) {
                // A headless service may have no ports.
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(a.getIp());
                }
                continue;
            }
            for (EndpointPort port : ss.getPorts()) {
                count += addresses.size();
                for (EndpointAddress a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    String ip = a.getIp() == null ? "" : a.getIp();
                    shown.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port.getPort());
                }
            }
        }
        String ret = String.join(",", shown);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }

    private static String discoveryPorts(EndpointSlice slice) {
        List<String> shown = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (var p : list(slice.getPorts())) {
            if (shown.size() < 3) {
                shown.add(p.getPort() != null ? p.getPort().toString() : p.getName() != null ? p.getName() : "*");
            } else if (shown.size() == 3) {
                more = true;
            }
            count++;
        }
        return withMore(shown, more, count);
    }

    private static String discoveryEndpoints(EndpointSlice slice) {
        List<String> shown = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (Endpoint e : list(slice.getEndpoints())) {
            for (String address : list(e.getAddresses())) {
                if (shown.size() < 3) {
                    shown.add(address);
                } else if (shown.size() == 3) {
                    more = true;
                }
                count++;
            }
        }
        return withMore(shown, more, count);
    }

    private static String withMore(List<String> shown, boolean more, int count) {
        String ret = String.join(",", shown);
        if (more) {
            return ret + " + " + (count - 3) + " more...";
        }
        return ret.isEmpty() ? "<unset>" : ret;
    }

    // ---- helpers -------------------------------------------------------------------------

    private static String containerNames(PodTemplateSpec t) {
        List<String> names = new ArrayList<>();
        for (Container c : containers(t)) {
            names.add(nullToEmpty(c.getName()));
        }
        return String.join(",", names);
    }

    private static String images(PodTemplateSpec t) {
        List<String> images = new ArrayList<>();
        for (Container c : containers(t)) {
            images.add(nullToEmpty(c.getImage()));
        }
        return String.join(",", images);
    }

    private static List<Container> containers(PodTemplateSpec t) {
        return t == null || t.getSpec() == null ? List.of() : list(t.getSpec().getContainers());
    }

    /** {@code labels.FormatLabels}: {@code app=web,tier=front} sorted by key, {@code <none>} when empty. */
    static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * A label selector's {@code String()}: requirements sorted by key, {@code k=v}, {@code k in (a,b)},
     * {@code k notin (a)}, {@code k}, {@code !k}; empty for an empty selector.
     */
    public static String formatSelector(LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
        }
        for (LabelSelectorRequirement r : list(selector.getMatchExpressions())) {
            String values = String.join(",", new TreeSet<>(list(r.getValues())));
            String text = switch (nullToEmpty(r.getOperator())) {
                case "In" -> r.getKey() + " in (" + values + ")";
                case "NotIn" -> r.getKey() + " notin (" + values + ")";
                case "DoesNotExist" -> "!" + r.getKey();
                default -> r.getKey();
            };
            byKey.computeIfAbsent(r.getKey(), x -> new ArrayList<>()).add(text);
        }
        List<String> parts = new ArrayList<>();
        byKey.values().forEach(parts::addAll);
        return String.join(",", parts);
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? "<unknown>" : s;
    }
}
