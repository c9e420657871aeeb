package io.kubelab.engine.console.scratch;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

class ScratchTest {
    Console console;
    Cluster cluster;

    void run(String line) {
        System.out.println(console.prompt() + line);
        Console.Result r = console.run(line, Map.of("run-my-nginx.yaml", DECK_NGINX, "nginx-svc.yaml", DECK_SVC), Duration.ofMinutes(5));
        System.out.print(r.output());
        System.out.println("[exit " + r.exitCode() + " at " + cluster.clock().now() + "]");
    }

    static final String DECK_NGINX = "";
    static final String DECK_SVC = "";

    @Test
    void scratch() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        cluster.start();
        console = Consoles.standard(cluster);
        run("docker run hello-world");
        run("docker run ubuntu:24.04 echo hi");
        run("docker pull ubuntu");
        run("docker images");
        run("docker run -d ubuntu sh -c \"while true; do echo hello world; sleep 1; done\"");
        cluster.advance(Duration.ofSeconds(5));
        run("docker ps");
        run("docker logs --tail 3 " + cluster.components().size());
        run("docker ps -a");
        run("minikube status");
        run("minikube version");
        run("minikube stat");
        run("minikube status --foo");
        run("minikube docker-env");
        run("minikube dashboard");
        run("minikube ssh");
        run("hostname");
        run("docker ps");
        run("curl 10.0.0.1");
        run("exit");
        run("minikube stop");
        run("minikube status");
        run("minikube start");
        run("minikube status");
        run("curl 10.0.0.1");
        run("curl -o /dev/null 192.168.49.2:31000");
    }
}
