package io.kubelab.engine.runtime;

import java.time.Instant;

/** A change of a container's state that the runtime reports on its own (the kubelet's PLEG events). */
public sealed interface RuntimeEvent {
    String containerId();

    /** The container's process runs. */
    record ContainerStarted(String containerId, Instant at) implements RuntimeEvent {}

    /**
     * The container's process ended.
     *
     * @param reason {@code Completed} (exit 0), {@code Error}, {@code OOMKilled}
     */
    record ContainerExited(String containerId, int exitCode, String reason, Instant at) implements RuntimeEvent {}
}
