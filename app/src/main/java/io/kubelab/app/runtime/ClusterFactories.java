package io.kubelab.app.runtime;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.NodePlatform;
import io.kubelab.linux.runc.RealModeUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The cluster factories a {@code ClusterSession} resets from, one per runtime. Real mode's makes a
 * fresh platform for every cluster (the previous one is closed with its cluster) and starts the
 * clock at the wall time, as {@code kubelab serve} does: containers run on wall time, and the real
 * kubectl computes ages from its own clock.
 */
public final class ClusterFactories {
    private ClusterFactories() {}

    /** Real mode could not start: the cause is a {@link RealModeUnavailableException} (with what to do) or an {@link IOException}. */
    public static final class RealModeFailure extends RuntimeException {
        RealModeFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }

        /** Whether the machine cannot run real mode at all (not root, no runc…), rather than a failure while starting. */
        public boolean unavailable() {
            return getCause() instanceof RealModeUnavailableException;
        }
    }

    /**
     * Clusters on {@code runtime}.
     *
     * @param simulated the simulated clusters' config (its start time kept as given)
     * @param platforms real mode's platforms
     * @throws RealModeFailure from {@link Supplier#get()}, when real mode cannot start
     */
    public static Supplier<Cluster> of(ClusterRuntime runtime, ClusterConfig simulated, PlatformFactory platforms) {
        if (runtime == ClusterRuntime.SIMULATED) {
            ClusterConfig config = simulated.withPlatform(NodePlatform.SIMULATED);
            return () -> Cluster.create(config);
        }
        return () -> {
            NodePlatform platform;
            try {
                platform = platforms.create(simulated.nodes());
            } catch (RealModeUnavailableException | IOException e) {
                throw new RealModeFailure(e);
            }
            ClusterConfig config = simulated.withPlatform(platform).withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            try {
                return Cluster.create(config);
            } catch (RuntimeException e) {
                closeQuietly(platform, e);
                throw e instanceof UncheckedIOException u ? new RealModeFailure(u.getCause()) : e;
            }
        };
    }

    private static void closeQuietly(NodePlatform platform, RuntimeException failure) {
        if (platform instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** What {@code cluster} runs on. */
    public static ClusterRuntime runtimeOf(Cluster cluster) {
        return cluster.config().platform() == NodePlatform.SIMULATED ? ClusterRuntime.SIMULATED : ClusterRuntime.LINUX;
    }
}
