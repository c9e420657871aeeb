package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's kubectl on its own (no real kubectl needed): the deck's commands change the
 * cluster, waiting commands finish on simulated time, completion offers verbs, types and names.
 */
class ConsoleKubectlTest {
    private Cluster cluster;
    private Console console;
    private final Map<String, String> files = Map.of("run-my-nginx.yaml", Parity.RUN_MY_NGINX, "nginx-svc.yaml",
            Parity.NGINX_SVC, "invalid.yaml", Parity.INVALID);

    @BeforeEach
    void setUp() {
        cluster = Cluster.create(ClusterConfig.defaults());
        cluster.start();
        console = Consoles.standard(cluster);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Console.Result run(String line) {
        return console.run(line, files, Duration.ofMinutes(2));
    }

    @Test
    void theDecksFlow() {
        assertThat(run("kubectl create -f run-my-nginx.yaml").output()).isEqualTo("deployment.apps/nginx-deployment created\n");
        cluster.advance(Duration.ofSeconds(30));
        assertThat(run("kubectl get deployments").output()).isEqualTo("""
                NAME               READY   UP-TO-DATE   AVAILABLE   AGE
                nginx-deployment   2/2     2            2           30s
                """);
        assertThat(run("kubectl create -f nginx-svc.yaml").output()).isEqualTo("service/my-nginx created\n");
        assertThat(run("kubectl get svc my-nginx -o jsonpath={.spec.ports[0].nodePort}").output()).isEqualTo("31000");
        assertThat(run("kubectl scale deployment nginx-deployment --replicas=3").output())
                .isEqualTo("deployment.apps/nginx-deployment scaled\n");
        cluster.advance(Duration.ofSeconds(30));
        assertThat(cluster.api().<io.fabric8.kubernetes.api.model.Pod>list(ResourceTypes.PODS, "default")).hasSize(3);

        String pod = cluster.api().<io.fabric8.kubernetes.api.model.Pod>list(ResourceTypes.PODS, "default").get(0).getMetadata().getName();
        Console.Result deleted = run("kubectl delete pod " + pod);
        // kubectl waits until the kubelet has finished the graceful deletion.
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.output()).isEqualTo("pod \"" + pod + "\" deleted\n");
        assertThat((Object) cluster.api().find(ResourceTypes.PODS, "default", pod)).isNull();

        Console.Result missing = run("kubectl get deploy nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");
    }

    @Test
    void invalidObjectsGetKubectlsInvalidWording() {
        Console.Result r = run("kubectl create -f invalid.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        // Several causes: kubectl's bulleted form.
        assertThat(r.output()).startsWith("The Deployment \"broken\" is invalid: \n* ")
                .contains("* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
        // The generators wrap the server's message instead.
        Console.Result g = run("kubectl create deployment web --image=nginx --replicas=-1");
        assertThat(g.exitCode()).isEqualTo(1);
        assertThat(g.output()).isEqualTo("error: failed to create deployment: Deployment.apps \"web\" is invalid: "
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
    }

    @Test
    void watchRunsUntilInterrupted() {
        run("kubectl create -f run-my-nginx.yaml");
        Console.Result r = console.run("kubectl get deploy -w", files, Duration.ofSeconds(30));
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(r.output()).startsWith("NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n")
                .contains("nginx-deployment   2/2     2            2           ");
    }

    @Test
    void completion() {
        run("kubectl create -f run-my-nginx.yaml");
        cluster.advance(Duration.ofSeconds(5));
        assertThat(console.complete("kubectl ge")).containsExactly("get");
        assertThat(console.complete("kubectl get dep")).containsExactly("deployments");
        assertThat(console.complete("kubectl get deployments ")).containsExactly("nginx-deployment");
        assertThat(console.complete("kubectl scale deployment/ng")).containsExactly("deployment/nginx-deployment");
        assertThat(console.complete("kubectl get po -n kube-system ")).isEmpty();
    }
}
