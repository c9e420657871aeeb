package io.kubelab.engine.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceTableTest {

    private static <T> T read(String yaml, Class<T> type) {
        try {
            return Kube.YAML.readValue(yaml, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void namedServicePortsTakeTheEndpointsPortOfTheSameName() {
        Service svc = read("""
                metadata: {name: web, namespace: default}
                spec:
                  clusterIP: 10.0.0.7
                  type: NodePort
                  sessionAffinity: ClientIP
                  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}
                  ports:
                  - {name: http, port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}
                  - {name: metrics, port: 9090, protocol: TCP}
                """, Service.class);
        Endpoints ep = read("""
                metadata: {name: web, namespace: default}
                subsets:
                - addresses:
                  - {ip: 10.244.0.5, nodeName: minikube, targetRef: {kind: Pod, namespace: default, name: web-a}}
                  - {ip: 10.244.1.3, nodeName: minikube-m02, targetRef: {kind: Pod, namespace: default, name: web-b}}
                  notReadyAddresses:
                  - {ip: 10.244.1.9}
                  ports:
                  - {name: http, port: 8080, protocol: TCP}
                  - {name: metrics, port: 9100, protocol: TCP}
                """, Endpoints.class);
        List<ServiceTable.Entry> table = ServiceTable.build(List.of(svc), List.of(ep));
        assertThat(table).hasSize(2);
        ServiceTable.Entry http = table.get(0);
        assertThat(http.key()).isEqualTo("default/web:http");
        assertThat(http.clusterIp()).isEqualTo("10.0.0.7");
        assertThat(http.nodePort()).isEqualTo(30080);
        assertThat(http.sessionAffinity()).isEqualTo("ClientIP");
        assertThat(http.affinityTimeoutSeconds()).isEqualTo(60);
        assertThat(http.backends()).extracting(b -> b.ip() + ":" + b.port() + " " + b.pod() + " on " + b.nodeName())
                .containsExactly("10.244.0.5:8080 default/web-a on minikube", "10.244.1.3:8080 default/web-b on minikube-m02");
        assertThat(table.get(1).backends()).extracting(ServiceTable.Backend::port).containsExactly(9100, 9100);
    }

    @Test
    void aServiceWithoutEndpointsHasNoBackends() {
        Service svc = read("metadata: {name: lonely, namespace: default}\nspec: {clusterIP: 10.0.0.9, ports: [{port: 80}]}\n",
                Service.class);
        assertThat(ServiceTable.build(List.of(svc), List.of()).get(0).backends()).isEmpty();
    }
}
