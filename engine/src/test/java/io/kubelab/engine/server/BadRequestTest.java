package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a student (or a broken client) gets wrong: each gets the API server's Status with the
 * right code and reason, as JSON, and the server keeps serving afterwards.
 */
class BadRequestTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
    }

    @AfterEach
    void stillServingThenStop() {
        ServerFixture.Response version = f.get("/version");
        assertThat(version.code()).isEqualTo(200);
        f.close();
    }

    /** The body is a Status of this code and reason, served as JSON; returns its message. */
    private static String status(ServerFixture.Response r, int code, String reason) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode s = r.json();
        assertThat(s.path("kind").asText()).isEqualTo("Status");
        assertThat(s.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(s.path("status").asText()).isEqualTo("Failure");
        assertThat(s.path("code").asInt()).isEqualTo(code);
        assertThat(s.path("reason").asText()).isEqualTo(reason);
        return s.path("message").asText();
    }

    @Test
    void malformedJson() {
        String m = status(f.post("/api/v1/namespaces/default/pods", "{\"metadata\": {\"name\": \"x\",}"), 400, "BadRequest");
        assertThat(m).startsWith("couldn't get version/kind; json parse error: ");
    }

    @Test
    void malformedYaml() {
        String m = status(f.send("POST", "/api/v1/namespaces/default/configmaps", "application/yaml",
                "metadata:\n  name: [x\n", "application/json"), 400, "BadRequest");
        assertThat(m).startsWith("error converting YAML to JSON: yaml: ");
    }

    @Test
    void wrongFieldType() {
        String body = ServerFixture.DEPLOYMENT.replace("\"replicas\":3", "\"replicas\":\"three\"")
                .replace("nginx-deployment", "other");
        String m = status(f.post("/apis/apps/v1/namespaces/default/deployments", body), 400, "BadRequest");
        assertThat(m).isEqualTo("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal "
                + "string into Go struct field DeploymentSpec.spec.replicas of type int32");
        assertThat(f.get("/apis/apps/v1/namespaces/default/deployments/other").code()).isEqualTo(404);
    }

    /** A typo in a field name: kubectl 1.27+ asks for strict field validation and gets the API server's refusal. */
    @Test
    void unknownFieldUnderStrictFieldValidation() {
        String body = ServerFixture.pod("typo", null).replace("\"image\":\"busybox\"", "\"image\":\"busybox\",\"imagePullPolcy\":\"Always\"");
        String m = status(f.post("/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict", body),
                400, "BadRequest");
        assertThat(m).isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: "
                + "unknown field \"spec.containers[1].imagePullPolcy\"");
        assertThat(f.get("/api/v1/namespaces/default/pods/typo").code()).isEqualTo(404);
        // Ignore keeps the object and drops the field quietly; Warn, the default (kubectl before 1.27
        // sends no fieldValidation), keeps it too and names the field in a Warning header.
        ServerFixture.Response ignored = f.post("/api/v1/namespaces/default/pods?fieldValidation=Ignore", body);
        assertThat(ignored.code()).isEqualTo(201);
        assertThat(ignored.warnings()).isEmpty();
        ServerFixture.Response warned = f.post("/api/v1/namespaces/default/pods", body.replace("\"typo\"", "\"typo2\""));
        assertThat(warned.code()).isEqualTo(201);
        assertThat(warned.warnings()).containsExactly("299 - \"unknown field \\\"spec.containers[1].imagePullPolcy\\\"\"");
        // kept without the field: it is neither stored nor served
        for (String name : java.util.List.of("typo", "typo2")) {
            JsonNode stored = f.get("/api/v1/namespaces/default/pods/" + name).json();
            assertThat(stored.path("spec").path("containers").path(1).has("imagePullPolcy")).isFalse();
            assertThat(stored.path("spec").path("containers").path(1).path("image").asText()).isEqualTo("busybox");
        }
    }

    /** kubectl apply of an existing object with a typo: the patched object is checked, nothing is written. */
    @Test
    void unknownFieldInAPatchUnderStrictFieldValidation() {
        String url = "/apis/apps/v1/namespaces/default/deployments/nginx-deployment";
        String before = f.get(url).json().path("metadata").path("resourceVersion").asText();
        String m = status(f.patch(url + "?fieldValidation=Strict", "application/strategic-merge-patch+json",
                "{\"spec\":{\"replica\":2}}"), 400, "BadRequest");
        assertThat(m).isEqualTo("strict decoding error: unknown field \"spec.replica\"");
        assertThat(f.get(url).json().path("metadata").path("resourceVersion").asText()).isEqualTo(before);
        ServerFixture.Response warned = f.patch(url, "application/strategic-merge-patch+json",
                "{\"spec\":{\"replica\":2,\"$setElementOrder/x\":[]}}");
        assertThat(warned.code()).isEqualTo(200);
        assertThat(warned.warnings()).containsExactly("299 - \"unknown field \\\"spec.replica\\\"\"");
        assertThat(f.get(url).json().path("spec").has("replica")).isFalse();
        // a field set to null in a patch deletes it: nothing to warn about
        assertThat(f.patch(url, "application/strategic-merge-patch+json", "{\"spec\":{\"replica\":null}}").warnings())
                .isEmpty();
        assertThat(f.get(url).json().path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void bodyOfAnotherKind() {
        String m = status(f.post("/api/v1/namespaces/default/pods", ServerFixture.SERVICE), 400, "BadRequest");
        assertThat(m).isEqualTo("the kind in the data (Service) does not match the expected kind (Pod)");
        m = status(f.post("/api/v1/namespaces/default/pods", ServerFixture.DEPLOYMENT), 400, "BadRequest");
        assertThat(m).isEqualTo("the API version in the data (apps/v1) does not match the expected API version (v1)");
    }

    @Test
    void emptyBody() {
        status(f.post("/api/v1/namespaces/default/pods", ""), 400, "BadRequest");
    }

    @ParameterizedTest
    @CsvSource({"text/plain", "application/vnd.kubernetes.protobuf", "application/xml"})
    void unsupportedBodyMediaTypes(String contentType) {
        String m = status(f.send("POST", "/api/v1/namespaces/default/pods", contentType, ServerFixture.pod("x", null),
                "application/json"), 415, "UnsupportedMediaType");
        assertThat(m).startsWith("the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml");
    }

    @Test
    void protobufBodiesOfKubectl132SayWhatWorksInstead() {
        String m = status(f.send("POST", "/api/v1/namespaces", "application/vnd.kubernetes.protobuf", "k8s\u0000",
                "application/vnd.kubernetes.protobuf,application/json"), 415, "UnsupportedMediaType");
        assertThat(m).contains("kubectl create -f");
    }

    @Test
    void patchWithAMediaTypeThatIsNoPatch() {
        String m = status(f.patch("/apis/apps/v1/namespaces/default/deployments/nginx-deployment", "application/json",
                "{\"spec\":{\"replicas\":2}}"), 415, "UnsupportedMediaType");
        assertThat(m).contains("application/strategic-merge-patch+json");
    }

    @Test
    void malformedPatches() {
        String url = "/apis/apps/v1/namespaces/default/deployments/nginx-deployment";
        status(f.patch(url, "application/merge-patch+json", "{\"spec\":"), 400, "BadRequest");
        status(f.patch(url, "application/json-patch+json", "{\"spec\":{}}"), 400, "BadRequest");
        status(f.patch(url, "application/strategic-merge-patch+json", "[1,2]"), 400, "BadRequest");
    }

    @Test
    void serverSideDryRunIsRefusedRatherThanDoneForReal() {
        String m = status(f.post("/api/v1/namespaces/default/pods?dryRun=All", ServerFixture.pod("dry", null)), 400,
                "BadRequest");
        assertThat(m).contains("--dry-run=client");
        assertThat(f.get("/api/v1/namespaces/default/pods/dry").code()).isEqualTo(404);
    }

    @Test
    void staleResourceVersionIsAConflict() {
        JsonNode d = f.get("/apis/apps/v1/namespaces/default/deployments/nginx-deployment").json();
        String stale = d.toString();
        f.patch("/apis/apps/v1/namespaces/default/deployments/nginx-deployment", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":2}}");
        String m = status(f.put("/apis/apps/v1/namespaces/default/deployments/nginx-deployment", stale), 409, "Conflict");
        assertThat(m).isEqualTo("Operation cannot be fulfilled on deployments.apps \"nginx-deployment\": the object has "
                + "been modified; please apply your changes to the latest version and try again");
    }

    @Test
    void alreadyExists() {
        String m = status(f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT), 409,
                "AlreadyExists");
        assertThat(m).isEqualTo("deployments.apps \"nginx-deployment\" already exists");
    }

    @Test
    void invalidObject() {
        String m = status(f.patch("/apis/apps/v1/namespaces/default/deployments/nginx-deployment",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}"), 422, "Invalid");
        assertThat(m).isEqualTo("Deployment.apps \"nginx-deployment\" is invalid: spec.replicas: Invalid value: -1: "
                + "must be greater than or equal to 0");
    }

    @Test
    void notFoundObjectsAndNamespaces() {
        String m = status(f.get("/apis/apps/v1/namespaces/default/deployments/x"), 404, "NotFound");
        assertThat(m).isEqualTo("deployments.apps \"x\" not found");
        m = status(f.getTable("/api/v1/namespaces/default/services/my-nginx"), 404, "NotFound");
        assertThat(m).isEqualTo("services \"my-nginx\" not found");
        m = status(f.post("/api/v1/namespaces/nope/pods", ServerFixture.pod("x", null)), 404, "NotFound");
        assertThat(m).isEqualTo("namespaces \"nope\" not found");
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v2",
            "GET, /api/v1/widgets",
            "GET, /apis/batch/v1/namespaces/default/jobs",
            "GET, /apis/apps/v2/deployments",
            "GET, /apis/nope",
            "GET, /api/v1/namespaces/default/deployments",
            "GET, /apis/apps/v1/namespaces/default/deployments/nginx-deployment/rollback",
            "GET, /api/v1/pods/somepod",
            "GET, /api/v1/namespaces/default/nodes",
            "GET, /index.html",
            "GET, /openapi/v3",
            "GET, /api/v1/namespaces/default/pods/x/log/extra/segments",
            "GET, /apis/apps/v1/namespaces/default/replicasets/x/log",
    })
    void unknownPaths(String method, String path) {
        String m = status(f.send(method, path, null, null, "application/json"), 404, "NotFound");
        assertThat(m).isEqualTo("the server could not find the requested resource");
    }

    @ParameterizedTest
    @CsvSource({
            "PUT, /apis/apps/v1/namespaces/default/deployments",
            "POST, /apis/apps/v1/namespaces/default/deployments/nginx-deployment",
            "POST, /api/v1/pods",
            "DELETE, /api",
            "POST, /version",
            "PUT, /api/v1/namespaces/default/pods/x/log",
    })
    void unsupportedVerbs(String method, String path) {
        String m = status(f.send(method, path, "application/json", "{}", "application/json"), 405, "MethodNotAllowed");
        assertThat(m).isEqualTo("the server does not allow this method on the requested resource");
    }

    @Test
    void mismatchedNameAndNamespace() {
        JsonNode d = f.get("/apis/apps/v1/namespaces/default/deployments/nginx-deployment").json();
        String m = status(f.put("/apis/apps/v1/namespaces/default/deployments/other", d.toString()), 400, "BadRequest");
        assertThat(m).isEqualTo("the name of the object (nginx-deployment) does not match the name on the URL (other)");
        f.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"dev\"}}");
        m = status(f.post("/api/v1/namespaces/dev/pods",
                ServerFixture.pod("x", null).replace("\"name\":\"x\"", "\"name\":\"x\",\"namespace\":\"default\"")),
                400, "BadRequest");
        assertThat(m).isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
    }

    @Test
    void invalidSelectors() {
        String m = status(f.get("/api/v1/namespaces/default/pods?labelSelector=app%3D%3D%3Dx"), 400, "BadRequest");
        assertThat(m).startsWith("unable to parse requirement: ");
        m = status(f.get("/api/v1/namespaces/default/pods?fieldSelector=nonsense"), 400, "BadRequest");
        assertThat(m).isEqualTo("invalid selector: 'nonsense'; can't understand 'nonsense'");
        m = status(f.get("/api/v1/namespaces/default/pods?fieldSelector=spec.foo%3Dx"), 400, "BadRequest");
        assertThat(m).isEqualTo("field label not supported: spec.foo");
        m = status(f.get("/apis/apps/v1/namespaces/default/deployments?fieldSelector=spec.replicas%3D3"), 400,
                "BadRequest");
        assertThat(m).isEqualTo("\"spec.replicas\" is not a known field selector: only \"metadata.name\", "
                + "\"metadata.namespace\"");
        m = status(f.get("/api/v1/namespaces/default/pods?watch=true&fieldSelector=spec.foo%3Dx"), 400, "BadRequest");
        assertThat(m).isEqualTo("field label not supported: spec.foo");
    }

    @Test
    void invalidNumbers() {
        String m = status(f.get("/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=soon"), 400, "BadRequest");
        assertThat(m).isEqualTo("strconv.ParseInt: parsing \"soon\": invalid syntax");
        status(f.get("/api/v1/namespaces/default/pods?watch=1&resourceVersion=abc"), 400, "BadRequest");
    }

    @Test
    void execWithoutAnUpgradeOrCommand() {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
        String m = status(f.get("/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true"), 400, "BadRequest");
        assertThat(m).isEqualTo("Upgrade request required");
        m = status(f.get("/api/v1/namespaces/default/pods/web/exec?stdout=true"), 400, "BadRequest");
        assertThat(m).isEqualTo("you must specify at least 1 command");
        m = status(f.get("/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true&container=db"), 400,
                "BadRequest");
        assertThat(m).isEqualTo("container db is not valid for pod web");
        m = status(f.get("/api/v1/namespaces/default/pods/nope/log"), 404, "NotFound");
        assertThat(m).isEqualTo("pods \"nope\" not found");
    }

    @Test
    void oversizedBodiesGet413AndTheConnectionRecovers() throws Exception {
        String big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}}";
        String m = status(f.post("/api/v1/namespaces/default/configmaps", big), 413, "RequestEntityTooLarge");
        assertThat(m).isEqualTo("Request entity too large: limit is 3145728");
        // Just under the limit is fine.
        String fits = "{\"metadata\":{\"name\":\"fits\"},\"data\":{\"k\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        assertThat(f.post("/api/v1/namespaces/default/configmaps", fits).code()).isEqualTo(201);
    }

    @Test
    void garbageOnTheWireGetsAStatusAndTheServerGoesOn() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            OutputStream out = s.getOutputStream();
            out.write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400").contains("\"reason\":\"BadRequest\"");
        }
    }

    @Test
    void spdyExecOfAMissingContainerIsRefusedBeforeTheUpgrade() throws Exception {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
        try (Socket s = new Socket("127.0.0.1", f.port)) {
            s.getOutputStream().write(("POST /api/v1/namespaces/default/pods/web/exec?command=ls&container=db&stdout=true"
                    + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readAll(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400").contains("container db is not valid for pod web");
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void watchFromACompactedRevisionGetsAnExpiredErrorEvent() throws Exception {
        // A store keeping only 5 events of history.
        Store store = new Store(null, 5);
        KubeApi api = new KubeApi(store, () -> Instant.parse("2026-01-01T00:00:00Z"), 1);
        api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
        for (int i = 0; i < 20; i++) {
            api.create(new ConfigMapBuilder().withNewMetadata().withName("cm" + i).endMetadata().build(), "default");
        }
        try (ApiServer server = new ApiServer(api)) {
            int port = server.start("127.0.0.1", 0);
            var r = f.http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port
                                    + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode event = Kube.JSON.readTree(r.body().lines().findFirst().orElseThrow());
            assertThat(event.path("type").asText()).isEqualTo("ERROR");
            assertThat(event.path("object").path("kind").asText()).isEqualTo("Status");
            assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(event.path("object").path("reason").asText()).isEqualTo("Expired");
            assertThat(event.path("object").path("message").asText()).startsWith("too old resource version: 3");
            assertThat(r.body().lines().count()).isEqualTo(1);
            assertThat(store.count(ResourceTypes.CONFIGMAPS)).isEqualTo(20);
        }
    }
}
