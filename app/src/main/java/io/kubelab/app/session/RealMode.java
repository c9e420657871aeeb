package io.kubelab.app.session;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.runc.RealModeUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The window over real containers ({@code -Dkubelab.runtime=linux}): each cluster the session makes
 * gets a fresh {@link LinuxPlatform} (network namespaces, runc runtimes, iptables kube-proxy), and the
 * previous cluster's platform is closed first, so a reset leaves nothing of the old pods behind.
 *
 * <p>Threading: {@link #newCluster} on the thread that resets (the UI thread); {@link #platform}
 * from any thread.
 */
public final class RealMode implements AutoCloseable {
    private final int nodes;
    private final Path base;
    private volatile LinuxPlatform platform;
    private boolean fresh;

    private RealMode(int nodes, Path base, LinuxPlatform first) {
        this.nodes = nodes;
        this.base = base;
        this.platform = first;
        this.fresh = true;
    }

    /**
     * Checks the machine and builds the first cluster's platform at once, so that a machine that
     * cannot run real mode is known before the window opens.
     *
     * @throws RealModeUnavailableException not root, runc or a tool missing (the message says what to do)
     */
    public static RealMode start(int nodes, Path base) throws RealModeUnavailableException, IOException {
        return new RealMode(nodes, base, LinuxPlatform.create(nodes, base));
    }

    /** A cluster on a platform of its own (the first one made by {@link #start}, then a new one each time). */
    public synchronized Cluster newCluster(ClusterConfig config) {
        try {
            if (!fresh) {
                LinuxPlatform old = platform;
                platform = null;
                if (old != null) {
                    old.close();
                }
                platform = LinuxPlatform.create(nodes, base);
            }
            fresh = false;
            return Cluster.create(config.withNodes(nodes).withPlatform(platform));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RealModeUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The current cluster's platform, {@code null} between two clusters. */
    public LinuxPlatform platform() {
        return platform;
    }

    /** Removes the current platform's containers, namespaces, cgroups and rules. After the cluster is closed. */
    @Override
    public synchronized void close() throws IOException {
        LinuxPlatform p = platform;
        platform = null;
        if (p != null) {
            p.close();
        }
    }
}
