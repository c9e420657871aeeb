package io.kubelab.engine.controller.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointSubsetsTest {
    private static EndpointAddress addr(String ip) {
        return new EndpointAddressBuilder().withIp(ip).withNewTargetRef().withKind("Pod").withUid("uid-" + ip).endTargetRef().build();
    }

    private static EndpointPort port(String name, int p) {
        return new EndpointPortBuilder().withName(name).withPort(p).withProtocol("TCP").build();
    }

    private static EndpointSubset ready(String ip, EndpointPort p) {
        return new EndpointSubsetBuilder().withAddresses(addr(ip)).withPorts(p).build();
    }

    private static EndpointSubset notReady(String ip, EndpointPort p) {
        return new EndpointSubsetBuilder().withNotReadyAddresses(addr(ip)).withPorts(p).build();
    }

    @Test
    void portsReachedOnTheSameAddressesShareOneSubset() {
        var http = port("http", 8080);
        var metrics = port("metrics", 9090);
        List<EndpointSubset> out = EndpointSubsets.repack(List.of(
                ready("10.0.0.2", http), ready("10.0.0.2", metrics), ready("10.0.0.1", http), ready("10.0.0.1", metrics)));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(out.get(0).getPorts()).extracting(EndpointPort::getName).containsExactly("http", "metrics");
    }

    @Test
    void readyWinsOverNotReadyForTheSameAddressAndPort() {
        var http = port("http", 8080);
        List<EndpointSubset> out = EndpointSubsets.repack(List.of(notReady("10.0.0.1", http), ready("10.0.0.1", http)));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.1");
        assertThat(out.get(0).getNotReadyAddresses()).isNull();
    }

    @Test
    void addressesSortAsTextLikeUpstream() {
        var http = port("http", 8080);
        List<EndpointSubset> out = EndpointSubsets.repack(List.of(ready("10.244.1.9", http), ready("10.244.1.10", http)));
        assertThat(out.get(0).getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.244.1.10", "10.244.1.9");
    }
}
