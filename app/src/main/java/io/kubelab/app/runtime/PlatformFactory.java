package io.kubelab.app.runtime;

import io.kubelab.engine.NodePlatform;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.runc.RealModeUnavailableException;

import java.io.IOException;

/**
 * Makes the platform real mode's nodes run on. The app's is {@link #LINUX}; tests give one that
 * fails (no root needed) or that counts what it made.
 */
@FunctionalInterface
public interface PlatformFactory {
    /**
     * A platform for {@code nodes} nodes, its network built and runtimes started. Called off the UI thread.
     *
     * @throws RealModeUnavailableException this machine cannot run real mode (not root, no runc…);
     *                                      the message says what to do
     */
    NodePlatform create(int nodes) throws RealModeUnavailableException, IOException;

    /** runc containers under {@link LinuxPlatform#defaultBase()} ({@code /var/lib/kubelab}). */
    PlatformFactory LINUX = nodes -> LinuxPlatform.create(nodes, LinuxPlatform.defaultBase());
}
