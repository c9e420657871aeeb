package io.kubelab.engine.controller;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test support for controller tests: a cluster with no nodes in which only the named components
 * run (every other component — other controllers, scheduler, kubelets — is stopped, so nothing
 * but the controller under test touches the objects a test seeds), and builders for the objects
 * those tests seed by hand: Nodes with a Ready condition, their Leases, pods with a status.
 */
public final class ControllerHarness {
    private ControllerHarness() {}

    /** A started cluster in which only {@code running} components work. */
    public static Cluster cluster(String... running) {
        Cluster c = Cluster.create(ClusterConfig.defaults().withNodes(0));
        Set<String> keep = Set.of(running);
        for (String name : c.components().keySet()) {
            if (!keep.contains(name)) {
                c.setRunning(name, false);
            }
        }
        for (String name : keep) {
            if (c.component(name) == null) {
                throw new IllegalArgumentException("no component named " + name);
            }
        }
        c.start();
        return c;
    }

    /** Creates a Node with a Ready=True condition heartbeating now, optionally in a zone. */
    public static Node node(KubeApi api, String name, String zone) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata().withNewSpec().endSpec();
        if (zone != null) {
            b.editMetadata().addToLabels("topology.kubernetes.io/zone", zone).endMetadata();
        }
        Node created = api.create(b.build(), null);
        Node copy = Kube.copy(created);
        if (copy.getStatus() == null) {
            copy.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        String now = Kube.timestamp(api.now());
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now));
        conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now));
        copy.getStatus().setConditions(conditions);
        return api.updateStatus(copy);
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now) {
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastHeartbeatTime(now);
        c.setLastTransitionTime(now);
        return c;
    }

    /** What a kubelet that comes back does: posts Ready=True (and healthy pressures) with a fresh heartbeat. */
    public static Node postReady(KubeApi api, String name) {
        String now = Kube.timestamp(api.now());
        return api.modify(ResourceTypes.NODES, null, name, (Node n) -> {
            for (NodeCondition c : n.getStatus().getConditions()) {
                String want = "Ready".equals(c.getType()) ? "True" : "False";
                if (!want.equals(c.getStatus())) {
                    c.setLastTransitionTime(now);
                }
                c.setStatus(want);
                c.setLastHeartbeatTime(now);
                switch (c.getType()) {
                    case "Ready" -> { c.setReason("KubeletReady"); c.setMessage("kubelet is posting ready status"); }
                    case "MemoryPressure" -> { c.setReason("KubeletHasSufficientMemory"); c.setMessage("kubelet has sufficient memory available"); }
                    case "DiskPressure" -> { c.setReason("KubeletHasNoDiskPressure"); c.setMessage("kubelet has no disk pressure"); }
                    case "PIDPressure" -> { c.setReason("KubeletHasSufficientPID"); c.setMessage("kubelet has sufficient PID available"); }
                    default -> { }
                }
            }
            return n;
        }, true);
    }

    /** Creates or renews the node's Lease in {@code kube-node-lease}, as a kubelet does every 10 s. */
    public static Lease renewLease(KubeApi api, String nodeName) {
        var renew = api.now().atZone(ZoneOffset.UTC);
        Lease current = api.find(ResourceTypes.LEASES, "kube-node-lease", nodeName);
        if (current == null) {
            Node node = api.get(ResourceTypes.NODES, null, nodeName);
            Lease lease = new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace("kube-node-lease")
                    .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
                    .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(40).withRenewTime(renew).endSpec()
                    .build();
            return api.create(lease, "kube-node-lease");
        }
        Lease copy = Kube.copy(current);
        copy.getSpec().setRenewTime(renew);
        return api.update(copy);
    }

    public static ContainerPort port(String name, int containerPort) {
        return new ContainerPortBuilder().withName(name).withContainerPort(containerPort).withProtocol("TCP").build();
    }

    /** Creates a pod (bound to {@code nodeName} when given) with one nginx container declaring {@code ports}. */
    public static Pod pod(KubeApi api, String ns, String name, Map<String, String> labels, String nodeName,
                          ContainerPort... ports) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("nginx").withImage("nginx")
                .withPorts(ports).endContainer().endSpec().build();
        return api.create(pod, ns);
    }

    /** What a kubelet reports for a started pod: Running, an IP, and the Ready condition. */
    public static Pod running(KubeApi api, Pod pod, String ip, boolean ready) {
        Pod copy = Kube.copy(api.<Pod>get(ResourceTypes.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
        String now = Kube.timestamp(api.now());
        copy.getStatus().setPhase("Running");
        copy.getStatus().setPodIP(ip);
        copy.getStatus().setPodIPs(new ArrayList<>(List.of(new PodIP(ip))));
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            PodCondition c = new PodCondition();
            c.setType(type);
            c.setStatus(("Ready".equals(type) || "ContainersReady".equals(type)) && !ready ? "False" : "True");
            c.setLastTransitionTime(now);
            conditions.add(c);
        }
        copy.getStatus().setConditions(conditions);
        return api.updateStatus(copy);
    }

    public static Pod setReady(KubeApi api, String ns, String name, boolean ready) {
        return api.modify(ResourceTypes.PODS, ns, name, (Pod p) -> {
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("Ready".equals(c.getType()) || "ContainersReady".equals(c.getType())) {
                    c.setStatus(ready ? "True" : "False");
                }
            }
            return p;
        }, true);
    }

    public static ServicePort servicePort(String name, int port, IntOrString targetPort) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(targetPort).withProtocol("TCP").build();
    }

    public static Service service(KubeApi api, String ns, String name, Map<String, String> selector, ServicePort... ports) {
        Service svc = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels("app.kubernetes.io/name", name).endMetadata()
                .withNewSpec().withSelector(selector).withPorts(ports).endSpec().build();
        return api.create(svc, ns);
    }
}
