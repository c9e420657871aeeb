package io.kubelab.engine.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the runtime sees it: the CRI's {@code ContainerStatus} plus what {@code docker
 * ps} prints.
 *
 * @param id         64 hex digits
 * @param name       the docker name ({@code k8s_nginx_nginx_default_<uid>_0}, {@code eloquent_turing})
 * @param sandboxId  the pod sandbox, {@code null} for a standalone container
 * @param image      the image as asked for ({@code nginx:1.25})
 * @param imageId    the image ID ({@code sha256:…})
 * @param imageRef   what kubelet reports as {@code imageID} ({@code docker-pullable://nginx@sha256:…})
 * @param command    the process's argv (entrypoint and cmd merged)
 * @param state      created, running, exited
 * @param createdAt  when created
 * @param startedAt  when last started ({@code null} before)
 * @param finishedAt when last exited ({@code null} before)
 * @param exitCode   the last exit code (0 before)
 * @param reason     why it exited: {@code Completed}, {@code Error}, {@code OOMKilled}, {@code ContainerCannotRun}
 * @param message    more words on the exit, e.g. the OCI error
 * @param labels     the runtime's labels ({@code io.kubernetes.pod.name}, …)
 * @param pause      whether it is a sandbox's pause container
 */
public record ContainerStatus(String id, String name, String sandboxId, String image, String imageId, String imageRef,
                              List<String> command, ContainerState state, Instant createdAt, Instant startedAt,
                              Instant finishedAt, int exitCode, String reason, String message,
                              Map<String, String> labels, boolean pause) {

    /** The first 12 digits, as {@code docker ps} shows the ID. */
    public String shortId() {
        return id.substring(0, 12);
    }
}
