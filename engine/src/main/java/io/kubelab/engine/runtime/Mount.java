package io.kubelab.engine.runtime;

/**
 * A volume of the pod mounted into a container, as the CRI's {@code Mount}. The kubelet hands
 * only {@code emptyDir} volumes to the runtime: the runtime keeps one folder per volume name and
 * sandbox, so every container of the pod that mounts {@code cache} sees the same files, and the
 * folder goes with the sandbox (an emptyDir lives as long as its pod).
 *
 * @param volumeName    the volume's name in the pod ({@code cache}), a DNS label
 * @param containerPath where the container sees it ({@code /cache})
 * @param readOnly      mounted read-only ({@code volumeMounts[].readOnly})
 */
public record Mount(String volumeName, String containerPath, boolean readOnly) {
    public Mount {
        if (volumeName == null || !volumeName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("volume name " + volumeName + " is not a DNS label");
        }
        if (containerPath == null || !containerPath.startsWith("/")) {
            throw new IllegalArgumentException("mount path " + containerPath + " is not absolute");
        }
    }
}
