package io.kubelab.linux.net;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.proxy.ServiceProxy;
import io.kubelab.engine.proxy.TrafficEvent;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.linux.proxy.LinuxServiceProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network plane for real, as root: two nodes, a fake pod on each (a busybox httpd in its own
 * network namespace, attached like a sandbox), a NodePort Service over both, requests from a node,
 * from the host's side of the wire and from the host's loopback.
 */
@Tag("root")
class RealNetworkTest {
    static final int NODE_PORT = 31777;
    static final List<String> NODES = List.of(ClusterConfig.nodeName(0), ClusterConfig.nodeName(1));

    static Set<String> hostDevices;
    static String hostBefore;
    static ClusterNetwork net;
    static LinuxServiceProxy proxy;
    static Cluster cluster;
    static FakePod podA;
    static FakePod podB;
    static String ipA;
    static String ipB;
    static String clusterIp;
    static final List<TrafficEvent> traffic = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Cleanup.isRoot(), "skipped: real-mode network tests need root (network namespaces, veth, iptables)");
        hostDevices = HostState.devices();
        hostBefore = HostState.capture(hostDevices);
        net = ClusterNetwork.create(ClusterNetwork.newId(), NODES);
        podA = FakePod.start("pod-a");
        podB = FakePod.start("pod-b");
        ipA = net.attach(NODES.get(0), "sandbox-a", podA.pid());
        ipB = net.attach(NODES.get(1), "sandbox-b", podB.pid());

        cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        proxy = new LinuxServiceProxy(net);
        proxy.start(cluster.context());
        proxy.subscribe(traffic::add);
        Service web = cluster.api().create(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(NODE_PORT)
                .withProtocol("TCP").endPort().endSpec().build(), "default");
        clusterIp = web.getSpec().getClusterIP();
        cluster.api().create(slice("web", List.of(new String[] {ipA, NODES.get(0), "web-a"}, new String[] {ipB, NODES.get(1), "web-b"})),
                "default");
        cluster.api().create(new ServiceBuilder().withNewMetadata().withName("empty").withNamespace("default").endMetadata()
                .withNewSpec().addNewPort().withPort(8080).withProtocol("TCP").endPort().endSpec().build(), "default");
        proxy.drain();
        proxy.synced().get(30, TimeUnit.SECONDS);
        assertThat(proxy.syncError()).isNull();
    }

    static EndpointSlice slice(String service, List<String[]> endpoints) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withName(service + "-abcde").withNamespace("default")
                .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
                .addNewPort().withPort(80).withProtocol("TCP").endPort();
        for (String[] e : endpoints) {
            b.addNewEndpoint().withAddresses(e[0]).withNewConditions().withReady(true).endConditions().withNodeName(e[1])
                    .withNewTargetRef().withKind("Pod").withNamespace("default").withName(e[2]).endTargetRef().endEndpoint();
        }
        return b.build();
    }

    @AfterAll
    static void down() throws Exception {
        if (net == null) {
            return;
        }
        String id = net.id();
        proxy.close();
        // kube-proxy's close takes its chains out of the nodes, which still exist until the network closes.
        for (String node : NODES) {
            assertThat(net.exec(node, List.of("iptables-save")).out()).doesNotContain("KUBE-");
        }
        net.close();
        assertThat(Cleanup.netnsOf(id)).isEmpty();
        assertThat(Cmd.check("ip", "netns", "list").out()).doesNotContain("kubelab-" + id);
        // The pods' ends of the veth pairs went with the node namespaces.
        assertThat(podA.exec("ip", "-o", "link").out()).doesNotContain("eth0");
        podA.close();
        podB.close();
        assertThat(HostState.capture(hostDevices)).isEqualTo(hostBefore);
        assertThat(Cmd.check("ip", "-o", "link").out()).doesNotContain("cbr0", "br0");
        // The host's own iptables never held a rule of this cluster.
        assertThat(Cmd.check("iptables-save").out()).doesNotContain(clusterIp + "/32", "10.244.", "--dport " + NODE_PORT);
    }

    private static String body(HttpResult r) {
        assertThat(r).isInstanceOf(HttpResult.Response.class);
        return ((HttpResult.Response) r).body().strip();
    }

    @Test
    void podsGetAddressesOfTheirNodesPodCidr() throws Exception {
        assertThat(ipA).startsWith("10.244.0.");
        assertThat(ipB).startsWith("10.244.1.");
        assertThat(podA.exec("ip", "-o", "-4", "addr", "show", "eth0").out()).contains(ipA + "/24");
        assertThat(podA.exec("ip", "route").out()).contains("default via 10.244.0.1 dev eth0");
        assertThat(net.exec(NODES.get(0), List.of("ip", "-o", "link", "show", "master", "cbr0")).out())
                .contains(net.vethOf("sandbox-a"));
    }

    @Test
    void podsReachEachOtherAcrossNodes() throws Exception {
        assertThat(podA.exec("curl", "-sS", "-m", "5", "http://" + ipB + "/").out()).isEqualTo("pod-b\n");
        assertThat(podB.exec("curl", "-sS", "-m", "5", "http://" + ipA + "/").out()).isEqualTo("pod-a\n");
        // The source address is kept: pod-b sees pod-a's IP (httpd logs nothing; ask conntrack on pod-b's node).
        assertThat(net.exec(NODES.get(1), List.of("cat", "/proc/net/nf_conntrack")).out()).contains("src=" + ipA + " dst=" + ipB);
    }

    @Test
    void clusterIpFromANodeReachesBothPods() throws Exception {
        Set<String> bodies = new HashSet<>();
        Set<String> pods = new HashSet<>();
        for (int i = 0; i < 24 && (bodies.size() < 2 || pods.size() < 2); i++) {
            ServiceProxy.Routed r = proxy.http(NODES.get(0), clusterIp, 80, "GET", "/", "curl/8.5.0").get(30, TimeUnit.SECONDS);
            bodies.add(body(r.result()));
            assertThat(r.traffic().service()).isEqualTo("default/web");
            assertThat(r.traffic().podName()).isEqualTo("default/" + body(r.result()).replace("pod-", "web-"));
            pods.add(r.traffic().podName());
        }
        assertThat(bodies).containsExactlyInAnyOrder("pod-a", "pod-b");
        assertThat(pods).containsExactlyInAnyOrder("default/web-a", "default/web-b");
        // Traffic events reach listeners on the engine thread, in drain().
        proxy.drain();
        assertThat(traffic).anyMatch(t -> "default/web-b".equals(t.podName()) && NODES.get(0).equals(t.fromNode())
                && NODES.get(1).equals(t.podNode()) && t.status() == 200);
    }

    @Test
    void aPodReachesItsOwnServiceThroughTheClusterIp() throws Exception {
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 24 && bodies.size() < 2; i++) {
            bodies.add(podA.exec("curl", "-sS", "-m", "5", "http://" + clusterIp + "/").out().strip());
        }
        // pod-a answering itself needs hairpin mode and masquerading.
        assertThat(bodies).containsExactlyInAnyOrder("pod-a", "pod-b");
    }

    @Test
    void nodePortFromTheNodeIpsAndFromTheHostsLoopback() throws Exception {
        Set<String> fromWire = new HashSet<>();
        Set<String> fromNode = new HashSet<>();
        Set<String> fromLoopback = new HashSet<>();
        for (int i = 0; i < 24 && (fromWire.size() < 2 || fromNode.size() < 2 || fromLoopback.size() < 2); i++) {
            ServiceProxy.Routed w = proxy.http(null, net.nodeIp(NODES.get(1)), NODE_PORT, "GET", "/", "curl/8.5.0")
                    .get(30, TimeUnit.SECONDS);
            fromWire.add(body(w.result()));
            assertThat(w.traffic().nodePort()).isTrue();
            assertThat(w.traffic().podName()).isEqualTo("default/" + body(w.result()).replace("pod-", "web-"));
            fromNode.add(body(proxy.http(NODES.get(1), "localhost", NODE_PORT, "GET", "/", "curl/8.5.0")
                    .get(30, TimeUnit.SECONDS).result()));
            ServiceProxy.Routed l = proxy.http(null, "127.0.0.1", NODE_PORT, "GET", "/", "curl/8.5.0").get(30, TimeUnit.SECONDS);
            fromLoopback.add(body(l.result()));
            assertThat(l.traffic().podName()).isEqualTo("default/" + body(l.result()).replace("pod-", "web-"));
        }
        assertThat(fromWire).containsExactlyInAnyOrder("pod-a", "pod-b");
        assertThat(fromNode).containsExactlyInAnyOrder("pod-a", "pod-b");
        assertThat(fromLoopback).containsExactlyInAnyOrder("pod-a", "pod-b");
        // Any client on the host, not only curl: Java's own HTTP client on 127.0.0.1:<NodePort>.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> javaBodies = new HashSet<>();
        for (int i = 0; i < 24 && javaBodies.size() < 2; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE_PORT + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            javaBodies.add(r.body().strip());
        }
        assertThat(javaBodies).containsExactlyInAnyOrder("pod-a", "pod-b");
    }

    @Test
    void aServiceWithoutEndpointsRefusesAndTheHostCannotReachClusterAddresses() throws Exception {
        Service empty = cluster.store().get(ResourceTypes.SERVICES, "default", "empty");
        ServiceProxy.Routed r = proxy.http(NODES.get(0), empty.getSpec().getClusterIP(), 8080, "GET", "/", "curl/8.5.0")
                .get(30, TimeUnit.SECONDS);
        assertThat(r.result()).isInstanceOf(HttpResult.Refused.class);
        assertThat(r.traffic().error()).isEqualTo("Connection refused");
        // From outside the cluster, ClusterIPs and pod IPs do not answer.
        assertThat(proxy.http(null, clusterIp, 80, "GET", "/", "curl/8.5.0").get(30, TimeUnit.SECONDS).result())
                .isInstanceOf(HttpResult.Unreachable.class);
        assertThat(proxy.http(null, ipA, 80, "GET", "/", "curl/8.5.0").get(30, TimeUnit.SECONDS).result())
                .isInstanceOf(HttpResult.Unreachable.class);
    }

    @Test
    void theNodesIptablesLookLikeKubeProxys() throws Exception {
        String save = net.exec(NODES.get(0), List.of("iptables-save", "-t", "nat")).out();
        assertThat(save).contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "--comment \"default/web cluster IP\"", "-m statistic --mode random --probability 0.50000000000",
                "-j DNAT --to-destination " + ipA + ":80", "--dport " + NODE_PORT);
        assertThat(proxy.rules()).anyMatch(e -> e.service().equals("web") && e.nodePort() == NODE_PORT && e.backends().size() == 2);
    }

    @Test
    void aShellInsideANodeSeesTheNodesNetwork() throws Exception {
        List<String> argv = new ArrayList<>(net.shellCommand(NODES.get(1)));
        argv.addAll(List.of("-c", "echo \"$PS1\"; ip -o -4 addr; curl -sS -m 5 http://" + clusterIp + "/ >/dev/null && echo reached"));
        String out = Cmd.check(argv, null).out();
        assertThat(out).startsWith("root@minikube-m02:")
                .contains("eth0    inet " + net.nodeIp(NODES.get(1)) + "/24", "cbr0    inet 10.244.1.1/24", "reached");
    }

    @Test
    void theHostsOwnRoutesAndAddressesAreUntouched() throws Exception {
        assertThat(HostState.capture(hostDevices)).isEqualTo(hostBefore);
        assertThat(Cmd.check("ip", "route", "show", "table", "all").out()).doesNotContain("10.244.", "192.168.49.");
        assertThat(Cmd.check("ip", "-o", "addr").out()).doesNotContain("10.244.", "192.168.49.");
        assertThat(Cmd.check("iptables-save").out()).doesNotContain(clusterIp + "/32", "10.244.", "--dport " + NODE_PORT);
        // No veth, bridge or wire port of the cluster in the host's namespace.
        assertThat(Cmd.check("ip", "-o", "link").out()).doesNotContain(net.vethOf("sandbox-a"), net.vethOf("sandbox-b"), "cbr0",
                "br0", NODES.get(1));
    }
}
