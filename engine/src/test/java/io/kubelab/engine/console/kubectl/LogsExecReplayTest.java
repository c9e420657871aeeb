package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code logs -f} and a waiting {@code exec} in the console, on simulated time. */
class LogsExecReplayTest {
    static final String TICKER = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: ticker
            spec:
              containers:
              - name: ticker
                image: busybox
                command: ["sh", "-c", "while true; do echo tick; sleep 1; done"]
            """;

    private Cluster cluster;
    private Console console;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final Output output = new Output() {
        @Override
        public synchronized void out(String text) {
            out.append(text);
        }

        @Override
        public synchronized void err(String text) {
            err.append(text);
        }
    };

    @BeforeEach
    void ticker() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1));
        console = new Console(cluster).register(new KubectlProgram());
        cluster.apply(TICKER);
        cluster.advance(Duration.ofSeconds(20));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static int ticks(CharSequence text) {
        return text.toString().split("tick\n", -1).length - 1;
    }

    @Test
    void followPrintsNewLinesUntilInterrupted() {
        Execution ex = console.start("kubectl logs -f ticker", Map.of(), output);
        int before = ticks(out);
        assertThat(before).isGreaterThan(0);
        assertThat(ex.isDone()).isFalse();

        cluster.advance(Duration.ofSeconds(3));
        assertThat(ticks(out)).isBetween(before + 2, before + 4);
        assertThat(ex.isDone()).isFalse();

        ex.interrupt();
        assertThat(ex.exitCode()).isEqualTo(130);
        int after = ticks(out);
        cluster.advance(Duration.ofSeconds(3));
        assertThat(ticks(out)).isEqualTo(after);
        assertThat(err).isEmpty();
    }

    @Test
    void followEndsWhenThePodGoesAway() {
        Execution ex = console.start("kubectl logs ticker -f --tail=1", Map.of(), output);
        assertThat(out.toString()).isEqualTo("tick\n");
        cluster.api().delete(ResourceTypes.PODS, "default", "ticker", null);
        cluster.runUntil(ex::isDone, Duration.ofSeconds(40));
        assertThat(ex.isDone()).isTrue();
        assertThat(ex.exitCode()).isZero();
    }

    @Test
    void execWaitsForTheCommandOnSimulatedTime() {
        Execution ex = console.start("kubectl exec ticker -- sh -c 'sleep 2; echo done'", Map.of(), output);
        assertThat(ex.isDone()).isFalse();
        cluster.advance(Duration.ofSeconds(3));
        assertThat(ex.isDone()).isTrue();
        assertThat(ex.exitCode()).isZero();
        assertThat(out.toString()).isEqualTo("done\n");
    }

    @Test
    void execPropagatesTheExitCode() {
        Console.Result r = console.run("kubectl exec ticker -- sh -c 'echo failing >&2; exit 4'", Map.of(), Duration.ofSeconds(5));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.output()).isEqualTo("failing\ncommand terminated with exit code 4\n");
    }
}
