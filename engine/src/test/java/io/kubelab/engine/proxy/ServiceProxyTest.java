package io.kubelab.engine.proxy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.LogLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kube-proxy with two nginx pods behind a Service. The Endpoints object is written by the test (in
 * a full cluster the endpoints controller keeps it).
 */
class ServiceProxyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private Cluster cluster;
    private ServiceProxy proxy;
    private final List<TrafficEvent> traffic = new ArrayList<>();

    @BeforeEach
    void twoNginxPods() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(2).withStart(T0));
        cluster.start();
        proxy = ServiceProxy.of(cluster).orElseThrow();
        proxy.subscribe(traffic::add);
        for (String[] p : new String[][] {{"web-1", "minikube"}, {"web-2", "minikube-m02"}}) {
            cluster.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + p[0] + "\n  labels:\n    app: web\nspec:\n"
                    + "  nodeName: " + p[1] + "\n  containers:\n  - name: nginx\n    image: nginx:1.25\n    ports:\n"
                    + "    - containerPort: 80\n");
        }
        cluster.advance(Duration.ofSeconds(5));
        assertThat(podIp("web-1")).isEqualTo("10.244.0.2");
        assertThat(podIp("web-2")).isEqualTo("10.244.1.2");
    }

    private String podIp(String name) {
        return cluster.store().<Pod>get(ResourceTypes.PODS, "default", name).getStatus().getPodIP();
    }

    private Service service(String yaml) {
        return (Service) cluster.apply(yaml).get(0);
    }

    private void endpoints(String name, String... pods) {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: " + name + "\n");
        if (pods.length > 0) {
            sb.append("subsets:\n- addresses:\n");
            for (String p : pods) {
                Pod pod = cluster.store().get(ResourceTypes.PODS, "default", p);
                sb.append("  - ip: ").append(pod.getStatus().getPodIP()).append("\n    nodeName: ").append(pod.getSpec().getNodeName())
                        .append("\n    targetRef:\n      kind: Pod\n      namespace: default\n      name: ").append(p).append('\n');
            }
            sb.append("  ports:\n  - port: 80\n    protocol: TCP\n");
        }
        cluster.apply(sb.toString());
        cluster.settle();
    }

    private Curl.Output curl(String fromNode, String... args) {
        return Curl.run(proxy, fromNode, List.of(args)).join();
    }

    @Test
    void aClusterIpAlternatesBetweenTwoNginxPodsAndServesTheWelcomePage() {
        Service svc = service("apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    app: web\n"
                + "  ports:\n  - port: 80\n    targetPort: 80\n");
        endpoints("my-nginx", "web-1", "web-2");
        String ip = svc.getSpec().getClusterIP();

        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Curl.Output out = curl("minikube", ip);
            assertThat(out.exitCode()).isZero();
            assertThat(out.stdout()).contains("<title>Welcome to nginx!</title>").hasSize(615);
            pods.add(out.traffic().podName());
        }
        assertThat(pods).containsExactly("default/web-1", "default/web-2", "default/web-1", "default/web-2");
        TrafficEvent t = traffic.get(1);
        assertThat(t.service()).isEqualTo("default/my-nginx");
        assertThat(t.fromNode()).isEqualTo("minikube");
        assertThat(t.clientIp()).isEqualTo("192.168.49.2");
        assertThat(t.podIp()).isEqualTo("10.244.1.2");
        assertThat(t.podNode()).isEqualTo("minikube-m02");
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.time()).isEqualTo(cluster.clock().now());

        // Each nginx logged the requests it got: from the bridge for the local pod, from the node's IP for the other.
        Kubelet m01 = Kubelets.byNode(cluster, "minikube").orElseThrow();
        Kubelet m02 = Kubelets.byNode(cluster, "minikube-m02").orElseThrow();
        assertThat(m01.logs("default", "web-1", null, false)).extracting(LogLine::text).filteredOn(l -> l.contains("GET /"))
                .hasSize(2).allMatch(l -> l.startsWith("10.244.0.1 - - [") && l.endsWith("\"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.81.0\" \"-\""));
        assertThat(m02.logs("default", "web-2", null, false)).extracting(LogLine::text).filteredOn(l -> l.contains("GET /"))
                .hasSize(2).allMatch(l -> l.startsWith("192.168.49.2 - - ["));

        Curl.Output headers = curl("minikube", "-I", "http://" + ip + "/");
        assertThat(headers.stdout()).startsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.25.5\r\n").contains("Content-Length: 615\r\n");
        Curl.Output missing = curl("minikube", ip + "/nothing-here");
        assertThat(missing.stdout()).contains("<title>404 Not Found</title>");
        assertThat(proxy.rules()).anyMatch(e -> e.service().equals("my-nginx") && e.backends().size() == 2);
    }

    @Test
    void aNodePortAnswersOnEveryNodeAndFromTheHost() {
        Service svc = service("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector:\n"
                + "    app: web\n  ports:\n  - port: 80\n    targetPort: 80\n    nodePort: 30080\n");
        endpoints("web", "web-1", "web-2");
        assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);

        Curl.Output fromHost = curl(null, "http://192.168.49.3:30080");
        assertThat(fromHost.stdout()).contains("Welcome to nginx!");
        assertThat(fromHost.traffic().nodePort()).isTrue();
        assertThat(fromHost.traffic().clientIp()).isEqualTo("192.168.49.1");
        Curl.Output local = curl("minikube-m02", "localhost:30080");
        assertThat(local.stdout()).contains("Welcome to nginx!");
        assertThat(List.of(fromHost.traffic().podName(), local.traffic().podName()))
                .containsExactly("default/web-1", "default/web-2");
        Curl.Output otherPort = curl(null, "192.168.49.2:31999");
        assertThat(otherPort.exitCode()).isEqualTo(7);
        assertThat(otherPort.stderr()).isEqualTo("curl: (7) Failed to connect to 192.168.49.2 port 31999 after 0 ms: Connection refused\n");
        // The ClusterIP is not routed outside the cluster.
        Curl.Output clusterIpFromHost = curl(null, svc.getSpec().getClusterIP());
        assertThat(clusterIpFromHost.exitCode()).isEqualTo(28);
        assertThat(clusterIpFromHost.elapsed()).isEqualTo(Duration.ofSeconds(130));
    }

    @Test
    void sessionAffinityClientIpKeepsAClientOnOnePod() {
        Service svc = service("apiVersion: v1\nkind: Service\nmetadata:\n  name: sticky\nspec:\n  selector:\n    app: web\n"
                + "  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n");
        endpoints("sticky", "web-1", "web-2");
        String ip = svc.getSpec().getClusterIP();
        List<String> fromM01 = new ArrayList<>();
        List<String> fromM02 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fromM01.add(curl("minikube", ip).traffic().podName());
            fromM02.add(curl("minikube-m02", ip).traffic().podName());
        }
        assertThat(fromM01).containsOnly(fromM01.get(0));
        assertThat(fromM02).containsOnly(fromM02.get(0));
        assertThat(fromM01.get(0)).isNotEqualTo(fromM02.get(0));
    }

    @Test
    void aServiceWithoutEndpointsRefusesAndNamesDoNotResolveOnTheNode() {
        Service svc = service("apiVersion: v1\nkind: Service\nmetadata:\n  name: empty\nspec:\n  selector:\n    app: none\n"
                + "  ports:\n  - port: 80\n");
        endpoints("empty");
        Curl.Output out = curl("minikube", svc.getSpec().getClusterIP());
        assertThat(out.exitCode()).isEqualTo(7);
        assertThat(out.stderr()).isEqualTo("curl: (7) Failed to connect to " + svc.getSpec().getClusterIP()
                + " port 80 after 0 ms: Connection refused\n");
        assertThat(out.traffic().error()).isEqualTo("Connection refused");
        assertThat(out.traffic().service()).isEqualTo("default/empty");
        assertThat(curl("minikube", "-s", svc.getSpec().getClusterIP()).stderr()).isEmpty();
        Curl.Output name = curl("minikube", "empty");
        assertThat(name.exitCode()).isEqualTo(6);
        assertThat(name.stderr()).isEqualTo("curl: (6) Could not resolve host: empty\n");
    }

    @Test
    void podIpsAnswerInsideTheClusterOnlyAndADownNodeDoesNotAnswer() {
        assertThat(curl("minikube", "10.244.1.2").stdout()).contains("Welcome to nginx!");
        assertThat(curl(null, "10.244.1.2").exitCode()).isEqualTo(28);
        assertThat(curl("minikube", "10.244.1.2:8080").exitCode()).isEqualTo(7);
        Kubelets.byNode(cluster, "minikube-m02").orElseThrow().stop();
        Curl.Output down = curl("minikube", "10.244.1.2");
        assertThat(down.exitCode()).isEqualTo(28);
        assertThat(down.stderr()).isEqualTo("curl: (28) Failed to connect to 10.244.1.2 port 80 after 130000 ms: Connection timed out\n");
    }

    @Test
    void podsReachServicesByNameThroughClusterDns() {
        service("apiVersion: v1\nkind: Service\nmetadata:\n  name: my-nginx\nspec:\n  selector:\n    app: web\n"
                + "  ports:\n  - port: 80\n");
        endpoints("my-nginx", "web-1", "web-2");
        cluster.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  nodeName: minikube\n  containers:\n"
                + "  - name: box\n    image: busybox:1.36\n    command: ['sleep', '3600']\n");
        cluster.advance(Duration.ofSeconds(5));
        Kubelet k = Kubelets.byNode(cluster, "minikube").orElseThrow();
        ExecResult wget = k.exec("default", "client", null, List.of("wget", "-qO-", "my-nginx")).join();
        assertThat(wget.exitCode()).isZero();
        assertThat(wget.stdout()).contains("<title>Welcome to nginx!</title>");
        assertThat(traffic).last().satisfies(t -> {
            assertThat(t.service()).isEqualTo("default/my-nginx");
            assertThat(t.clientIp()).isEqualTo(cluster.store().<Pod>get(ResourceTypes.PODS, "default", "client").getStatus().getPodIP());
        });
        ExecResult ns = k.exec("default", "client", null, List.of("nslookup", "my-nginx")).join();
        String ip = cluster.store().<Service>get(ResourceTypes.SERVICES, "default", "my-nginx").getSpec().getClusterIP();
        assertThat(ns.stdout()).isEqualTo("Server:\t\t10.0.0.10\nAddress:\t10.0.0.10:53\n\nName:\tmy-nginx.default.svc.cluster.local\n"
                + "Address: " + ip + "\n\n");
        ExecResult bad = k.exec("default", "client", null, List.of("wget", "-qO-", "nope")).join();
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).isEqualTo("wget: bad address 'nope'\n");
        ExecResult env = k.exec("default", "client", null, List.of("printenv", "MY_NGINX_SERVICE_HOST")).join();
        assertThat(env.stdout()).isEqualTo(ip + "\n");
    }
}
