package io.kubelab.linux.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KubeProxyRulesTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = KubeProxyRulesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Objects(List<Service> services, List<EndpointSlice> slices) {}

    private static Objects load(String name) throws Exception {
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (ObjectNode doc : Kube.readDocuments(resource(name))) {
            if (doc.get("kind").asText().equals("Service")) {
                services.add(Kube.JSON.treeToValue(doc, Service.class));
            } else {
                slices.add(Kube.JSON.treeToValue(doc, EndpointSlice.class));
            }
        }
        return new Objects(services, slices);
    }

    /** Chain names as a real kube-proxy names them (values seen on real clusters' iptables-save). */
    @ParameterizedTest
    @CsvSource({
            "default/kubernetes:https, tcp, NPX46M4PTMTKRN6Y",
            "kube-system/kube-dns:dns, udp, TCOU7JCQXEZGVUNU",
            "kube-system/kube-dns:dns-tcp, tcp, ERIFXISQEP7F7OF4",
            "kube-system/kube-dns:metrics, tcp, JD5MR3NA4I4DYORP"})
    void chainHashesMatchKubeProxy(String servicePortName, String protocol, String hash) {
        assertThat(KubeProxyRules.hash(servicePortName + protocol)).isEqualTo(hash);
    }

    @Test
    void collectsReadyEndpointsSortedAndSkipsHeadless() throws Exception {
        Objects o = load("my-nginx.yaml");
        List<KubeProxyRules.ServicePortRule> rules = KubeProxyRules.collect(o.services(), o.slices());

        assertThat(rules).extracting(KubeProxyRules.ServicePortRule::servicePortName)
                .containsExactly("default/kubernetes:https", "default/my-nginx", "shop/sticky:web");
        KubeProxyRules.ServicePortRule nginx = rules.get(1);
        assertThat(nginx.endpoints()).extracting(KubeProxyRules.Endpoint::hostPort)
                .containsExactly("10.244.0.7:80", "10.244.1.3:80");
        assertThat(nginx.endpoints().get(0).podName()).isEqualTo("my-nginx-5b56ccd65f-8x5tm");
        assertThat(nginx.svcChain()).startsWith("KUBE-SVC-").hasSize(25);
        // The terminating endpoint is not used while a ready one exists.
        assertThat(rules.get(2).endpoints()).extracting(KubeProxyRules.Endpoint::ip).containsExactly("10.244.0.4");
        assertThat(rules.get(2).affinity()).isEqualTo(600);
        assertThat(rules.get(0).endpoints()).isEmpty();
        assertThat(nginx.toEntry().backends()).extracting(b -> b.pod())
                .containsExactly("default/my-nginx-5b56ccd65f-8x5tm", "default/my-nginx-5b56ccd65f-2ghtq");
    }

    @Test
    void fallsBackToServingTerminatingEndpointsWhenNoneIsReady() throws Exception {
        Objects o = load("my-nginx.yaml");
        EndpointSlice sticky = o.slices().get(1);
        sticky.getEndpoints().get(0).setConditions(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions(
                false, true, true));
        List<KubeProxyRules.ServicePortRule> rules = KubeProxyRules.collect(o.services(), o.slices());
        assertThat(rules.get(2).endpoints()).extracting(KubeProxyRules.Endpoint::ip)
                .containsExactly("10.244.0.4", "10.244.0.5");
    }

    /** The whole iptables-restore text for the deck's NodePort Service, a Service without endpoints and a sticky one. */
    @Test
    void rendersKubeProxysRestoreText() throws Exception {
        Objects o = load("my-nginx.yaml");
        KubeProxyRules.Rules r = KubeProxyRules.render(KubeProxyRules.collect(o.services(), o.slices()), "10.244.0.0/16",
                Set.of());
        assertThat(r.restoreText()).isEqualTo(resource("my-nginx.rules"));
        assertThat(r.natChains()).contains("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ",
                "KUBE-SVC-" + KubeProxyRules.hash("default/my-nginxtcp"), "KUBE-EXT-" + KubeProxyRules.hash("default/my-nginxtcp"));
        assertThat(r.natChains()).noneMatch(c -> c.contains(KubeProxyRules.hash("default/kubernetes:httpstcp")));
    }

    /**
     * Equal shares by conditional probability: with n endpoints the i-th rule (0-based) matches with
     * 1/(n-i) of what reaches it; 3 endpoints → 1/3, then 1/2 of the remaining 2/3, then the rest.
     */
    @ParameterizedTest
    @CsvSource({"1, ''", "2, 0.5000000000", "3, 0.3333333333 0.5000000000", "4, 0.2500000000 0.3333333333 0.5000000000"})
    void balancesWithConditionalProbabilities(int n, String probabilities) {
        List<KubeProxyRules.Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            eps.add(new KubeProxyRules.Endpoint("10.244.0." + (10 + i), 80, "default", "web-" + i, "minikube"));
        }
        var rule = new KubeProxyRules.ServicePortRule("default", "web", "", "TCP", "10.96.0.9", 80, 0, 0, eps);
        String text = KubeProxyRules.render(List.of(rule), "10.244.0.0/16", Set.of()).restoreText();
        List<String> seen = text.lines().filter(l -> l.startsWith("-A " + rule.svcChain()) && l.contains("probability"))
                .map(l -> l.replaceAll(".*--probability (\\S+).*", "$1")).toList();
        assertThat(String.join(" ", seen)).isEqualTo(probabilities);
        assertThat(text.lines().filter(l -> l.startsWith("-A " + rule.svcChain()) && l.contains("-j KUBE-SEP-"))).hasSize(n);
    }

    @Test
    void deletesTheChainsOfGoneServicesAndEndpoints() throws Exception {
        Objects o = load("my-nginx.yaml");
        KubeProxyRules.Rules before = KubeProxyRules.render(KubeProxyRules.collect(o.services(), o.slices()), "10.244.0.0/16",
                Set.of());
        // my-nginx loses 10.244.1.3; sticky is deleted.
        o.slices().get(0).getEndpoints().remove(0);
        KubeProxyRules.Rules after = KubeProxyRules.render(
                KubeProxyRules.collect(o.services().subList(0, 2), o.slices().subList(0, 1)), "10.244.0.0/16",
                before.natChains());
        var nginx = KubeProxyRules.collect(o.services().subList(0, 2), o.slices()).get(1);
        String goneSep = nginx.sepChain(new KubeProxyRules.Endpoint("10.244.1.3", 80, null, null, null));
        String stickySvc = "KUBE-SVC-" + KubeProxyRules.hash("shop/sticky:webtcp");
        assertThat(after.restoreText()).contains(":" + goneSep + " - [0:0]\n", "-X " + goneSep + "\n", "-X " + stickySvc + "\n");
        assertThat(after.restoreText().indexOf("-X " + goneSep)).isGreaterThan(after.restoreText().lastIndexOf("-A "));
        assertThat(after.natChains()).doesNotContain(goneSep, stickySvc);
    }

    @Test
    void removalDeletesTheJumpsThenTheChains() {
        String text = KubeProxyRules.removalText(Set.of("KUBE-SVC-AAAAAAAAAAAAAAAA"));
        assertThat(text).isEqualTo("""
                *filter
                :KUBE-SERVICES - [0:0]
                :KUBE-EXTERNAL-SERVICES - [0:0]
                -D INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -D FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -D FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -D OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -X KUBE-SERVICES
                -X KUBE-EXTERNAL-SERVICES
                COMMIT
                *nat
                :KUBE-MARK-MASQ - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-POSTROUTING - [0:0]
                :KUBE-SERVICES - [0:0]
                :KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]
                -D PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -D OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -D POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                -X KUBE-MARK-MASQ
                -X KUBE-NODEPORTS
                -X KUBE-POSTROUTING
                -X KUBE-SERVICES
                -X KUBE-SVC-AAAAAAAAAAAAAAAA
                COMMIT
                """);
    }
}
