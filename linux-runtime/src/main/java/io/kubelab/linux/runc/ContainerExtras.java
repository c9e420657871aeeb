package io.kubelab.linux.runc;

import java.util.List;

/**
 * What real containers take beyond the engine's {@code ContainerConfig}: the pod's volumes this
 * container mounts, CPU (millicores) and a PID limit.
 *
 * @param volumes          {@code emptyDir} mounts: shared by every container of the pod that names them
 * @param cpuRequestMillis {@code resources.requests.cpu} in millicores (0: none)
 * @param cpuLimitMillis   {@code resources.limits.cpu} in millicores (0: none)
 * @param pidsLimit        most processes at once (0: none)
 */
public record ContainerExtras(List<EmptyDirMount> volumes, long cpuRequestMillis, long cpuLimitMillis, long pidsLimit) {
    public static final ContainerExtras NONE = new ContainerExtras(List.of(), 0, 0, 0);

    public ContainerExtras {
        volumes = List.copyOf(volumes);
        for (EmptyDirMount v : volumes) {
            if (!v.name().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                throw new IllegalArgumentException("volume name " + v.name() + " is not a DNS label");
            }
        }
    }

    /**
     * @param name      the volume's name in the pod ({@code cache})
     * @param mountPath where the container sees it ({@code /cache})
     * @param readOnly  mounted read-only
     */
    public record EmptyDirMount(String name, String mountPath, boolean readOnly) {}
}
