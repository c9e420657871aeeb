package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubeletPodLifecycleTest extends KubeletTestSupport {

    private static final String NGINX = """
              containers:
              - name: nginx
                image: nginx:1.25
                ports:
                - containerPort: 80
            """;

    @Test
    void anNginxPodGoesFromContainerCreatingToRunningWithTheKubeletsEventsAndStatus() {
        Cluster c = cluster(2);
        c.apply(podYaml("nginx", "minikube-m02", NGINX));
        c.settle();

        PodStatus s = pod(c, "nginx").getStatus();
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getHostIP()).isEqualTo("192.168.49.3");
        assertThat(s.getHostIPs()).extracting(h -> h.getIp()).containsExactly("192.168.49.3");
        assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.getPodIP()).isNull();
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
        assertThat(s.getConditions()).extracting(x -> x.getType() + "=" + x.getStatus()).containsExactly(
                "PodReadyToStartContainers=False", "Initialized=True", "Ready=False", "ContainersReady=False", "PodScheduled=True");
        assertThat(condition(c, "nginx", "Ready").getReason()).isEqualTo("ContainersNotReady");
        assertThat(condition(c, "nginx", "Ready").getMessage()).isEqualTo("containers with unready status: [nginx]");
        ContainerStatus waiting = status(c, "nginx", "nginx");
        assertThat(waiting.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(waiting.getImage()).isEqualTo("nginx:1.25");
        assertThat(waiting.getImageID()).isEmpty();
        assertThat(waiting.getReady()).isFalse();
        assertThat(waiting.getRestartCount()).isZero();
        assertThat(waiting.getStarted()).isFalse();

        advance(c, 0.4); // the sandbox: pod IP from minikube-m02's pod CIDR
        assertThat(pod(c, "nginx").getStatus().getPodIP()).isEqualTo("10.244.1.2");
        assertThat(condition(c, "nginx", "PodReadyToStartContainers").getStatus()).isEqualTo("True");
        assertThat(events(c, "nginx")).containsExactly("Pulling: Pulling image \"nginx:1.25\"");

        advance(c, 2.1); // the pull
        advance(c, 0.1); // create
        assertThat(status(c, "nginx", "nginx").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        advance(c, 0.3); // start
        assertThat(events(c, "nginx")).containsExactly(
                "Pulling: Pulling image \"nginx:1.25\"",
                "Pulled: Successfully pulled image \"nginx:1.25\" in 2.1s (2.1s including waiting). Image size: 187694648 bytes.",
                "Created: Created container nginx",
                "Started: Started container nginx");
        assertThat(event(c, "nginx", "Started").getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{nginx}");
        assertThat(event(c, "nginx", "Started").getSource().getComponent()).isEqualTo("kubelet");
        assertThat(event(c, "nginx", "Started").getSource().getHost()).isEqualTo("minikube-m02");

        s = pod(c, "nginx").getStatus();
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(s.getConditions()).extracting(x -> x.getType() + "=" + x.getStatus()).containsExactly(
                "PodReadyToStartContainers=True", "Initialized=True", "Ready=True", "ContainersReady=True", "PodScheduled=True");
        assertThat(condition(c, "nginx", "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(condition(c, "nginx", "PodScheduled").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        ContainerStatus running = status(c, "nginx", "nginx");
        assertThat(running.getContainerID()).matches("docker://[0-9a-f]{64}");
        assertThat(running.getImageID()).matches("docker-pullable://nginx@sha256:[0-9a-f]{64}");
        assertThat(running.getImage()).isEqualTo("nginx:1.25");
        assertThat(running.getReady()).isTrue();
        assertThat(running.getStarted()).isTrue();
        assertThat(running.getRestartCount()).isZero();
        assertThat(running.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(Kube.toJson(running.getLastState())).isEqualTo("{}");
    }

    @Test
    void aCachedImageIsNotPulledAgainAndPullsQueueOneAtATime() {
        Cluster c = cluster(1);
        c.apply(podYaml("a", "minikube", NGINX));
        c.apply(podYaml("b", "minikube", """
                  containers:
                  - name: box
                    image: busybox:1.36
                    command: ["sleep", "3600"]
                """));
        advance(c, 10);
        assertThat(events(c, "a")).contains(
                "Pulled: Successfully pulled image \"nginx:1.25\" in 2.1s (2.1s including waiting). Image size: 187694648 bytes.");
        // b's pull waited for a's: 2.1 s of waiting plus its own 1.661 s.
        assertThat(events(c, "b")).contains(
                "Pulled: Successfully pulled image \"busybox:1.36\" in 1.661s (3.761s including waiting). Image size: 4261574 bytes.");

        c.apply(podYaml("c", "minikube", NGINX));
        advance(c, 2);
        assertThat(events(c, "c")).containsExactly(
                "Pulled: Container image \"nginx:1.25\" already present on machine",
                "Created: Created container nginx",
                "Started: Started container nginx");
        assertThat(pod(c, "c").getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod(c, "c").getStatus().getPodIP()).isEqualTo("10.244.0.4");
    }

    @Test
    void anUnknownTagGoesErrImagePullThenImagePullBackOff() {
        Cluster c = cluster(1);
        c.apply(podYaml("bad", "minikube", """
                  containers:
                  - name: nginx
                    image: nginx:doesnotexist
                """));
        advance(c, 0.4 + 1.2); // sandbox, then the registry says no
        ContainerStatus s = status(c, "bad", "nginx");
        assertThat(s.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        String daemon = "Error response from daemon: manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown";
        assertThat(s.getState().getWaiting().getMessage()).isEqualTo(daemon);
        assertThat(events(c, "bad")).containsExactly(
                "Pulling: Pulling image \"nginx:doesnotexist\"",
                "Failed: Failed to pull image \"nginx:doesnotexist\": " + daemon,
                "Failed: Error: ErrImagePull");

        advance(c, 1);
        s = status(c, "bad", "nginx");
        assertThat(s.getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff");
        assertThat(s.getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"nginx:doesnotexist\"");
        assertThat(events(c, "bad")).endsWith(
                "BackOff: Back-off pulling image \"nginx:doesnotexist\"",
                "Failed: Error: ImagePullBackOff");
        assertThat(pod(c, "bad").getStatus().getPhase()).isEqualTo("Pending");

        // 10 s after the failure the kubelet pulls again, fails again, and backs off for 20 s.
        advance(c, 9);
        assertThat(event(c, "bad", "Pulling").getCount()).isEqualTo(2);
        advance(c, 1.2);
        assertThat(status(c, "bad", "nginx").getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        advance(c, 15);
        assertThat(event(c, "bad", "Pulling").getCount()).isEqualTo(2);
        advance(c, 6);
        assertThat(event(c, "bad", "Pulling").getCount()).isEqualTo(3);
    }

    @Test
    void everyFieldThePythonClientRequiresIsThereAtEveryStage() {
        Cluster c = cluster(1);
        c.apply(podYaml("nginx", "minikube", NGINX));
        for (int i = 0; i < 8; i++) {
            for (ContainerStatus s : pod(c, "nginx").getStatus().getContainerStatuses()) {
                assertThat(s.getName()).isNotNull();
                assertThat(s.getImage()).isNotNull();
                assertThat(s.getImageID()).isNotNull();
                assertThat(s.getReady()).isNotNull();
                assertThat(s.getRestartCount()).isNotNull();
            }
            pod(c, "nginx").getStatus().getConditions().forEach(x -> {
                assertThat(x.getType()).isNotNull();
                assertThat(x.getStatus()).isNotNull();
            });
            advance(c, 0.5);
        }
    }

    @Test
    void initContainersRunFirstAndInOrder() {
        Cluster c = cluster(1);
        c.apply(podYaml("myapp", "minikube", """
                  initContainers:
                  - name: init-one
                    image: busybox:1.36
                    command: ['sh', '-c', 'echo first; sleep 2']
                  - name: init-two
                    image: busybox:1.36
                    command: ['sh', '-c', 'echo second']
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
                """));
        advance(c, 0.4 + 1.661 + 0.25);
        assertThat(status(c, "myapp", "init-one").getState().getRunning()).isNotNull();
        assertThat(status(c, "myapp", "init-two").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(status(c, "myapp", "app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(condition(c, "myapp", "Initialized").getStatus()).isEqualTo("False");
        assertThat(condition(c, "myapp", "Initialized").getReason()).isEqualTo("ContainersNotInitialized");
        assertThat(condition(c, "myapp", "Initialized").getMessage()).isEqualTo("containers with incomplete status: [init-one init-two]");
        assertThat(pod(c, "myapp").getStatus().getPhase()).isEqualTo("Pending");

        advance(c, 5);
        assertThat(status(c, "myapp", "init-one").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(status(c, "myapp", "init-two").getState().getTerminated().getExitCode()).isZero();
        assertThat(status(c, "myapp", "app").getState().getRunning()).isNotNull();
        assertThat(condition(c, "myapp", "Initialized").getStatus()).isEqualTo("True");
        assertThat(pod(c, "myapp").getStatus().getPhase()).isEqualTo("Running");
        assertThat(events(c, "myapp")).containsSubsequence("Started: Started container init-one",
                "Started: Started container init-two", "Started: Started container app");
        assertThat(c.api().list(ResourceTypes.PODS, "default")).hasSize(1);
        assertThat(Kubelets.byNode(c, "minikube").orElseThrow().logs("default", "myapp", "init-one", false))
                .extracting(l -> l.text()).containsExactly("first");
        assertThat(Kubelets.byNode(c, "minikube").orElseThrow().logs("default", "myapp", null, false))
                .extracting(l -> l.text()).containsExactly("The app is running!");
    }

    @Test
    void aFailingInitContainerIsRetriedWithBackoffOrFailsThePod() {
        Cluster c = cluster(1);
        for (String policy : List.of("Always", "Never")) {
            c.apply(podYaml("init-" + policy.toLowerCase(), "minikube", "  restartPolicy: " + policy + "\n"
                    + "  initContainers:\n  - name: wait-for-db\n    image: busybox:1.36\n"
                    + "    command: ['sh', '-c', 'echo no db; exit 1']\n"
                    + "  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n"));
        }
        advance(c, 15);
        ContainerStatus retried = status(c, "init-always", "wait-for-db");
        assertThat(retried.getRestartCount()).isGreaterThanOrEqualTo(1);
        assertThat(retried.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(pod(c, "init-always").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(status(c, "init-always", "app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(pod(c, "init-never").getStatus().getPhase()).isEqualTo("Failed");
        assertThat(status(c, "init-never", "wait-for-db").getRestartCount()).isZero();
        assertThat(events(c, "init-never")).noneMatch(e -> e.contains("container app"));
    }

    @Test
    void restartPolicyDecidesSucceededAndFailed() {
        Cluster c = cluster(1);
        for (String[] p : List.of(new String[] {"ok-never", "Never", "exit 0"}, new String[] {"fail-never", "Never", "exit 1"},
                new String[] {"ok-onfailure", "OnFailure", "exit 0"})) {
            c.apply(podYaml(p[0], "minikube", "  restartPolicy: " + p[1] + "\n  containers:\n  - name: job\n    image: busybox:1.36\n"
                    + "    command: ['sh', '-c', '" + p[2] + "']\n"));
        }
        advance(c, 10);
        assertThat(pod(c, "ok-never").getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(condition(c, "ok-never", "Ready").getReason()).isEqualTo("PodCompleted");
        assertThat(condition(c, "ok-never", "Initialized").getReason()).isEqualTo("PodCompleted");
        assertThat(condition(c, "ok-never", "PodReadyToStartContainers").getStatus()).isEqualTo("False");
        assertThat(status(c, "ok-never", "job").getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(pod(c, "fail-never").getStatus().getPhase()).isEqualTo("Failed");
        assertThat(condition(c, "fail-never", "Ready").getReason()).isEqualTo("PodFailed");
        assertThat(status(c, "fail-never", "job").getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(status(c, "fail-never", "job").getState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(pod(c, "ok-onfailure").getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(status(c, "fail-never", "job").getRestartCount()).isZero();
    }

    @Test
    void oomKilledWithExitCode137() {
        Cluster c = cluster(1);
        c.apply(podYaml("memory-demo-2", "minikube", """
                  containers:
                  - name: memory-demo-2-ctr
                    image: polinux/stress
                    resources:
                      requests:
                        memory: "50Mi"
                      limits:
                        memory: "100Mi"
                    command: ["stress"]
                    args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
                """));
        advance(c, 0.4 + 1.9 + 0.25 + 0.5);
        ContainerStatus s = status(c, "memory-demo-2", "memory-demo-2-ctr");
        var terminated = s.getState().getTerminated() != null ? s.getState().getTerminated() : s.getLastState().getTerminated();
        assertThat(terminated.getReason()).isEqualTo("OOMKilled");
        assertThat(terminated.getExitCode()).isEqualTo(137);
        assertThat(pod(c, "memory-demo-2").getStatus().getQosClass()).isEqualTo("Burstable");
        advance(c, 2);
        s = status(c, "memory-demo-2", "memory-demo-2-ctr");
        assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(1);
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    }

    @Test
    void aDeletedPodIsStoppedGracefullyAndThenRemovedByItsKubelet() {
        Cluster c = cluster(1);
        c.apply(podYaml("nginx", "minikube", NGINX));
        c.apply(podYaml("sleeper", "minikube", """
                  containers:
                  - name: box
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 3600"]
                """));
        advance(c, 10);
        assertThat(pod(c, "nginx").getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod(c, "sleeper").getStatus().getPhase()).isEqualTo("Running");

        c.api().delete(ResourceTypes.PODS, "default", "nginx", null);
        c.api().delete(ResourceTypes.PODS, "default", "sleeper", null);
        c.settle();
        assertThat(events(c, "nginx")).last().isEqualTo("Killing: Stopping container nginx");
        // nginx quits on SIGQUIT at once; the pod is gone.
        assertThat(pod(c, "nginx")).isNull();
        // sh as PID 1 ignores SIGTERM: the pod stays Terminating for its 30 s grace period.
        Pod sleeper = pod(c, "sleeper");
        assertThat(sleeper.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(events(c, "sleeper")).last().isEqualTo("Killing: Stopping container box");
        advance(c, 29.9);
        assertThat(pod(c, "sleeper")).isNotNull();
        advance(c, 0.2);
        assertThat(pod(c, "sleeper")).isNull();
        assertThat(Kubelets.byNode(c, "minikube").orElseThrow().runtime().containers()).noneMatch(x -> !x.pause()
                && x.state() == io.kubelab.engine.runtime.ContainerState.RUNNING);
    }
}
