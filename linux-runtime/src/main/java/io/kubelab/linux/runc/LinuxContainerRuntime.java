package io.kubelab.linux.runc;

import io.kubelab.engine.runtime.PodLabels;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ContainerState;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.ImageInfo;
import io.kubelab.engine.runtime.ImagePullException;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.PulledImage;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.RuntimeOperationException;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.linux.image.ImageStore;
import io.kubelab.linux.image.LocalImage;
import io.kubelab.linux.net.Cmd;
import io.kubelab.linux.net.PodNetwork;
import io.kubelab.linux.oci.ContainerSpec;
import io.kubelab.linux.oci.OciConfig;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container runtime of one node in real mode: every pod a runc sandbox (a pause process
 * holding the pod's network, IPC and UTS namespaces, attached to the node's network by
 * {@link PodNetwork}) and every container a runc container joining them, from the generated
 * {@code config.json} of {@link OciConfig}, on an overlay of its image from the {@link ImageStore}.
 *
 * <p>A container runs as {@code runc run --keep} in the foreground, a child of this JVM: runc waits
 * for the container's init and exits with its status (128 + signal when killed), which is how the
 * exit code reaches us ({@code runc create}/{@code start} detach, and a JVM cannot be the subreaper
 * that would collect it). {@code --keep} leaves the stopped container and its cgroup for a moment,
 * so the memory cgroup's OOM-kill counter can be read before {@code runc delete}. The pause runs
 * detached ({@code runc run -d}); its exit status matters to nobody.
 *
 * <p>Threading (the port's contract): methods are called on the engine thread and never block;
 * blocking work runs on this runtime's executor, whose threads complete the futures and call the
 * listeners. Containers' stdout and stderr go to files (a pipe would tie the container to this
 * JVM), which one log thread tails every {@value #LOG_POLL_MILLIS} ms.
 *
 * <p>Nothing stays behind: {@link #close()} and {@link #start} (after a crash) remove every runc
 * container whose ID starts with {@code kubelab-} from this node's runc root, every mount under the
 * node's state folder, the node's cgroups under {@code /kubelab/<node>}, and the sandboxes' network
 * attachments.
 */
public final class LinuxContainerRuntime implements ContainerRuntime, AutoCloseable {
    /** runc IDs of Kubelab's containers start with this, so orphans are found after a crash. */
    public static final String PREFIX = "kubelab-";
    static final int MAX_LOG_LINES = 10_000;
    static final long LOG_POLL_MILLIS = 100;
    private static final String PAUSE_SECONDS = "2147483647";

    /**
     * How to run one node.
     *
     * @param nodeName  the node ({@code minikube}); also the cgroup parent {@code /kubelab/<node>}
     * @param stateDir  the node's folder: runc's state, bundles, logs (emptied at start)
     * @param images    the image store (may be shared by the nodes)
     * @param network   the pod network
     * @param threads   the executor's size
     */
    public record Options(String nodeName, Path stateDir, ImageStore images, PodNetwork network, int threads) {}

    private final Options options;
    private final String node;
    private final Path runc;
    private final Path runcRoot;
    private final Path containersDir;
    private final Path sandboxesDir;
    private final Cgroups cgroups = Cgroups.host();
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService logThread;
    /** Handles container exits, apart from the executor, whose threads may be waiting for exactly these. */
    private final ExecutorService reaper;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final List<Consumer<RuntimeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final String runcVersion;
    private volatile boolean powered = true;
    private volatile boolean closed;
    /** Tells the engine thread that a result was posted (see {@link #onResult}). */
    private volatile Runnable wakeup = () -> { };

    private LinuxContainerRuntime(Options options, Path runc) throws IOException {
        this.options = options;
        this.node = options.nodeName();
        this.runc = runc;
        this.runcRoot = options.stateDir().resolve("runc");
        this.containersDir = options.stateDir().resolve("containers");
        this.sandboxesDir = options.stateDir().resolve("sandboxes");
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "runc-" + node + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.reaper = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runc-exits-" + node);
            t.setDaemon(true);
            return t;
        });
        this.logThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runc-logs-" + node);
            t.setDaemon(true);
            return t;
        });
        Matcher m = Pattern.compile("runc version (\\S+)").matcher(Commands.check(List.of(runc.toString(), "--version")));
        this.runcVersion = m.find() ? m.group(1).replaceAll("\\+.*", "") : "unknown";
    }

    /**
     * Starts the runtime of a node: checks the host (root, runc), removes what an earlier run that
     * crashed left behind, and makes sure the built-in busybox image exists.
     */
    public static LinuxContainerRuntime start(Options options) throws RealModeUnavailableException, IOException {
        Path runc = HostCheck.require();
        if (!options.nodeName().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("node name " + options.nodeName() + " is not a DNS label");
        }
        LinuxContainerRuntime rt = new LinuxContainerRuntime(options, runc);
        rt.cleanup();
        Files.createDirectories(rt.runcRoot);
        Files.createDirectories(rt.containersDir);
        Files.createDirectories(rt.sandboxesDir);
        options.images().ensureBusybox();
        rt.logThread.scheduleWithFixedDelay(rt::pumpLogs, LOG_POLL_MILLIS, LOG_POLL_MILLIS, TimeUnit.MILLISECONDS);
        return rt;
    }

    public String nodeName() {
        return node;
    }

    public ImageStore imageStore() {
        return options.images();
    }

    /** The cgroup parent of this node's pods. */
    public String cgroupParent() {
        return "/kubelab/" + node;
    }

    @Override
    public String runtimeName() {
        return "runc";
    }

    @Override
    public String runtimeVersion() {
        return runcVersion;
    }

    @Override
    public String kernelVersion() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    @Override
    public String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "Linux";
    }

    /**
     * Runs {@code wakeup} after every result this runtime hands back from its threads (a future
     * completed, a container event emitted), once the kubelet's callbacks have posted it. An engine
     * loop that only looked at its inbox every tick (50 ms) would otherwise leave each step of a
     * pod start (sandbox, create, start: three results) waiting 25 ms on average, 75 ms a pod.
     */
    public void onResult(Runnable wakeup) {
        this.wakeup = wakeup == null ? () -> { } : wakeup;
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private <T> CompletableFuture<T> async(BlockingCall<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new RuntimeOperationException("the runtime of node " + node + " is closed"));
            return f;
        }
        executor.execute(() -> {
            try {
                f.complete(call.call());
            } catch (RuntimeOperationException | ImagePullException e) {
                f.completeExceptionally(e);
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(new RuntimeOperationException("Error response from daemon: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.completeExceptionally(new RuntimeOperationException("interrupted"));
            } finally {
                wake();
            }
        });
        return f;
    }

    @FunctionalInterface
    private interface BlockingCall<T> {
        T call() throws IOException, InterruptedException;
    }

    private List<String> runcCmd(String... args) {
        List<String> argv = new ArrayList<>(List.of(runc.toString(), "--root", runcRoot.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    private String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void emit(RuntimeEvent e) {
        for (Consumer<RuntimeEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException x) {
                // a listener's failure is its own
            }
        }
        wake();
    }

    private void wake() {
        try {
            wakeup.run();
        } catch (RuntimeException e) {
            // the engine's loop is closing: nothing to wake
        }
    }

    // ---- machine ----------------------------------------------------------------------------

    @Override
    public void powerOff() {
        if (!powered) {
            return;
        }
        powered = false;
        List<Container> running;
        List<Sandbox> sbs;
        synchronized (this) {
            running = containers.values().stream().filter(c -> c.state == ContainerState.RUNNING).toList();
            sbs = List.copyOf(sandboxes.values());
            sbs.forEach(s -> s.ready = false);
        }
        running.forEach(c -> c.silent = true);
        executor.execute(() -> {
            for (Container c : running) {
                killQuietly(c);
            }
            for (Sandbox s : sbs) {
                detachQuietly(s);
            }
        });
    }

    @Override
    public void powerOn() {
        powered = true;
    }

    @Override
    public boolean isPoweredOn() {
        return powered;
    }

    // ---- images -----------------------------------------------------------------------------

    @Override
    public CompletableFuture<PulledImage> pullImage(String image) {
        // No registry: a present image is "pulled" at once, an absent one says how to import it.
        CompletableFuture<PulledImage> f = new CompletableFuture<>();
        try {
            LocalImage img = options.images().require(image);
            f.complete(new PulledImage(img.info(), Duration.ZERO, false));
        } catch (ImagePullException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public Optional<ImageInfo> image(String image) {
        return options.images().find(image).map(LocalImage::info);
    }

    @Override
    public List<ImageInfo> images() {
        return options.images().list().stream().map(LocalImage::info).toList();
    }

    @Override
    public boolean removeImage(String image) {
        try {
            return options.images().remove(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- sandboxes --------------------------------------------------------------------------

    private final class Sandbox {
        final String id;
        final SandboxConfig config;
        final Instant createdAt = Instant.now();
        final Path dir;
        final String cgroupParent;
        volatile String ip = "";
        volatile boolean ready;
        volatile long pausePid;
        Container pause;
        /**
         * The newest files asked for each configMap volume and not yet written (see
         * {@link #updateVolume}); also the lock the writes of this sandbox's volumes take.
         */
        final Map<String, Map<String, String>> volumeUpdates = new java.util.HashMap<>();

        Sandbox(String id, SandboxConfig config) {
            this.id = id;
            this.config = config;
            this.dir = sandboxesDir.resolve(id);
            this.cgroupParent = "/kubelab/" + node + "/" + config.namespace() + "_" + config.podName() + "_" + id.substring(0, 8);
        }

        PodSandbox view() {
            return new PodSandbox(id, config.podUid(), ip, ready, createdAt);
        }
    }

    @Override
    public CompletableFuture<PodSandbox> runPodSandbox(SandboxConfig config) {
        if (!powered) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("the node is powered off"));
        }
        return async(() -> {
            Sandbox s = new Sandbox(newId(), config);
            LocalImage busybox = options.images().ensureBusybox();
            Files.createDirectories(s.dir.resolve("volumes"));
            Files.writeString(s.dir.resolve("hostname"), config.podName() + "\n");
            Files.writeString(s.dir.resolve("resolv.conf"), "nameserver 10.0.0.10\nsearch " + config.namespace()
                    + ".svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
            Map<String, String> labels = PodLabels.of(config.podName(), config.namespace(), config.podUid(), "POD");
            labels.put("io.kubernetes.docker.type", "podsandbox");
            Container pause = new Container(s.id, "k8s_POD_" + config.podName() + "_" + config.namespace() + "_"
                    + config.podUid() + "_" + config.attempt(), s, "busybox:latest", busybox,
                    List.of("/bin/sleep", PAUSE_SECONDS), List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), "/", 0, 0,
                    "SIGKILL", LinuxContainerResources.NONE, List.of(), labels, true, s.dir.resolve("pause"));
            s.pause = pause;
            synchronized (this) {
                sandboxes.put(s.id, s);
                containers.put(s.id, pause);
            }
            Files.createDirectories(pause.dir);
            // The pod's network namespace is made and pinned first (one short `ip netns add`), so
            // that its veth, address and route are set up while runc starts the pause: both take
            // 50–400 ms on a busy machine, and one after the other they were half a pod start.
            Path netns;
            try {
                netns = options.network().pinNetns(node, s.id);
            } catch (IOException | RuntimeException e) {
                failSandbox(s, null);
                throw new RuntimeOperationException("Failed to create pod sandbox: failed to set up the network of "
                        + "sandbox " + s.id + ": " + e.getMessage());
            }
            ContainerSpec spec = new ContainerSpec(busybox.rootfs().toString(), true, pause.argv, pause.env, "/", 0, 0,
                    config.podName(), null, List.of(), ContainerSpec.Resources.NONE, s.cgroupParent + "/POD",
                    OciConfig.annotations(labels), netns == null ? null : netns.toString());
            Files.writeString(pause.dir.resolve("config.json"), OciConfig.json(spec));
            Path pidFile = pause.dir.resolve("pid");
            Process p = new ProcessBuilder(runcCmd("--log", pause.dir.resolve("runc.log").toString(), "--log-format",
                    "json", "run", "-d", "--pid-file", pidFile.toString(), "--bundle", pause.dir.toString(), pause.runcId))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(pause.stdout.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(pause.stderr.toFile()))
                    .start();
            Exception netError = null;
            if (netns != null) {
                try {
                    s.ip = options.network().attachPinned(node, s.id); // while runc runs
                } catch (IOException | RuntimeException e) {
                    netError = e;
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String why = runcError(pause);
                failSandbox(s, pause);
                throw new RuntimeOperationException("Failed to create pod sandbox: " + why);
            }
            s.pausePid = Long.parseLong(Files.readString(pidFile).trim());
            pause.pid = s.pausePid;
            pause.markRunning();
            if (config.pidsLimit() > 0) {
                // The kubelet's podPidsLimit is on the pod's cgroup, the parent of every container's:
                // the containers share one budget (runc made the parent when it started the pause).
                try {
                    cgroups.setPidsMax(s.cgroupParent, config.pidsLimit());
                } catch (UncheckedIOException e) {
                    // a kernel without the pids controller: the pod runs unlimited, as on such a node
                }
            }
            if (netns == null && netError == null) {
                try {
                    s.ip = options.network().attach(node, s.id, s.pausePid);
                } catch (IOException | RuntimeException e) {
                    netError = e;
                }
            }
            if (netError != null) {
                killQuietly(pause);
                failSandbox(s, pause);
                throw new RuntimeOperationException("Failed to create pod sandbox: failed to set up the network of "
                        + "sandbox " + s.id + ": " + netError.getMessage());
            }
            Files.writeString(s.dir.resolve("hosts"), "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                    + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                    + "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" + s.ip + "\t" + config.podName() + "\n");
            s.ready = true;
            emit(new RuntimeEvent.ContainerStarted(pause.id, pause.startedAt));
            return s.view();
        });
    }

    /**
     * Undoes a sandbox that failed to start: runc's state, the network (the pinned namespace too),
     * the pod's cgroup (runc removes only the pause's own, {@code …/POD}, not its parent) and the
     * sandbox's folder, so that the kubelet's next attempt starts clean and nothing stays behind.
     */
    private void failSandbox(Sandbox s, Container pause) {
        forget(s);
        if (s.pause != null) {
            s.pause.endFollows(true);
        }
        if (pause != null) {
            deleteQuietly(pause.runcId);
        }
        detachQuietly(s);
        cgroups.removeTree(s.cgroupParent);
        deleteTree(s.dir);
    }

    private synchronized void forget(Sandbox s) {
        sandboxes.remove(s.id);
        containers.remove(s.id);
    }

    @Override
    public CompletableFuture<Void> stopPodSandbox(String sandboxId) {
        Sandbox s;
        List<Container> inside;
        synchronized (this) {
            s = sandboxes.get(sandboxId);
            if (s == null) {
                return CompletableFuture.completedFuture(null);
            }
            inside = containers.values().stream().filter(c -> c.sandbox == s && !c.pause).toList();
        }
        return async(() -> {
            for (Container c : inside) {
                if (c.state == ContainerState.RUNNING) {
                    runcKill(c, "KILL");
                    awaitExit(c, Duration.ofSeconds(20));
                }
            }
            s.ready = false;
            Container pause = s.pause;
            if (pause != null && pause.state == ContainerState.RUNNING) {
                killQuietly(pause);
                pause.finishRun(0, "Completed", "", false);
            }
            detachQuietly(s);
            return null;
        });
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        Sandbox s;
        List<Container> gone;
        synchronized (this) {
            s = sandboxes.remove(sandboxId);
            if (s == null) {
                return;
            }
            gone = containers.values().stream().filter(c -> c.sandbox == s && c.state != ContainerState.RUNNING).toList();
            gone.forEach(c -> containers.remove(c.id));
        }
        for (Container c : gone) {
            c.endFollows(true);
        }
        executor.execute(() -> {
            for (Container c : gone) {
                c.dispose();
            }
            if (s.pause != null && s.pause.state == ContainerState.RUNNING) {
                killQuietly(s.pause);
            }
            detachQuietly(s);
            cgroups.removeTree(s.cgroupParent);
            deleteTree(s.dir);
        });
    }

    /**
     * Rewrites a configMap volume's files inside the sandbox's folder that the containers have
     * bound ({@link VolumeFiles#replace}); a folder not made yet is made with these files. Two
     * updates of a volume in a row end with the second's files, whichever executor thread runs first:
     * each write takes the newest files asked for.
     */
    @Override
    public CompletableFuture<Void> updateVolume(String sandboxId, String volumeName, Map<String, String> files) {
        Sandbox s;
        synchronized (this) {
            s = sandboxes.get(sandboxId);
        }
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (s.volumeUpdates) {
            s.volumeUpdates.put(volumeName, Map.copyOf(files));
        }
        return async(() -> {
            synchronized (s.volumeUpdates) {
                Map<String, String> newest = s.volumeUpdates.remove(volumeName);
                if (newest != null) {
                    VolumeFiles.replace(s.dir.resolve("volumes").resolve(volumeName), newest);
                }
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<PodSandbox> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(Sandbox::view);
    }

    /** A sandbox's pause process (its PID on the host), for the kernel inspector; 0 when not running. */
    public synchronized long pausePid(String sandboxId) {
        Sandbox s = sandboxes.get(sandboxId);
        return s == null || !s.ready ? 0 : s.pausePid;
    }

    private void detachQuietly(Sandbox s) {
        try {
            options.network().detach(node, s.id);
        } catch (IOException | RuntimeException e) {
            // idempotent; the next start's cleanup tries again
        }
    }

    // ---- containers -------------------------------------------------------------------------

    @Override
    public CompletableFuture<String> createContainer(String sandboxId, ContainerConfig config) {
        Sandbox sandbox;
        synchronized (this) {
            sandbox = sandboxId == null ? null : sandboxes.get(sandboxId);
        }
        if (sandboxId != null && (sandbox == null || !sandbox.ready)) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such container: " + sandboxId));
        }
        Optional<LocalImage> found = options.images().find(config.image());
        if (found.isEmpty()) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such image: " + config.image()));
        }
        LocalImage img = found.get();
        List<String> argv = new ArrayList<>();
        if (config.command() != null && !config.command().isEmpty()) {
            argv.addAll(config.command());
            if (config.args() != null) {
                argv.addAll(config.args());
            }
        } else {
            argv.addAll(img.config().entrypoint());
            argv.addAll(config.args() != null ? config.args() : img.config().cmd());
        }
        if (argv.isEmpty()) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No command specified"));
        }
        return async(() -> {
            String id = newId();
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, String> imageEnv = new LinkedHashMap<>();
            for (String kv : img.config().env()) {
                int eq = kv.indexOf('=');
                imageEnv.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
            env.put("PATH", imageEnv.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
            String hostname = sandbox != null ? sandbox.config.podName()
                    : config.hostname() != null ? config.hostname() : id.substring(0, 12);
            env.put("HOSTNAME", hostname);
            if (config.env() != null) {
                env.putAll(config.env());
            }
            imageEnv.forEach(env::putIfAbsent);
            env.putIfAbsent("HOME", "/root");
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            String name;
            Map<String, String> labels;
            if (config.podName() != null) {
                name = "k8s_" + config.name() + "_" + config.podName() + "_" + config.podNamespace() + "_"
                        + config.podUid() + "_" + config.attempt();
                labels = PodLabels.of(config.podName(), config.podNamespace(), config.podUid(), config.name());
                labels.put("io.kubernetes.docker.type", "container");
            } else {
                name = config.name() != null ? config.name() : "kubelab_" + id.substring(0, 8);
                labels = new LinkedHashMap<>();
            }
            String cwd = config.workingDir() != null && !config.workingDir().isEmpty() ? config.workingDir()
                    : img.config().workingDir();
            int[] user = user(img);
            Container c = new Container(id, name, sandbox, config.image(), img, argv, envList, cwd, user[0], user[1],
                    img.config().stopSignal(), config.resources(), config.mounts(), labels, false, containersDir.resolve(id));
            c.hostname = hostname;
            Files.createDirectories(c.dir.resolve("rootfs"));
            Files.createDirectories(c.dir.resolve("upper"));
            Files.createDirectories(c.dir.resolve("work"));
            synchronized (this) {
                containers.put(id, c);
            }
            return id;
        });
    }

    /** The image's {@code USER} as numbers; names are looked up in the image's {@code /etc/passwd}. */
    private static int[] user(LocalImage img) throws IOException {
        String u = img.config().user();
        if (u.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] parts = u.split(":", 2);
        int uid = -1;
        int gid = -1;
        if (parts[0].matches("\\d+")) {
            uid = Integer.parseInt(parts[0]);
        }
        if (parts.length > 1 && parts[1].matches("\\d+")) {
            gid = Integer.parseInt(parts[1]);
        }
        Path passwd = img.rootfs().resolve("etc/passwd");
        if ((uid < 0 || gid < 0) && Files.isRegularFile(passwd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length > 3 && (f[0].equals(parts[0]) || (uid >= 0 && f[2].equals(String.valueOf(uid))))) {
                    uid = uid < 0 ? Integer.parseInt(f[2]) : uid;
                    gid = gid < 0 ? Integer.parseInt(f[3]) : gid;
                    break;
                }
            }
        }
        if (uid < 0) {
            throw new RuntimeOperationException("Error response from daemon: unable to find user " + parts[0]
                    + ": no matching entries in passwd file");
        }
        return new int[] {uid, Math.max(gid, 0)};
    }

    @Override
    public CompletableFuture<Void> startContainer(String containerId) {
        Container c;
        synchronized (this) {
            c = containers.get(containerId);
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such container: " + containerId));
        }
        if (c.state == ContainerState.RUNNING) {
            return CompletableFuture.completedFuture(null);
        }
        if (c.sandbox != null && !c.sandbox.ready) {
            return CompletableFuture.failedFuture(new RuntimeOperationException(
                    "Error response from daemon: cannot join network of a non running container: " + c.sandbox.id));
        }
        return async(() -> {
            try {
                c.start();
            } catch (IOException | InterruptedException | RuntimeException e) {
                // it never ran: whoever follows it is done (ContainerCannotRun has ended them already)
                if (c.state != ContainerState.RUNNING) {
                    c.endFollows(false);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> stopContainer(String containerId, Duration grace) {
        Container c;
        synchronized (this) {
            c = containers.get(containerId);
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such container: " + containerId));
        }
        if (c.state != ContainerState.RUNNING) {
            return CompletableFuture.completedFuture(null);
        }
        return async(() -> {
            if (!grace.isZero() && !grace.isNegative()) {
                runcKill(c, c.stopSignal);
                if (awaitExit(c, grace)) {
                    return null;
                }
            }
            // PID 1 ignores SIGTERM unless it traps it: KILL after the grace period.
            runcKill(c, "KILL");
            awaitExit(c, Duration.ofSeconds(30));
            return null;
        });
    }

    /** Waits for the container's exit to be handled (status updated, event sent); false on timeout. */
    private static boolean awaitExit(Container c, Duration max) throws InterruptedException {
        CompletableFuture<Void> exited = c.exited;
        if (exited == null) {
            return true;
        }
        try {
            exited.get(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private void runcKill(Container c, String signal) throws IOException {
        // "container not running" when it exited meanwhile: fine
        Commands.run(runcCmd("kill", c.runcId, signal.startsWith("SIG") ? signal.substring(3) : signal), 30);
    }

    /** Kills a container and deletes its runc state, whatever state it is in. */
    private void killQuietly(Container c) {
        try {
            long pid = c.pid;
            Commands.run(runcCmd("kill", c.runcId, "KILL"), 30);
            // the init's exit is what "runc state" would poll for; waiting on the PID spares a process per poll
            if (pid > 0) {
                waitDead(pid, Duration.ofSeconds(10));
            }
            if (!c.pause) {
                awaitExit(c, Duration.ofSeconds(10));
            }
            deleteQuietly(c.runcId);
        } catch (IOException e) {
            // cleanup at close/start tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until a process (not our child) is gone or a zombie: the pause, once killed, is dead
     * for runc even before its new parent reaps it. {@code /proc/<pid>/stat}'s third field is the state.
     */
    static void waitDead(long pid, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Path stat = Path.of("/proc/" + pid + "/stat");
        while (System.nanoTime() < deadline) {
            try {
                String st = Files.readString(stat);
                String afterName = st.substring(st.lastIndexOf(')') + 2);
                if (afterName.startsWith("Z") || afterName.startsWith("X")) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return; // no such process
            }
            Thread.sleep(5);
        }
    }

    private void deleteQuietly(String runcId) {
        if (!Files.isDirectory(runcRoot.resolve(runcId))) {
            return; // runc has no state for it: spare a process (each costs tens of ms, more on a busy machine)
        }
        try {
            Commands.run(runcCmd("delete", "--force", runcId), 30);
        } catch (IOException e) {
            // cleanup at close/start tries again
        }
    }

    @Override
    public boolean removeContainer(String containerId) {
        Container c;
        synchronized (this) {
            c = containers.get(containerId);
            if (c == null || c.state == ContainerState.RUNNING || c.pause) {
                return false;
            }
            containers.remove(containerId);
        }
        c.endFollows(true);
        executor.execute(c::dispose);
        return true;
    }

    @Override
    public synchronized Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(Container::status);
    }

    @Override
    public synchronized List<ContainerStatus> containers() {
        return containers.values().stream().map(Container::status).toList();
    }

    /** A container's process on the host, for the kernel inspector; 0 when not running. */
    public synchronized long pid(String containerId) {
        Container c = containers.get(containerId);
        return c == null || c.state != ContainerState.RUNNING ? 0 : c.pid;
    }

    /** A standalone container's address on the node's bridge; empty when it has none (or is in a pod). */
    public synchronized Optional<String> standaloneIp(String containerId) {
        Container c = containers.get(containerId);
        return c == null || c.ip.isEmpty() ? Optional.empty() : Optional.of(c.ip);
    }

    /** A container's cgroup path ({@code /kubelab/<node>/<ns>_<pod>_<id8>/<name>_<id8>}). */
    public synchronized Optional<String> cgroupPath(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.cgroupsPath);
    }

    /** The {@code config.json} runc ran a container from (its bundle's), for the kernel inspector. */
    public synchronized Optional<Path> bundleConfig(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(c -> c.dir.resolve("config.json"));
    }

    // ---- one container ----------------------------------------------------------------------

    private final class Container {
        final String id;
        final String runcId;
        final String name;
        final Sandbox sandbox;
        final String image;
        final LocalImage img;
        final List<String> argv;
        final List<String> env;
        final String cwd;
        final int uid;
        final int gid;
        final String stopSignal;
        final LinuxContainerResources resources;
        final List<Mount> mounts;
        final Map<String, String> labels;
        final boolean pause;
        final Path dir;
        final Path stdout;
        final Path stderr;
        final String cgroupsPath;
        final Instant createdAt = Instant.now();
        /** The lines so far; also the lock of everything about logs: tails, followers, {@link #logsOpen}. */
        final Deque<LogLine> logs = new ArrayDeque<>();
        /** Who follows: added, delivered to and ended under the {@link #logs} lock. */
        final List<Follower> followers = new CopyOnWriteArrayList<>();
        /**
         * Whether the current run (or, while created, the first) may still write: a follow taken now
         * waits for its end. False from the end of a run (its last lines delivered) to the next start.
         */
        boolean logsOpen = true;
        final LogTail outTail;
        final LogTail errTail;
        String hostname;
        /** A standalone container's address on the node's bridge ("" when none). */
        volatile String ip = "";
        volatile ContainerState state = ContainerState.CREATED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile int exitCode;
        volatile String reason = "";
        volatile String message = "";
        volatile long pid;
        volatile boolean silent;
        volatile CompletableFuture<Void> exited;

        Container(String id, String name, Sandbox sandbox, String image, LocalImage img, List<String> argv,
                  List<String> env, String cwd, int uid, int gid, String stopSignal,
                  LinuxContainerResources resources, List<Mount> mounts, Map<String, String> labels, boolean pause, Path dir) {
            this.id = id;
            this.runcId = PREFIX + id;
            this.name = name;
            this.sandbox = sandbox;
            this.image = image;
            this.img = img;
            this.argv = List.copyOf(argv);
            this.env = List.copyOf(env);
            this.cwd = cwd;
            this.uid = uid;
            this.gid = gid;
            this.stopSignal = stopSignal;
            this.resources = resources;
            this.mounts = List.copyOf(mounts);
            this.labels = labels;
            this.pause = pause;
            this.dir = dir;
            this.stdout = dir.resolve("stdout.log");
            this.stderr = dir.resolve("stderr.log");
            String cname = pause ? "POD" : name.replaceAll("[^A-Za-z0-9_.-]", "_");
            if (!pause && sandbox != null) {
                String containerName = labels.getOrDefault(PodLabels.CONTAINER_NAME, cname);
                cname = containerName + "_" + id.substring(0, 8);
            } else if (!pause) {
                cname = cname + "_" + id.substring(0, 8);
            }
            this.cgroupsPath = sandbox != null ? sandbox.cgroupParent + "/" + cname
                    : "/kubelab/" + node + "/standalone/" + cname;
            this.outTail = new LogTail(stdout, LogLine.Stream.STDOUT);
            this.errTail = new LogTail(stderr, LogLine.Stream.STDERR);
        }

        void markRunning() {
            synchronized (logs) {
                startedAt = Instant.now();
                finishedAt = null;
                exitCode = 0;
                reason = "";
                message = "";
                state = ContainerState.RUNNING;
                logsOpen = true; // a new run: new follows wait for its end
            }
        }

        /**
         * The run is over: its last lines (also one without a final newline) go to the followers, the
         * container is marked exited, and then each follow that waits for the end is ended, once.
         */
        void finishRun(int code, String why, String msg, boolean drain) {
            synchronized (logs) {
                if (drain) {
                    drainLocked(true);
                }
                markExited(code, why, msg);
            }
            endFollows(false);
        }

        /**
         * Ends the follows that wait for the end of the run (and, when the container is gone, every
         * follow): taken from the list under the lock, so each ends once, after every line delivered.
         * Their ends run outside the lock, where an end may call back into the runtime.
         */
        void endFollows(boolean gone) {
            List<Follower> done = new ArrayList<>();
            synchronized (logs) {
                logsOpen = false;
                for (Follower f : followers) {
                    if (gone || f.onEnd != null) {
                        done.add(f);
                    }
                }
                followers.removeAll(done);
            }
            for (Follower f : done) {
                if (f.onEnd != null) {
                    try {
                        f.onEnd.run();
                    } catch (RuntimeException e) {
                        // a follower's failure is its own
                    }
                }
            }
        }

        /**
         * Reads what the log files grew by and hands each new line to the followers, under the
         * {@link #logs} lock, so that {@link #logsAndFollow}'s snapshot and registration sit wholly
         * before or after a batch: every line is in the snapshot or delivered, once. Sinks only
         * queue (the HTTP stream, the console), never call back into the runtime.
         */
        void drainLocked(boolean flush) {
            for (int round = 0; round < 1024; round++) {
                List<LogLine> fresh = new ArrayList<>();
                Instant now = Instant.now();
                for (LogTail t : List.of(outTail, errTail)) {
                    for (String line : t.read(flush)) {
                        fresh.add(new LogLine(now, t.stream, line));
                    }
                }
                for (LogLine l : fresh) {
                    // each line delivered as it is appended: even a follow taken on this thread
                    // between two lines (a sink that should not, but does) gets each line once
                    logs.addLast(l);
                    while (logs.size() > MAX_LOG_LINES) {
                        logs.removeFirst();
                    }
                    for (Follower f : followers) {
                        try {
                            f.sink.accept(l);
                        } catch (RuntimeException e) {
                            // a follower's failure is its own: the others still get the line
                        }
                    }
                }
                if (!outTail.behind && !errTail.behind) {
                    return;
                }
            }
        }

        void markExited(int code, String why, String msg) {
            finishedAt = Instant.now();
            exitCode = code;
            reason = why;
            message = msg;
            state = ContainerState.EXITED;
        }

        private Path rootfs() {
            return dir.resolve("rootfs");
        }

        /**
         * Writes a configMap volume's files ({@code conf/app.properties} makes {@code conf}) into a
         * folder of this container's and renames it to {@code vol} in one step, so that two containers
         * of the pod starting at once never see it half written; the one that loses the race keeps the
         * other's (the same files).
         */
        private void writeVolumeFiles(Path vol, Map<String, String> files) throws IOException {
            Path tmp = vol.resolveSibling("." + vol.getFileName() + "." + id.substring(0, 12));
            deleteTree(tmp);
            Files.createDirectories(tmp);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = tmp.resolve(f.getKey()).normalize();
                if (!file.startsWith(tmp)) {
                    throw new IOException("volume file " + f.getKey() + " is outside its folder"); // Mount forbids it
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            }
            try {
                Files.move(tmp, vol, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(tmp);
            }
        }

        /** Mounts the overlay, writes the bundle and runs {@code runc run --keep} until the process runs. */
        void start() throws IOException, InterruptedException {
            Sandbox s = sandbox;
            if (s != null && !s.ready) {
                throw new RuntimeOperationException("Error response from daemon: cannot join network of a non running container: " + s.id);
            }
            deleteQuietly(runcId); // a previous run's kept state
            mountRootfs();
            List<ContainerSpec.BindMount> mounts = new ArrayList<>();
            if (s != null) {
                mounts.add(new ContainerSpec.BindMount(s.dir.resolve("hosts").toString(), "/etc/hosts", false));
                mounts.add(new ContainerSpec.BindMount(s.dir.resolve("hostname").toString(), "/etc/hostname", false));
                mounts.add(new ContainerSpec.BindMount(s.dir.resolve("resolv.conf").toString(), "/etc/resolv.conf", false));
            }
            // emptyDir volumes: one folder per name in the sandbox, so the pod's containers share it
            // (a standalone container keeps its own); a configMap volume's folder holds its files,
            // written when the sandbox first mounts it, and is bound read-only (Mount says so)
            Path volumes = (s != null ? s.dir : dir).resolve("volumes");
            for (Mount v : this.mounts) {
                Path vol = volumes.resolve(v.volumeName());
                if (v.isEmptyDir()) {
                    Files.createDirectories(vol);
                } else if (!Files.isDirectory(vol)) {
                    writeVolumeFiles(vol, v.files());
                }
                mounts.add(new ContainerSpec.BindMount(vol.toString(), v.containerPath(), v.readOnly()));
            }
            ContainerSpec spec = new ContainerSpec(rootfs().toString(), false, argv, env, cwd, uid, gid,
                    s == null ? hostname : null, s == null ? null : s.pausePid, mounts,
                    ContainerSpec.Resources.of(resources),
                    cgroupsPath, OciConfig.annotations(labels));
            Files.writeString(dir.resolve("config.json"), OciConfig.json(spec));
            Path pidFile = dir.resolve("pid");
            Files.deleteIfExists(pidFile);
            Path runcLog = dir.resolve("runc.log");
            Files.deleteIfExists(runcLog);
            CompletableFuture<Void> myExit = new CompletableFuture<>();
            exited = myExit;
            Process p = new ProcessBuilder(runcCmd("--log", runcLog.toString(), "--log-format", "json", "run", "--keep",
                    "--pid-file", pidFile.toString(), "--bundle", dir.toString(), runcId))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pidFile) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (!Files.exists(pidFile)) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
                p.waitFor(10, TimeUnit.SECONDS);
                String why = runcError(this);
                deleteQuietly(runcId);
                unmountRootfs();
                int code = why.contains("permission denied") ? 126 : 127;
                String error = "failed to create task for container: failed to create shim task: OCI runtime create "
                        + "failed: runc create failed: " + why + ": unknown";
                // what runc said is in the stderr file; it is no line of the container's
                synchronized (logs) {
                    outTail.skip();
                    errTail.skip();
                }
                finishRun(code, "ContainerCannotRun", error, false);
                myExit.complete(null);
                throw new RuntimeOperationException("Error response from daemon: " + error);
            }
            pid = Long.parseLong(Files.readString(pidFile).trim());
            if (s == null) {
                attachStandalone();
            }
            markRunning();
            emit(new RuntimeEvent.ContainerStarted(id, startedAt));
            p.onExit().thenAcceptAsync(done -> exited(done.exitValue(), myExit), reaper);
        }

        /**
         * A standalone container ({@code docker run}) on the node's bridge, as docker's default
         * bridge network: its own network namespace (runc made it) gets a veth and the next address
         * of the node's pod CIDR. The process runs a few milliseconds before its address does (runc
         * run starts it at once); a server binding 0.0.0.0 does not notice.
         */
        private void attachStandalone() {
            try {
                ip = options.network().attach(node, id, pid);
            } catch (IOException | RuntimeException e) {
                ip = ""; // the container keeps its loopback only, as with docker's --network none
            }
        }

        /** The process ended: read the OOM counter, delete runc's state, report. Executor thread. */
        private void exited(int code, CompletableFuture<Void> myExit) {
            boolean finished = false;
            try {
                if (sandbox == null && !ip.isEmpty()) {
                    ip = "";
                    try {
                        options.network().detach(node, id);
                    } catch (IOException | RuntimeException e) {
                        // idempotent; the namespace went with the process
                    }
                }
                long ooms = cgroups.oomKills(cgroupsPath);
                deleteQuietly(runcId);
                unmountRootfs();
                String why = ooms > 0 && code != 0 ? "OOMKilled" : code == 0 ? "Completed" : "Error";
                if (silent) {
                    code = 255;
                    why = "Error";
                }
                finishRun(code, why, "", true);
                finished = true;
                if (!silent) {
                    emit(new RuntimeEvent.ContainerExited(id, code, why, finishedAt));
                }
            } finally {
                if (!finished) {
                    endFollows(false); // something above failed: a follow must not hang all the same
                }
                myExit.complete(null);
            }
        }

        private void mountRootfs() throws IOException {
            if (isMounted(rootfs())) {
                return;
            }
            // lowerdir is the image (never written), upperdir this container's changes.
            Commands.check(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + img.rootfs()
                    + ",upperdir=" + dir.resolve("upper") + ",workdir=" + dir.resolve("work"), rootfs().toString()));
        }

        private void unmountRootfs() {
            Path r = rootfs();
            try {
                if (isMounted(r)) {
                    Commands.run(List.of("umount", r.toString()), 30);
                    if (isMounted(r)) {
                        Commands.run(List.of("umount", "-l", r.toString()), 30);
                    }
                }
            } catch (IOException e) {
                // close/start cleanup unmounts what is left
            }
        }

        /** Removes everything of an exited container. Executor thread. */
        void dispose() {
            deleteQuietly(runcId);
            unmountRootfs();
            cgroups.removeTree(cgroupsPath);
            deleteTree(dir);
        }

        ContainerStatus status() {
            return new ContainerStatus(id, name, sandbox == null ? null : sandbox.id, image, img.id(),
                    img.repoDigests().isEmpty() ? img.id() : "docker-pullable://" + img.repoDigests().get(0), argv,
                    state, createdAt, startedAt, finishedAt, exitCode, reason, message, Map.copyOf(labels), pause);
        }
    }

    /** The last error runc logged for a container ({@code exec: "nope": executable file not found in $PATH}). */
    private static String runcError(Container c) {
        String last = "";
        try {
            for (String line : Files.readAllLines(c.dir.resolve("runc.log"))) {
                Matcher m = Pattern.compile("\"level\"\\s*:\\s*\"(error|fatal)\".*?\"msg\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
                if (m.find()) {
                    last = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
                }
            }
        } catch (IOException e) {
            // no log
        }
        if (last.isEmpty()) {
            try {
                last = Files.readString(c.stderr).strip();
            } catch (IOException e) {
                last = "runc failed";
            }
        }
        return last.replaceFirst("^runc (run|create) failed: ", "");
    }

    // ---- logs -------------------------------------------------------------------------------

    /** Reads what a log file grew by since last time and cuts it into lines. */
    private static final class LogTail {
        final Path file;
        final LogLine.Stream stream;
        long offset;
        /** Whether the last read left bytes in the file (it reads at most 4 MiB at a time). */
        boolean behind;
        final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        LogTail(Path file, LogLine.Stream stream) {
            this.file = file;
            this.stream = stream;
        }

        List<String> read(boolean flush) {
            List<String> lines = new ArrayList<>();
            behind = false;
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long len = f.length();
                if (len > offset) {
                    f.seek(offset);
                    byte[] buf = new byte[(int) Math.min(len - offset, 4 << 20)];
                    f.readFully(buf);
                    offset += buf.length;
                    behind = offset < len;
                    for (byte b : buf) {
                        if (b == '\n') {
                            lines.add(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        } else {
                            partial.write(b);
                        }
                    }
                }
            } catch (IOException e) {
                // not created yet
            }
            if (flush && !behind && partial.size() > 0) {
                lines.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
            return lines;
        }

        /** Passes over what the file holds now without reading it as lines (runc's own words). */
        void skip() {
            try {
                offset = Math.max(offset, Files.size(file));
            } catch (IOException e) {
                // no file, nothing to pass over
            }
            partial.reset();
            behind = false;
        }
    }

    private void pumpLogs() {
        List<Container> active;
        synchronized (this) {
            active = containers.values().stream().filter(c -> c.state == ContainerState.RUNNING && !c.pause).toList();
        }
        for (Container c : active) {
            try {
                drainLogs(c);
            } catch (RuntimeException e) {
                // one container's trouble (a follower's exception) must not stop the pump: the
                // scheduler cancels a task that throws
            }
        }
    }

    private void drainLogs(Container c) {
        synchronized (c.logs) {
            c.drainLocked(c.state != ContainerState.RUNNING);
        }
    }

    /** A log follower: its sink, and what runs at the end of the run ({@code null}: it follows until closed). */
    private static final class Follower {
        final Consumer<LogLine> sink;
        final Runnable onEnd;

        Follower(Consumer<LogLine> sink, Runnable onEnd) {
            this.sink = sink;
            this.onEnd = onEnd;
        }
    }

    private synchronized Container container(String containerId) {
        return containers.get(containerId);
    }

    @Override
    public List<LogLine> logs(String containerId) {
        Container c = container(containerId);
        if (c == null) {
            return List.of();
        }
        synchronized (c.logs) {
            return List.copyOf(c.logs);
        }
    }

    /** Follows until closed, across runs (no end: see {@link #followLogs(String, Consumer, Runnable)}). */
    @Override
    public Subscription followLogs(String containerId, Consumer<LogLine> sink) {
        return follow(containerId, sink, null, false).subscription();
    }

    /**
     * {@code onEnd} runs once, after the run's last line: when the container exits (or fails to
     * start, or is removed, or the runtime closes), at once when it has exited already or does not
     * exist. A follow taken while it runs ends with that run, not with a later {@code docker start}.
     */
    @Override
    public Subscription followLogs(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        return follow(containerId, sink, onEnd, false).subscription();
    }

    /**
     * The snapshot and the registration under the container's log lock, the lock under which a
     * drained batch is appended and delivered: each line is in the snapshot or goes to the sink,
     * exactly once (e.g. of 2,000 lines printed in a burst, 1,234 in the snapshot and the 766 later ones delivered).
     */
    @Override
    public FollowedLogs logsAndFollow(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        return follow(containerId, sink, onEnd, true);
    }

    private FollowedLogs follow(String containerId, Consumer<LogLine> sink, Runnable onEnd, boolean snapshot) {
        Container c = container(containerId);
        if (c == null) {
            if (onEnd != null) {
                onEnd.run();
            }
            return new FollowedLogs(List.of(), () -> { });
        }
        Follower f = new Follower(sink, onEnd);
        List<LogLine> lines;
        boolean endNow;
        synchronized (c.logs) {
            lines = snapshot ? List.copyOf(c.logs) : List.of();
            endNow = onEnd != null && !c.logsOpen;
            if (!endNow) {
                c.followers.add(f);
            }
        }
        if (endNow) {
            onEnd.run();
        }
        return new FollowedLogs(lines, () -> {
            // under the lock: once close returns, no line comes any more (but on the sink's own thread)
            synchronized (c.logs) {
                c.followers.remove(f);
            }
        });
    }

    // ---- exec, network ----------------------------------------------------------------------

    /** The real {@code ip} (iproute2) in the node's network namespace: its eth0, cbr0 and the pods' veths. */
    @Override
    public Optional<CompletableFuture<ExecResult>> nodeIpCommand(List<String> args) {
        CompletableFuture<ExecResult> result = new CompletableFuture<>();
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(args);
        executor.execute(() -> {
            try {
                Cmd.Result r = Cmd.run(inNodeNetns(argv.toArray(String[]::new)), null, 10);
                result.complete(new ExecResult(r.exit(), r.out(), r.err()));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return Optional.of(result);
    }

    private final AtomicInteger execs = new AtomicInteger();

    @Override
    public CompletableFuture<ExecResult> exec(String containerId, List<String> command) {
        Container c;
        synchronized (this) {
            c = containers.get(containerId);
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such container: " + containerId));
        }
        if (c.state != ContainerState.RUNNING) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: container "
                    + containerId + " is not running"));
        }
        if (command.isEmpty()) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No exec command specified"));
        }
        return async(() -> {
            // Output to files: a daemon the command starts would hold a pipe open after it exits.
            int n = execs.incrementAndGet();
            Path out = c.dir.resolve("exec-" + n + ".out");
            Path err = c.dir.resolve("exec-" + n + ".err");
            try {
                List<String> argv = runcCmd("exec", c.runcId);
                argv.addAll(command);
                Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                int code = p.waitFor();
                String so = Files.readString(out);
                String se = Files.readString(err);
                Matcher m = Pattern.compile("exec failed: (unable to start container process: exec: .*?)(\\n|$)").matcher(se);
                if (code == 255 && m.find()) {
                    // as docker says it: the exec never started
                    // runc logs in logfmt: msg="exec failed: … exec: \"nope\": executable file not found in $PATH"
                    String why = m.group(1).replace("\\\"", "\"").replaceAll("\"\\s*$", "");
                    return new ExecResult(126, "", "OCI runtime exec failed: exec failed: " + why + ": unknown\n");
                }
                return new ExecResult(code, so, se);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        });
    }

    @Override
    public synchronized boolean ownsAddress(String ip) {
        if (!powered) {
            return false;
        }
        return sandboxes.values().stream().anyMatch(s -> s.ready && s.ip.equals(ip))
                || containers.values().stream().anyMatch(c -> c.sandbox == null && c.ip.equals(ip) && !ip.isEmpty());
    }

    private List<String> inNodeNetns(String... argv) {
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=" + options.network().netnsPath(node)));
        out.addAll(List.of(argv));
        return out;
    }

    @Override
    public CompletableFuture<HttpResult> http(HttpRequest request) {
        if (!powered) {
            return CompletableFuture.completedFuture(new HttpResult.Unreachable());
        }
        return async(() -> {
            Path busybox = options.images().ensureBusybox().rootfs().resolve("bin/busybox");
            StringBuilder req = new StringBuilder();
            req.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.0\r\n");
            request.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            int n = execs.incrementAndGet();
            Path out = options.stateDir().resolve("http-" + n + ".out");
            Path err = options.stateDir().resolve("http-" + n + ".err");
            try {
                Process p = new ProcessBuilder(inNodeNetns(busybox.toString(), "nc", "-w", "3", request.ip(),
                        String.valueOf(request.port()))).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (OutputStream o = p.getOutputStream()) {
                    o.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // nc gave up before reading: its exit says why
                }
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new HttpResult.Unreachable();
                }
                String raw = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
                if (raw.isEmpty()) {
                    return Files.readString(err).contains("refused") ? new HttpResult.Refused() : new HttpResult.Unreachable();
                }
                return parseResponse(raw);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        });
    }

    /** {@code HTTP/1.0 200 OK}, headers, a blank line, the body. */
    static HttpResult parseResponse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        int skip = 4;
        if (end < 0) {
            end = raw.indexOf("\n\n");
            skip = 2;
        }
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + skip);
        String[] lines = head.split("\r?\n");
        Matcher m = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) ?(.*)").matcher(lines[0]);
        if (!m.matches()) {
            return new HttpResult.Response(502, "Bad Gateway", Map.of(), raw);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpResult.Response(Integer.parseInt(m.group(1)), m.group(2).trim(), headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Boolean> tcpConnect(String ip, int port) {
        if (!powered) {
            return CompletableFuture.completedFuture(false);
        }
        return async(() -> {
            // bash's /dev/tcp: connect, and exit 0 only when something accepted
            Commands.Result r = Commands.run(inNodeNetns("timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/$0/$1",
                    ip, String.valueOf(port)), 10);
            return r.ok();
        });
    }

    @Override
    public Subscription subscribe(Consumer<RuntimeEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- cleanup ----------------------------------------------------------------------------

    /**
     * Stops and removes everything of this node: containers, sandboxes and their network
     * attachments, mounts, cgroups, bundles. Blocks; call it off the engine thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        logThread.shutdownNow();
        List<Container> all;
        synchronized (this) {
            all = List.copyOf(containers.values());
        }
        for (Container c : all) {
            c.silent = true;
        }
        try {
            cleanup();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            executor.shutdownNow();
            reaper.shutdownNow();
            synchronized (this) {
                containers.clear();
                sandboxes.clear();
            }
            for (Container c : all) {
                c.endFollows(true);
            }
        }
    }

    /** Removes what Kubelab left on this node (after a crash, or at close). */
    void cleanup() throws IOException {
        // 1. runc containers of this node's root: delete --force kills and deletes
        if (Files.isDirectory(runcRoot)) {
            Commands.Result list = Commands.run(runcCmd("list", "-q"), 60);
            if (list.ok()) {
                for (String id : list.output().split("\n")) {
                    id = id.trim();
                    if (id.startsWith(PREFIX)) {
                        deleteQuietly(id);
                    }
                }
            }
        }
        // 2. network attachments of the sandboxes on disk
        if (Files.isDirectory(sandboxesDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sandboxesDir)) {
                for (Path d : dirs) {
                    try {
                        options.network().detach(node, d.getFileName().toString());
                    } catch (IOException | RuntimeException e) {
                        // idempotent; nothing more to do here
                    }
                }
            }
        }
        // 3. mounts under the state folder, deepest first
        for (Path m : mountsUnder(options.stateDir())) {
            Commands.Result r = Commands.run(List.of("umount", m.toString()), 30);
            if (!r.ok()) {
                Commands.run(List.of("umount", "-l", m.toString()), 30);
            }
        }
        // 4. cgroups: /kubelab/<node> in every hierarchy; /kubelab itself when no other node uses it
        cgroups.removeTree(cgroupParent());
        cgroups.removeIfEmpty("/kubelab");
        // 5. bundles, sandboxes' files, runc's state
        deleteTree(containersDir);
        deleteTree(sandboxesDir);
        deleteTree(runcRoot);
    }

    /** Mount points at or below {@code dir}, deepest first ({@code /proc/self/mountinfo}, field 5, octal escapes). */
    static List<Path> mountsUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                String mp = unescape(f[4]);
                if (mp.equals(prefix) || mp.startsWith(prefix + "/")) {
                    out.add(Path.of(mp));
                }
            }
        }
        out.sort((a, b) -> b.getNameCount() - a.getNameCount());
        return out;
    }

    private static String unescape(String s) {
        Matcher m = Pattern.compile("\\\\([0-7]{3})").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            // never descend into a mount (an overlay still mounted, a bind): detach it first
            for (Path m : mountsUnder(dir)) {
                Commands.run(List.of("umount", "-l", m.toString()), 30);
            }
            io.kubelab.linux.image.ImageStore.deleteTree(dir);
        } catch (IOException e) {
            // left for the next cleanup
        }
    }

    private boolean isMounted(Path p) throws IOException {
        String s = p.toAbsolutePath().normalize().toString();
        return mountsUnder(p).stream().anyMatch(m -> m.toString().equals(s));
    }
}
