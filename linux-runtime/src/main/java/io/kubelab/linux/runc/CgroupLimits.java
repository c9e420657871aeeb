package io.kubelab.linux.runc;

import java.util.Optional;

/**
 * A cgroup's limits as the kernel holds them, in cgroup v2's words whatever the host runs: on a v1
 * (or hybrid) host the v1 files are read and translated the way runc maps v2 onto them, so a
 * student reads the same numbers everywhere.
 *
 * <p>Worked, {@code limits.cpu: 500m} with no request (request = limit, 512 shares): v2 shows
 * {@code cpu.max} {@code 50000 100000} and {@code cpu.weight} 1 + (512 − 2) × 9999 / 262142 = 20;
 * v1 shows {@code cpu.cfs_quota_us} 50000, {@code cpu.cfs_period_us} 100000, {@code cpu.shares} 512,
 * read here as the same {@code 50000 100000} and 20.
 *
 * @param cpuMax    {@code cpu.max}: {@code "<quota> <period>"}, {@code "max 100000"} without a limit
 * @param cpuWeight {@code cpu.weight} (v1: from {@code cpu.shares})
 * @param memoryMax {@code memory.max} in bytes, -1 for {@code max} (v1: {@code memory.limit_in_bytes})
 * @param pidsMax   {@code pids.max}, -1 for {@code max}
 */
public record CgroupLimits(String cpuMax, long cpuWeight, long memoryMax, long pidsMax) {
    /** v1's "no memory limit": the largest page-aligned long. */
    private static final long V1_UNLIMITED = 9223372036854771712L;

    /** The limits of a cgroup path ({@code /kubelab/<node>/<pod>/<container>}); empty when it does not exist. */
    public static Optional<CgroupLimits> of(String cgroupsPath) {
        Cgroups cg = Cgroups.host();
        if (cg.existing(cgroupsPath).isEmpty()) {
            return Optional.empty();
        }
        String cpuMax = cg.read(cgroupsPath, "cpu.max").orElseGet(() -> {
            long quota = cg.read(cgroupsPath, "cpu.cfs_quota_us").map(Long::parseLong).orElse(-1L);
            String period = cg.read(cgroupsPath, "cpu.cfs_period_us").orElse("100000");
            return (quota < 0 ? "max" : Long.toString(quota)) + " " + period;
        });
        long weight = cg.read(cgroupsPath, "cpu.weight").map(Long::parseLong)
                .orElseGet(() -> cg.read(cgroupsPath, "cpu.shares").map(s -> Cgroups.cpuWeight(Long.parseLong(s))).orElse(0L));
        long memory = cg.read(cgroupsPath, "memory.max").map(CgroupLimits::number)
                .orElseGet(() -> cg.read(cgroupsPath, "memory.limit_in_bytes").map(CgroupLimits::number)
                        .map(v -> v >= V1_UNLIMITED ? -1 : v).orElse(-1L));
        long pids = cg.read(cgroupsPath, "pids.max").map(CgroupLimits::number).orElse(-1L);
        return Optional.of(new CgroupLimits(cpuMax, weight, memory, pids));
    }

    private static long number(String s) {
        return s.equals("max") ? -1 : Long.parseLong(s);
    }
}
