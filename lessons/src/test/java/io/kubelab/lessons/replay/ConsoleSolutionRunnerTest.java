package io.kubelab.lessons.replay;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Consoles;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSolutionRunnerTest {

    @Test
    void watchesAreStoppedWithCtrlCAndCountAsDoneOtherFailuresDoNot() {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            ConsoleSolutionRunner runner = new ConsoleSolutionRunner(Consoles.standard(cluster));
            SolutionRunner.Result watch = runner.run("kubectl get po -w", Map.of());
            assertThat(watch.exitCode()).isZero();
            SolutionRunner.Result wrong = runner.run("kubectl get nosuchthing", Map.of());
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.output()).contains("the server doesn't have a resource type \"nosuchthing\"");
        }
    }

    @Test
    void recognisesWatchingCommands() {
        assertThat(ConsoleSolutionRunner.watches("kubectl get po -l run=my-nginx -w")).isTrue();
        assertThat(ConsoleSolutionRunner.watches("kubectl logs -f web")).isTrue();
        assertThat(ConsoleSolutionRunner.watches("kubectl apply -f run-my-nginx.yaml")).isFalse();
        assertThat(ConsoleSolutionRunner.watches("kubectl rollout status deployment/web")).isFalse();
    }
}
