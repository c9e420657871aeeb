package io.kubelab.app;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.List;

/** Clusters for tests: nodes registered as a kubelet would, pods created through {@code cluster.apply}. */
public final class TestClusters {
    private TestClusters() {}

    /**
     * A default cluster (3 nodes) whose kubelets registered their nodes, with the controller
     * manager working but the scheduler, the kubelets and kube-proxy held still: the view tests
     * play those parts by hand ({@link #bind}, {@link #running}) to show one step at a time.
     */
    public static Cluster withNodes() {
        Cluster c = Cluster.create(ClusterConfig.defaults());
        for (String name : c.components().keySet()) {
            if (name.equals("scheduler") || name.startsWith("kubelet/") || name.startsWith("kube-proxy")) {
                c.setRunning(name, false);
            }
        }
        // Node lifecycle would judge nodes whose kubelets are held: leave nodes as registered.
        c.setRunning("node-lifecycle-controller", false);
        c.start();
        registerNodes(c);
        return c;
    }

    public static void registerNodes(Cluster c) {
        for (int i = 0; i < c.config().nodes(); i++) {
            if (c.store().get(ResourceTypes.NODES, null, ClusterConfig.nodeName(i)) == null) {
                c.api().create(DemoScenario.node(c.config(), i), null);
            }
        }
    }

    public static String pod(String name, String namespace, String label) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app: %s
                spec:
                  containers:
                  - name: main
                    image: nginx:1.7.9
                """.formatted(name, namespace, label);
    }

    /** Binds a pod to a node (what the scheduler does). */
    public static void bind(Cluster c, String namespace, String name, String node) {
        Pod pod = c.api().get(ResourceTypes.PODS, namespace, name);
        c.api().bind(namespace, name, pod.getMetadata().getUid(), node);
    }

    /** Writes a Running status with an IP (what a kubelet does). */
    public static void running(Cluster c, String namespace, String name, String ip) {
        c.api().modify(ResourceTypes.PODS, namespace, name, (Pod p) -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setPodIP(ip);
            p.getStatus().setStartTime(Kube.timestamp(c.clock().now()));
            p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("main").withImage("nginx:1.7.9")
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build()));
            List<io.fabric8.kubernetes.api.model.PodCondition> conditions = new java.util.ArrayList<>(p.getStatus().getConditions());
            conditions.removeIf(x -> "Ready".equals(x.getType()));
            conditions.add(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready").withStatus("True").build());
            p.getStatus().setConditions(conditions);
            return p;
        }, true);
    }
}
