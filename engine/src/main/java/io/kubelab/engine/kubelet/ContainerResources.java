package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.Mount;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kubelet puts in a CRI {@code ContainerConfig} beyond the command: the container's
 * cgroup limits ({@code kuberuntime_container_linux.go}'s {@code generateLinuxContainerResources})
 * and its volume mounts. Pure; the kubelet calls it on the engine thread.
 *
 * <p>Worked example, {@code requests: {cpu: 250m}, limits: {cpu: 500m, memory: 64Mi}}: shares
 * 256, quota 50000 µs per 100000 µs, memory 67108864 bytes. Without any CPU request or limit the
 * container still gets 2 shares, the kernel's least, as a BestEffort container does.
 *
 * <p>{@code emptyDir} and {@code configMap} volumes reach the runtime (it keeps their folders per
 * sandbox; {@link PodVolumes} makes a configMap's files); the other kinds (secret, hostPath,
 * persistentVolumeClaim) are not mounted yet, and a {@code subPath} mounts the whole volume.
 */
final class ContainerResources {
    private ContainerResources() {}

    static LinuxContainerResources of(Container container) {
        ResourceRequirements r = container.getResources();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        return LinuxContainerResources.fromKubernetes(milli(requests.get("cpu")), milli(limits.get("cpu")),
                bytes(limits.get("memory")));
    }

    /** {@code 500m} → 500, {@code 1.5} → 1500, {@code 2} → 2000 (rounded up, as Quantity.MilliValue). */
    static long milli(Quantity q) {
        if (q == null) {
            return 0;
        }
        BigDecimal cores = Quantity.getAmountInBytes(q);
        return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static long bytes(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** The container's mounts of the pod's {@code emptyDir} volumes, in the order of its {@code volumeMounts}. */
    static List<Mount> mounts(Pod pod, Container container) {
        return mounts(pod, container, PodVolumes.NONE);
    }

    /**
     * The container's mounts, in the order of its {@code volumeMounts}: {@code emptyDir} volumes, and
     * {@code configMap} volumes with the files {@code volumes} set up for them (read-only).
     */
    static List<Mount> mounts(Pod pod, Container container, PodVolumes volumes) {
        if (container.getVolumeMounts() == null || container.getVolumeMounts().isEmpty() || pod.getSpec().getVolumes() == null) {
            return List.of();
        }
        List<Mount> out = new ArrayList<>();
        for (VolumeMount vm : container.getVolumeMounts()) {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (!v.getName().equals(vm.getName())) {
                    continue;
                }
                boolean readOnly = Boolean.TRUE.equals(vm.getReadOnly());
                if (v.getEmptyDir() != null) {
                    out.add(new Mount(v.getName(), vm.getMountPath(), readOnly));
                } else if (v.getConfigMap() != null && volumes.files() != null && volumes.files().containsKey(v.getName())) {
                    out.add(new Mount(v.getName(), vm.getMountPath(), true, volumes.files().get(v.getName())));
                }
            }
        }
        return out;
    }
}
