package io.kubelab.app.cli;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.server.ApiServer;
import io.kubelab.engine.store.StateLockedException;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.runc.RealModeUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kubelab serve}: a cluster without the app, behind the Kubernetes API, for the real
 * {@code kubectl} and client libraries. Prints one line once it accepts requests; on SIGTERM or
 * Ctrl-C it stops the cluster, saves its state and exits with 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = KubelabCommand.Version.class,
        description = {"Runs a cluster headless and serves the Kubernetes API on 127.0.0.1.", "",
                "Then use kubectl with the kubeconfig it prints:",
                "  export KUBECONFIG=~/.config/kubelab/kubeconfig", "  kubectl get all", ""})
public final class ServeCommand implements Callable<Integer> {
    /** Exit code when the command line or the machine does not allow serving (port taken, state in use). */
    static final int CANNOT_SERVE = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "6443",
            description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--address", paramLabel = "IP", defaultValue = "127.0.0.1", hidden = true,
            description = "The address to bind (default: ${DEFAULT-VALUE}). The API has no authentication.")
    String address;

    @Option(names = "--runtime", paramLabel = "sim|linux", defaultValue = "sim",
            description = "sim: a simulated cluster (default); linux: real containers (runc).")
    String runtime;

    @Option(names = "--nodes", paramLabel = "N",
            description = "How many nodes a new cluster gets (default: 3).")
    Integer nodes;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The state folder: the cluster is saved there and resumed from it. Without it the "
                    + "cluster lives in memory only.")
    Path state;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Where to write the kubeconfig (merged into the file if it exists). Default: "
                    + "<state>/kubeconfig, or $XDG_CONFIG_HOME/kubelab/kubeconfig without --state.")
    Path kubeconfig;

    @Option(names = "--linux-dir", paramLabel = "DIR", hidden = true,
            description = "Real mode's folder: its images and the nodes' runc state (default: /var/lib/kubelab).")
    Path linuxDir = LinuxPlatform.defaultBase();

    /** Off in tests: a test JVM must still die on SIGTERM. */
    boolean handleSignals = true;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean stopped = new AtomicBoolean();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"sim".equals(runtime) && !"linux".equals(runtime)) {
            err.println("kubelab: unknown runtime '" + runtime + "'; choose sim or linux");
            return CANNOT_SERVE;
        }
        if (nodes != null && (nodes < 1 || nodes > 20)) {
            err.println("kubelab: --nodes must be between 1 and 20");
            return CANNOT_SERVE;
        }
        // A served cluster runs on wall time: kubectl computes ages (describe's events) from its own clock.
        ClusterConfig config = ClusterConfig.defaults().withStart(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        if (nodes != null) {
            config = config.withNodes(nodes);
        }
        if (state != null) {
            config = config.withStateDir(state);
        }
        LinuxPlatform platform = null;
        if ("linux".equals(runtime)) {
            try {
                platform = LinuxPlatform.create(config.nodes(), linuxDir);
            } catch (RealModeUnavailableException e) {
                // The runtime's message ends with what the app does ("Kubelab stays in simulated
                // mode."); serve does not fall back, it says how to get a simulated cluster.
                err.println("kubelab: " + e.getMessage().replace(" Kubelab stays in simulated mode.", ""));
                err.println("kubelab: without root, serve a simulated cluster: kubelab serve --runtime sim");
                return CANNOT_SERVE;
            } catch (IOException | RuntimeException e) {
                err.println("kubelab: real mode could not start: " + e.getMessage());
                return CANNOT_SERVE;
            }
            config = config.withPlatform(platform);
        }
        Cluster cluster;
        try {
            cluster = Cluster.create(config);
        } catch (StateLockedException e) {
            err.println("kubelab: " + e.getMessage());
            closeQuietly(platform, err);
            return CANNOT_SERVE;
        } catch (UncheckedIOException e) {
            err.println("kubelab: cannot open the state folder " + state + ": " + e.getCause().getMessage());
            closeQuietly(platform, err);
            return CANNOT_SERVE;
        }
        LinuxPlatform real = platform;
        EngineLoop loop = new EngineLoop(cluster, 50);
        if (real != null) {
            real.wakeOnResults(loop);
        }
        ApiServer server = new ApiServer(cluster.api());
        server.setPodIO(new io.kubelab.engine.server.KubeletPodIO(loop));
        int bound;
        try {
            bound = server.start(address, port);
        } catch (BindException e) {
            err.println("kubelab: cannot listen on " + address + ":" + port + ": the port is in use; stop what uses "
                    + "it or choose another with --port (--port 0 picks a free one)");
            cluster.close();
            closeQuietly(platform, err);
            return CANNOT_SERVE;
        } catch (IOException e) {
            err.println("kubelab: cannot listen on " + address + ":" + port + ": " + e.getMessage());
            cluster.close();
            closeQuietly(platform, err);
            return CANNOT_SERVE;
        }
        String url = "http://" + address + ":" + bound;
        Path file = kubeconfig != null ? kubeconfig : Kubeconfig.defaultPath(state);
        try {
            Kubeconfig.write(file, url);
        } catch (IOException e) {
            err.println("kubelab: cannot write the kubeconfig " + file + ": " + e.getMessage());
            server.close();
            cluster.close();
            closeQuietly(platform, err);
            return CANNOT_SERVE;
        }
        loop.start();
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                server.close();
                loop.close();
                cluster.close();
                closeQuietly(real, err);
            }
        };
        if (handleSignals && !Signals.onTermination(stop::countDown)) {
            // No signal handling here: at least save the state on the way out.
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "kubelab-shutdown"));
        }
        if (real != null) {
            out.println("Real mode: pods are runc containers; the nodes are the network namespaces kubelab-" + real.id()
                    + "-<node> (a node's shell: sudo ip netns exec " + real.network().netnsName(real.network().nodes().get(0))
                    + " sh); NodePorts answer on 127.0.0.1");
        }
        out.println("Kubelab API server listening on " + url + " (kubeconfig: " + file.toAbsolutePath() + ")");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown.run();
        return 0;
    }

    /** Real mode's platform is closed after the cluster: every container, namespace and cgroup of it goes. */
    private static void closeQuietly(LinuxPlatform platform, PrintWriter err) {
        if (platform == null) {
            return;
        }
        try {
            platform.close();
        } catch (IOException | RuntimeException e) {
            err.println("kubelab: real mode did not clean up completely: " + e.getMessage());
            err.flush();
        }
    }

    /** Stops a running {@link #call()} as SIGTERM would (for tests and embedding). */
    void requestStop() {
        stop.countDown();
    }
}
