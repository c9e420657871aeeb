package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The API server's view of a kubelet's container logs, over a real cluster on its engine thread. */
class KubeletPodIOTest {
    private Cluster cluster;
    private EngineLoop loop;

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void followGetsEveryLineLoggedAfterTheSnapshotEvenBeforeItIsCalled() throws Exception {
        cluster = Cluster.create(ClusterConfig.defaults().withNodes(1));
        cluster.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: nginx, image: "nginx:1.25"}]
                """);
        assertThat(cluster.runUntil(() -> {
            Pod p = cluster.api().find(ResourceTypes.PODS, "default", "web");
            return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
        }, Duration.ofMinutes(2))).isTrue();
        Pod pod = cluster.api().get(ResourceTypes.PODS, "default", "web");
        Kubelet kubelet = Kubelets.byNode(cluster, pod.getSpec().getNodeName()).orElseThrow();
        loop = new EngineLoop(cluster, 20);
        loop.start();
        KubeletPodIO io = new KubeletPodIO(loop);

        PodIO.ContainerLog log = io.log(pod, "nginx", false, true);
        assertThat(log.lines()).extracting(PodIO.LogLine::text)
                .contains("/docker-entrypoint.sh: Configuration complete; ready for start up");
        // A request nginx logs, after the snapshot and before follow() (the gap a follow stream
        // used to lose a line in).
        String ip = pod.getStatus().getPodIP();
        loop.submit(() -> kubelet.runtime().http(HttpRequest.get("10.244.0.1", ip, 80, "/", "curl/7.81.0")))
                .get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        List<String> followed = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        try (AutoCloseable handle = log.follow(l -> followed.add(l.text()), ended::countDown)) {
            assertThat(followed).singleElement().asString().contains("\"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.81.0\"");
            // And a line after follow() comes live.
            loop.submit(() -> kubelet.runtime().http(HttpRequest.get("10.244.0.1", ip, 80, "/nope", "curl/7.81.0")))
                    .get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            assertThat(followed).hasSize(2);
            assertThat(followed.get(1)).contains("\"GET /nope HTTP/1.1\" 404");
            assertThat(ended.getCount()).isEqualTo(1);
            // A deleted pod's container stops (nginx quits on SIGQUIT): the follow ends with it, as
            // kubectl logs -f does, after nginx's last lines.
            loop.submit(() -> cluster.api().delete(ResourceTypes.PODS, "default", "web", null)).get(10, TimeUnit.SECONDS);
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(followed.get(followed.size() - 1)).endsWith("exit");
        }
    }

    @Test
    void aHandOverPassesAnEndThatCameBeforeFollowAfterTheEarlyLines() {
        io.kubelab.engine.runtime.LogHandOver<PodIO.LogLine> h = new io.kubelab.engine.runtime.LogHandOver<>();
        h.accept(new PodIO.LogLine(java.time.Instant.EPOCH, "last words"));
        h.end();
        List<String> got = new java.util.ArrayList<>();
        h.start(l -> got.add(l.text()), () -> got.add("<end>"));
        h.end();
        assertThat(got).containsExactly("last words", "<end>");
    }
}
