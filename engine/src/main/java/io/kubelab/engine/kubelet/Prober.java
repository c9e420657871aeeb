package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The kubelet's probe workers: per running container, a startup probe until it succeeds, then
 * liveness and readiness probes every {@code periodSeconds}, the first one {@code
 * initialDelaySeconds} after the container started. {@code failureThreshold} failures in a row
 * fail the probe: readiness marks the container unready, liveness and startup make the kubelet
 * kill it ({@code Container nginx failed liveness probe, will be restarted}). Each failure is an
 * {@code Unhealthy} event worded as the kubelet's ({@code Liveness probe failed: HTTP probe failed
 * with statuscode: 500}).
 *
 * <p>Worked example, the liveness example of the Kubernetes docs ({@code touch /tmp/healthy;
 * sleep 30; rm -f /tmp/healthy; sleep 600}, exec probe {@code cat /tmp/healthy},
 * initialDelaySeconds 5, periodSeconds 5, failureThreshold 3): probes at 5, 10, …, 25 s succeed;
 * the file goes at 30 s, so the probes at 30, 35 and 40 s fail and at 40 s the container is
 * killed ({@code sh} ignores SIGTERM, so it dies at the end of the grace period) and restarted.
 *
 * <p>Engine thread only: ticks are timers of the simulation clock, results come back through the
 * kubelet's inbox.
 */
final class Prober {
    static final String USER_AGENT = "kube-probe/" + io.kubelab.engine.model.KubernetesVersion.MAJOR + "." + io.kubelab.engine.model.KubernetesVersion.MINOR;

    enum Kind {
        STARTUP("Startup"), LIVENESS("Liveness"), READINESS("Readiness");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private record Outcome(boolean success, String message) {}

    private final Kubelet kubelet;

    Prober(Kubelet kubelet) {
        this.kubelet = kubelet;
    }

    private static Probe probeOf(ContainerRecord r, Kind kind) {
        return switch (kind) {
            case STARTUP -> r.spec.getStartupProbe();
            case LIVENESS -> r.spec.getLivenessProbe();
            case READINESS -> r.spec.getReadinessProbe();
        };
    }

    private static ContainerRecord.ProbeState state(ContainerRecord r, Kind kind) {
        return switch (kind) {
            case STARTUP -> r.probe(0);
            case LIVENESS -> r.probe(1);
            case READINESS -> r.probe(2);
        };
    }

    /** A container has just started: set started/ready and schedule its probes. */
    void containerStarted(PodWorker w, ContainerRecord r) {
        r.resetProbes();
        if (r.init) {
            r.started = true;
            return;
        }
        if (r.spec.getStartupProbe() != null) {
            r.started = false;
            r.ready = false;
            schedule(w, r, Kind.STARTUP, firstProbeTime(r, Kind.STARTUP));
            return;
        }
        startedUp(w, r);
    }

    private void startedUp(PodWorker w, ContainerRecord r) {
        r.started = true;
        r.ready = r.spec.getReadinessProbe() == null;
        for (Kind k : List.of(Kind.LIVENESS, Kind.READINESS)) {
            if (probeOf(r, k) != null) {
                schedule(w, r, k, firstProbeTime(r, k));
            }
        }
    }

    private Instant firstProbeTime(ContainerRecord r, Kind kind) {
        Probe p = probeOf(r, kind);
        int delay = p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds();
        Instant at = r.current.startedAt.plusSeconds(delay);
        return at.isBefore(kubelet.now()) ? kubelet.now() : at;
    }

    private void schedule(PodWorker w, ContainerRecord r, Kind kind, Instant at) {
        int generation = r.generation;
        String uid = w.uid;
        state(r, kind).scheduled = true;
        kubelet.clock().schedule(at, () -> kubelet.post(() -> tick(uid, r.name, generation, kind)));
    }

    private ContainerRecord live(String uid, String name, int generation) {
        PodWorker w = kubelet.workerByUid(uid);
        if (w == null || w.terminating) {
            return null;
        }
        for (ContainerRecord r : w.all()) {
            if (r.name.equals(name) && r.generation == generation && r.phase == ContainerRecord.Phase.RUNNING) {
                return r;
            }
        }
        return null;
    }

    private void tick(String uid, String name, int generation, Kind kind) {
        ContainerRecord r = live(uid, name, generation);
        if (r == null) {
            return;
        }
        PodWorker w = kubelet.workerByUid(uid);
        Probe p = probeOf(r, kind);
        int period = p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds();
        kubelet.clock().after(Duration.ofSeconds(period), () -> kubelet.post(() -> tick(uid, name, generation, kind)));
        run(w, r, p).whenComplete((o, e) -> kubelet.post(() -> {
            Outcome outcome = e != null ? new Outcome(false, unwrap(e).getMessage()) : o;
            result(uid, name, generation, kind, outcome);
        }));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private CompletableFuture<Outcome> run(PodWorker w, ContainerRecord r, Probe p) {
        String ip = w.podIp;
        if (p.getHttpGet() != null) {
            var h = p.getHttpGet();
            int port = port(r, h.getPort());
            String host = h.getHost() != null && !h.getHost().isEmpty() ? h.getHost() : ip;
            String path = h.getPath() == null || h.getPath().isEmpty() ? "/" : h.getPath();
            String scheme = h.getScheme() == null ? "http" : h.getScheme().toLowerCase();
            String url = scheme + "://" + host + ":" + port + path;
            if (port <= 0) {
                return CompletableFuture.completedFuture(new Outcome(false, "unable to find port " + h.getPort().getStrVal()));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Host", host + ":" + port);
            headers.put("User-Agent", USER_AGENT);
            headers.put("Accept", "*/*");
            if (h.getHttpHeaders() != null) {
                h.getHttpHeaders().forEach(x -> headers.put(x.getName(), x.getValue()));
            }
            HttpRequest req = new HttpRequest(kubelet.gatewayIp(), host, port, "GET", path, headers);
            return kubelet.runtime().http(req).thenApply(res -> {
                if (res instanceof HttpResult.Response resp) {
                    if (resp.status() >= 200 && resp.status() < 400) {
                        return new Outcome(true, null);
                    }
                    return new Outcome(false, "HTTP probe failed with statuscode: " + resp.status());
                }
                if (res instanceof HttpResult.Refused) {
                    return new Outcome(false, "Get \"" + url + "\": dial tcp " + host + ":" + port + ": connect: connection refused");
                }
                return new Outcome(false, "Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
            });
        }
        if (p.getTcpSocket() != null) {
            int port = port(r, p.getTcpSocket().getPort());
            String host = p.getTcpSocket().getHost() != null && !p.getTcpSocket().getHost().isEmpty()
                    ? p.getTcpSocket().getHost() : ip;
            return kubelet.runtime().tcpConnect(host, port).thenApply(ok -> ok ? new Outcome(true, null)
                    : new Outcome(false, "dial tcp " + host + ":" + port + ": connect: connection refused"));
        }
        if (p.getExec() != null && p.getExec().getCommand() != null) {
            return kubelet.runtime().exec(r.current.id, p.getExec().getCommand()).thenApply(Prober::execOutcome);
        }
        return CompletableFuture.completedFuture(new Outcome(true, null));
    }

    private static Outcome execOutcome(ExecResult x) {
        if (x.exitCode() == 0) {
            return new Outcome(true, null);
        }
        String out = x.stdout() + x.stderr();
        while (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return new Outcome(false, out);
    }

    /** A probe's port: a number, or the name of one of the container's ports. */
    static int port(ContainerRecord r, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (r.spec.getPorts() != null) {
            for (ContainerPort cp : r.spec.getPorts()) {
                if (port.getStrVal().equals(cp.getName())) {
                    return cp.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(port.getStrVal());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void result(String uid, String name, int generation, Kind kind, Outcome outcome) {
        ContainerRecord r = live(uid, name, generation);
        if (r == null) {
            return;
        }
        PodWorker w = kubelet.workerByUid(uid);
        Probe p = probeOf(r, kind);
        ContainerRecord.ProbeState st = state(r, kind);
        int successThreshold = p.getSuccessThreshold() == null ? 1 : p.getSuccessThreshold();
        int failureThreshold = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
        if (outcome.success()) {
            st.failures = 0;
            st.successes++;
            if (st.successes >= successThreshold) {
                if (kind == Kind.STARTUP && !r.started) {
                    startedUp(w, r);
                    kubelet.podChanged(w);
                } else if (kind == Kind.READINESS && !r.ready) {
                    r.ready = true;
                    kubelet.podChanged(w);
                }
            }
            return;
        }
        st.successes = 0;
        st.failures++;
        kubelet.containerEvent(w, r, EventRecorder.WARNING, "Unhealthy", kind.word + " probe failed: " + outcome.message());
        if (st.failures < failureThreshold) {
            return;
        }
        st.failures = 0;
        switch (kind) {
            case READINESS -> {
                if (r.ready) {
                    r.ready = false;
                    kubelet.podChanged(w);
                }
            }
            case LIVENESS -> kubelet.killContainer(w, r, "Container " + r.name + " failed liveness probe, will be restarted",
                    probeGrace(w, p));
            case STARTUP -> kubelet.killContainer(w, r, "Container " + r.name + " failed startup probe, will be restarted",
                    probeGrace(w, p));
            default -> { }
        }
    }

    private static long probeGrace(PodWorker w, Probe p) {
        if (p.getTerminationGracePeriodSeconds() != null) {
            return p.getTerminationGracePeriodSeconds();
        }
        Long g = w.pod.getSpec().getTerminationGracePeriodSeconds();
        return g == null ? 30 : g;
    }
}
