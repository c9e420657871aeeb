package io.kubelab.app.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * What the app's cluster runs on: the simulation (the default), or real containers on this Linux
 * machine (runc, network namespaces, iptables; needs root), as {@code kubelab serve --runtime sim|linux}.
 */
public enum ClusterRuntime {
    /** Simulated containers on the simulation clock: pause, step and speed apply. */
    SIMULATED("sim"),
    /** Real containers on wall time (Kubelab's real mode, {@code linux-runtime}). */
    LINUX("linux");

    /** The system property that chooses the runtime at start: {@code -Dkubelab.runtime=linux}. */
    public static final String PROPERTY = "kubelab.runtime";

    private final String id;

    ClusterRuntime(String id) {
        this.id = id;
    }

    /** The name on the command line: {@code sim} or {@code linux}, as {@code serve --runtime}. */
    public String id() {
        return id;
    }

    /** Whether the cluster runs on wall time (real processes cannot be stepped or sped up). */
    public boolean wallTime() {
        return this == LINUX;
    }

    /** {@code sim}/{@code simulated} or {@code linux}/{@code real}, any case; empty for anything else. */
    public static Optional<ClusterRuntime> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "sim", "simulated" -> Optional.of(SIMULATED);
            case "linux", "real" -> Optional.of(LINUX);
            default -> Optional.empty();
        };
    }
}
