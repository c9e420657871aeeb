package io.kubelab.engine.runtime;

/**
 * A container's cgroup limits, as the CRI's {@code LinuxContainerResources} carries them: CPU
 * already converted from Kubernetes' millicores to the kernel's units, memory in bytes. Each value
 * 0 means "not set" (the runtime leaves the cgroup's default).
 *
 * <p>The kubelet's conversions ({@code MilliCPUToShares}, {@code MilliCPUToQuota} in
 * {@code pkg/kubelet/cm}), worked for {@code requests.cpu: 250m, limits.cpu: 500m}:
 * <ul>
 *   <li>shares = 250 × 1024 / 1000 = 256 (one core is 1024 shares; at least 2, the kernel's minimum;
 *       a container without a request gets 2, as the kubelet gives a BestEffort container);</li>
 *   <li>quota = 500 × 100000 / 1000 = 50000 µs of CPU time in every period of 100000 µs
 *       (at least 1000 µs, the kernel's minimum); no limit, no quota.</li>
 * </ul>
 * On cgroup v2 the runtime writes them as {@code cpu.max "50000 100000"} and {@code cpu.weight}
 * converted from the shares as runc does: 1 + (256 − 2) × 9999 / 262142 = 10.
 *
 * @param cpuPeriod          CFS period in µs ({@value #CPU_PERIOD_MICROS} when a quota is set)
 * @param cpuQuota           CFS quota in µs per period, from {@code limits.cpu}
 * @param cpuShares          relative CPU weight, from {@code requests.cpu}
 * @param memoryLimitInBytes the memory cgroup's hard limit, from {@code limits.memory}
 */
public record LinuxContainerResources(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimitInBytes) {
    /** The CFS period the kubelet uses: 100 ms. */
    public static final long CPU_PERIOD_MICROS = 100_000;
    /** The kernel's fewest shares. */
    public static final long MIN_SHARES = 2;
    /** The kernel's shortest quota: 1 ms. */
    public static final long MIN_QUOTA_MICROS = 1_000;

    public static final LinuxContainerResources NONE = new LinuxContainerResources(0, 0, 0, 0);

    /** Only a memory limit (a {@code docker run -m}). */
    public static LinuxContainerResources memory(long bytes) {
        return new LinuxContainerResources(0, 0, 0, Math.max(0, bytes));
    }

    /**
     * From a container's {@code resources} in millicores and bytes, as the kubelet computes them.
     * A limit without a request means request = limit (the API server defaults it so).
     */
    public static LinuxContainerResources fromKubernetes(long cpuRequestMillis, long cpuLimitMillis, long memoryLimitBytes) {
        long request = cpuRequestMillis > 0 ? cpuRequestMillis : cpuLimitMillis;
        long quota = milliCpuToQuota(cpuLimitMillis);
        return new LinuxContainerResources(quota > 0 ? CPU_PERIOD_MICROS : 0, quota, milliCpuToShares(request),
                Math.max(0, memoryLimitBytes));
    }

    /** {@code 250m} → 256; 0 (no request) → 2; {@code 1} (1m) → 2. */
    public static long milliCpuToShares(long milliCpu) {
        if (milliCpu <= 0) {
            return MIN_SHARES;
        }
        return Math.max(MIN_SHARES, milliCpu * 1024 / 1000);
    }

    /** {@code 500m} → 50000; {@code 2} (2000m) → 200000; {@code 5m} → 1000 (the minimum); 0 → 0 (no quota). */
    public static long milliCpuToQuota(long milliCpu) {
        if (milliCpu <= 0) {
            return 0;
        }
        return Math.max(MIN_QUOTA_MICROS, milliCpu * CPU_PERIOD_MICROS / 1000);
    }

    /** The millicores a quota allows (the simulated runtime's CPU budget): 50000 of 100000 µs → 500. */
    public long cpuLimitMillis() {
        return cpuQuota <= 0 || cpuPeriod <= 0 ? 0 : cpuQuota * 1000 / cpuPeriod;
    }
}
