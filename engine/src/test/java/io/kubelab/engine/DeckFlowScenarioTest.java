package io.kubelab.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.proxy.ServiceProxy;
import io.kubelab.engine.proxy.TrafficEvent;
import io.kubelab.engine.runtime.HttpResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deck's whole flow on the engine, with every component running: the nginx Deployment of
 * {@code run-my-nginx.yaml}, the NodePort Service of {@code nginx-svc.yaml}, curl through
 * kube-proxy, scaling, a rolling update watched at every change, a rollback, a deleted pod and a
 * stopped node.
 */
class DeckFlowScenarioTest {
    static final String RUN_MY_NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
            spec:
              selector:
                matchLabels:
                  run: my-nginx
              replicas: 2
              template:
                metadata:
                  labels:
                    run: my-nginx
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.24
                    ports:
                    - containerPort: 80
            """;
    static final String NGINX_SVC = """
            apiVersion: v1
            kind: Service
            metadata:
              name: my-nginx
              labels:
                run: my-nginx
            spec:
              type: NodePort
              ports:
              - port: 80
                targetPort: 80
                nodePort: 31000
                protocol: TCP
              selector:
                run: my-nginx
            """;

    private Cluster cluster;

    @BeforeEach
    void setUp() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(3));
        cluster.start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Deployment deployment() {
        return cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
    }

    private List<Pod> pods() {
        return cluster.api().list(ResourceTypes.PODS, "default");
    }

    private static boolean ready(Pod p) {
        return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The condition {@code kubectl rollout status} waits for. */
    private boolean rolledOut() {
        Deployment d = deployment();
        var s = d.getStatus();
        int want = d.getSpec().getReplicas();
        return s.getObservedGeneration() != null && d.getMetadata().getGeneration() <= s.getObservedGeneration()
                && n(s.getUpdatedReplicas()) >= want && n(s.getReplicas()) <= n(s.getUpdatedReplicas())
                && n(s.getAvailableReplicas()) >= n(s.getUpdatedReplicas());
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private HttpResult.Response curl(String fromNode, String host, int port) {
        ServiceProxy proxy = ServiceProxy.of(cluster).orElseThrow();
        CompletableFuture<ServiceProxy.Routed> f = proxy.http(fromNode, host, port, "GET", "/", "curl/7.81.0");
        cluster.runUntil(f::isDone, Duration.ofSeconds(30), Duration.ofMillis(10));
        HttpResult r = f.join().result();
        assertThat(r).isInstanceOf(HttpResult.Response.class);
        return (HttpResult.Response) r;
    }

    @Test
    void theDecksNginxFlow() {
        // kubectl create -f run-my-nginx.yaml; kubectl rollout status deployment/nginx-deployment
        cluster.apply(RUN_MY_NGINX);
        assertThat(cluster.runUntil(this::rolledOut, Duration.ofMinutes(2))).isTrue();
        assertThat(pods()).hasSize(2).allMatch(p -> "Running".equals(p.getStatus().getPhase()) && ready(p));
        ReplicaSet revision1 = cluster.api().<ReplicaSet>list(ResourceTypes.REPLICASETS, "default").get(0);
        assertThat(revision1.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(pods()).allMatch(p -> p.getMetadata().getName().startsWith(revision1.getMetadata().getName() + "-"));

        // kubectl create -f nginx-svc.yaml: NodePort 31000, both pods behind it
        cluster.apply(NGINX_SVC);
        cluster.advance(Duration.ofSeconds(1));
        Service svc = cluster.api().get(ResourceTypes.SERVICES, "default", "my-nginx");
        assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
        String clusterIp = svc.getSpec().getClusterIP();
        assertThat(clusterIp).startsWith("10.0.0.");
        io.fabric8.kubernetes.api.model.Endpoints ep = cluster.api().get(ResourceTypes.ENDPOINTS, "default", "my-nginx");
        Set<String> podIps = new LinkedHashSet<>();
        pods().forEach(p -> podIps.add(p.getStatus().getPodIP()));
        assertThat(ep.getSubsets()).singleElement().satisfies(s -> assertThat(s.getAddresses())
                .extracting(a -> a.getIp()).containsExactlyInAnyOrderElementsOf(podIps));

        // minikube ssh; curl <ClusterIP>: nginx answers, and round robin alternates between the pods
        List<TrafficEvent> traffic = new ArrayList<>();
        ServiceProxy.of(cluster).orElseThrow().subscribe(traffic::add);
        for (int i = 0; i < 4; i++) {
            HttpResult.Response r = curl("minikube", clusterIp, 80);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("<title>Welcome to nginx!</title>");
        }
        // ... and from the host through the NodePort
        assertThat(curl(null, Cluster.nodeIp(1), 31000).body()).contains("Welcome to nginx!");
        List<String> answered = traffic.stream().map(TrafficEvent::podName).toList();
        assertThat(answered.subList(0, 4)).doesNotContainNull();
        assertThat(answered.get(0)).isNotEqualTo(answered.get(1));
        assertThat(answered.get(0)).isEqualTo(answered.get(2));
        assertThat(answered.get(1)).isEqualTo(answered.get(3));

        // kubectl scale deployment nginx-deployment --replicas=5 (a merge patch on /scale)
        cluster.api().patch(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", Patches.Type.MERGE_PATCH,
                Kube.tree(java.util.Map.of("spec", java.util.Map.of("replicas", 5))), false);
        assertThat(cluster.runUntil(this::rolledOut, Duration.ofMinutes(2))).isTrue();
        assertThat(pods()).hasSize(5);

        // kubectl set image deployment/nginx-deployment nginx=nginx:1.25: 25%/25% of 5 is
        // maxSurge 2 and maxUnavailable 1, so never more than 7 pods and never fewer than 4 available.
        List<String> violations = new ArrayList<>();
        int[] maxPods = {0};
        int[] minAvailable = {Integer.MAX_VALUE};
        cluster.store().watch(ResourceTypes.PODS, cluster.store().revision(), o -> true, e -> {
            List<Pod> all = cluster.store().<Pod>list(ResourceTypes.PODS, "default").items();
            long live = all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
            long available = all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null && ready(p)).count();
            maxPods[0] = (int) Math.max(maxPods[0], live);
            minAvailable[0] = (int) Math.min(minAvailable[0], available);
            if (live > 7 || available < 4) {
                violations.add("rev " + e.revision() + ": " + live + " pods, " + available + " available");
            }
        });
        cluster.api().patch(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment",
                Patches.Type.STRATEGIC_MERGE_PATCH, Kube.tree(java.util.Map.of("spec", java.util.Map.of("template",
                        java.util.Map.of("spec", java.util.Map.of("$setElementOrder/containers", List.of(java.util.Map.of("name", "nginx")),
                                "containers", List.of(java.util.Map.of("name", "nginx", "image", "nginx:1.25"))))))), false);
        assertThat(cluster.runUntil(this::rolledOut, Duration.ofMinutes(5))).isTrue();
        assertThat(violations).isEmpty();
        assertThat(maxPods[0]).isEqualTo(7);
        assertThat(minAvailable[0]).isEqualTo(4);
        assertThat(pods()).hasSize(5).allMatch(p -> "nginx:1.25".equals(p.getSpec().getContainers().get(0).getImage()));
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");

        // kubectl rollout undo: kubectl sends revision 1's template back as a JSON patch
        io.fabric8.kubernetes.api.model.PodTemplateSpec template = Kube.copy(revision1.getSpec().getTemplate());
        template.getMetadata().getLabels().remove("pod-template-hash");
        var undo = Kube.JSON.createArrayNode();
        undo.addObject().put("op", "replace").put("path", "/spec/template").set("value", Kube.tree(template));
        cluster.api().patch(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", Patches.Type.JSON_PATCH, undo, false);
        assertThat(cluster.runUntil(this::rolledOut, Duration.ofMinutes(5))).isTrue();
        assertThat(cluster.api().<ReplicaSet>list(ResourceTypes.REPLICASETS, "default")).hasSize(2);
        ReplicaSet back = cluster.api().get(ResourceTypes.REPLICASETS, "default", revision1.getMetadata().getName());
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(back.getSpec().getReplicas()).isEqualTo(5);
        assertThat(pods()).hasSize(5).allMatch(p -> "nginx:1.24".equals(p.getSpec().getContainers().get(0).getImage()));

        // kubectl delete pod <one>: the ReplicaSet replaces it
        Pod victim = pods().get(0);
        cluster.api().delete(ResourceTypes.PODS, "default", victim.getMetadata().getName(), null);
        assertThat(cluster.runUntil(() -> pods().size() == 5 && pods().stream().noneMatch(
                p -> p.getMetadata().getName().equals(victim.getMetadata().getName())) && rolledOut()
                && pods().stream().allMatch(DeckFlowScenarioTest::ready), Duration.ofMinutes(2))).isTrue();

        // A node stops: after the grace period and the pods' 300 s toleration, they come back elsewhere.
        String lost = pods().stream().map(p -> p.getSpec().getNodeName()).filter(n -> !"minikube".equals(n))
                .findFirst().orElse("minikube-m02");
        long onLost = pods().stream().filter(p -> lost.equals(p.getSpec().getNodeName())).count();
        assertThat(onLost).isPositive();
        Kubelets.byNode(cluster, lost).orElseThrow().stop();
        assertThat(cluster.runUntil(() -> pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .noneMatch(p -> lost.equals(p.getSpec().getNodeName()))
                && pods().stream().filter(DeckFlowScenarioTest::ready).count() == 5, Duration.ofMinutes(10),
                Duration.ofSeconds(5))).isTrue();
        assertThat(pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null))
                .hasSize(5).allMatch(p -> !lost.equals(p.getSpec().getNodeName()));
        io.fabric8.kubernetes.api.model.Node node = cluster.api().get(ResourceTypes.NODES, null, lost);
        assertThat(node.getStatus().getConditions()).anyMatch(c -> "Ready".equals(c.getType()) && "Unknown".equals(c.getStatus()));
        assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey()).contains("node.kubernetes.io/unreachable");
    }

    @SuppressWarnings("unused")
    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }
}
