package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deck's rollout flow replayed in the console on simulated time: {@code set image} (done here
 * through the API, as kubectl's patch does) then {@code rollout status} waits on the store's watch
 * while the cluster advances, and finishes when the rollout does; then history and undo.
 */
class RolloutReplayTest {
    private Cluster cluster;
    private Console console;

    @BeforeEach
    void deckDeployment() {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1));
        console = new Console(cluster).register(new KubectlProgram());
        cluster.apply(DescribeKubectlTest.RUN_MY_NGINX);
        cluster.advance(Duration.ofSeconds(60));
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private void setImage(String image) {
        cluster.api().modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", (Deployment d) -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        }, false);
    }

    private Console.Result run(String line) {
        return console.run(line, Map.of(), Duration.ofMinutes(3));
    }

    @Test
    void statusOfAFinishedRolloutReturnsAtOnce() {
        Console.Result r = run("kubectl rollout status deployment/nginx-deployment");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo("deployment \"nginx-deployment\" successfully rolled out\n");
    }

    @Test
    void statusAfterSetImageWaitsUntilTheRolloutFinishes() {
        setImage("nginx:1.25");
        Console.Result r = run("kubectl rollout status deployment/nginx-deployment");

        assertThat(r.exitCode()).isZero();
        List<String> lines = Arrays.asList(r.output().split("\n"));
        // Nothing has synced yet: the controller has not seen the new generation.
        assertThat(lines.get(0)).isEqualTo("Waiting for deployment spec update to be observed...");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("deployment \"nginx-deployment\" successfully rolled out");
        assertThat(lines).contains(
                "Waiting for deployment \"nginx-deployment\" rollout to finish: 1 out of 2 new replicas have been updated...",
                "Waiting for deployment \"nginx-deployment\" rollout to finish: 1 old replicas are pending termination...");
        assertThat(lines.subList(1, lines.size() - 1)).allMatch(l -> l.equals(lines.get(0)) || l.matches(
                "Waiting for deployment \"nginx-deployment\" rollout to finish: (\\d+ out of 2 new replicas have been updated"
                        + "|\\d+ old replicas are pending termination|\\d+ of \\d+ updated replicas are available)\\.\\.\\."));
        Deployment d = cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
    }

    @Test
    void watchFalsePrintsOnceAndTimeoutGivesUp() {
        assertThat(run("kubectl rollout pause deployment/nginx-deployment").output())
                .isEqualTo("deployment.apps/nginx-deployment paused\n");
        setImage("nginx:1.25");
        cluster.advance(Duration.ofSeconds(5));

        Console.Result once = run("kubectl rollout status deployment/nginx-deployment --watch=false");
        assertThat(once.exitCode()).isZero();
        assertThat(once.output()).isEqualTo(
                "Waiting for deployment \"nginx-deployment\" rollout to finish: 0 out of 2 new replicas have been updated...\n");

        Console.Result timedOut = run("kubectl rollout status deployment/nginx-deployment --timeout=10s");
        assertThat(timedOut.exitCode()).isEqualTo(1);
        assertThat(timedOut.output()).isEqualTo(
                "Waiting for deployment \"nginx-deployment\" rollout to finish: 0 out of 2 new replicas have been updated...\n"
                        + "error: timed out waiting for the condition\n");

        assertThat(run("kubectl rollout resume deployment/nginx-deployment").output())
                .isEqualTo("deployment.apps/nginx-deployment resumed\n");
        Console.Result done = run("kubectl rollout status deploy nginx-deployment");
        assertThat(done.exitCode()).isZero();
        assertThat(done.output()).endsWith("deployment \"nginx-deployment\" successfully rolled out\n");
    }

    @Test
    void historyAndUndo() {
        setImage("nginx:1.25");
        assertThat(run("kubectl rollout status deployment/nginx-deployment").exitCode()).isZero();
        assertThat(run("kubectl rollout history deployment/nginx-deployment").output()).isEqualTo("""
                deployment.apps/nginx-deployment\s
                REVISION  CHANGE-CAUSE
                1         <none>
                2         <none>

                """);

        assertThat(run("kubectl rollout undo deployment/nginx-deployment").output())
                .isEqualTo("deployment.apps/nginx-deployment rolled back\n");
        assertThat(run("kubectl rollout status deployment/nginx-deployment").exitCode()).isZero();
        Deployment d = cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
        // Undoing to revision 1 made it revision 3.
        assertThat(run("kubectl rollout history deployment/nginx-deployment").output()).contains("2         <none>\n3         <none>\n");
        assertThat(run("kubectl rollout undo deployment/nginx-deployment --to-revision=3").output())
                .isEqualTo("deployment.apps/nginx-deployment skipped rollback (current template already matches revision 3)\n");
        Console.Result missing = run("kubectl rollout undo deployment/nginx-deployment --to-revision=1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("error: unable to find specified revision 1 in history\n");

        assertThat(run("kubectl rollout history deployment/nginx-deployment --revision=2").output()).isEqualTo(
                "deployment.apps/nginx-deployment with revision #2\n"
                        + "Pod Template:\n"
                        + "  Labels:\tpod-template-hash=" + hash(2) + "\n"
                        + "\trun=my-nginx\n"
                        + "  Containers:\n"
                        + "   my-nginx:\n"
                        + "    Image:\tnginx:1.25\n"
                        + "    Port:\t80/TCP\n"
                        + "    Host Port:\t0/TCP\n"
                        + "    Environment:\t<none>\n"
                        + "    Mounts:\t<none>\n"
                        + "  Volumes:\t<none>\n"
                        + "  Node-Selectors:\t<none>\n"
                        + "  Tolerations:\t<none>\n"
                        + "\n");
    }

    @Test
    void restartAndErrors() {
        assertThat(run("kubectl rollout restart deployment/nginx-deployment").output())
                .isEqualTo("deployment.apps/nginx-deployment restarted\n");
        Deployment d = cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(run("kubectl rollout status deployment/nginx-deployment").output())
                .endsWith("deployment \"nginx-deployment\" successfully rolled out\n");

        Console.Result resume = run("kubectl rollout resume deployment/nginx-deployment");
        assertThat(resume.exitCode()).isEqualTo(1);
        assertThat(resume.output()).isEqualTo("error: deployments.apps \"nginx-deployment\" is not paused\n");
        Console.Result missing = run("kubectl rollout status deployment/web");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("Error from server (NotFound): deployments.apps \"web\" not found\n");
        Console.Result pod = run("kubectl rollout status pod/web");
        assertThat(pod.output()).isEqualTo("Error from server (NotFound): pods \"web\" not found\n");
    }

    /** The pod-template-hash of the ReplicaSet of a revision. */
    private String hash(int revision) {
        return cluster.api().<io.fabric8.kubernetes.api.model.apps.ReplicaSet>list(ResourceTypes.REPLICASETS, "default").stream()
                .filter(rs -> String.valueOf(revision).equals(rs.getMetadata().getAnnotations().get(RolloutVerb.REVISION)))
                .findFirst().orElseThrow().getMetadata().getLabels().get("pod-template-hash");
    }
}
