package io.kubelab.lessons.replay;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.lessons.load.LessonLoader;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replayer with a stand-in console: commands reach the runner, history feeds console checks. */
class SolutionReplayerTest {
    private final Cluster cluster = Cluster.create(ClusterConfig.defaults());
    private final List<String> ran = new ArrayList<>();

    /** A console that knows a few commands, as the real one knows them all. */
    private final SolutionRunner console = (line, files) -> {
        ran.add(line);
        if (line.equals("kubectl delete pod my-pod")) {
            cluster.api().delete(ResourceTypes.PODS, "default", "my-pod", null);
            return SolutionRunner.Result.ok("pod \"my-pod\" deleted\n");
        }
        if (line.startsWith("kubectl get") || List.of("minikube ssh -n minikube-m02", "docker ps", "exit").contains(line)) {
            return SolutionRunner.Result.ok("");
        }
        if (line.equals("kubectl run shell --image=busybox -- sleep 3600")) {
            cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: shell}\nspec:\n  containers: [{name: shell, image: busybox}]\n");
            return SolutionRunner.Result.ok("pod/shell created\n");
        }
        return new SolutionRunner.Result(1, "error: unknown command \"" + line + "\"");
    };

    private static Lesson lesson(String id) {
        return LessonLoader.bundled().load(id);
    }

    @Test
    void restoringALaterStepReplaysTheEarlierSolutionsThroughTheConsole() {
        Lesson pods = lesson("06-pod");
        Step quiz = pods.step("lifecycle-quiz").orElseThrow();
        SolutionReplayer replayer = new SolutionReplayer(cluster, console);
        assertThat(replayer.restore(pods, quiz)).isEqualTo(new ReplayOutcome.Done(null));
        // first-pod and shared-network applied manifests, pause-container answered, see-the-sandbox and
        // lifecycle ran commands.
        assertThat((Object) cluster.api().find(ResourceTypes.PODS, "default", "shared-pod")).isNotNull();
        List<String> commands = List.of("kubectl run shell --image=busybox -- sleep 3600", "minikube ssh -n minikube-m02",
                "docker ps", "exit", "kubectl delete pod my-pod");
        assertThat(ran).containsExactlyElementsOf(commands);
        assertThat(replayer.history()).containsExactlyElementsOf(commands);
        assertThat(replayer.check(pods, quiz).passed()).isFalse();
        ReplayOutcome solved = replayer.solve(pods, quiz);
        assertThat(solved).isInstanceOf(ReplayOutcome.Done.class);
        assertThat(((ReplayOutcome.Done) solved).check().passed()).isTrue();
    }

    @Test
    void consoleChecksPassOnTheReplayedHistory() {
        Lesson service = lesson("07-service");
        Step labels = service.step("labels").orElseThrow();
        SolutionReplayer replayer = new SolutionReplayer(cluster, console);
        assertThat(replayer.restore(service, labels)).isEqualTo(new ReplayOutcome.Done(null));
        assertThat((Object) cluster.api().find(ResourceTypes.DEPLOYMENTS, "default", "web")).as("checkpoint applied web.yaml").isNotNull();
        ReplayOutcome solved = replayer.solve(service, labels);
        assertThat(((ReplayOutcome.Done) solved).check().details()).containsExactly("ran: kubectl get po --show-labels");
    }

    @Test
    void withoutAConsoleCommandSolutionsAreSkippedWithTheirReason() {
        Lesson pods = lesson("06-pod");
        ReplayOutcome o = new SolutionReplayer(cluster, null).solve(pods, pods.step("lifecycle").orElseThrow());
        assertThat(o).isEqualTo(new ReplayOutcome.Skipped("06-pod/lifecycle: the solution runs console commands "
                + "[\"kubectl delete pod my-pod\"] and no SolutionRunner (console) is wired"));
    }

    @Test
    void aFailingCommandFailsTheReplay() {
        Lesson docker = lesson("03-docker");
        ReplayOutcome o = new SolutionReplayer(cluster, console).solve(docker, docker.step("images").orElseThrow());
        assertThat(o).isEqualTo(new ReplayOutcome.Failed(
                "03-docker/images: \"docker pull ubuntu\" exited 1: error: unknown command \"docker pull ubuntu\""));
    }

    @Test
    void theRunnerSeesTheLessonsFiles() {
        Map<String, String>[] seen = new Map[1];
        SolutionRunner spy = (line, files) -> {
            seen[0] = files;
            return SolutionRunner.Result.ok("");
        };
        Lesson nginx = lesson("10-nginx-deployment");
        new SolutionReplayer(cluster, spy).solve(nginx, nginx.step("describe").orElseThrow());
        assertThat(seen[0]).containsKey("run-my-nginx.yaml");
    }
}
