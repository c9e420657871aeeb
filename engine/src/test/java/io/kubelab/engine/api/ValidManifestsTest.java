package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a workshop sends must pass: validation has no false positives on valid objects. */
class ValidManifestsTest {
    final Store store = new Store();
    final KubeApi api = new KubeApi(store, () -> Instant.parse("2026-01-01T00:00:00Z"), 3);

    ValidManifestsTest() {
        api.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build(), null);
    }

    List<HasMetadata> createAll(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (ObjectNode doc : Kube.readDocuments(yaml)) {
            HasMetadata o = ResourceTypes.decode(doc);
            ResourceType t = ResourceTypes.of(o);
            out.add(api.create(o, t.namespaced() ? "default" : null));
        }
        return out;
    }

    <T extends HasMetadata> T applyPatch(String yaml) {
        ObjectNode doc = Kube.readDocuments(yaml).get(0);
        HasMetadata o = ResourceTypes.decode(doc);
        return api.patch(ResourceTypes.of(o), "default", o.getMetadata().getName(), Patches.Type.STRATEGIC_MERGE_PATCH, doc, false);
    }

    static final String DECK = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
              labels: {run: my-nginx}
              annotations: {kubernetes.io/change-cause: "first rollout", Example.COM/Owner: team}
            spec:
              replicas: 2
              minReadySeconds: 5
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              selector:
                matchLabels: {run: my-nginx}
                matchExpressions:
                - {key: tier, operator: In, values: [web, front]}
                - {key: canary, operator: DoesNotExist}
              template:
                metadata:
                  labels: {run: my-nginx, tier: web}
                spec:
                  initContainers:
                  - name: init
                    image: busybox:1.36
                    command: [sh, -c, "echo hi"]
                  containers:
                  - name: nginx
                    image: nginx:1.25
                    ports:
                    - {name: http, containerPort: 80}
                    - {name: metrics, containerPort: 9113, protocol: TCP}
                    env:
                    - {name: MY_POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}
                    - {name: my.env-name, value: "x"}
                    resources:
                      requests: {cpu: 250m, memory: 64Mi}
                      limits: {cpu: "0.5", memory: 128Mi}
                    readinessProbe:
                      httpGet: {path: /, port: http}
                      periodSeconds: 5
                    livenessProbe:
                      tcpSocket: {port: 80}
                    startupProbe:
                      exec: {command: [cat, /etc/hostname]}
                    lifecycle:
                      preStop: {exec: {command: [sleep, "1"]}}
                    volumeMounts:
                    - {name: html, mountPath: /usr/share/nginx/html}
                    - {name: settings, mountPath: /etc/settings, readOnly: true}
                  volumes:
                  - {name: html, emptyDir: {}}
                  - {name: settings, configMap: {name: settings}}
                  tolerations:
                  - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
                  nodeSelector: {kubernetes.io/os: linux}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {color: blue, index.html: "<h1>hi</h1>", KEY_NAME: x}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: my-nginx, labels: {run: my-nginx}}
            spec:
              type: NodePort
              selector: {run: my-nginx}
              ports:
              - {name: http, port: 80, targetPort: http, nodePort: 31000}
              - {name: dns, port: 53, protocol: UDP}
              - {name: dns-tcp, port: 53, protocol: TCP}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: headless}
            spec:
              clusterIP: None
              selector: {run: my-nginx}
              ports: [{port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: external}
            spec:
              type: ExternalName
              externalName: example.com.
            ---
            apiVersion: v1
            kind: Pod
            metadata: {generateName: job-, labels: {app: job}}
            spec:
              restartPolicy: Never
              containers:
              - name: main
                image: busybox
                args: [echo, done]
                resources:
                  limits: {cpu: 100m, memory: 1Gi}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a}
            """;

    @Test
    void theDeckAndAWorkshopsManifestsAreAccepted() {
        List<HasMetadata> created = createAll(DECK);
        assertThat(created).hasSize(7);
        Service svc = (Service) created.get(2);
        assertThat(svc.getSpec().getPorts()).extracting(p -> p.getNodePort())
                .satisfies(ports -> {
                    assertThat(ports.get(0)).isEqualTo(31000);
                    // Ports with the same number share one NodePort.
                    assertThat(ports.get(1)).isEqualTo(ports.get(2));
                });
        assertThat(((Service) created.get(3)).getSpec().getClusterIPs()).containsExactly("None");
        assertThat(((Service) created.get(4)).getSpec().getClusterIP()).isNull();
        Pod job = (Pod) created.get(5);
        assertThat(job.getMetadata().getName()).startsWith("job-").hasSize(9);
        // Limits without requests request the limits: a Guaranteed pod.
        assertThat(job.getSpec().getContainers().get(0).getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(job.getStatus().getQosClass()).isEqualTo("Guaranteed");
    }

    @Test
    void reapplyingAndChangingAnImageAreAccepted() {
        createAll(DECK);
        Service before = api.get(ResourceTypes.SERVICES, "default", "my-nginx");
        // A client-side apply that changed one port's target (ports merge by port number).
        Service again = applyPatch("apiVersion: v1\nkind: Service\nmetadata: {name: my-nginx}\n"
                + "spec:\n  ports: [{name: http, port: 80, targetPort: 8080}]\n");
        assertThat(again.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
        assertThat(again.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
        assertThat(again.getSpec().getClusterIP()).isEqualTo(before.getSpec().getClusterIP());
        assertThat(again.getSpec().getPorts().get(1).getNodePort()).isEqualTo(before.getSpec().getPorts().get(1).getNodePort());

        createAll("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: web, image: nginx:1.24}\n");
        Pod updated = applyPatch("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: web, image: nginx:1.25}\n");
        assertThat(updated.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
        Pod replaced = Kube.copy(updated);
        replaced.getSpec().getContainers().get(0).setImage("nginx:1.26");
        replaced.getSpec().setTolerations(null); // re-added by admission, as on a real cluster
        replaced.getMetadata().setResourceVersion(null);
        assertThat(api.update(replaced).getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
    }

    @Test
    void serviceTypeChangesAllocateAndReleaseNodePorts() {
        createAll("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n");
        Service nodePort = applyPatch("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: NodePort}\n");
        int port = nodePort.getSpec().getPorts().get(0).getNodePort();
        assertThat(port).isBetween(30000, 32767);
        assertThat(api.allocator().portTaken(port)).isTrue();
        Service clusterIp = applyPatch("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: ClusterIP}\n");
        assertThat(clusterIp.getSpec().getPorts().get(0).getNodePort()).isNull();
        assertThat(api.allocator().portTaken(port)).isFalse();
        api.delete(ResourceTypes.SERVICES, "default", "web", null);
        assertThat(api.allocator().ipTaken(clusterIp.getSpec().getClusterIP())).isFalse();
    }

    @Test
    void controllerWrittenObjectsAreAccepted() {
        List<HasMetadata> created = createAll("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: web-5d8f7c9b4
                  labels: {app: web, pod-template-hash: 5d8f7c9b4}
                  annotations: {deployment.kubernetes.io/revision: "1"}
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: 0b1e6f1e-1111-4222-8333-444455556666, controller: true, blockOwnerDeletion: true}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web, pod-template-hash: 5d8f7c9b4}}
                  template:
                    metadata: {labels: {app: web, pod-template-hash: 5d8f7c9b4}}
                    spec: {containers: [{name: web, image: nginx}]}
                """);
        JsonNode rs = Kube.tree(created.get(0));
        assertThat(rs.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Deployment");
    }
}
