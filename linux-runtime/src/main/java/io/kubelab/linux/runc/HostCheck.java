package io.kubelab.linux.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this machine can run real mode: root, runc, busybox-static. */
public final class HostCheck {
    private HostCheck() {}

    /** The effective user ID of this process (from {@code /proc/self/status}), -1 when unknown. */
    public static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static boolean isRoot() {
        return effectiveUid() == 0;
    }

    /** Throws with a clear message when real mode cannot run here; returns the runc binary otherwise. */
    public static Path require() throws RealModeUnavailableException {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new RealModeUnavailableException("real mode needs Linux (namespaces, cgroups, runc); this is "
                    + System.getProperty("os.name") + ". Kubelab stays in simulated mode.");
        }
        if (!isRoot()) {
            throw new RealModeUnavailableException("real mode needs root: it creates network namespaces, cgroups "
                    + "and runc containers. Start Kubelab with sudo to use it; Kubelab stays in simulated mode.");
        }
        Path runc = Commands.which("runc");
        if (runc == null) {
            throw new RealModeUnavailableException("real mode needs runc, which is not installed (Debian/Ubuntu: "
                    + "apt-get install runc busybox-static iptables). Kubelab stays in simulated mode.");
        }
        return runc;
    }
}
