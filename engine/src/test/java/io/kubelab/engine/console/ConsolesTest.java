package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsolesTest {

    @Test
    void theStandardConsoleHasTheDecksPrograms() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(1))) {
            cluster.start();
            Console console = Consoles.standard(cluster);
            for (String program : List.of("kubectl", "minikube", "docker", "curl")) {
                assertThat(console.complete(program.substring(0, 3))).containsExactly(program);
            }
            assertThat(console.complete("minikube st")).isEqualTo(List.of("start", "status", "stop"));
            assertThat(console.complete("docker r")).isEqualTo(List.of("restart", "rm", "rmi", "run"));
            assertThat(console.run("minikube version --short", Map.of(), Duration.ofSeconds(1)).output()).isEqualTo("v1.33.1\n");
            // minikube ssh hands the following lines to the node until exit
            console.run("minikube ssh", Map.of(), Duration.ofSeconds(1));
            assertThat(console.prompt()).isEqualTo("docker@minikube:~$ ");
            assertThat(console.run("pwd", Map.of(), Duration.ofSeconds(1)).output()).isEqualTo("/home/docker\n");
            console.run("exit", Map.of(), Duration.ofSeconds(1));
            assertThat(console.prompt()).isEqualTo(Console.PROMPT);
            assertThat(console.history()).containsExactly("minikube version --short", "minikube ssh", "pwd", "exit");
        }
    }
}
