package io.kubelab.engine.kubelet;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.runtime.RuntimeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopBackOffTest extends KubeletTestSupport {

    /**
     * The back-off before restart number {@code n} of a container that crashes as soon as it starts:
     * the first restart is immediate, then 10 s doubling, capped at 5 min.
     */
    @ParameterizedTest(name = "restart {0} waits {1} s")
    @CsvSource({"1,0", "2,10", "3,20", "4,40", "5,80", "6,160", "7,300", "8,300", "9,300"})
    void theBackoffSequence(int restart, long waitSeconds) {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
        Instant t = T0;
        Duration waited = Duration.ZERO;
        for (int n = 1; n <= restart; n++) {
            Instant exit = t;
            Instant restartAt = exit;
            while (b.isInBackOffSince("c", exit, restartAt)) {
                restartAt = restartAt.plusSeconds(1);
            }
            waited = Duration.between(exit, restartAt);
            b.next("c", exit, restartAt);
            t = restartAt.plusMillis(250);
        }
        assertThat(waited).isEqualTo(Duration.ofSeconds(waitSeconds));
    }

    @Test
    void theBackoffStartsOverAfterTenMinutesOfRunning() {
        Backoff b = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));
        b.next("c", T0, T0);
        b.next("c", T0.plusSeconds(1), T0.plusSeconds(11));
        assertThat(b.get("c")).isEqualTo(Duration.ofSeconds(20));
        Instant exitAfterLongRun = T0.plusSeconds(11 + 601);
        assertThat(b.isInBackOffSince("c", exitAfterLongRun, exitAfterLongRun)).isFalse();
        assertThat(b.next("c", exitAfterLongRun, exitAfterLongRun)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aCrashingContainerRestartsWithTheKubeletsBackoffAndMessages() {
        Cluster c = cluster(1);
        Kubelet k = Kubelets.byNode(c, "minikube").orElseThrow();
        List<Instant> exits = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        k.runtime().subscribe(e -> {
            if (e instanceof RuntimeEvent.ContainerExited x && !k.runtime().containerStatus(x.containerId()).orElseThrow().pause()) {
                exits.add(x.at());
            } else if (e instanceof RuntimeEvent.ContainerStarted s && !k.runtime().containerStatus(s.containerId()).orElseThrow().pause()) {
                starts.add(s.at());
            }
        });
        c.apply(podYaml("crash", "minikube", """
                  containers:
                  - name: crash
                    image: busybox:1.36
                    command: ["sh", "-c", "echo oops; exit 1"]
                """));
        advance(c, 4);
        String uid = pod(c, "crash").getMetadata().getUid();
        var s = status(c, "crash", "crash");
        assertThat(s.getRestartCount()).isEqualTo(1);
        // Just after the second exit the status shows the exit ("Error"), one second later CrashLoopBackOff.
        assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(s.getState().getWaiting().getMessage())
                .isEqualTo("back-off 10s restarting failed container=crash pod=crash_default(" + uid + ")");
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(pod(c, "crash").getStatus().getPhase()).isEqualTo("Running");
        assertThat(events(c, "crash")).contains("BackOff: Back-off restarting failed container crash in pod crash_default(" + uid + ")");

        advance(c, 10);
        s = status(c, "crash", "crash");
        assertThat(s.getRestartCount()).isEqualTo(2);
        advance(c, 1);
        assertThat(status(c, "crash", "crash").getState().getWaiting().getMessage())
                .isEqualTo("back-off 20s restarting failed container=crash pod=crash_default(" + uid + ")");

        advance(c, 900);
        // Gaps between an exit and the next start: create + start take 0.25 s on top of the back-off.
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) {
            gaps.add(Duration.between(exits.get(i), starts.get(i + 1)).toMillis());
        }
        assertThat(gaps).startsWith(250L, 10_250L, 20_250L, 40_250L, 80_250L, 160_250L, 300_250L);
        assertThat(c.store().<io.fabric8.kubernetes.api.model.Pod>get(io.kubelab.engine.model.ResourceTypes.PODS,
                "default", "crash").getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(starts.size() - 1);
        assertThat(k.logs("default", "crash", "crash", true)).extracting(l -> l.text()).containsExactly("oops");
    }
}
