package io.kubelab.engine.console.curl;

import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.proxy.ServiceProxy;
import io.kubelab.engine.proxy.TrafficEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deck's service steps in the console: {@code minikube ssh}, then {@code curl <ClusterIP>}
 * answered by the nginx pods in turn; from the laptop the NodePort answers and the ClusterIP is
 * not routed. Messages and exit codes are curl 7.81.0's ({@code curl: (28) Failed to connect to
 * H port P after N ms: Connection timed out}, {@code curl: (7) … Connection refused}), the
 * progress meter is curl's {@code progress.c} layout.
 */
class CurlProgramTest {
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
    private Console console;
    private String clusterIp;

    @BeforeEach
    void setUp() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        cluster.start();
        console = Consoles.standard(cluster);
        cluster.apply(RUN_MY_NGINX);
        cluster.apply(NGINX_SVC);
        assertThat(cluster.runUntil(() -> {
            var ep = cluster.api().<io.fabric8.kubernetes.api.model.Endpoints>get(ResourceTypes.ENDPOINTS, "default", "my-nginx");
            return ep != null && ep.getSubsets() != null && !ep.getSubsets().isEmpty()
                    && ep.getSubsets().get(0).getAddresses() != null && ep.getSubsets().get(0).getAddresses().size() == 2;
        }, Duration.ofMinutes(2))).isTrue();
        Service svc = cluster.api().get(ResourceTypes.SERVICES, "default", "my-nginx");
        clusterIp = svc.getSpec().getClusterIP();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Console.Result run(String line) {
        return console.run(line, Map.of(), Duration.ofMinutes(5));
    }

    @Test
    void fromTheNodeTheClusterIpAnswersRoundRobin() {
        List<TrafficEvent> traffic = new ArrayList<>();
        ServiceProxy.of(cluster).orElseThrow().subscribe(traffic::add);
        assertThat(run("minikube ssh")).isEqualTo(new Console.Result(0, ""));
        assertThat(console.prompt()).isEqualTo("docker@minikube:~$ ");
        for (int i = 0; i < 4; i++) {
            Console.Result r = run("curl " + clusterIp);
            assertThat(r.exitCode()).isZero();
            assertThat(r.output()).startsWith("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>");
        }
        List<String> pods = traffic.stream().map(TrafficEvent::podName).toList();
        assertThat(pods).hasSize(4).doesNotContainNull();
        assertThat(pods.get(0)).isNotEqualTo(pods.get(1));
        assertThat(pods.get(2)).isEqualTo(pods.get(0));
        assertThat(pods.get(3)).isEqualTo(pods.get(1));
        assertThat(traffic).allMatch(t -> "minikube".equals(t.fromNode()) && "default/my-nginx".equals(t.service()));

        // -I: the response's headers only, CRLF-terminated as on the wire
        Console.Result head = run("curl -I " + clusterIp);
        assertThat(head.output()).startsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\n").endsWith("\r\n\r\n");
        // a port nothing listens on behind the ClusterIP: no rule, so the SYN goes nowhere
        assertThat(run("curl -m 5 " + clusterIp + ":8080"))
                .isEqualTo(new Console.Result(28, "curl: (28) Connection timed out after 5001 milliseconds\n"));
        assertThat(run("curl my-nginx")).isEqualTo(new Console.Result(6, "curl: (6) Could not resolve host: my-nginx\n"));
        // the node's own NodePort, and a pod straight over the pod network
        assertThat(run("curl -s localhost:31000").output()).contains("<title>Welcome to nginx!</title>");
        String podIp = cluster.api().<io.fabric8.kubernetes.api.model.Pod>list(ResourceTypes.PODS, "default").get(0)
                .getStatus().getPodIP();
        assertThat(run("curl " + podIp).output()).contains("<title>Welcome to nginx!</title>");
        assertThat(run("exit")).isEqualTo(new Console.Result(0, "logout\n"));
        assertThat(console.prompt()).isEqualTo("$ ");
    }

    @Test
    void fromTheLaptopTheNodePortAnswersAndTheClusterIpTimesOut() {
        Console.Result r = run("curl " + Cluster.nodeIp(0) + ":31000");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("<title>Welcome to nginx!</title>");
        assertThat(run("curl -s http://" + Cluster.nodeIp(1) + ":31000/").output()).contains("Welcome to nginx!");

        // The service CIDR is not routed outside the cluster: curl waits out the kernel's SYN retries.
        Instant before = cluster.clock().now();
        r = run("curl " + clusterIp);
        assertThat(r).isEqualTo(new Console.Result(28,
                "curl: (28) Failed to connect to " + clusterIp + " port 80 after 130000 ms: Connection timed out\n"));
        assertThat(Duration.between(before, cluster.clock().now())).isEqualTo(Duration.ofSeconds(130));

        // Nothing on a node port without a Service: refused at once.
        assertThat(run("curl " + Cluster.nodeIp(0) + ":31001")).isEqualTo(new Console.Result(7,
                "curl: (7) Failed to connect to " + Cluster.nodeIp(0) + " port 31001 after 0 ms: Connection refused\n"));
        assertThat(run("curl -s " + Cluster.nodeIp(0) + ":31001")).isEqualTo(new Console.Result(7, ""));
    }

    @Test
    void outputToAFileShowsTheProgressMeter() {
        Console.Result r = run("curl -o /dev/null " + Cluster.nodeIp(0) + ":31000");
        assertThat(r.exitCode()).isZero();
        // nginx 1.24's welcome page is 615 bytes
        assertThat(r.output()).isEqualTo(""
                + "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                + "                                 Dload  Upload   Total   Spent    Left  Speed\n"
                + "100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n");
        assertThat(run("curl -s -o /dev/null " + Cluster.nodeIp(0) + ":31000")).isEqualTo(new Console.Result(0, ""));
    }

    @Test
    void verboseWritesTheExchangeAroundTheBody() {
        String out = run("curl -v " + Cluster.nodeIp(0) + ":31000").output();
        assertThat(out).startsWith("*   Trying " + Cluster.nodeIp(0) + ":31000...\n");
        assertThat(out.indexOf("> GET / HTTP/1.1")).isLessThan(out.indexOf("<!DOCTYPE html>"));
        assertThat(out).endsWith("</html>\n* Connection #0 to host " + Cluster.nodeIp(0) + " left intact\n");
    }

    @Test
    void badUsage() {
        assertThat(run("curl")).isEqualTo(new Console.Result(2,
                "curl: try 'curl --help' or 'curl --manual' for more information\n"));
        assertThat(run("curl --frobnicate " + clusterIp)).isEqualTo(new Console.Result(2,
                "curl: option --frobnicate: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
    }

    @ParameterizedTest
    @CsvSource({"615, 615", "99999, 99999", "100000, 97k", "10239999, 9999k", "10240000, 9.7M", "104857600, 100M"})
    void max5ShowsByteCountsAsCurlDoes(long bytes, String shown) {
        assertThat(CurlProgram.max5(bytes)).isEqualTo(shown);
    }
}
