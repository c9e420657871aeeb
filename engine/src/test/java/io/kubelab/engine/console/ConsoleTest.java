package io.kubelab.engine.console;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTest {

    @Test
    void splitsWordsAsBashDoes() {
        assertThat(Console.words("docker run -d --name hello ubuntu sh -c \"while true; do echo hello world; sleep 1; done\""))
                .containsExactly("docker", "run", "-d", "--name", "hello", "ubuntu", "sh", "-c",
                        "while true; do echo hello world; sleep 1; done");
        assertThat(Console.words("kubectl get po -o jsonpath='{.items[*].metadata.name}'"))
                .containsExactly("kubectl", "get", "po", "-o", "jsonpath={.items[*].metadata.name}");
    }

    @Test
    void unknownProgramIsBashsCommandNotFound() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            Console console = new Console(cluster);
            Console.Result r = console.run("kubeclt get po", Map.of(), Duration.ofSeconds(1));
            assertThat(r.exitCode()).isEqualTo(127);
            assertThat(r.output()).isEqualTo("kubeclt: command not found\n");
            assertThat(console.history()).containsExactly("kubeclt get po");
        }
    }

    @Test
    void waitingCommandIsInterruptedAtTheLimit() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            Console console = new Console(cluster);
            console.register(new Program() {
                @Override
                public String name() {
                    return "wait";
                }

                @Override
                public Execution start(Invocation inv) {
                    inv.out().out("waiting\n");
                    return Execution.running(() -> inv.out().out("^C\n"));
                }
            });
            Console.Result r = console.run("wait", Map.of(), Duration.ofSeconds(3));
            assertThat(r.exitCode()).isEqualTo(130);
            assertThat(r.output()).isEqualTo("waiting\n^C\n");
            assertThat(console.complete("wa")).isEqualTo(List.of("wait"));
            assertThat(console.complete("")).isEqualTo(List.of("wait"));
            assertThat(console.complete("do")).isEmpty();
        }
    }
}
