package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl describe} in the console against the real kubectl on the same cluster: the deck's
 * run-my-nginx Deployment (scaled from 2 to 3, then rolled to a new image), its NodePort Service
 * on 31000, the node, their ReplicaSets, Endpoints and events. Output, errors and exit codes must
 * be identical, byte for byte.
 */
@Tag("kubectl")
class DescribeKubectlTest {

    static final String RUN_MY_NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
            spec:
              replicas: 2
              selector:
                matchLabels:
                  run: my-nginx
              template:
                metadata:
                  labels:
                    run: my-nginx
                spec:
                  containers:
                  - name: my-nginx
                    image: nginx
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
              clusterIP: 10.0.0.76
              ports:
              - port: 80
                targetPort: 80
                protocol: TCP
                nodePort: 31000
              selector:
                run: my-nginx
            """;

    /** A pod that uses most of what the pod describer prints: resources, probes, env, volumes, a command. */
    static final String RICH_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: rich
              labels:
                app: rich
                tier: web
              annotations:
                team: kubelab
            spec:
              containers:
              - name: web
                image: nginx:1.25
                command: ["nginx"]
                args: ["-g", "daemon off;"]
                ports:
                - containerPort: 80
                - containerPort: 443
                  name: https
                resources:
                  requests:
                    cpu: 250m
                    memory: 64Mi
                  limits:
                    cpu: 500m
                    memory: 128Mi
                env:
                - name: GREETING
                  value: hello
                - name: MY_POD
                  valueFrom:
                    fieldRef:
                      fieldPath: metadata.name
                livenessProbe:
                  httpGet:
                    path: /
                    port: 80
                readinessProbe:
                  tcpSocket:
                    port: 80
                  initialDelaySeconds: 2
                  periodSeconds: 5
                volumeMounts:
                - name: scratch
                  mountPath: /scratch
                - name: cache
                  mountPath: /cache
                  readOnly: true
              volumes:
              - name: scratch
                emptyDir: {}
              - name: cache
                emptyDir:
                  medium: Memory
                  sizeLimit: 64Mi
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: stuck
            spec:
              nodeSelector:
                disk: ssd
              containers:
              - name: app
                image: busybox
                command: ["sleep", "3600"]
            """;

    /** The deck's flow up to a rolled Deployment: created, exposed, scaled to 3, image changed, settled. */
    static void deckState(KubectlHarness h) {
        h.cluster.apply(RUN_MY_NGINX);
        h.cluster.advance(Duration.ofSeconds(40));
        h.cluster.apply(NGINX_SVC);
        h.cluster.advance(Duration.ofSeconds(20));
        h.cluster.api().modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (Deployment d) -> {
            d.getSpec().setReplicas(3);
            return d;
        }, false);
        h.cluster.advance(Duration.ofSeconds(30));
        h.cluster.api().modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (Deployment d) -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.25");
            return d;
        }, false);
        h.cluster.apply(RICH_POD);
        h.cluster.advance(Duration.ofSeconds(90));
        h.catchUp();
    }

    /**
     * Commands whose output kubectl 1.20 words differently from the 1.27+ the console follows
     * (Deployments gained CreationTimestamp, ReplicaSets their Conditions order, Services read
     * EndpointSlices and show IP families, nodes their Lease and hugepages, cobra's {@code error:}
     * lower-cased): compared only with kubectl ≥ 1.27.
     */
    static final java.util.Set<List<String>> NEWER_ONLY = java.util.Set.of(
            List.of("describe", "deployments"),
            List.of("describe", "deploy", "nginx-deployment"),
            List.of("describe", "deployment/nginx-deployment"),
            List.of("describe", "rs"),
            List.of("describe", "nodes"),
            List.of("describe", "node", "minikube"),
            List.of("describe", "svc", "my-nginx"),
            List.of("describe", "services"),
            List.of("describe", "svc", "my-nginx", "--show-events=false"),
            List.of("describe", "pods", "--bogus"),
            List.of("describe"));

    static final List<List<String>> COMMANDS = List.of(
            List.of("describe", "deployments"),
            List.of("describe", "deploy", "nginx-deployment"),
            List.of("describe", "deployment/nginx-deployment"),
            List.of("describe", "po", "nginx"),
            List.of("describe", "pods"),
            List.of("describe", "pods", "-l", "run=my-nginx"),
            List.of("describe", "svc", "my-nginx"),
            List.of("describe", "services"),
            List.of("describe", "rs"),
            List.of("describe", "nodes"),
            List.of("describe", "node", "minikube"),
            List.of("describe", "endpoints", "my-nginx"),
            List.of("describe", "ns", "default"),
            List.of("describe", "namespaces"),
            List.of("describe", "po", "nope"),
            List.of("describe", "pods", "-n", "kube-system"),
            List.of("describe", "pods", "-l", "run=nobody"),
            List.of("describe", "foo"),
            List.of("describe", "svc", "my-nginx", "--show-events=false"),
            List.of("describe", "pods", "--bogus"),
            List.of("describe", "pod", "rich"),
            List.of("describe", "pod/stuck"),
            List.of("describe"),
            List.of("describe", "pods", "-l", "app=rich", "--show-events=false"));

    /**
     * {@code kubectl events} (GA in 1.26, so not compared with 1.20), kept to lists of at most 12
     * events: Go sorts longer lists with an unstable sort, which may order events of the same
     * second differently.
     */
    static final List<List<String>> EVENTS = List.of(
            List.of("events", "--for", "deployment/nginx-deployment"),
            List.of("events", "--for=pod/stuck"),
            List.of("events", "--for", "node/minikube", "-A"),
            List.of("events", "--types=Warning"),
            List.of("events", "-n", "kube-public"),
            List.of("events", "--types=Bogus"),
            List.of("events", "--for", "nginx"));

    @TestFactory
    List<DynamicNode> describeLikeKubectl() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String binary : KubectlHarness.kubectls()) {
            List<DynamicNode> tests = new ArrayList<>();
            KubectlHarness[] h = new KubectlHarness[1];
            tests.add(DynamicTest.dynamicTest("the deck's state", () -> {
                h[0] = new KubectlHarness(binary);
                deckState(h[0]);
            }));
            for (List<String> command : COMMANDS) {
                tests.add(DynamicTest.dynamicTest("kubectl " + String.join(" ", command), () -> {
                    KubectlHarness.Pair p = h[0].both(command.toArray(String[]::new));
                    if (h[0].minor < 27 && NEWER_ONLY.contains(command)) {
                        // kubectl 1.20 prints these differently; the console matches the newer kubectl.
                        assertThat(p.console().code()).isEqualTo(p.kubectl().code());
                        return;
                    }
                    assertThat(p.console().toString()).as(String.join(" ", command)).isEqualTo(p.kubectl().toString());
                }));
            }
            for (List<String> command : EVENTS) {
                tests.add(DynamicTest.dynamicTest("kubectl " + String.join(" ", command), () -> {
                    if (h[0].minor < 27) {
                        return;
                    }
                    KubectlHarness.Pair p = h[0].both(command.toArray(String[]::new));
                    assertThat(p.console().toString()).as(String.join(" ", command)).isEqualTo(p.kubectl().toString());
                }));
            }
            tests.add(DynamicTest.dynamicTest("close", () -> h[0].close()));
            nodes.add(DynamicContainer.dynamicContainer(binary, tests));
        }
        return nodes;
    }
}
