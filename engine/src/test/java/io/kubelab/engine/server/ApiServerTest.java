package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API over a real cluster: discovery, CRUD, tables, patches, scale, status, delete. */
class ApiServerTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/version", "/version/"})
    void versionWithAndWithoutTrailingSlash(String path) {
        ServerFixture.Response r = f.get(path);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("gitVersion").asText()).startsWith("v1.31.");
        assertThat(r.json().path("major").asText()).isEqualTo("1");
        assertThat(r.json().path("minor").asText()).isEqualTo("31");
        assertThat(r.json().path("platform").asText()).isEqualTo("linux/amd64");
    }

    @Test
    void legacyDiscovery() {
        JsonNode api = f.get("/api").json();
        assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
        assertThat(texts(api.path("versions"), null)).containsExactly("v1");
        assertThat(api.path("serverAddressByClientCIDRs").get(0).path("serverAddress").asText())
                .isEqualTo("127.0.0.1:" + f.port);

        JsonNode apis = f.get("/apis").json();
        assertThat(texts(apis.path("groups"), "name"))
                .containsExactly("apps", "discovery.k8s.io", "coordination.k8s.io");
        assertThat(apis.path("groups").get(0).path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");

        JsonNode core = f.get("/api/v1").json();
        assertThat(core.path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(core.path("groupVersion").asText()).isEqualTo("v1");
        assertThat(texts(core.path("resources"), "name")).contains("pods", "pods/log", "pods/exec", "pods/status",
                "services", "services/status", "nodes", "nodes/status", "namespaces", "events", "endpoints", "configmaps");
        JsonNode pods = find(core, "pods");
        assertThat(texts(pods.path("shortNames"), null)).containsExactly("po");
        assertThat(texts(pods.path("categories"), null)).containsExactly("all");
        assertThat(pods.path("singularName").asText()).isEqualTo("pod");
        assertThat(pods.path("namespaced").asBoolean()).isTrue();
        assertThat(texts(pods.path("verbs"), null))
                .containsExactly("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
        assertThat(find(core, "nodes").path("namespaced").asBoolean()).isFalse();
        assertThat(find(core, "pods/exec").path("kind").asText()).isEqualTo("PodExecOptions");

        JsonNode apps = f.get("/apis/apps/v1").json();
        JsonNode scale = find(apps, "deployments/scale");
        assertThat(scale.path("group").asText()).isEqualTo("autoscaling");
        assertThat(scale.path("version").asText()).isEqualTo("v1");
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(texts(find(apps, "deployments").path("shortNames"), null)).containsExactly("deploy");
        assertThat(find(apps, "replicasets/scale").isMissingNode()).isFalse();
        assertThat(f.get("/apis/discovery.k8s.io/v1").json().path("resources").get(0).path("name").asText())
                .isEqualTo("endpointslices");
        assertThat(f.get("/apis/coordination.k8s.io/v1").json().path("resources").get(0).path("name").asText())
                .isEqualTo("leases");
        assertThat(f.get("/apis/apps").json().path("kind").asText()).isEqualTo("APIGroup");
    }

    @Test
    void aggregatedDiscoveryIsNotOfferedEvenWhenAskedFor() {
        ServerFixture.Response r = f.send("GET", "/apis", null, null,
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        assertThat(r.json().path("kind").asText()).isEqualTo("APIGroupList");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode r : list.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void openApiV2IsTheFiveByteDocumentAsOctetStream() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base() + "/openapi/v2"))
                .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").build();
        var r = f.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.body()).containsExactly(0x0a, 0x03, 0x32, 0x2e, 0x30);
        assertThat(f.get("/openapi/v3").code()).isEqualTo(404);
    }

    @Test
    void createGetListAndTables() {
        ServerFixture.Response created = f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        assertThat(created.code()).as(created.toString()).isEqualTo(201);
        JsonNode d = created.json();
        assertThat(d.path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(d.path("metadata").path("resourceVersion").isTextual()).isTrue();
        assertThat(d.path("metadata").path("generation").asInt()).isEqualTo(1);
        assertThat(d.path("metadata").path("creationTimestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(d.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asText()).isEqualTo("25%");

        JsonNode got = f.get("/apis/apps/v1/namespaces/default/deployments/nginx-deployment").json();
        assertThat(got.path("kind").asText()).isEqualTo("Deployment");

        JsonNode list = f.get("/apis/apps/v1/namespaces/default/deployments").json();
        assertThat(list.path("kind").asText()).isEqualTo("DeploymentList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(list.path("metadata").path("resourceVersion").asText()).isEqualTo(
                Long.toString(f.cluster.store().revision()));
        assertThat(list.path("items")).hasSize(1);

        f.cluster.advance(Duration.ofSeconds(200));
        JsonNode table = f.getTable("/apis/apps/v1/namespaces/default/deployments?limit=500").json();
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(texts(table.path("columnDefinitions"), "name")).containsExactly("Name", "Ready", "Up-to-date",
                "Available", "Age", "Containers", "Images", "Selector");
        assertThat(texts(table.path("columnDefinitions"), "priority")).containsExactly("0", "0", "0", "0", "0", "1", "1", "1");
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").toString())
                .isEqualTo("[\"nginx-deployment\",\"3/3\",3,3,\"3m20s\",\"nginx\",\"nginx:1.24\",\"app=nginx\"]");
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo("default");
        assertThat(row.path("object").path("metadata").path("labels").path("app").asText()).isEqualTo("nginx");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isNotEmpty();

        JsonNode one = f.getTable("/apis/apps/v1/namespaces/default/deployments/nginx-deployment").json();
        assertThat(one.path("kind").asText()).isEqualTo("Table");
        assertThat(one.path("rows")).hasSize(1);
        // The controllers have moved the deployment on since `got`: the table carries the current version.
        assertThat(one.path("metadata").path("resourceVersion").asText())
                .isEqualTo(f.get("/apis/apps/v1/namespaces/default/deployments/nginx-deployment").json()
                        .path("metadata").path("resourceVersion").asText());

        JsonNode beta = f.send("GET", "/apis/apps/v1/namespaces/default/deployments", null, null,
                "application/json;as=Table;v=v1beta1;g=meta.k8s.io").json();
        assertThat(beta.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
    }

    @Test
    void protobufAcceptGetsJson() {
        ServerFixture.Response r = f.send("GET", "/api/v1/namespaces/default/services/kubernetes", null, null,
                "application/vnd.kubernetes.protobuf,application/json");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.json().path("spec").path("clusterIP").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void servicesPrintLikeKubectlGetSvc() {
        assertThat(f.post("/api/v1/namespaces/default/services", ServerFixture.SERVICE).code()).isEqualTo(201);
        JsonNode table = f.getTable("/api/v1/namespaces/default/services").json();
        assertThat(texts(table.path("columnDefinitions"), "name"))
                .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"kubernetes\",\"ClusterIP\",\"10.0.0.1\",\"<none>\",\"443/TCP\",\"0s\",\"<none>\"]");
        String myNginx = table.path("rows").get(1).path("cells").toString();
        assertThat(myNginx).startsWith("[\"my-nginx\",\"NodePort\",\"10.0.0.").endsWith(
                "\"<none>\",\"80:31000/TCP\",\"0s\",\"app=nginx\"]");
    }

    @Test
    void clusterWideListsAndNamespacedLists() {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("a", null));
        f.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"dev\"}}");
        f.post("/api/v1/namespaces/dev/pods", ServerFixture.pod("b", null));
        assertThat(f.get("/api/v1/pods").json().path("items")).hasSize(2);
        assertThat(f.get("/api/v1/namespaces/dev/pods").json().path("items")).hasSize(1);
        JsonNode nsTable = f.getTable("/api/v1/namespaces").json();
        assertThat(texts(nsTable.path("columnDefinitions"), "name")).containsExactly("Name", "Status", "Age");
        assertThat(nsTable.path("rows").toString()).contains("[\"dev\",\"Active\",\"0s\"]");
    }

    @Test
    void emptyListsHaveEmptyItemsNeverNull() {
        JsonNode list = f.get("/apis/apps/v1/namespaces/default/replicasets").json();
        assertThat(list.path("items").isArray()).isTrue();
        assertThat(list.path("items")).isEmpty();
        JsonNode table = f.getTable("/apis/apps/v1/namespaces/default/replicasets").json();
        assertThat(table.path("rows").isArray()).isTrue();
    }

    @Test
    void labelAndFieldSelectorsOnLists() {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("a", "minikube"));
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("b", null));
        f.post("/api/v1/namespaces/default/pods",
                "{\"metadata\":{\"name\":\"c\",\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":[{\"name\":\"x\",\"image\":\"redis\"}]}}");
        assertThat(names(f.get("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb"))).containsExactly("a", "b");
        assertThat(names(f.get("/api/v1/namespaces/default/pods?labelSelector=app%20in%20(db,cache)"))).containsExactly("c");
        assertThat(names(f.get("/api/v1/namespaces/default/pods?labelSelector=app!%3Dweb"))).containsExactly("c");
        assertThat(names(f.get("/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Db"))).containsExactly("b");
        assertThat(names(f.get("/api/v1/pods?fieldSelector=spec.nodeName%3Dminikube,status.phase!%3DSucceeded,"
                + "status.phase!%3DFailed"))).containsExactly("a");
        assertThat(names(f.get("/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue")))
                .containsExactly("kube-dns");
    }

    private static List<String> names(ServerFixture.Response r) {
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    @Test
    void eventsFieldSelectorsOfDescribe() {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", null));
        Pod pod = f.cluster.api().get(ResourceTypes.PODS, "default", "web");
        f.cluster.events().normal(pod, "Scheduled", "Successfully assigned default/web to minikube", "default-scheduler", null);
        String uid = pod.getMetadata().getUid();
        String q = "/api/v1/namespaces/default/events?fieldSelector=involvedObject.uid%3D" + uid
                + ",involvedObject.name%3Dweb,involvedObject.namespace%3Ddefault,involvedObject.kind%3DPod";
        JsonNode events = f.get(q).json();
        assertThat(events.path("items")).hasSize(1);
        assertThat(events.path("items").get(0).path("reason").asText()).isEqualTo("Scheduled");
        JsonNode table = f.getTable("/api/v1/namespaces/default/events").json();
        assertThat(texts(table.path("columnDefinitions"), "name")).containsExactly("Last Seen", "Type", "Reason",
                "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name");
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertThat(cells.get(1).asText()).isEqualTo("Normal");
        assertThat(cells.get(2).asText()).isEqualTo("Scheduled");
        assertThat(cells.get(3).asText()).isEqualTo("pod/web");
        assertThat(cells.get(6).asText()).isEqualTo("Successfully assigned default/web to minikube");
        assertThat(cells.get(8).asInt()).isEqualTo(1);
    }

    @Test
    void updateAndTheThreePatchTypes() {
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        String url = "/apis/apps/v1/namespaces/default/deployments/nginx-deployment";
        // kubectl apply / set image: strategic merge patch keeps the container's ports.
        ServerFixture.Response smp = f.patch(url + "?fieldManager=kubectl-set", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"nginx\"}],"
                        + "\"containers\":[{\"image\":\"nginx:1.25\",\"name\":\"nginx\"}]}}}}");
        assertThat(smp.code()).as(smp.toString()).isEqualTo(200);
        JsonNode c = smp.json().path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(c.path("image").asText()).isEqualTo("nginx:1.25");
        assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(80);
        assertThat(smp.json().path("metadata").path("generation").asInt()).isEqualTo(2);
        // Merge patch.
        JsonNode merged = f.patch(url, "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}").json();
        assertThat(merged.path("metadata").path("labels").path("tier").asText()).isEqualTo("web");
        assertThat(merged.path("metadata").path("generation").asInt()).isEqualTo(2);
        // JSON patch (rollout undo).
        JsonNode jp = f.patch(url, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]").json();
        assertThat(jp.path("spec").path("replicas").asInt()).isEqualTo(2);
        // PUT with the current resourceVersion.
        Deployment d = f.cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        String body = io.kubelab.engine.model.Kube.toJson(d).replace("\"replicas\":2", "\"replicas\":4");
        ServerFixture.Response put = f.put(url, body);
        assertThat(put.code()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("spec").path("replicas").asInt()).isEqualTo(4);
        // The same PUT again is now stale.
        ServerFixture.Response stale = f.put(url, body);
        assertThat(stale.code()).isEqualTo(409);
        assertThat(stale.json().path("reason").asText()).isEqualTo("Conflict");
    }

    @Test
    void scaleSubresourceWithMergePatchAndStrategicMergePatch() {
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        String url = "/apis/apps/v1/namespaces/default/deployments/nginx-deployment/scale";
        JsonNode scale = f.get(url).json();
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=nginx");
        // kubectl scale
        ServerFixture.Response kubectl = f.patch(url, "application/merge-patch+json", "{\"spec\":{\"replicas\":5}}");
        assertThat(kubectl.code()).as(kubectl.toString()).isEqualTo(200);
        assertThat(kubectl.json().path("spec").path("replicas").asInt()).isEqualTo(5);
        // Python: patch_namespaced_deployment_scale sends a strategic merge patch.
        JsonNode python = f.patch(url, "application/strategic-merge-patch+json", "{\"spec\":{\"replicas\":4}}").json();
        assertThat(python.path("spec").path("replicas").asInt()).isEqualTo(4);
        Deployment d = f.cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getReplicas()).isEqualTo(4);
        assertThat(d.getMetadata().getGeneration()).isEqualTo(3);
        // PUT a Scale.
        JsonNode put = f.put(url, "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":"
                + "\"nginx-deployment\"},\"spec\":{\"replicas\":1}}").json();
        assertThat(put.path("spec").path("replicas").asInt()).isEqualTo(1);
        ServerFixture.Response negative = f.patch(url, "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}");
        assertThat(negative.code()).isEqualTo(422);
        assertThat(negative.json().path("message").asText()).isEqualTo(
                "Scale.autoscaling \"nginx-deployment\" is invalid: spec.replicas: Invalid value: -1: must be greater "
                        + "than or equal to 0");
        assertThat(f.get("/apis/apps/v1/namespaces/default/deployments/nope/scale").code()).isEqualTo(404);
    }

    @Test
    void statusSubresourceChangesOnlyStatus() {
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        String url = "/apis/apps/v1/namespaces/default/deployments/nginx-deployment/status";
        ServerFixture.Response r = f.patch(url, "application/merge-patch+json",
                "{\"spec\":{\"replicas\":9},\"status\":{\"replicas\":3,\"readyReplicas\":2}}");
        assertThat(r.code()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("status").path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(r.json().path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(f.get(url).json().path("status").path("replicas").asInt()).isEqualTo(3);
        // A create ignores client-sent status.
        f.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":"
                + "[{\"name\":\"c\",\"image\":\"nginx\"}]},\"status\":{\"phase\":\"Running\"}}");
        assertThat(f.get("/api/v1/namespaces/default/pods/p").json().path("status").path("phase").asText())
                .isEqualTo("Pending");
    }

    @Test
    void deleteAnswersLikeTheApiServer() {
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        // Deployments: a success Status naming the deleted object.
        ServerFixture.Response d = f.delete("/apis/apps/v1/namespaces/default/deployments/nginx-deployment",
                "{\"propagationPolicy\":\"Background\"}");
        assertThat(d.code()).isEqualTo(200);
        assertThat(d.json().path("kind").asText()).isEqualTo("Status");
        assertThat(d.json().path("status").asText()).isEqualTo("Success");
        assertThat(d.json().path("details").path("name").asText()).isEqualTo("nginx-deployment");
        assertThat(d.json().path("details").path("group").asText()).isEqualTo("apps");
        assertThat(d.json().path("details").path("kind").asText()).isEqualTo("deployments");
        ServerFixture.Response gone = f.get("/apis/apps/v1/namespaces/default/deployments/nginx-deployment");
        assertThat(gone.code()).isEqualTo(404);
        assertThat(gone.json().path("message").asText()).isEqualTo("deployments.apps \"nginx-deployment\" not found");

        // An unscheduled pod goes at once, without a body (the Python client); the answer is the pod.
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("p", null));
        ServerFixture.Response p = f.delete("/api/v1/namespaces/default/pods/p", null);
        assertThat(p.code()).isEqualTo(200);
        assertThat(p.json().path("kind").asText()).isEqualTo("Pod");
        assertThat(f.get("/api/v1/namespaces/default/pods/p").code()).isEqualTo(404);

        // A bound pod is only marked: its kubelet finishes the deletion.
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("bound", "minikube"));
        JsonNode marked = f.delete("/api/v1/namespaces/default/pods/bound", "{}").json();
        assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isEqualTo("2026-01-01T00:00:30Z");
        JsonNode table = f.getTable("/api/v1/namespaces/default/pods/bound").json();
        assertThat(table.path("rows").get(0).path("cells").get(2).asText()).isEqualTo("Terminating");
    }

    @Test
    void deleteCollection() {
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("a", null));
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("b", null));
        ServerFixture.Response r = f.delete("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", null);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.json().path("kind").asText()).isEqualTo("PodList");
        assertThat(r.json().path("items")).hasSize(2);
        assertThat(f.get("/api/v1/namespaces/default/pods").json().path("items")).isEmpty();
    }

    @Test
    void nodesTable() {
        f.addNode("minikube", "192.168.49.2");
        JsonNode table = f.getTable("/api/v1/nodes?limit=500").json();
        assertThat(texts(table.path("columnDefinitions"), "name")).containsExactly("Name", "Status", "Roles", "Age",
                "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo(
                "[\"minikube\",\"Ready\",\"<none>\",\"0s\",\"v1.31.4\",\"192.168.49.2\",\"<none>\","
                        + "\"Buildroot 2023.02.9\",\"5.10.207\",\"docker://26.0.2\"]");
    }

    @Test
    void yamlBodiesAreAccepted() {
        ServerFixture.Response r = f.send("POST", "/api/v1/namespaces/default/configmaps", "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n", "application/json");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("data").path("color").asText()).isEqualTo("blue");
        JsonNode table = f.getTable("/api/v1/namespaces/default/configmaps").json();
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"settings\",1,\"0s\"]");
    }

    @Test
    void watchPrefixAndWatchOnANamedObjectAreAccepted() {
        // The old /watch/ prefix streams like ?watch=true; timeoutSeconds ends it.
        ServerFixture.Response r = f.get("/api/v1/watch/namespaces/default/services?timeoutSeconds=1");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body()).contains("\"type\":\"ADDED\"").contains("\"name\":\"kubernetes\"");
        ServerFixture.Response named = f.get("/api/v1/namespaces/default/services/kubernetes?watch=1&timeoutSeconds=1");
        assertThat(named.body().lines().count()).isEqualTo(1);
    }
}
