package io.kubelab.lessons.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check type passes on a right state and fails on a wrong one. Pods get their phase and node
 * through the status API, as the kubelet and the scheduler would set them.
 */
class CheckEvaluatorTest {
    private final Cluster cluster = Cluster.create(ClusterConfig.defaults());
    private final CheckContext ctx = CheckContext.of(ClusterView.of(cluster));

    private static final String NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx-deployment
            spec:
              replicas: 2
              selector:
                matchLabels: {run: my-nginx}
              template:
                metadata:
                  labels: {run: my-nginx}
                spec:
                  containers:
                  - name: my-nginx
                    image: nginx
                    ports:
                    - containerPort: 80
            """;

    private static String pod(String name, String labels, String node) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels: " + labels + "\nspec:\n"
                + (node == null ? "" : "  nodeName: " + node + "\n")
                + "  containers:\n  - name: c\n    image: nginx\n";
    }

    private void setPhase(String name, String phase) {
        Pod p = Kube.copy(cluster.api().<Pod>get(ResourceTypes.PODS, "default", name));
        p.getStatus().setPhase(phase);
        cluster.api().updateStatus(p);
    }

    private CheckResult eval(Check c) {
        return CheckEvaluator.evaluate(c, ctx);
    }

    @Test
    void exists() {
        Check c = new Check.Exists(ResourceTypes.DEPLOYMENTS, null, "nginx-deployment");
        assertThat(eval(c)).isEqualTo(new CheckResult(false, List.of("deployments.apps \"nginx-deployment\" not found")));
        cluster.apply(NGINX);
        assertThat(eval(c)).isEqualTo(new CheckResult(true, List.of("deployment.apps/nginx-deployment exists")));
        assertThat(eval(new Check.Exists(ResourceTypes.DEPLOYMENTS, "kube-system", "nginx-deployment")).passed()).isFalse();
    }

    @Test
    void absent() {
        cluster.apply(pod("my-pod", "{app: web}", null));
        Check c = new Check.Absent(ResourceTypes.PODS, null, "my-pod");
        assertThat(eval(c).passed()).isFalse();
        assertThat(eval(c).details()).containsExactly("pod/my-pod still exists");
        cluster.api().delete(ResourceTypes.PODS, "default", "my-pod", null);
        assertThat(eval(c).passed()).isTrue();
    }

    @Test
    void fieldComparesAsText() {
        cluster.apply(NGINX);
        Check available = new Check.Field(ResourceTypes.DEPLOYMENTS, null, "nginx-deployment", "status.availableReplicas", "2");
        assertThat(eval(available).details()).containsExactly(
                "deployment.apps/nginx-deployment: status.availableReplicas is not set, expected 2");
        Deployment d = Kube.copy(cluster.api().<Deployment>get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment"));
        d.getStatus().setAvailableReplicas(1);
        cluster.api().updateStatus(d);
        assertThat(eval(available)).isEqualTo(new CheckResult(false,
                List.of("deployment.apps/nginx-deployment: status.availableReplicas is 1, expected 2")));
        d.getStatus().setAvailableReplicas(2);
        d.getMetadata().setResourceVersion(null);
        cluster.api().updateStatus(d);
        assertThat(eval(available).passed()).isTrue();
        Check image = new Check.Field(ResourceTypes.DEPLOYMENTS, null, "nginx-deployment",
                "spec.template.spec.containers[0].image", "nginx:1.27");
        assertThat(eval(image).details()).containsExactly(
                "deployment.apps/nginx-deployment: spec.template.spec.containers[0].image is nginx, expected nginx:1.27");
        Check label = new Check.Field(ResourceTypes.DEPLOYMENTS, null, "nginx-deployment",
                "spec.template.metadata.labels['run']", "my-nginx");
        assertThat(eval(label).passed()).isTrue();
    }

    @Test
    void countsRunningPodsBySelector() {
        Check c = new Check.Count(ResourceTypes.PODS, null, "run=my-nginx", "Running", 2, null, null);
        cluster.apply(pod("a", "{run: my-nginx}", "minikube-m02"));
        cluster.apply(pod("b", "{run: my-nginx}", "minikube-m03"));
        cluster.apply(pod("other", "{run: other}", "minikube-m02"));
        setPhase("a", "Running");
        setPhase("other", "Running");
        assertThat(eval(c)).isEqualTo(new CheckResult(false,
                List.of("1 pod with run=my-nginx in phase Running, expected at least 2")));
        setPhase("b", "Running");
        assertThat(eval(c).passed()).isTrue();
        assertThat(eval(new Check.Count(ResourceTypes.PODS, null, "run=my-nginx", null, null, 1, null)).passed()).isFalse();
        assertThat(eval(new Check.Count(ResourceTypes.PODS, null, null, null, null, null, 3)).passed()).isTrue();
    }

    private static final String SVC = """
            apiVersion: v1
            kind: Service
            metadata:
              name: my-nginx
            spec:
              selector: {run: my-nginx}
              ports:
              - port: 80
                protocol: TCP
            """;

    @Test
    void serviceType() {
        Check c = new Check.ServiceType(null, "my-nginx", "NodePort");
        assertThat(eval(c).details()).containsExactly("services \"my-nginx\" not found");
        cluster.apply(SVC);
        assertThat(eval(c)).isEqualTo(new CheckResult(false,
                List.of("service/my-nginx is of type ClusterIP, expected NodePort")));
        assertThat(eval(new Check.ServiceType(null, "my-nginx", "ClusterIP")).passed()).isTrue();
    }

    @Test
    void nodePort() {
        cluster.apply(SVC);
        Check any = new Check.NodePort(null, null, 31000);
        Check named = new Check.NodePort(null, "my-nginx", 31000);
        assertThat(eval(any).details()).containsExactly("no service in namespace default listens on node port 31000 (no node ports)");
        assertThat(eval(named).passed()).isFalse();
        cluster.apply(SVC.replace("spec:\n", "spec:\n  type: NodePort\n").replace("protocol: TCP", "protocol: TCP\n    nodePort: 31000"));
        assertThat(eval(any).passed()).isTrue();
        assertThat(eval(named)).isEqualTo(new CheckResult(true, List.of("service/my-nginx listens on node port 31000")));
        assertThat(eval(new Check.NodePort(null, "my-nginx", 31001)).details())
                .containsExactly("service/my-nginx does not listen on node port 31001 (node ports: [31000])");
    }

    @Test
    void consoleHistoryMatchesLeadingWordsOrARegex() {
        Check c = new Check.ConsoleRan(List.of("kubectl get po", "kubectl get pods"), null);
        assertThat(CheckEvaluator.evaluate(c, ctx.withHistory(List.of("kubectl get deployments", "kubectl get poo"))))
                .isEqualTo(new CheckResult(false, List.of("not run yet: kubectl get po or kubectl get pods")));
        assertThat(CheckEvaluator.evaluate(c, ctx.withHistory(List.of("  kubectl   get po -o wide "))).passed()).isTrue();
        assertThat(CheckEvaluator.evaluate(c, ctx.withHistory(List.of("kubectl get pods"))).passed()).isTrue();
        Check curl = new Check.ConsoleRan(List.of(), "curl (http://)?10\\.0\\.0\\.\\d+(:80)?/?");
        assertThat(CheckEvaluator.evaluate(curl, ctx.withHistory(List.of("curl 10.0.0.76"))).passed()).isTrue();
        assertThat(CheckEvaluator.evaluate(curl, ctx.withHistory(List.of("curl 192.168.49.2"))).passed()).isFalse();
    }

    @Test
    void quiz() {
        Check c = new Check.Quiz("b");
        assertThat(eval(c).details()).containsExactly("no answer yet");
        assertThat(CheckEvaluator.evaluate(c, ctx.withQuizAnswer("a"))).isEqualTo(new CheckResult(false, List.of("answer a is not right")));
        assertThat(CheckEvaluator.evaluate(c, ctx.withQuizAnswer("b")).passed()).isTrue();
    }

    @Test
    void distinctNodes() {
        Check c = new Check.DistinctNodes(null, "app=web", 2);
        cluster.apply(pod("web-1", "{app: web}", "minikube-m02"));
        cluster.apply(pod("web-2", "{app: web}", "minikube-m02"));
        cluster.apply(pod("web-3", "{app: web}", null));
        assertThat(eval(c)).isEqualTo(new CheckResult(false,
                List.of("pods with app=web run on 1 node [minikube-m02], 1 not scheduled, expected at least 2")));
        cluster.apply(pod("web-4", "{app: web}", "minikube-m03"));
        assertThat(eval(c).passed()).isTrue();
    }

    @Test
    void sameNode() {
        Check c = new Check.SameNode(null, List.of("app=web", "app=cache"));
        cluster.apply(pod("web", "{app: web}", "minikube-m02"));
        assertThat(eval(c).details()).containsExactly("no pod with app=cache");
        cluster.apply(pod("cache", "{app: cache}", "minikube-m03"));
        assertThat(eval(c).passed()).isFalse();
        assertThat(eval(c).details()).containsExactly("pods with app=web / app=cache run on 2 nodes [minikube-m02, minikube-m03]");
        cluster.api().delete(ResourceTypes.PODS, "default", "cache", new io.fabric8.kubernetes.api.model.DeleteOptionsBuilder()
                .withGracePeriodSeconds(0L).build());
        cluster.apply(pod("cache-2", "{app: cache}", "minikube-m02"));
        assertThat(eval(c)).isEqualTo(new CheckResult(true, List.of("pods with app=web / app=cache all run on minikube-m02")));
    }

    @Test
    void allAndAny() {
        cluster.apply(SVC);
        Check exists = new Check.Exists(ResourceTypes.SERVICES, null, "my-nginx");
        Check nodePort = new Check.ServiceType(null, "my-nginx", "NodePort");
        assertThat(eval(new Check.AllOf(List.of(exists, nodePort))).passed()).isFalse();
        assertThat(eval(new Check.AllOf(List.of(exists, nodePort))).details()).hasSize(2);
        assertThat(eval(new Check.AnyOf(List.of(exists, nodePort))).passed()).isTrue();
        assertThat(eval(new Check.AllOf(List.of(exists))).passed()).isTrue();
        assertThat(eval(new Check.AnyOf(List.of(nodePort))).passed()).isFalse();
    }

    @Test
    void fieldPathsParse() {
        assertThat(FieldPath.parse("spec.template.spec.containers[0].image"))
                .containsExactly("spec", "template", "spec", "containers", 0, "image");
        assertThat(FieldPath.parse("metadata.labels['app.kubernetes.io/name']"))
                .containsExactly("metadata", "labels", "app.kubernetes.io/name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FieldPath.parse("spec..x"))
                .hasMessage("bad field path \"spec..x\" at character 6");
    }
}
