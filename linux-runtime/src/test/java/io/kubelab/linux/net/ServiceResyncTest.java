package io.kubelab.linux.net;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.linux.proxy.KubeProxyRulesAccess;
import io.kubelab.linux.proxy.LinuxServiceProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** kube-proxy follows the store: endpoints leaving, session affinity, a Service deleted — in the nodes' iptables. */
@Tag("root")
class ServiceResyncTest {
    static final List<String> NODES = List.of("minikube", "minikube-m02");
    ClusterNetwork net;
    LinuxServiceProxy proxy;
    Cluster cluster;
    FakePod podA;
    FakePod podB;
    String ipA;
    String ipB;
    String clusterIp;

    @BeforeEach
    void up() throws Exception {
        Assumptions.assumeTrue(Cleanup.isRoot(), "skipped: real-mode network tests need root (network namespaces, veth, iptables)");
        net = ClusterNetwork.create(ClusterNetwork.newId(), NODES);
        podA = FakePod.start("pod-a");
        podB = FakePod.start("pod-b");
        ipA = net.attach(NODES.get(0), "sandbox-a", podA.pid());
        ipB = net.attach(NODES.get(1), "sandbox-b", podB.pid());
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        proxy = new LinuxServiceProxy(net);
        proxy.start(cluster.context());
        Service web = cluster.api().create(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().withNewSpec().addNewPort().withPort(80).withProtocol("TCP").endPort().endSpec().build(), "default");
        clusterIp = web.getSpec().getClusterIP();
        cluster.api().create(RealNetworkTest.slice("web", List.of(new String[] {ipA, NODES.get(0), "web-a"},
                new String[] {ipB, NODES.get(1), "web-b"})), "default");
        sync();
    }

    @AfterEach
    void down() throws Exception {
        if (net != null) {
            proxy.close();
            net.close();
            podA.close();
            podB.close();
        }
    }

    private void sync() throws Exception {
        proxy.drain();
        proxy.synced().get(30, TimeUnit.SECONDS);
        assertThat(proxy.syncError()).isNull();
    }

    private Set<String> answers(String fromNode, int requests) throws Exception {
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResult r = proxy.http(fromNode, clusterIp, 80, "GET", "/", "curl/8.5.0").get(30, TimeUnit.SECONDS).result();
            assertThat(r).isInstanceOf(HttpResult.Response.class);
            bodies.add(((HttpResult.Response) r).body().strip());
        }
        return bodies;
    }

    private String natRules(String node) throws Exception {
        return net.exec(node, List.of("iptables-save", "-t", "nat")).out();
    }

    @Test
    void anEndpointThatLeavesGetsNoMoreTrafficAndItsChainIsDeleted() throws Exception {
        // kube-proxy's name for the endpoint's chain: hash of ServicePortName + protocol + endpoint.
        String sepB = "KUBE-SEP-" + KubeProxyRulesAccess.hash("default/webtcp" + ipB + ":80");
        assertThat(natRules(NODES.get(0))).contains(sepB);

        cluster.api().<EndpointSlice>modify(ResourceTypes.ENDPOINTSLICES, "default", "web-abcde", s -> {
            s.getEndpoints().removeIf(e -> e.getAddresses().contains(ipB));
            return s;
        }, false);
        sync();

        assertThat(answers(NODES.get(0), 10)).containsExactly("pod-a");
        assertThat(natRules(NODES.get(0))).doesNotContain(sepB);
        assertThat(natRules(NODES.get(1))).doesNotContain(sepB);
    }

    @Test
    void clientIpAffinityKeepsAClientOnOnePod() throws Exception {
        cluster.api().<Service>modify(ResourceTypes.SERVICES, "default", "web", s -> {
            s.getSpec().setSessionAffinity("ClientIP");
            return s;
        }, false);
        sync();
        assertThat(natRules(NODES.get(0))).contains("-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-");

        assertThat(answers(NODES.get(0), 10)).hasSize(1);
        assertThat(answers(NODES.get(1), 10)).hasSize(1);
    }

    @Test
    void aDeletedServiceLeavesNoChainBehind() throws Exception {
        assertThat(natRules(NODES.get(1))).contains("KUBE-SVC-");
        cluster.api().delete(ResourceTypes.SERVICES, "default", "web", new DeleteOptions());
        sync();
        String rules = natRules(NODES.get(1));
        assertThat(rules).doesNotContain("KUBE-SVC-", "KUBE-SEP-", clusterIp);
        assertThat(rules).contains(":KUBE-SERVICES", "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
    }
}
