package io.kubelab.linux;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.Component;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.NodePlatform;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.linux.image.ImageStore;
import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.KernelInspector;
import io.kubelab.linux.inspect.PodKernelView;
import io.kubelab.linux.net.Cleanup;
import io.kubelab.linux.net.ClusterNetwork;
import io.kubelab.linux.net.PodNetwork;
import io.kubelab.linux.proxy.LinuxServiceProxy;
import io.kubelab.linux.runc.HostCheck;
import io.kubelab.linux.runc.LinuxContainerRuntime;
import io.kubelab.linux.runc.RealModeUnavailableException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Real mode as a {@link NodePlatform}: every node a network namespace of one {@link ClusterNetwork},
 * every node's pods runc containers of its own {@link LinuxContainerRuntime}, kube-proxy a
 * {@link LinuxServiceProxy} (iptables rules inside the nodes, NodePorts forwarded from 127.0.0.1).
 *
 * <pre>
 *   LinuxPlatform platform = LinuxPlatform.create(2, LinuxPlatform.defaultBase());
 *   Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(2).withPlatform(platform));
 *   EngineLoop loop = new EngineLoop(cluster, 50);
 *   platform.wakeOnResults(loop);          // runtime results reach the kubelets at once, not next tick
 *   loop.start();
 *   cluster.close(); platform.close();      // nothing of the cluster is left on the machine
 * </pre>
 *
 * <p>On disk, under the base folder: {@code images/} (the image store, shared by every run) and
 * {@code nodes/<id>/<node>/} (each runtime's runc state, bundles and logs; removed at close). The
 * cluster's short id (6 hex digits) also names its namespaces ({@code kubelab-<id>-minikube}) and
 * its cgroups ({@code /kubelab/<id>-minikube}), so that two runs on one machine (the app beside a
 * test) never touch each other's. A run killed with SIGKILL leaves all of these; the next
 * {@link #create} removes them, as it removes the namespaces of a dead owner.
 *
 * <p>The runtimes run on wall time: drive the cluster with an {@code EngineLoop}.
 */
public final class LinuxPlatform implements NodePlatform, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinuxPlatform.class.getName());
    /** Executor threads per node runtime: enough for a lesson's pods starting together. */
    private static final int THREADS_PER_NODE = 8;

    private final ClusterNetwork net;
    private final Path stateDir;
    private final ImageStore images;
    private final List<LinuxContainerRuntime> runtimes = new ArrayList<>();
    private LinuxServiceProxy proxy;
    private boolean closed;

    private LinuxPlatform(ClusterNetwork net, Path stateDir, ImageStore images) {
        this.net = net;
        this.stateDir = stateDir;
        this.images = images;
    }

    /** Where real mode keeps its images and node state unless told otherwise: {@code /var/lib/kubelab}. */
    public static Path defaultBase() {
        return Path.of("/var/lib/kubelab");
    }

    /**
     * Checks the machine, then builds the network of {@code nodes} nodes and starts their runtimes.
     *
     * @throws RealModeUnavailableException when this machine cannot run real mode (not root, runc
     *                                      or a tool missing); the message says what to do
     */
    public static LinuxPlatform create(int nodes, Path base) throws RealModeUnavailableException, IOException {
        HostCheck.require();
        try {
            Cleanup.requireRoot();
        } catch (IllegalStateException e) {
            throw new RealModeUnavailableException(e.getMessage() + ". Kubelab stays in simulated mode.");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            names.add(ClusterConfig.nodeName(i));
        }
        ImageStore images = ImageStore.open(base.resolve("images"));
        // The id is claimed by the network before anything else of it is made, so a run starting
        // beside us never takes our node folders for a dead run's.
        ClusterNetwork net = ClusterNetwork.create(ClusterNetwork.newId(), names);
        LinuxPlatform platform = new LinuxPlatform(net, base.resolve("nodes").resolve(net.id()), images);
        try {
            removeDeadRuns(base.resolve("nodes"), images);
            for (String node : names) {
                platform.runtimes.add(LinuxContainerRuntime.start(new LinuxContainerRuntime.Options(
                        platform.runtimeNode(node), platform.stateDir.resolve(node), images,
                        new NodeNames(net, net.id() + "-"), THREADS_PER_NODE)));
            }
            platform.proxy = new LinuxServiceProxy(net);
        } catch (IOException | RuntimeException | RealModeUnavailableException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /**
     * Wakes {@code loop} whenever a runtime has a result for its kubelet, instead of leaving it for
     * the loop's next tick: a pod start is three results in a row (sandbox, container created,
     * started), each of which would otherwise wait half a tick on average. Wake-ups coalesce: one
     * pending at a time.
     */
    public void wakeOnResults(EngineLoop loop) {
        AtomicBoolean pending = new AtomicBoolean();
        Runnable wake = () -> {
            if (pending.compareAndSet(false, true)) {
                // clearing before the tick's drain: a result posted after it wakes the loop again
                loop.submit(() -> {
                    pending.set(false);
                    return null;
                });
            }
        };
        for (LinuxContainerRuntime rt : runtimes) {
            rt.onResult(wake);
        }
    }

    /** The cluster's short id (in its namespaces' and cgroups' names). */
    public String id() {
        return net.id();
    }

    public ClusterNetwork network() {
        return net;
    }

    public ImageStore images() {
        return images;
    }

    /** The runtime of node {@code index}. */
    public LinuxContainerRuntime runtime(int index) {
        return runtimes.get(index);
    }

    public LinuxServiceProxy serviceProxy() {
        return proxy;
    }

    /** The folder of this run's node state ({@code <base>/nodes/<id>}), removed at close. */
    public Path stateDir() {
        return stateDir;
    }

    /**
     * What the kernel says about pod {@code namespace/podName} (its namespaces, cgroups, veth, Service
     * rules, seccomp and capabilities), or empty when no node runs it. Blocking (starts {@code ip}
     * and {@code iptables-save}): call it from a background executor, not the engine or UI thread.
     */
    public Optional<PodKernelView> inspect(String namespace, String podName) throws IOException {
        return new KernelInspector(net, runtimes).inspect(namespace, podName);
    }

    /** The cgroup numbers of an inspected pod's containers, read again (no process started; cheap once a second). */
    public Map<String, CgroupUsage> usage(PodKernelView view) {
        return new KernelInspector(net, runtimes).usage(view);
    }

    @Override
    public Component kubeProxy(Cluster cluster) {
        checkNodes(cluster);
        return proxy;
    }

    @Override
    public ContainerRuntime containerRuntime(Cluster cluster, int index, Component kubeProxy) {
        checkNodes(cluster);
        return runtimes.get(index);
    }

    private void checkNodes(Cluster cluster) {
        if (cluster.config().nodes() != runtimes.size()) {
            throw new IllegalArgumentException("the cluster has " + cluster.config().nodes()
                    + " nodes but its real-mode platform was made for " + runtimes.size());
        }
    }

    /** A runtime's own name for node {@code node}: {@code <id>-minikube}, its cgroup parent {@code /kubelab/<id>-minikube}. */
    private String runtimeNode(String node) {
        return net.id() + "-" + node;
    }

    /**
     * Stops kube-proxy (its chains, the NodePort listeners), every container and sandbox, then
     * removes the namespaces, the cgroups and the node state. Idempotent; the first failure is
     * thrown after everything else was tried.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        if (proxy != null) {
            try {
                proxy.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        // The nodes' runtimes together: each stops its containers (runc delete --force) on its own.
        List<Thread> stops = new ArrayList<>();
        for (LinuxContainerRuntime rt : runtimes) {
            Thread t = new Thread(() -> {
                try {
                    rt.close();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "close-" + rt.nodeName());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            net.close();
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
        try {
            ImageStore.deleteTree(stateDir);
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            IOException thrown = first instanceof IOException io ? io : new IOException(first.getMessage(), first);
            failures.stream().skip(1).forEach(thrown::addSuppressed);
            throw thrown;
        }
    }

    /**
     * Removes the node folders of runs whose owner is gone (killed with SIGKILL): starting a
     * runtime over a folder removes its runc containers, mounts and cgroups, closing it the rest.
     * Their namespaces went already, with {@link Cleanup#removeOrphans()}.
     */
    private static void removeDeadRuns(Path nodesDir, ImageStore images) {
        if (!Files.isDirectory(nodesDir)) {
            return;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(nodesDir)) {
            for (Path run : runs) {
                String id = run.getFileName().toString();
                if (!id.matches("[a-z0-9]{1,8}") || Cleanup.ownerAlive(id)) {
                    continue;
                }
                try (DirectoryStream<Path> nodes = Files.newDirectoryStream(run)) {
                    for (Path node : nodes) {
                        LinuxContainerRuntime.start(new LinuxContainerRuntime.Options(id + "-" + node.getFileName(),
                                node, images, NoNetwork.INSTANCE, 1)).close();
                    }
                }
                ImageStore.deleteTree(run);
                LOG.log(System.Logger.Level.INFO, "removed what the dead Kubelab run " + id + " left in " + run);
            }
        } catch (IOException | RealModeUnavailableException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove what earlier runs left in " + nodesDir + ": " + e);
        }
    }

    /** The cluster network seen by a runtime that names its node {@code <id>-<node>}. */
    private record NodeNames(ClusterNetwork net, String prefix) implements PodNetwork {
        private String node(String runtimeNode) {
            return runtimeNode.startsWith(prefix) ? runtimeNode.substring(prefix.length()) : runtimeNode;
        }

        @Override
        public String attach(String node, String sandboxId, long pausePid) throws IOException {
            return net.attach(node(node), sandboxId, pausePid);
        }

        @Override
        public void detach(String node, String sandboxId) throws IOException {
            net.detach(node(node), sandboxId);
        }

        @Override
        public Path netnsPath(String node) {
            return net.netnsPath(node(node));
        }

        @Override
        public Path pinNetns(String node, String sandboxId) throws IOException {
            return net.pinNetns(node(node), sandboxId);
        }

        @Override
        public String attachPinned(String node, String sandboxId) throws IOException {
            return net.attachPinned(node(node), sandboxId);
        }
    }

    /** A dead run's network is gone with its namespaces: nothing to detach. */
    private enum NoNetwork implements PodNetwork {
        INSTANCE;

        @Override
        public String attach(String node, String sandboxId, long pausePid) {
            throw new IllegalStateException("a dead run's node takes no pods");
        }

        @Override
        public void detach(String node, String sandboxId) {
        }

        @Override
        public Path netnsPath(String node) {
            return Path.of("/proc/self/ns/net");
        }
    }
}
