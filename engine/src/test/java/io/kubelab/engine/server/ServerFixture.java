package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An API server on a free port over a fresh simulated cluster, and a small HTTP client for it.
 * The cluster's clock does not move unless a test moves it.
 */
final class ServerFixture implements AutoCloseable {
    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
            + "g=meta.k8s.io,application/json";

    final Cluster cluster;
    final ApiServer server;
    final int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    ServerFixture() {
        this(PodIO.NONE);
    }

    ServerFixture(PodIO podIO) {
        cluster = Cluster.create(ClusterConfig.defaults());
        server = new ApiServer(cluster.api(), podIO);
        try {
            port = server.start("127.0.0.1", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A Ready node like the kubelet registers one (until the kubelet is wired into the cluster). */
    Node addNode(String name, String ip) {
        Node node = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.31.4").withOsImage("Buildroot 2023.02.9")
                .withKernelVersion("5.10.207").withContainerRuntimeVersion("docker://26.0.2")
                .withArchitecture("amd64").withOperatingSystem("linux").withBootID("b").withMachineID("m")
                .withSystemUUID("s").withKubeProxyVersion("v1.31.4").endNodeInfo()
                .endStatus().build();
        cluster.api().create(Kube.copy(node), null);
        return cluster.api().modify(ResourceTypes.NODES, null, name, n -> {
            n.setStatus(node.getStatus());
            return n;
        }, true);
    }

    Response send(String method, String path, String contentType, String body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().allValues("Warning"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return send("GET", path, null, null, "application/json");
    }

    Response getTable(String path) {
        return send("GET", path, null, null, TABLE);
    }

    Response post(String path, String json) {
        return send("POST", path, "application/json", json, "application/json");
    }

    Response put(String path, String json) {
        return send("PUT", path, "application/json", json, "application/json");
    }

    Response patch(String path, String contentType, String json) {
        return send("PATCH", path, contentType, json, "application/json");
    }

    Response delete(String path, String json) {
        return send("DELETE", path, json == null ? null : "application/json", json, "application/json");
    }

    @Override
    public void close() {
        server.close();
        cluster.close();
    }

    /** A response: its status code, Content-Type, body and {@code Warning} headers (as sent). */
    record Response(int code, String contentType, String body, java.util.List<String> warnings) {
        JsonNode json() {
            try {
                return Kube.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + code + " " + contentType + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return code + " " + contentType + " " + body;
        }
    }

    static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx-deployment","labels":{"app":"nginx"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},
               "spec":{"containers":[{"name":"nginx","image":"nginx:1.24","ports":[{"containerPort":80}]}]}}}}
            """;

    static final String SERVICE = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"my-nginx"},
             "spec":{"type":"NodePort","selector":{"app":"nginx"},"ports":[{"port":80,"nodePort":31000}]}}
            """;

    static String pod(String name, String node) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"web"}},
                 "spec":{%s"containers":[{"name":"nginx","image":"nginx:1.24"},{"name":"sidecar","image":"busybox"}]}}
                """.formatted(name, node == null ? "" : "\"nodeName\":\"" + node + "\",");
    }
}
