package io.kubelab.engine.runtime;

import java.util.List;
import java.util.Map;

/**
 * A container to create, as the CRI's {@code ContainerConfig} (or {@code docker create}).
 *
 * @param name          the container's name in its pod ({@code nginx}), or the docker name of a
 *                      standalone container ({@code null}: the runtime picks one like {@code eloquent_turing})
 * @param image         the image as the user wrote it ({@code nginx:1.25})
 * @param command       overrides the image's ENTRYPOINT ({@code null}: keep it)
 * @param args          overrides the image's CMD ({@code null}: keep it)
 * @param env           environment variables, in order, added to the image's
 * @param workingDir    overrides the image's working directory ({@code null}: keep it)
 * @param resources     cgroup limits as the CRI's {@code LinuxContainerResources} (CPU shares and quota from
 *                      {@code resources.requests/limits.cpu}, the memory limit in bytes); {@link
 *                      LinuxContainerResources#NONE} for none (the node's memory and CPUs bound it)
 * @param mounts        the pod's volumes this container mounts ({@code emptyDir}, {@code configMap}), in order
 * @param podName       the pod's name, for the docker name {@code k8s_<name>_<pod>_<ns>_<uid>_<attempt>} ({@code null} when standalone)
 * @param podNamespace  the pod's namespace
 * @param podUid        the pod's uid
 * @param attempt       how many containers of this name the pod had before (restartCount)
 * @param hostname      the hostname inside the container ({@code null}: the pod name, or the ID's first 12 digits)
 */
public record ContainerConfig(String name, String image, List<String> command, List<String> args,
                              Map<String, String> env, String workingDir, LinuxContainerResources resources,
                              List<Mount> mounts, String podName, String podNamespace, String podUid, int attempt,
                              String hostname) {

    public ContainerConfig {
        resources = resources == null ? LinuxContainerResources.NONE : resources;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /** A container with only a memory limit and no volumes ({@code docker run -m}). */
    public ContainerConfig(String name, String image, List<String> command, List<String> args, Map<String, String> env,
                           String workingDir, long memoryLimit, String podName, String podNamespace, String podUid,
                           int attempt, String hostname) {
        this(name, image, command, args, env, workingDir, LinuxContainerResources.memory(memoryLimit), List.of(),
                podName, podNamespace, podUid, attempt, hostname);
    }

    /** The memory limit in bytes, 0 for none. */
    public long memoryLimit() {
        return resources.memoryLimitInBytes();
    }

    /** A standalone container ({@code docker run image [cmd…]}). */
    public static ContainerConfig standalone(String name, String image, List<String> cmd, Map<String, String> env) {
        return new ContainerConfig(name, image, null, cmd == null || cmd.isEmpty() ? null : cmd, env, null, 0,
                null, null, null, 0, null);
    }
}
