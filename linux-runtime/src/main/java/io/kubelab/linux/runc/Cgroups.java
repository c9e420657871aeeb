package io.kubelab.linux.runc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's cgroup hierarchies, for what runc does not do itself: reading the OOM-kill counter of
 * a container before it is deleted, and removing the empty parent cgroups ({@code /kubelab/<node>/<pod>})
 * runc leaves behind. Works on cgroup v1 (a hierarchy per controller under {@code /sys/fs/cgroup/<name>}),
 * v2 ({@code /sys/fs/cgroup} itself) and the hybrid layout (v1 plus {@code /sys/fs/cgroup/unified}).
 */
final class Cgroups {
    private final Path base;

    Cgroups(Path base) {
        this.base = base;
    }

    static Cgroups host() {
        return new Cgroups(Path.of("/sys/fs/cgroup"));
    }

    /** Every hierarchy root: the v2 root if {@code base} is one, each v1 controller folder, {@code unified}. */
    List<Path> roots() {
        Set<Path> roots = new LinkedHashSet<>();
        if (Files.exists(base.resolve("cgroup.controllers"))) {
            roots.add(base);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path d : dirs) {
                // cpu and cpuacct are links to cpu,cpuacct: count each hierarchy once
                if (Files.isDirectory(d) && Files.exists(d.resolve("cgroup.procs"))) {
                    roots.add(d.toRealPath());
                }
            }
        } catch (IOException e) {
            // no cgroup file system: nothing to clean
        }
        return new ArrayList<>(roots);
    }

    /**
     * How often the kernel's OOM killer killed a process of this cgroup: {@code oom_kill} in v1's
     * {@code memory.oom_control} or v2's {@code memory.events}. 0 when unknown.
     */
    long oomKills(String cgroupsPath) {
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        for (Path root : roots()) {
            Path dir = root.resolve(rel);
            for (String file : List.of("memory.oom_control", "memory.events")) {
                Optional<Long> n = counter(dir.resolve(file), "oom_kill");
                if (n.isPresent() && n.get() > 0) {
                    return n.get();
                }
            }
        }
        return 0;
    }

    private static Optional<Long> counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Optional.of(Long.parseLong(kv[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Sets {@code pids.max} of an existing cgroup in the hierarchy that has the pids controller
     * (v1's {@code pids}, or v2 where the parent enabled it).
     *
     * @throws java.io.UncheckedIOException when no hierarchy of this path can take it
     */
    void setPidsMax(String cgroupsPath, long max) {
        for (Path dir : existing(cgroupsPath)) {
            Path file = dir.resolve("pids.max");
            if (Files.exists(file)) {
                try {
                    Files.writeString(file, Long.toString(max));
                    return;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot limit the PIDs of " + cgroupsPath, e);
                }
            }
        }
        throw new java.io.UncheckedIOException(new IOException("no pids cgroup for " + cgroupsPath));
    }

    /** A controller's file of a cgroup ({@code cpu.max}, {@code cpu.cfs_quota_us}), from the first hierarchy that has it. */
    Optional<String> read(String cgroupsPath, String file) {
        for (Path dir : existing(cgroupsPath)) {
            Path f = dir.resolve(file);
            if (Files.isRegularFile(f)) {
                try {
                    return Optional.of(Files.readString(f).strip());
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code cpu.weight} runc writes on cgroup v2 for OCI {@code cpu.shares} (its
     * {@code ConvertCPUSharesToCgroupV2Value}): shares 2..262144 map linearly onto weight 1..10000,
     * 1 + (shares − 2) × 9999 / 262142. Worked: 2 → 1, 256 → 10, 512 → 20, 1024 → 39, 262144 → 10000.
     */
    static long cpuWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /** The cgroup folders of a path that exist, one per hierarchy. */
    List<Path> existing(String cgroupsPath) {
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        List<Path> out = new ArrayList<>();
        for (Path root : roots()) {
            Path p = root.resolve(rel);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Removes a cgroup subtree in every hierarchy, deepest first, killing what still runs in it
     * (a cgroup with processes cannot be removed). Only folders are removed ({@code rmdir}): the
     * files in a cgroup folder are the kernel's.
     *
     * @return folders that could not be removed
     */
    List<Path> removeTree(String cgroupsPath) {
        List<Path> left = new ArrayList<>();
        for (Path dir : existing(cgroupsPath)) {
            removeTree(dir, left);
        }
        return left;
    }

    private void removeTree(Path dir, List<Path> left) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path c : children) {
                removeTree(c, left);
            }
        } catch (IOException e) {
            // gone meanwhile
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            killAll(dir);
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                // EBUSY while the killed processes exit
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (Files.exists(dir)) {
            left.add(dir);
        }
    }

    private static void killAll(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                if (!line.isBlank()) {
                    ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no processes file (gone)
        }
    }

    /** Removes a folder in every hierarchy if it is empty (a node's {@code /kubelab} parent); others may still use it. */
    void removeIfEmpty(String cgroupsPath) {
        for (Path dir : existing(cgroupsPath)) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // still has children: in use
            }
        }
    }
}
