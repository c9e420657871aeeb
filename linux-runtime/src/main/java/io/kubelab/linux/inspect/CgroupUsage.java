package io.kubelab.linux.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's limits and use as its cgroup's files say, read in a few microseconds (no process
 * is started), so the app can read it every second.
 *
 * <p>cgroup v2 (one hierarchy, {@code /sys/fs/cgroup/<path>}) and v1 (a hierarchy per controller,
 * {@code /sys/fs/cgroup/memory/<path>}, …) name the same things differently; the record holds the
 * v2 meaning and {@link #file} says which file a value came from:
 *
 * <pre>
 *   value         v2              v1
 *   memory limit  memory.max      memory.limit_in_bytes       (v1: 9223372036854771712 = no limit)
 *   memory used   memory.current  memory.usage_in_bytes
 *   memory peak   memory.peak     memory.max_usage_in_bytes   (v2: Linux 5.19+)
 *   CPU limit     cpu.max         cpu.cfs_quota_us + cpu.cfs_period_us   ("50000 100000" = half a CPU)
 *   CPU weight    cpu.weight      cpu.shares                  (1–10000 / 2–262144)
 *   CPU used      cpu.stat usage_usec   cpuacct.usage (ns, here in µs)
 *   processes     pids.max, pids.current (both)
 * </pre>
 *
 * @param version       1 or 2
 * @param memoryMax     bytes, -1 for no limit ("max")
 * @param memoryCurrent bytes in use
 * @param memoryPeak    the most bytes ever used, -1 when the kernel does not keep it
 * @param cpuMax        v2's notation: quota and period in µs, {@code max 100000} for no limit
 * @param cpuWeight     v2's weight or v1's shares, -1 when unknown
 * @param cpuUsageUsec  CPU time used, µs
 * @param pidsMax       -1 for no limit
 * @param pidsCurrent   processes (threads) in the cgroup
 */
public record CgroupUsage(int version, long memoryMax, long memoryCurrent, long memoryPeak, String cpuMax,
                          long cpuWeight, long cpuUsageUsec, long pidsMax, long pidsCurrent) {
    /** v1's "no limit": the largest page-aligned long. */
    static final long V1_UNLIMITED = 9223372036854771712L;

    /** The file a value comes from in this version: {@code file("memoryMax")} is {@code memory.max} or {@code memory.limit_in_bytes}. */
    public String file(String value) {
        boolean v2 = version == 2;
        return switch (value) {
            case "memoryMax" -> v2 ? "memory.max" : "memory.limit_in_bytes";
            case "memoryCurrent" -> v2 ? "memory.current" : "memory.usage_in_bytes";
            case "memoryPeak" -> v2 ? "memory.peak" : "memory.max_usage_in_bytes";
            case "cpuMax" -> v2 ? "cpu.max" : "cpu.cfs_quota_us cpu.cfs_period_us";
            case "cpuWeight" -> v2 ? "cpu.weight" : "cpu.shares";
            case "cpuUsageUsec" -> v2 ? "cpu.stat usage_usec" : "cpuacct.usage";
            case "pidsMax" -> "pids.max";
            case "pidsCurrent" -> "pids.current";
            default -> throw new IllegalArgumentException(value);
        };
    }

    /**
     * The controllers' paths of {@code /proc/<pid>/cgroup}: {@code "" -> path} for v2's
     * {@code 0::/path} line, {@code memory -> path} for v1's {@code 4:memory:/path}, and one
     * entry per controller of a combined hierarchy ({@code 3:cpu,cpuacct:/p} gives cpu and cpuacct).
     */
    public static Map<String, String> paths(String procCgroup) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : procCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[1].isEmpty()) {
                out.put("", parts[2]);
            } else {
                for (String c : parts[1].split(",")) {
                    out.put(c, parts[2]);
                }
            }
        }
        return out;
    }

    /** The path a student would call the container's cgroup: v2's, else the memory controller's. */
    public static String mainPath(Map<String, String> paths, int version) {
        if (version == 2 || !paths.containsKey("memory")) {
            return paths.getOrDefault("", "");
        }
        return paths.get("memory");
    }

    /** 2 when {@code root} is a cgroup v2 mount (it has {@code cgroup.controllers}), else 1. */
    public static int version(Path root) {
        return Files.exists(root.resolve("cgroup.controllers")) ? 2 : 1;
    }

    /**
     * Reads the files of the cgroups in {@code paths} under {@code root} (normally {@code /sys/fs/cgroup}).
     * A file that is missing reads as unknown (-1, or 0 for a counter).
     */
    public static CgroupUsage read(Path root, Map<String, String> paths) {
        if (version(root) == 2) {
            Path dir = under(root, paths.getOrDefault("", "/"));
            return new CgroupUsage(2, limit(dir.resolve("memory.max")), number(dir.resolve("memory.current"), 0),
                    number(dir.resolve("memory.peak"), -1), text(dir.resolve("cpu.max"), "max 100000"),
                    number(dir.resolve("cpu.weight"), -1), key(dir.resolve("cpu.stat"), "usage_usec"),
                    limit(dir.resolve("pids.max")), number(dir.resolve("pids.current"), 0));
        }
        Path memory = controller(root, paths, "memory");
        Path cpu = controller(root, paths, "cpu");
        Path pids = controller(root, paths, "pids");
        long memMax = limit(memory.resolve("memory.limit_in_bytes"));
        long quota = number(cpu.resolve("cpu.cfs_quota_us"), -1);
        long period = number(cpu.resolve("cpu.cfs_period_us"), 100000);
        long usageNs = number(controller(root, paths, "cpuacct").resolve("cpuacct.usage"), 0);
        return new CgroupUsage(1, memMax >= V1_UNLIMITED ? -1 : memMax,
                number(memory.resolve("memory.usage_in_bytes"), 0), number(memory.resolve("memory.max_usage_in_bytes"), -1),
                (quota < 0 ? "max" : String.valueOf(quota)) + " " + period, number(cpu.resolve("cpu.shares"), -1),
                usageNs / 1000, limit(pids.resolve("pids.max")), number(pids.resolve("pids.current"), 0));
    }

    private static Path controller(Path root, Map<String, String> paths, String name) {
        // cpu and cpuacct may be one hierarchy (cpu,cpuacct) with links of both names beside it.
        return under(root.resolve(name), paths.getOrDefault(name, "/"));
    }

    private static Path under(Path root, String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    private static String text(Path file, String otherwise) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return otherwise;
        }
    }

    private static long number(Path file, long otherwise) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return otherwise;
        }
    }

    /** A limit file: a number, or "max" (-1). */
    private static long limit(Path file) {
        String s = text(file, "max");
        return s.equals("max") ? -1 : number(file, -1);
    }

    /** One counter of a flat-keyed file ({@code cpu.stat}: "usage_usec 1234"). */
    private static long key(Path file, String key) {
        for (String line : text(file, "").split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                return Long.parseLong(kv[1]);
            }
        }
        return 0;
    }
}
