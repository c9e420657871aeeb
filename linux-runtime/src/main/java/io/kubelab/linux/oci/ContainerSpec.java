package io.kubelab.linux.oci;

import java.util.List;
import java.util.Map;

/**
 * Everything a runc bundle's {@code config.json} is generated from: one pod sandbox (pause) or one
 * container of a pod. Plain data; {@link OciConfig#generate} turns it into the OCI runtime spec.
 *
 * @param rootfs          the bundle's root filesystem on the host (an overlay mount, or an image's rootfs read-only)
 * @param readonlyRootfs  whether the rootfs is mounted read-only (the pause shares the image's rootfs)
 * @param args            the process's argv (entrypoint and cmd merged)
 * @param env             {@code NAME=value} in order
 * @param cwd             the working directory inside the container
 * @param uid             the process's user
 * @param gid             the process's group
 * @param hostname        the hostname, only for a sandbox (it owns the UTS namespace); {@code null} for a container
 * @param sandboxPid      {@code null} for a sandbox (new net/ipc/uts namespaces); for a container the pause
 *                        process's host PID, whose net/ipc/uts namespaces it joins
 * @param volumes         bind mounts (emptyDir volumes, /etc/hosts…), in order
 * @param resources       cgroup limits
 * @param cgroupsPath     the absolute cgroup path ({@code /kubelab/minikube/default_web_1a2b3c4d/nginx_5e6f7a8b})
 * @param annotations     OCI annotations (the Kubernetes labels, for {@code runc state})
 * @param netnsPath       only for a sandbox: a network namespace made beforehand and pinned
 *                        ({@code /run/netns/kubelab-<id>-pod-<sandbox>}) for the pause to join, as CRI-O
 *                        pins a pod's namespaces, so that the pod network can be set up while runc
 *                        starts the pause; {@code null} lets runc make a new one
 */
public record ContainerSpec(String rootfs, boolean readonlyRootfs, List<String> args, List<String> env, String cwd,
                            int uid, int gid, String hostname, Long sandboxPid, List<BindMount> volumes,
                            Resources resources, String cgroupsPath, Map<String, String> annotations,
                            String netnsPath) {

    public ContainerSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        annotations = Map.copyOf(annotations);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a container needs a command");
        }
        if (sandboxPid != null && hostname != null) {
            // runc refuses it too: "unable to set hostname without a private UTS namespace".
            throw new IllegalArgumentException("a container joining a sandbox takes the sandbox's hostname");
        }
        if (sandboxPid != null && netnsPath != null) {
            throw new IllegalArgumentException("a container joining a sandbox takes the sandbox's network namespace");
        }
    }

    /** A spec whose sandbox (if it is one) gets a new network namespace from runc. */
    public ContainerSpec(String rootfs, boolean readonlyRootfs, List<String> args, List<String> env, String cwd,
                         int uid, int gid, String hostname, Long sandboxPid, List<BindMount> volumes,
                         Resources resources, String cgroupsPath, Map<String, String> annotations) {
        this(rootfs, readonlyRootfs, args, env, cwd, uid, gid, hostname, sandboxPid, volumes, resources, cgroupsPath,
                annotations, null);
    }

    /** Whether this is a pod sandbox (owns its namespaces) rather than a container joining one. */
    public boolean isSandbox() {
        return sandboxPid == null;
    }

    /**
     * A bind mount from the host into the container.
     *
     * @param source      host path ({@code <sandbox dir>/volumes/cache})
     * @param destination path in the container ({@code /cache})
     * @param readOnly    mounted read-only
     */
    public record BindMount(String source, String destination, boolean readOnly) {}

    /**
     * cgroup limits, each 0 for none: the CRI's {@code LinuxContainerResources} as runc's spec
     * takes them ({@code linux.resources.memory.limit}, {@code cpu.shares}, {@code cpu.quota},
     * {@code cpu.period}, {@code pids.limit}).
     *
     * @param memoryBytes     {@code resources.limits.memory}: the memory cgroup's hard limit
     * @param cpuShares       from {@code resources.requests.cpu}: 1024 per core ({@code 250m} → 256)
     * @param cpuQuotaMicros  from {@code resources.limits.cpu}: µs per period ({@code 500m} → 50000)
     * @param cpuPeriodMicros the CFS period the quota is counted in (100000 µs, the kubelet's)
     * @param pidsLimit       the pids cgroup's {@code pids.max}
     */
    public record Resources(long memoryBytes, long cpuShares, long cpuQuotaMicros, long cpuPeriodMicros, long pidsLimit) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0);

        /** A container's limits as the kubelet computed them, and no PID limit of its own (that is the pod's). */
        public static Resources of(io.kubelab.engine.runtime.LinuxContainerResources r) {
            return new Resources(r.memoryLimitInBytes(), r.cpuShares(), r.cpuQuota(),
                    r.cpuQuota() > 0 ? (r.cpuPeriod() > 0 ? r.cpuPeriod() : io.kubelab.engine.runtime.LinuxContainerResources.CPU_PERIOD_MICROS) : 0,
                    0);
        }
    }
}
