package io.kubelab.engine.kubelet;

import io.kubelab.engine.Cluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTest extends KubeletTestSupport {

    /** The exec liveness example of the Kubernetes docs ("Configure Liveness, Readiness and Startup Probes"). */
    @Test
    void aFailingExecLivenessProbeKillsAndRestartsTheContainer() {
        Cluster c = cluster(1);
        c.apply(podYaml("liveness-exec", "minikube", """
                  containers:
                  - name: liveness
                    image: registry.k8s.io/busybox
                    args:
                    - /bin/sh
                    - -c
                    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
                    livenessProbe:
                      exec:
                        command:
                        - cat
                        - /tmp/healthy
                      initialDelaySeconds: 5
                      periodSeconds: 5
                """.replace("registry.k8s.io/busybox", "busybox:1.36")));
        advance(c, 25);
        assertThat(events(c, "liveness-exec")).noneMatch(e -> e.startsWith("Unhealthy"));
        advance(c, 25);
        String unhealthy = "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory";
        assertThat(events(c, "liveness-exec")).contains(unhealthy,
                "Killing: Container liveness failed liveness probe, will be restarted");
        assertThat(event(c, "liveness-exec", "Unhealthy").getCount()).isEqualTo(3);
        assertThat(event(c, "liveness-exec", "Unhealthy").getType()).isEqualTo("Warning");
        // sh as PID 1 ignores SIGTERM: it dies at the end of the 30 s grace period, then restarts at once.
        assertThat(status(c, "liveness-exec", "liveness").getRestartCount()).isZero();
        advance(c, 31);
        var s = status(c, "liveness-exec", "liveness");
        assertThat(s.getRestartCount()).isEqualTo(1);
        assertThat(s.getState().getRunning()).isNotNull();
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
    }

    /** The HTTP liveness example: agnhost's /healthz answers 500 after 10 s. */
    @Test
    void aFailingHttpLivenessProbe() {
        Cluster c = cluster(1);
        c.apply(podYaml("liveness-http", "minikube", """
                  containers:
                  - name: liveness
                    image: registry.k8s.io/e2e-test-images/agnhost:2.40
                    args:
                    - liveness
                    livenessProbe:
                      httpGet:
                        path: /healthz
                        port: 8080
                        httpHeaders:
                        - name: Custom-Header
                          value: Awesome
                      initialDelaySeconds: 3
                      periodSeconds: 3
                """));
        advance(c, 0.4 + 4.5 + 0.3 + 20);
        assertThat(events(c, "liveness-http")).contains("Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500",
                "Killing: Container liveness failed liveness probe, will be restarted");
    }

    @Test
    void readinessGatesTheReadyConditionAndTcpProbesConnect() {
        Cluster c = cluster(1);
        c.apply(podYaml("slow", "minikube", """
                  containers:
                  - name: app
                    image: kubelab/slowstart:20s
                    readinessProbe:
                      httpGet:
                        path: /
                        port: 8080
                      periodSeconds: 5
                    livenessProbe:
                      tcpSocket:
                        port: 8080
                      initialDelaySeconds: 30
                      periodSeconds: 10
                """));
        advance(c, 10);
        assertThat(pod(c, "slow").getStatus().getPhase()).isEqualTo("Running");
        assertThat(status(c, "slow", "app").getReady()).isFalse();
        assertThat(status(c, "slow", "app").getStarted()).isTrue();
        assertThat(condition(c, "slow", "Ready").getStatus()).isEqualTo("False");
        assertThat(events(c, "slow")).anyMatch(e -> e.matches(
                "Unhealthy: Readiness probe failed: Get \"http://10\\.244\\.0\\.2:8080/\": dial tcp 10\\.244\\.0\\.2:8080: connect: connection refused"));
        advance(c, 20);
        assertThat(status(c, "slow", "app").getReady()).isTrue();
        assertThat(condition(c, "slow", "Ready").getStatus()).isEqualTo("True");
        advance(c, 60);
        assertThat(status(c, "slow", "app").getRestartCount()).isZero();
        assertThat(events(c, "slow")).noneMatch(e -> e.startsWith("Killing"));
    }

    @Test
    void aStartupProbeHoldsBackLivenessUntilItSucceeds() {
        Cluster c = cluster(1);
        c.apply(podYaml("startup", "minikube", """
                  containers:
                  - name: app
                    image: kubelab/slowstart:20s
                    startupProbe:
                      httpGet:
                        path: /
                        port: 8080
                      failureThreshold: 30
                      periodSeconds: 2
                    livenessProbe:
                      httpGet:
                        path: /
                        port: 8080
                      periodSeconds: 2
                      failureThreshold: 1
                """));
        advance(c, 10);
        assertThat(status(c, "startup", "app").getStarted()).isFalse();
        assertThat(status(c, "startup", "app").getReady()).isFalse();
        advance(c, 30);
        assertThat(status(c, "startup", "app").getStarted()).isTrue();
        assertThat(status(c, "startup", "app").getReady()).isTrue();
        assertThat(status(c, "startup", "app").getRestartCount()).isZero();
        assertThat(events(c, "startup")).anyMatch(e -> e.startsWith("Unhealthy: Startup probe failed"))
                .noneMatch(e -> e.startsWith("Unhealthy: Liveness probe failed"));
    }
}
