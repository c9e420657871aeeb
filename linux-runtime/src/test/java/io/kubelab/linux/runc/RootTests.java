package io.kubelab.linux.runc;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared assumptions of the tests that need root and runc. */
final class RootTests {
    private RootTests() {}

    static void assumeRealMode() {
        assumeTrue(HostCheck.isRoot(), "skipped: real-mode tests need root (run the build as root, as CI does)");
        assumeTrue(Commands.which("runc") != null, "skipped: runc is not installed (apt-get install runc busybox-static iptables)");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")) || Commands.which("busybox") != null,
                "skipped: busybox is not installed (apt-get install busybox-static)");
        assumeTrue(Commands.which("nsenter") != null && Commands.which("ip") != null,
                "skipped: nsenter and ip (util-linux, iproute2) are needed");
    }

    /**
     * A node name of this test JVM only ({@code klleak-12345}). The runtime's cgroups are
     * {@code /kubelab/<node>}, which its start-up cleanup and close remove with everything still
     * running inside: two builds running the same test at once (helpers, CI jobs on one machine)
     * under one fixed name killed each other's runc mid-start ("read init-p: connection reset by
     * peer", "can't get final child's PID from pipe: EOF"). A cluster's nodes are scoped by the
     * cluster's claimed id the same way ({@code LinuxPlatform}: {@code <id>-minikube}).
     */
    static String node(String base) {
        return base + "-" + ProcessHandle.current().pid();
    }
}
