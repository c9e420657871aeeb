package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What a simulated process can reach of its container: the clock, the file system, the network
 * namespace (to listen on ports), memory accounting and the cluster network (for {@code curl},
 * {@code wget}, {@code nslookup}). Implemented by the simulated runtime's containers.
 *
 * <p>Engine thread only.
 */
public interface ProcessHost {
    Instant now();

    /** Runs {@code action} after {@code delay} of simulated time. */
    void after(Duration delay, Runnable action);

    SimFileSystem fs();

    String hostname();

    /** The kernel release {@code uname -r} prints. */
    String kernelRelease();

    /** The container's IP address (the pod IP). */
    String ip();

    /** The node the container runs on. */
    String nodeName();

    /** The pod's namespace (for DNS search paths), {@code default} for standalone containers. */
    String namespace();

    /**
     * Listens on a TCP port of the container's network namespace until {@code owner} exits or
     * {@link #unlisten} is called.
     *
     * @return false when the port is taken
     */
    boolean listen(int port, Function<HttpRequest, HttpResult.Response> handler, ShellProcess owner);

    void unlisten(int port, ShellProcess owner);

    /**
     * Adds {@code bytes} to the container's memory use. Past its limit the kernel's OOM killer
     * ends the container (the process is killed before this returns).
     */
    void allocate(long bytes, ShellProcess owner);

    /** The command lines of the container's processes, PID 1 first ({@code ps}). */
    List<String> processes();

    /** The cluster network as seen from this container, or {@code null} when there is none. */
    SimNetwork network();
}
