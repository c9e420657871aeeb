package io.kubelab.app.demo;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubelab.app.cluster.TrafficRecord;
import io.kubelab.app.cluster.TrafficSink;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up scenarios for demos and screenshots ({@code -Dkubelab.demo=…}).
 *
 * <ul>
 *   <li>{@code nginx}: applies the deck's nginx Deployment and NodePort Service, nothing more; the
 *       cluster's own components take it from there.</li>
 *   <li>{@code showcase}: the same, plus pods in every state the view can show. Where the cluster
 *       lacks a component (no kubelet registered the nodes, no controller made the ReplicaSet),
 *       it writes what that component would have written, straight through the API, so that
 *       the picture is complete whatever has been wired in yet.</li>
 *   <li>{@code kernel}: a pod of two busybox containers (memory limits) behind a NodePort Service,
 *       for the inspector's Kernel tab in real mode; applied only, since real pods start on wall time.</li>
 * </ul>
 */
public final class DemoScenario {
    public static final String NGINX = "nginx";
    public static final String SHOWCASE = "showcase";
    public static final String KERNEL = "kernel";

    private DemoScenario() {}

    /** The deck's manifests. */
    public static String nginxYaml() {
        return resource("nginx.yaml");
    }

    private static String resource(String name) {
        try (InputStream in = DemoScenario.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a scenario. Engine thread. */
    public static void run(String name, Cluster cluster) {
        switch (name) {
            case NGINX -> {
                cluster.apply(nginxYaml());
                cluster.settle();
            }
            case SHOWCASE -> showcase(cluster);
            case KERNEL -> cluster.apply(resource("kernel.yaml"));
            default -> throw new IllegalArgumentException("unknown demo " + name + " (nginx, showcase, kernel)");
        }
    }

    private static void showcase(Cluster cluster) {
        cluster.settle();
        if (cluster.store().count(ResourceTypes.NODES) == 0) {
            for (int i = 0; i < cluster.config().nodes(); i++) {
                cluster.api().create(node(cluster.config(), i), null);
            }
        }
        cluster.apply(nginxYaml());
        cluster.settle();
        Deployment d = cluster.store().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        List<String> workers = new ArrayList<>();
        for (Node n : cluster.store().<Node>list(ResourceTypes.NODES, null).items()) {
            if (n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty()) {
                workers.add(n.getMetadata().getName());
            }
        }
        if (workers.isEmpty()) {
            workers.add(ClusterConfig.nodeName(0));
        }
        if (cluster.store().list(ResourceTypes.REPLICASETS, "default").items().isEmpty()) {
            var template = Kube.copy(d.getSpec().getTemplate());
            template.getMetadata().getLabels().put("pod-template-hash", "6d8f5c9b7");
            ReplicaSet rs = cluster.api().create(new ReplicaSetBuilder()
                    .withNewMetadata().withName("nginx-deployment-6d8f5c9b7").withNamespace("default")
                    .addToLabels("run", "my-nginx").addToLabels("pod-template-hash", "6d8f5c9b7")
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("nginx-deployment")
                    .withUid(d.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("run", "my-nginx")
                    .addToMatchLabels("pod-template-hash", "6d8f5c9b7").endSelector()
                    .withTemplate(template).endSpec().build(), "default");
            String[] names = {"nginx-deployment-6d8f5c9b7-4xkqp", "nginx-deployment-6d8f5c9b7-bz7mw", "nginx-deployment-6d8f5c9b7-q2vln"};
            List<String> ips = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                String node = workers.get(i % workers.size());
                Pod pod = cluster.api().create(new PodBuilder().withNewMetadata().withName(names[i]).withNamespace("default")
                        .addToLabels("run", "my-nginx").addToLabels("pod-template-hash", "6d8f5c9b7")
                        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs.getMetadata().getName())
                        .withUid(rs.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                        .endMetadata().withSpec(Kube.copy(d.getSpec().getTemplate().getSpec())).build(), "default");
                String ip = podIp(cluster, node, 2 + i);
                ips.add(ip);
                bindAndSet(cluster, pod, node, ip, "Running", List.of(running("my-nginx", "nginx:1.7.9", 0)));
                cluster.events().normal(pod, "Scheduled", "Successfully assigned default/" + names[i] + " to " + node,
                        "default-scheduler", null);
                cluster.events().normal(pod, "Pulled", "Container image \"nginx:1.7.9\" already present on machine", "kubelet", node);
                cluster.events().normal(pod, "Started", "Started container my-nginx", "kubelet", node);
            }
            cluster.api().modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (Deployment x) -> {
                x.getStatus().setReplicas(3);
                x.getStatus().setReadyReplicas(3);
                x.getStatus().setAvailableReplicas(3);
                x.getStatus().setUpdatedReplicas(3);
                return x;
            }, true);
            cluster.events().normal(d, "ScalingReplicaSet", "Scaled up replica set nginx-deployment-6d8f5c9b7 to 3",
                    "deployment-controller", null);
            if (cluster.store().get(ResourceTypes.ENDPOINTS, "default", "my-nginx") == null) {
                EndpointSubsetBuilder subset = new EndpointSubsetBuilder();
                for (String ip : ips) {
                    subset.addToAddresses(new EndpointAddressBuilder().withIp(ip).build());
                }
                subset.addToPorts(new EndpointPortBuilder().withPort(80).withProtocol("TCP").build());
                Endpoints ep = new EndpointsBuilder().withNewMetadata().withName("my-nginx").withNamespace("default")
                        .addToLabels("run", "my-nginx").endMetadata().withSubsets(subset.build()).build();
                cluster.api().create(ep, "default");
            }
        }
        String a = workers.get(0);
        String b = workers.get(workers.size() > 1 ? 1 : 0);
        Pod crashy = bare(cluster, "crashy", "busybox:1.36", Map.of());
        bindAndSet(cluster, crashy, b, podIp(cluster, b, 9), "Running", List.of(new ContainerStatusBuilder()
                .withName("crashy").withImage("busybox:1.36").withRestartCount(4).withReady(false).withStarted(false)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 1m20s restarting failed container=crashy pod=crashy_default").endWaiting().build())
                .withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().build())
                .build()));
        cluster.events().warning(crashy, "BackOff", "Back-off restarting failed container crashy in pod crashy_default(" +
                crashy.getMetadata().getUid() + ")", "kubelet", b);
        Pod pulling = bare(cluster, "redis", "redis:7", Map.of());
        bindAndSet(cluster, pulling, a, null, "Pending", List.of(new ContainerStatusBuilder().withName("redis").withImage("redis:7")
                .withRestartCount(0).withReady(false).withStarted(false)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build()).build()));
        cluster.events().normal(pulling, "Pulling", "Pulling image \"redis:7\"", "kubelet", a);
        Pod done = bare(cluster, "migrate-db", "busybox:1.36", Map.of());
        bindAndSet(cluster, done, b, podIp(cluster, b, 11), "Succeeded", List.of(new ContainerStatusBuilder().withName("migrate-db")
                .withImage("busybox:1.36").withRestartCount(0).withReady(false).withStarted(false)
                .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().build())
                .build()));
        Pod old = bare(cluster, "old-web", "nginx:1.7.9", Map.of());
        bindAndSet(cluster, old, a, podIp(cluster, a, 12), "Running", List.of(running("old-web", "nginx:1.7.9", 0)));
        cluster.api().delete(ResourceTypes.PODS, "default", "old-web", null);
        Pod big = cluster.api().create(new PodBuilder().withNewMetadata().withName("big-job").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("big-job").withImage("busybox:1.36")
                .withNewResources().addToRequests("cpu", new Quantity("8")).endResources().endContainer().endSpec().build(), "default");
        if (cluster.component("scheduler") == null) {
            cluster.events().warning(big, "FailedScheduling", "0/" + cluster.store().count(ResourceTypes.NODES)
                    + " nodes are available: " + cluster.store().count(ResourceTypes.NODES) + " Insufficient cpu. preemption: 0/"
                    + cluster.store().count(ResourceTypes.NODES) + " nodes are available: "
                    + cluster.store().count(ResourceTypes.NODES) + " No preemption victims found for incoming pod.",
                    "default-scheduler", null);
        }
        cluster.settle();
    }

    /**
     * Sends a request to {@code my-nginx} every {@code period} of wall time, round-robin over its
     * ready pods, as kube-proxy would report it: only for demos of a cluster without kube-proxy.
     */
    public static TrafficRecord nextRequest(Cluster cluster, int n) {
        Endpoints ep = cluster.store().get(ResourceTypes.ENDPOINTS, "default", "my-nginx");
        if (ep == null || ep.getSubsets() == null || ep.getSubsets().isEmpty() || ep.getSubsets().get(0).getAddresses() == null) {
            return null;
        }
        var addresses = ep.getSubsets().get(0).getAddresses();
        var address = addresses.get(Math.floorMod(n, addresses.size()));
        for (Pod p : cluster.store().<Pod>list(ResourceTypes.PODS, "default").items()) {
            if (address.getIp().equals(p.getStatus().getPodIP()) && p.getSpec().getNodeName() != null) {
                return new TrafficRecord("default/my-nginx", p.getSpec().getNodeName(), "default/" + p.getMetadata().getName());
            }
        }
        return null;
    }

    /** Sends one demo request to {@code sink}, if the Service has endpoints. Any thread. */
    public static void sendRequest(Cluster cluster, TrafficSink sink, int n) {
        TrafficRecord r = nextRequest(cluster, n);
        if (r != null) {
            sink.traffic(r);
        }
    }

    /** The Node object a kubelet would register for node {@code i} (Ready, minikube's addresses). */
    public static Node node(ClusterConfig config, int i) {
        String name = ClusterConfig.nodeName(i);
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64").endMetadata()
                .withNewSpec().withPodCIDR(Cluster.podCidr(i)).endSpec();
        if (i == 0) {
            b.editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata();
            if (config.nodes() > 1) {
                b.editSpec().addNewTaint().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").endTaint().endSpec();
            }
        }
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(config.nodeCpu()), "memory", new Quantity(config.nodeMemory()),
                "pods", new Quantity(Integer.toString(config.maxPods())));
        return b.withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewAddress().withType("InternalIP").withAddress(Cluster.nodeIp(i)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .withNewNodeInfo().withContainerRuntimeVersion("docker://24.0.7").withKubeletVersion("v1.28.3")
                .withOperatingSystem("linux").withArchitecture("amd64").endNodeInfo()
                .endStatus().build();
    }

    private static String podIp(Cluster cluster, String node, int host) {
        Node n = cluster.store().get(ResourceTypes.NODES, null, node);
        String cidr = n == null || n.getSpec().getPodCIDR() == null ? "10.244.0.0/24" : n.getSpec().getPodCIDR();
        String base = cidr.substring(0, cidr.lastIndexOf('.'));
        return base + "." + host;
    }

    private static Pod bare(Cluster cluster, String name, String image, Map<String, String> labels) {
        return cluster.api().create(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addToLabels("app", name).addToLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(image).endContainer().endSpec().build(), "default");
    }

    private static ContainerStatus running(String name, String image, int restarts) {
        return new ContainerStatusBuilder().withName(name).withImage(image).withRestartCount(restarts).withReady(true)
                .withStarted(true).withState(new ContainerStateBuilder().withNewRunning()
                        .withStartedAt("2026-01-01T00:00:05Z").endRunning().build()).build();
    }

    /** Binds a pod and writes the status its kubelet would report (only where no kubelet runs for that node). */
    private static void bindAndSet(Cluster cluster, Pod pod, String node, String ip, String phase, List<ContainerStatus> containers) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (pod.getSpec().getNodeName() == null) {
            cluster.api().bind(ns, name, pod.getMetadata().getUid(), node);
        }
        if (cluster.component("kubelet/" + node) != null && cluster.isRunning("kubelet/" + node)) {
            return;
        }
        cluster.api().modify(ResourceTypes.PODS, ns, name, (Pod p) -> {
            p.getStatus().setPhase(phase);
            p.getStatus().setHostIP(cluster.store().<Node>get(ResourceTypes.NODES, null, node) == null ? null
                    : cluster.store().<Node>get(ResourceTypes.NODES, null, node).getStatus().getAddresses().get(0).getAddress());
            p.getStatus().setPodIP(ip);
            p.getStatus().setStartTime(Kube.timestamp(cluster.clock().now()));
            boolean ready = containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
            p.getStatus().setConditions(List.of(
                    new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                    new PodConditionBuilder().withType("Initialized").withStatus("True").build(),
                    new PodConditionBuilder().withType("ContainersReady").withStatus(ready ? "True" : "False").build(),
                    new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build()));
            p.getStatus().setContainerStatuses(containers);
            return p;
        }, true);
    }
}
