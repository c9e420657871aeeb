package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Container;

import java.time.Instant;

/**
 * What the kubelet knows of one container of a pod: the runtime container it runs now (or ran
 * last), the one before it (the status's {@code lastState}), its restart count, the reason it is
 * waiting (the kubelet's "reason cache"), readiness, and which operation is in flight.
 *
 * <p>Engine thread only.
 */
final class ContainerRecord {

    /** Where the container is in its life, as far as the kubelet's own actions go. */
    enum Phase {
        /** No container and nothing in flight: the next sync may start one. */
        NONE,
        /** Waiting for its image. */
        PULLING,
        /** {@code CreateContainer} in flight. */
        CREATING,
        /** {@code StartContainer} in flight. */
        STARTING,
        RUNNING,
        /** {@code StopContainer} in flight (liveness failure or pod termination). */
        STOPPING,
        /** The current container has exited. */
        EXITED
    }

    /** One runtime container of this name. */
    static final class Instance {
        final String id;
        Instant startedAt;
        Instant finishedAt;
        int exitCode;
        String reason;
        String message;

        /** {@code docker://<id>}, made once: every status written while the container lives names it. */
        private String containerId;

        Instance(String id) {
            this.id = id;
        }

        String containerId(String runtimeName) {
            String c = containerId;
            if (c == null || c.length() != runtimeName.length() + 3 + id.length() || !c.startsWith(runtimeName)) {
                c = runtimeName + "://" + id;
                containerId = c;
            }
            return c;
        }
    }

    /** A probe's running state for the current container. */
    static final class ProbeState {
        int successes;
        int failures;
        boolean scheduled;
    }

    final String name;
    final boolean init;
    Container spec;
    Phase phase = Phase.NONE;
    /** The latest container (running, or exited). */
    Instance current;
    /** The container before {@link #current}: the status's {@code lastState}. */
    Instance last;
    int restartCount;
    /** The waiting reason and message the status shows (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, …). */
    String waitingReason;
    String waitingMessage;
    /** A reason found by this sync that the status shows from the next sync on (CrashLoopBackOff after Error). */
    String pendingReason;
    String pendingMessage;
    /** {@code docker-pullable://nginx@sha256:…} once the image is known. */
    String imageRef = "";
    boolean ready;
    boolean started;
    /** Bumped whenever the current operation or container is abandoned, so stale callbacks are ignored. */
    int generation;
    /** Not before this time may the next start be tried (after a failed pull, a back-off); null: now. */
    Instant retryAt;
    /** Why the running container is being killed: null, or the {@code Killing} event's message. */
    String killMessage;
    /** Found at the first event. */
    private ContainerTexts texts;
    /** Startup, liveness, readiness: made for the first probe (most containers have none). */
    private ProbeState[] probes;

    ContainerRecord(String name, boolean init, Container spec) {
        this.name = name;
        this.init = init;
        this.spec = spec;
    }

    /** {@code spec.containers{nginx}}: the field path events name. */
    String fieldPath() {
        return texts().fieldPath();
    }

    /** The texts of this container's events (shared by every container of its name). */
    ContainerTexts texts() {
        ContainerTexts t = texts;
        if (t == null) {
            t = ContainerTexts.of(name, init);
            texts = t;
        }
        return t;
    }

    boolean inFlight() {
        return phase == Phase.PULLING || phase == Phase.CREATING || phase == Phase.STARTING || phase == Phase.STOPPING;
    }

    boolean running() {
        return phase == Phase.RUNNING || phase == Phase.STOPPING;
    }

    /** Whether its current container exited with 0 (an init container that is done). */
    boolean succeeded() {
        return phase == Phase.EXITED && current != null && current.exitCode == 0;
    }

    /** The state of probe {@code kind}: 0 startup, 1 liveness, 2 readiness. */
    ProbeState probe(int kind) {
        if (probes == null) {
            probes = new ProbeState[] {new ProbeState(), new ProbeState(), new ProbeState()};
        }
        return probes[kind];
    }

    void resetProbes() {
        if (probes == null) {
            return;
        }
        for (ProbeState p : probes) {
            p.successes = 0;
            p.failures = 0;
            p.scheduled = false;
        }
    }
}
