package io.kubelab.linux.image;

import java.util.List;

/**
 * What an image says about how to run it (the {@code config} of its OCI/docker image config).
 *
 * @param entrypoint {@code ENTRYPOINT}, possibly empty
 * @param cmd        {@code CMD}, possibly empty
 * @param env        {@code NAME=value}
 * @param workingDir {@code WORKDIR}, {@code /} when unset
 * @param user       {@code USER} ({@code ""} for root, {@code 101}, {@code nginx:nginx})
 * @param stopSignal {@code STOPSIGNAL}, {@code SIGTERM} when unset
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user,
                          String stopSignal) {
    public ImageConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null || workingDir.isEmpty() ? "/" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal;
    }
}
