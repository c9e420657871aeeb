package io.kubelab.linux.inspect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupUsageTest {
    private static final String POD = "/kubelab/abc123-minikube/default_web_1a2b3c4d/app_5e6f7a8b";

    @Test
    void readsTheControllersOfProcCgroupOnEitherVersion() {
        assertThat(CgroupUsage.paths("0::" + POD + "\n")).containsExactly(Map.entry("", POD));
        Map<String, String> v1 = CgroupUsage.paths("""
                5:pids:%s
                4:memory:%s
                3:cpu,cpuacct:%s
                1:name=systemd:/
                0::/
                """.formatted(POD, POD, POD));
        assertThat(v1).containsEntry("memory", POD).containsEntry("cpu", POD).containsEntry("cpuacct", POD)
                .containsEntry("pids", POD).containsEntry("", "/");
        assertThat(CgroupUsage.mainPath(v1, 1)).isEqualTo(POD);
    }

    @Test
    void readsCgroupV2Files(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Path dir = Files.createDirectories(root.resolve(POD.substring(1)));
        // 64 MiB limit, 1.5 MiB used, half a CPU, 10 processes at most
        write(dir, "memory.max", "67108864");
        write(dir, "memory.current", "1572864");
        write(dir, "memory.peak", "2097152");
        write(dir, "cpu.max", "50000 100000");
        write(dir, "cpu.weight", "4");
        write(dir, "cpu.stat", "usage_usec 12345\nuser_usec 10000\nsystem_usec 2345\n");
        write(dir, "pids.max", "max");
        write(dir, "pids.current", "2");
        CgroupUsage u = CgroupUsage.read(root, Map.of("", POD));
        assertThat(u).isEqualTo(new CgroupUsage(2, 67108864, 1572864, 2097152, "50000 100000", 4, 12345, -1, 2));
        assertThat(u.file("memoryMax")).isEqualTo("memory.max");
    }

    @Test
    void readsCgroupV1FilesInTheV2Meaning(@TempDir Path root) throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory" + POD));
        Path cpu = Files.createDirectories(root.resolve("cpu" + POD));
        Path cpuacct = Files.createDirectories(root.resolve("cpuacct" + POD));
        Path pids = Files.createDirectories(root.resolve("pids" + POD));
        write(memory, "memory.limit_in_bytes", "67108864");
        write(memory, "memory.usage_in_bytes", "1572864");
        write(memory, "memory.max_usage_in_bytes", "2097152");
        write(cpu, "cpu.cfs_quota_us", "-1");
        write(cpu, "cpu.cfs_period_us", "100000");
        write(cpu, "cpu.shares", "102");
        // nanoseconds: 12.345 ms
        write(cpuacct, "cpuacct.usage", "12345678");
        write(pids, "pids.max", "100");
        write(pids, "pids.current", "2");
        Map<String, String> paths = Map.of("memory", POD, "cpu", POD, "cpuacct", POD, "pids", POD);
        CgroupUsage u = CgroupUsage.read(root, paths);
        assertThat(u).isEqualTo(new CgroupUsage(1, 67108864, 1572864, 2097152, "max 100000", 102, 12345, 100, 2));
        assertThat(u.file("memoryMax")).isEqualTo("memory.limit_in_bytes");

        // no limit on v1 is the largest page-aligned number
        write(memory, "memory.limit_in_bytes", "9223372036854771712");
        assertThat(CgroupUsage.read(root, paths).memoryMax()).isEqualTo(-1);
    }

    private static void write(Path dir, String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value + "\n");
    }
}
