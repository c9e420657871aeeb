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
}
