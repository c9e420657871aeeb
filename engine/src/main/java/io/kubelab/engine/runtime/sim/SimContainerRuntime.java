package io.kubelab.engine.runtime.sim;

import io.kubelab.engine.clock.SimClock;
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
import io.kubelab.engine.runtime.ImageRef;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.Mount;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.PulledImage;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.RuntimeOperationException;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.engine.runtime.SharedTexts;
import io.kubelab.engine.runtime.sim.ImageCatalog.ImageSpec;
import io.kubelab.engine.runtime.sim.shell.Environment;
import io.kubelab.engine.runtime.sim.shell.ProcessHost;
import io.kubelab.engine.runtime.sim.shell.ShellProcess;
import io.kubelab.engine.runtime.sim.shell.SimFileSystem;
import io.kubelab.engine.runtime.sim.shell.SimNetwork;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The simulated container runtime of one node: docker as minikube runs it, driven by the image
 * catalog's data and the simulation clock. Pulls, sandbox and container starts take the catalog's
 * times; containers run their image's program in the simulated shell; every result is delivered
 * by a timer of the {@link SimClock}, so nothing here blocks and nothing depends on wall time.
 *
 * <p>Engine thread only (as the clock). Futures complete and listeners are called on the engine
 * thread, inside the clock's {@code advance}.
 */
public final class SimContainerRuntime implements ContainerRuntime {
    /** Lines kept per container (the json-file log driver would rotate; the kubelet caps at 10 MiB). */
    static final int MAX_LOG_LINES = 10_000;

    private static final List<String> ADJECTIVES = List.of("admiring", "affectionate", "amazing", "awesome", "blissful",
            "bold", "brave", "charming", "clever", "compassionate", "competent", "confident", "cool", "dazzling",
            "determined", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting",
            "festive", "focused", "friendly", "funny", "gallant", "gifted", "goofy", "gracious", "happy", "hopeful",
            "infallible", "inspiring", "intelligent", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid",
            "magical", "modest", "musing", "mystifying", "nice", "nifty", "nostalgic", "objective", "optimistic",
            "peaceful", "pensive", "practical", "priceless", "quirky", "quizzical", "relaxed", "reverent", "romantic",
            "serene", "sharp", "silly", "sleepy", "stoic", "strange", "sweet", "tender", "thirsty", "trusting",
            "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
            "zen");
    private static final List<String> SURNAMES = List.of("agnesi", "albattani", "allen", "archimedes", "ardinghelli",
            "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "blackwell", "bohr", "booth",
            "borg", "bose", "brahmagupta", "brown", "carson", "cerf", "chandrasekhar", "clarke", "curie", "darwin",
            "davinci", "dijkstra", "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat", "fermi",
            "feynman", "franklin", "galileo", "gates", "goldberg", "goodall", "hamilton", "hawking", "heisenberg",
            "hermann", "hodgkin", "hopper", "hypatia", "jackson", "jang", "jennings", "johnson", "kalam", "kapitsa",
            "keller", "kepler", "khorana", "knuth", "lalande", "lamarr", "leakey", "lovelace", "lumiere", "mayer",
            "mccarthy", "mcclintock", "meitner", "mendel", "mirzakhani", "montalcini", "morse", "newton", "nobel",
            "noether", "pare", "pascal", "pasteur", "perlman", "pike", "poincare", "ptolemy", "raman", "ritchie",
            "roentgen", "rosalind", "saha", "shannon", "shirley", "sinoussi", "stonebraker", "swartz", "tesla",
            "thompson", "torvalds", "turing", "varahamihira", "volhard", "wescoff", "wiles", "williams", "wozniak",
            "wright", "yalow", "yonath");

    private final String nodeName;
    private final int nodeIndex;
    private final SimClock clock;
    private final ImageCatalog catalog;
    private final Random random;
    private final long nodeMemory;
    private final ImageCatalog.RuntimeInfo info;
    private final Map<String, LocalImage> images = new LinkedHashMap<>();
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final List<Consumer<RuntimeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> usedIps = new HashSet<>();
    private SimNetwork network;
    private boolean powered = true;
    /** Bumped on power-off so that timers of the previous boot do nothing. */
    private int boot;
    private int nextPodHost = 2;
    private int nextBridgeHost = 2;
    /** The last {@link #resolvConf} text, and the namespace and DNS server it was built for. */
    private String resolvNamespace;
    private String resolvDns;
    private String resolvText;

    /**
     * @param nodeName   the node ({@code minikube})
     * @param nodeIndex  its index: pods get IPs from {@code 10.244.<index>.0/24}
     * @param clock      the simulation clock
     * @param catalog    the images
     * @param seed       makes IDs and names repeatable
     * @param nodeMemory the node's memory: the bound of a container without a limit
     */
    public SimContainerRuntime(String nodeName, int nodeIndex, SimClock clock, ImageCatalog catalog, long seed, long nodeMemory) {
        this.nodeName = nodeName;
        this.nodeIndex = nodeIndex;
        this.clock = clock;
        this.catalog = catalog;
        this.random = new Random(seed * 7919 + nodeIndex);
        this.nodeMemory = nodeMemory;
        this.info = catalog.runtime();
        for (ImageSpec spec : catalog.preloaded()) {
            store(spec);
        }
    }

    /**
     * The runtime of node {@code index} of a cluster: node memory from the configuration, the
     * standard catalog, and — for a cluster reopened from its state folder — the images the node
     * reported before, which docker would still have on disk.
     */
    public static SimContainerRuntime forNode(io.kubelab.engine.Cluster cluster, int index) {
        io.kubelab.engine.ClusterConfig config = cluster.config();
        long memory = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                new io.fabric8.kubernetes.api.model.Quantity(config.nodeMemory())).longValue();
        String name = io.kubelab.engine.ClusterConfig.nodeName(index);
        SimContainerRuntime runtime = new SimContainerRuntime(name, index, cluster.clock(), ImageCatalog.standard(),
                config.seed(), memory);
        io.fabric8.kubernetes.api.model.Node node = cluster.store().get(io.kubelab.engine.model.ResourceTypes.NODES, null, name);
        if (node != null && node.getStatus() != null && node.getStatus().getImages() != null) {
            for (io.fabric8.kubernetes.api.model.ContainerImage image : node.getStatus().getImages()) {
                runtime.restoreImages(image.getNames());
            }
        }
        return runtime;
    }

    /** Puts images on the node's disk at once (the tagged names among {@code names}; others are ignored). */
    public void restoreImages(List<String> names) {
        for (String n : names) {
            if (n.contains("@")) {
                continue;
            }
            try {
                if (catalog.resolve(n) instanceof ImageCatalog.Resolution.Found f) {
                    store(f.spec());
                }
            } catch (IllegalArgumentException e) {
                // not a reference the catalog reads: skip it
            }
        }
    }

    /** Connects the containers to the cluster network (DNS, Services) for {@code curl}, {@code wget}, {@code nslookup}. */
    public void setNetwork(SimNetwork network) {
        this.network = network;
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    public String runtimeName() {
        return info.name();
    }

    @Override
    public String runtimeVersion() {
        return info.version();
    }

    @Override
    public String kernelVersion() {
        return info.kernel();
    }

    @Override
    public String osImage() {
        return info.osImage();
    }

    // ---- machine --------------------------------------------------------------------------

    @Override
    public void powerOff() {
        if (!powered) {
            return;
        }
        powered = false;
        boot++;
        for (Container c : containers.values()) {
            if (c.state == ContainerState.RUNNING) {
                c.dieSilently();
            }
            c.pendingStart = null;
        }
        for (Sandbox s : sandboxes.values()) {
            s.ready = false;
            s.listeners.clear();
        }
        usedIps.clear();
    }

    @Override
    public void powerOn() {
        powered = true;
    }

    @Override
    public boolean isPoweredOn() {
        return powered;
    }

    private void later(Duration delay, Runnable action) {
        int myBoot = boot;
        clock.after(delay, () -> {
            if (myBoot == boot) {
                action.run();
            }
        });
    }

    // ---- images ---------------------------------------------------------------------------

    private record LocalImage(ImageSpec spec, Set<String> tags) {
        ImageInfo info() {
            return new ImageInfo(spec.id(), List.copyOf(tags), List.of(spec.ref().familiarName() + "@" + spec.digest()),
                    spec.size(), spec.created());
        }
    }

    private LocalImage store(ImageSpec spec) {
        LocalImage img = images.get(spec.id());
        if (img == null) {
            img = new LocalImage(spec, new LinkedHashSet<>());
            images.put(spec.id(), img);
            found.clear();
        }
        if (img.tags().add(spec.ref().familiarName() + ":" + (spec.ref().tag() == null ? "latest" : spec.ref().tag()))) {
            found.clear();
        }
        return img;
    }

    /**
     * An image ID or its prefix. Compiled once: a pod's image is looked up here while it is not yet
     * on the node, by every pod that comes before its pull ends (15 a node at 1,000 nodes).
     */
    private static final java.util.regex.Pattern IMAGE_ID_PREFIX = java.util.regex.Pattern.compile("(sha256:)?[0-9a-f]{6,64}");

    /**
     * What {@link #local} found by reference text, while the node's images stay as they are (cleared
     * when one is stored, tagged or removed): every pod's sandbox looks up the pause image and its
     * container its own image, each a parse of the reference and a walk of the node's images.
     */
    private final Map<String, LocalImage> found = new java.util.HashMap<>();

    private Optional<LocalImage> local(String image) {
        LocalImage known = found.get(image);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<LocalImage> img = find(image);
        if (img.isPresent() && found.size() < 64) {
            found.put(image, img.get());
        }
        return img;
    }

    private Optional<LocalImage> find(String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String tagged = ref.familiarName() + ":" + (ref.tag() == null ? "latest" : ref.tag());
        for (LocalImage img : images.values()) {
            if (ref.digest() != null ? img.spec().digest().equals(ref.digest()) && img.spec().ref().repository().equals(ref.repository())
                    : img.tags().contains(tagged)) {
                return Optional.of(img);
            }
        }
        // "docker run 1a2b3c4d5e6f": an image ID prefix.
        if (IMAGE_ID_PREFIX.matcher(image).matches()) {
            String hex = image.startsWith("sha256:") ? image.substring(7) : image;
            return images.values().stream().filter(i -> i.spec().id().startsWith("sha256:" + hex)).findFirst();
        }
        return Optional.empty();
    }

    @Override
    public CompletableFuture<PulledImage> pullImage(String image) {
        CompletableFuture<PulledImage> f = new CompletableFuture<>();
        ImageCatalog.Resolution r;
        try {
            r = catalog.resolve(image);
        } catch (IllegalArgumentException e) {
            f.completeExceptionally(new ImagePullException("Error response from daemon: " + e.getMessage()));
            return f;
        }
        if (r instanceof ImageCatalog.Resolution.NotFound nf) {
            later(info.failedPull(), () -> f.completeExceptionally(new ImagePullException(nf.message())));
            return f;
        }
        ImageSpec spec = ((ImageCatalog.Resolution.Found) r).spec();
        boolean present = images.containsKey(spec.id());
        Duration took = present ? info.registryCheck() : spec.pull();
        later(took, () -> f.complete(new PulledImage(store(spec).info(), took, !present)));
        return f;
    }

    @Override
    public Optional<ImageInfo> image(String image) {
        return local(image).map(LocalImage::info);
    }

    @Override
    public List<ImageInfo> images() {
        List<ImageInfo> out = new ArrayList<>();
        for (LocalImage img : images.values()) {
            out.add(img.info());
        }
        out.sort(Comparator.comparingLong(ImageInfo::sizeBytes).reversed());
        return out;
    }

    @Override
    public boolean removeImage(String image) {
        Optional<LocalImage> img = local(image);
        img.ifPresent(i -> images.remove(i.spec().id()));
        found.clear();
        return img.isPresent();
    }

    // ---- sandboxes ------------------------------------------------------------------------

    private final class Sandbox {
        final String id;
        final SandboxConfig config;
        final Instant createdAt;
        final String ip;
        boolean ready;
        final Map<Integer, Listener> listeners = new LinkedHashMap<>();
        /** The pod's /etc/hosts (for the hostname {@code hostsFileHostname}), written alike into its pause and app containers. */
        String hostsFile;
        String hostsFileHostname;
        /** The pod's volumes by name, one tree each that its containers share; null until a container mounts one. */
        Map<String, SimFileSystem> volumes;

        Sandbox(String id, SandboxConfig config, String ip) {
            this.id = id;
            this.config = config;
            this.createdAt = clock.now();
            this.ip = ip;
        }

        PodSandbox view() {
            return new PodSandbox(id, config.podUid(), ip, ready, createdAt);
        }
    }

    private record Listener(Function<HttpRequest, HttpResult.Response> handler, ShellProcess owner, String containerId) {}

    private String allocatePodIp() {
        for (int tries = 0; tries < 253; tries++) {
            String ip = "10.244." + nodeIndex + "." + nextPodHost;
            nextPodHost = nextPodHost >= 254 ? 2 : nextPodHost + 1;
            if (usedIps.add(ip)) {
                return ip;
            }
        }
        throw new RuntimeOperationException("failed to allocate for range 0: no IP addresses available in range set: "
                + "10.244." + nodeIndex + ".1-10.244." + nodeIndex + ".254");
    }

    @Override
    public CompletableFuture<PodSandbox> runPodSandbox(SandboxConfig config) {
        CompletableFuture<PodSandbox> f = new CompletableFuture<>();
        if (!powered) {
            f.completeExceptionally(new RuntimeOperationException("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"));
            return f;
        }
        later(info.sandbox(), () -> {
            String ip;
            try {
                ip = allocatePodIp();
            } catch (RuntimeOperationException e) {
                f.completeExceptionally(e);
                return;
            }
            Optional<LocalImage> pause = local(info.sandboxImage());
            ImageSpec pauseSpec = pause.map(LocalImage::spec)
                    .orElseGet(() -> ((ImageCatalog.Resolution.Found) catalog.resolve(info.sandboxImage())).spec());
            String id = newId();
            Sandbox s = new Sandbox(id, config, ip);
            sandboxes.put(id, s);
            Map<String, String> labels = PodLabels.of(config.podName(), config.namespace(), config.podUid(), "POD");
            labels.put("io.kubernetes.docker.type", "podsandbox");
            Container pauseContainer = new Container(id, "k8s_POD_" + config.podName() + "_" + config.namespace() + "_"
                    + config.podUid() + "_" + config.attempt(), s, info.sandboxImage(), pauseSpec, List.of("/pause"),
                    new LinkedHashMap<>(pauseSpec.env()), "/", config.podName(), 0, labels, true);
            containers.put(id, pauseContainer);
            pauseContainer.run();
            s.ready = true;
            f.complete(s.view());
        });
        return f;
    }

    @Override
    public CompletableFuture<Void> stopPodSandbox(String sandboxId) {
        Sandbox s = sandboxes.get(sandboxId);
        if (s != null) {
            for (Container c : containers.values()) {
                if (c.sandbox == s && c.state == ContainerState.RUNNING) {
                    c.exit(c.pause ? 0 : 137, c.pause ? "Completed" : "Error", true);
                }
            }
            s.ready = false;
            s.listeners.clear();
            usedIps.remove(s.ip);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        Sandbox s = sandboxes.remove(sandboxId);
        if (s != null) {
            containers.values().removeIf(c -> c.sandbox == s && c.state != ContainerState.RUNNING);
            usedIps.remove(s.ip);
        }
    }

    @Override
    public Optional<PodSandbox> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(Sandbox::view);
    }

    // ---- containers -----------------------------------------------------------------------

    private String newId() {
        // Four random longs as 16 hex digits each, as "%016x" would write them (no Formatter, no
        // string per part: two IDs a pod).
        byte[] hex = new byte[64];
        for (int i = 0; i < 4; i++) {
            long v = random.nextLong();
            for (int d = 15; d >= 0; d--) {
                hex[i * 16 + d] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
        }
        return new String(hex, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private String newName() {
        Set<String> taken = new HashSet<>();
        containers.values().forEach(c -> taken.add(c.name));
        for (int i = 0; i < 1000; i++) {
            String n = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
            if (!taken.contains(n)) {
                return n;
            }
        }
        return "container_" + newId().substring(0, 8);
    }

    @Override
    public CompletableFuture<String> createContainer(String sandboxId, ContainerConfig config) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Sandbox sandbox = sandboxId == null ? null : sandboxes.get(sandboxId);
        if (sandboxId != null && (sandbox == null || !sandbox.ready)) {
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: No such container: " + sandboxId));
            return f;
        }
        Optional<LocalImage> img = local(config.image());
        if (img.isEmpty()) {
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: No such image: " + config.image()));
            return f;
        }
        ImageSpec spec = img.get().spec();
        List<String> argv = new ArrayList<>();
        if (config.command() != null && !config.command().isEmpty()) {
            argv.addAll(config.command());
            if (config.args() != null) {
                argv.addAll(config.args());
            }
        } else {
            argv.addAll(spec.entrypoint());
            argv.addAll(config.args() != null ? config.args() : spec.cmd());
        }
        if (argv.isEmpty()) {
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: No command specified"));
            return f;
        }
        if (config.name() != null && sandboxId == null && containers.values().stream().anyMatch(c -> c.name.equals(config.name()))) {
            String existing = containers.values().stream().filter(c -> c.name.equals(config.name())).findFirst().orElseThrow().id;
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: Conflict. The container name \"/"
                    + config.name() + "\" is already in use by container \"" + existing
                    + "\". You have to remove (or rename) that container to be able to reuse that name."));
            return f;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", spec.env().getOrDefault("PATH", ShellProcess.DEFAULT_PATH));
        String id = newId();
        String hostname = config.hostname() != null ? config.hostname()
                : config.podName() != null ? config.podName() : id.substring(0, 12);
        env.put("HOSTNAME", hostname);
        if (config.env() != null) {
            env.putAll(config.env());
        }
        spec.env().forEach(env::putIfAbsent);
        env.putIfAbsent("HOME", "/root");
        String name;
        Map<String, String> labels;
        if (config.podName() != null) {
            name = "k8s_" + config.name() + "_" + config.podName() + "_" + config.podNamespace() + "_" + config.podUid()
                    + "_" + config.attempt();
            labels = PodLabels.of(config.podName(), config.podNamespace(), config.podUid(), config.name());
            labels.put("io.kubernetes.docker.type", "container");
        } else {
            name = config.name() != null ? config.name() : newName();
            labels = new LinkedHashMap<>();
        }
        String workingDir = config.workingDir() != null && !config.workingDir().isEmpty() ? config.workingDir() : "/";
        Container c = new Container(id, name, sandbox, config.image(), spec, argv, env, workingDir, hostname,
                config.memoryLimit(), labels, false);
        if (!config.mounts().isEmpty()) {
            try {
                mountVolumes(c, config.mounts());
            } catch (SimFileSystem.ReadOnlyException e) {
                // A mount point to make inside an earlier read-only mount (a configMap's folder), as runc fails.
                f.completeExceptionally(new RuntimeOperationException("Error response from daemon: failed to create task for "
                        + "container: failed to create shim task: OCI runtime create failed: runc create failed: unable to "
                        + "start container process: error during container init: mkdir " + e.getMessage().replace(": R", ": r")
                        + ": unknown"));
                return f;
            }
        }
        later(info.create(), () -> {
            containers.put(id, c);
            f.complete(id);
        });
        return f;
    }

    /**
     * Mounts the container's volumes over its file system. A volume is one tree per sandbox and
     * name: the pod's containers that mount {@code cache} read and write the same files, and the
     * tree goes with the sandbox. A configMap volume's tree is made from its files when the first
     * container mounts it; every mount of it is read-only.
     */
    private void mountVolumes(Container c, List<Mount> mounts) {
        Instant now = clock.now();
        for (Mount m : mounts) {
            SimFileSystem volume;
            if (c.sandbox != null) {
                if (c.sandbox.volumes == null) {
                    c.sandbox.volumes = new HashMap<>();
                }
                volume = c.sandbox.volumes.computeIfAbsent(m.volumeName(), n -> volumeTree(m, now));
            } else {
                volume = volumeTree(m, now);
            }
            c.fs.mount(m.containerPath(), volume, m.readOnly(), now);
        }
    }

    /**
     * Swaps a mounted configMap volume's content: the tree every container of the pod mounted is
     * emptied and filled with {@code files}, so all of them see the new files at once (removed keys
     * gone, new ones there). A volume not mounted yet is made by the next container from its Mount.
     */
    @Override
    public CompletableFuture<Void> updateVolume(String sandboxId, String volumeName, Map<String, String> files) {
        Sandbox s = sandboxes.get(sandboxId);
        SimFileSystem volume = s == null || s.volumes == null ? null : s.volumes.get(volumeName);
        if (volume != null) {
            Instant now = clock.now();
            for (String name : volume.list("/")) {
                volume.remove("/" + name);
            }
            files.forEach((path, text) -> volume.write("/" + path, text, false, now));
        }
        return CompletableFuture.completedFuture(null);
    }

    private static SimFileSystem volumeTree(Mount m, Instant now) {
        SimFileSystem tree = new SimFileSystem(now);
        if (m.files() != null) {
            m.files().forEach((path, text) -> tree.write("/" + path, text, false, now));
        }
        return tree;
    }

    @Override
    public CompletableFuture<Void> startContainer(String containerId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Container c = containers.get(containerId);
        if (c == null) {
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: No such container: " + containerId));
            return f;
        }
        if (c.state == ContainerState.RUNNING) {
            f.complete(null);
            return f;
        }
        if (c.sandbox != null && !c.sandbox.ready) {
            f.completeExceptionally(new RuntimeOperationException("Error response from daemon: cannot join network of a non running container: " + c.sandbox.id));
            return f;
        }
        c.pendingStart = f;
        later(c.spec.start(), () -> {
            if (c.pendingStart != f) {
                return;
            }
            c.pendingStart = null;
            String error = c.run();
            if (error != null) {
                f.completeExceptionally(new RuntimeOperationException("Error response from daemon: " + error));
            } else {
                f.complete(null);
                c.launch();
            }
        });
        return f;
    }

    @Override
    public CompletableFuture<Void> stopContainer(String containerId, Duration grace) {
        Container c = containers.get(containerId);
        if (c == null) {
            return CompletableFuture.failedFuture(new RuntimeOperationException("Error response from daemon: No such container: " + containerId));
        }
        if (c.pendingStart != null) {
            CompletableFuture<Void> pending = c.pendingStart;
            c.pendingStart = null;
            pending.completeExceptionally(new RuntimeOperationException("Error response from daemon: container stopped before it started"));
        }
        if (c.state != ContainerState.RUNNING) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        c.stopWaiters().add(f);
        if (grace.isZero() || grace.isNegative()) {
            c.killNow();
            return f;
        }
        int instance = c.instance;
        if (c.process != null) {
            c.process.signal(c.spec.stopSignal());
        }
        if (c.state == ContainerState.RUNNING && c.instance == instance) {
            later(grace, () -> {
                if (c.state == ContainerState.RUNNING && c.instance == instance) {
                    c.killNow();
                }
            });
        }
        return f;
    }

    @Override
    public boolean removeContainer(String containerId) {
        Container c = containers.get(containerId);
        if (c == null || c.state == ContainerState.RUNNING) {
            return false;
        }
        containers.remove(containerId);
        return true;
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(Container::status);
    }

    @Override
    public List<ContainerStatus> containers() {
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : containers.values()) {
            out.add(c.status());
        }
        return out;
    }

    // ---- logs, exec, network --------------------------------------------------------------

    @Override
    public List<LogLine> logs(String containerId) {
        Container c = containers.get(containerId);
        return c == null ? List.of() : c.logLines();
    }

    @Override
    public Subscription followLogs(String containerId, Consumer<LogLine> sink) {
        Container c = containers.get(containerId);
        if (c == null) {
            return () -> { };
        }
        if (c.followers == null) {
            c.followers = new CopyOnWriteArrayList<>();
        }
        List<Consumer<LogLine>> followers = c.followers;
        followers.add(sink);
        return () -> followers.remove(sink);
    }

    @Override
    public Subscription followLogs(String containerId, Consumer<LogLine> sink, Runnable onEnd) {
        Container c = containers.get(containerId);
        if (c == null || c.state == ContainerState.EXITED) {
            onEnd.run();
            return () -> { };
        }
        Subscription lines = followLogs(containerId, sink);
        if (c.logEnders == null) {
            c.logEnders = new CopyOnWriteArrayList<>();
        }
        List<Runnable> enders = c.logEnders;
        enders.add(onEnd);
        return () -> {
            lines.close();
            enders.remove(onEnd);
        };
    }

    @Override
    public CompletableFuture<ExecResult> exec(String containerId, List<String> command) {
        Container c = containers.get(containerId);
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
        if (ShellProcess.resolveExecutable(c.fs, command.get(0), c.env.get("PATH"), c.workingDir).isEmpty()) {
            return CompletableFuture.completedFuture(new ExecResult(126, "", "OCI runtime exec failed: exec failed: unable to "
                    + "start container process: exec: \"" + command.get(0) + "\": executable file not found in $PATH: unknown\n"));
        }
        CompletableFuture<ExecResult> f = new CompletableFuture<>();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ShellProcess[] holder = new ShellProcess[1];
        ShellProcess p = new ShellProcess(c.host, c.env, c.workingDir, false, new ShellProcess.Io(out::append, err::append, ""),
                code -> {
                    if (c.execs != null) {
                        c.execs.remove(holder[0]);
                    }
                    f.complete(new ExecResult(code, out.toString(), err.toString()));
                });
        holder[0] = p;
        if (c.execs == null) {
            c.execs = new ArrayList<>(2);
        }
        c.execs.add(p);
        p.start(command);
        return f;
    }

    private Map<Integer, Listener> netns(String ip) {
        for (Sandbox s : sandboxes.values()) {
            if (s.ready && s.ip.equals(ip)) {
                return s.listeners;
            }
        }
        for (Container c : containers.values()) {
            if (c.sandbox == null && c.state == ContainerState.RUNNING && ip.equals(c.ip)) {
                return c.ownListeners;
            }
        }
        return null;
    }

    @Override
    public boolean ownsAddress(String ip) {
        return powered && netns(ip) != null;
    }

    @Override
    public CompletableFuture<HttpResult> http(HttpRequest request) {
        if (!powered) {
            return CompletableFuture.completedFuture(new HttpResult.Unreachable());
        }
        Map<Integer, Listener> ns = netns(request.ip());
        Listener l = ns == null ? null : ns.get(request.port());
        if (l == null) {
            return CompletableFuture.completedFuture(new HttpResult.Refused());
        }
        return CompletableFuture.completedFuture(l.handler().apply(request));
    }

    @Override
    public CompletableFuture<Boolean> tcpConnect(String ip, int port) {
        Map<Integer, Listener> ns = powered ? netns(ip) : null;
        return CompletableFuture.completedFuture(ns != null && ns.containsKey(port));
    }

    @Override
    public Subscription subscribe(Consumer<RuntimeEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void emit(RuntimeEvent event) {
        for (Consumer<RuntimeEvent> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * A pod's {@code /etc/resolv.conf}: the cluster DNS server and the namespace's search list. One
     * text per namespace and server, built again only when they change (pods come in runs of one
     * namespace; each pod's pause and app container write it).
     */
    private String resolvConf(String namespace) {
        String dns = network == null ? "10.0.0.10" : network.dnsServer();
        if (!namespace.equals(resolvNamespace) || !dns.equals(resolvDns)) {
            resolvText = SharedTexts.share("nameserver " + dns + "\nsearch " + namespace
                    + ".svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
            resolvNamespace = namespace;
            resolvDns = dns;
        }
        return resolvText;
    }

    // ---- one container --------------------------------------------------------------------

    private final class Container {
        final String id;
        final String name;
        final Sandbox sandbox;
        final String image;
        final ImageSpec spec;
        final List<String> argv;
        final Map<String, String> env;
        final String workingDir;
        final String hostname;
        final long memoryLimit;
        final Map<String, String> labels;
        final boolean pause;
        final Instant createdAt;
        final SimFileSystem fs;
        // Made when first needed: most containers never get a follower, an exec or a stop waiter,
        // a pause container never writes a line, and only a container without a pod sandbox has a
        // network namespace of its own (at 150,000 pods, 300,000 containers × 7 empty collections).
        /**
         * The lines written, oldest first, as a ring of at most {@link #MAX_LOG_LINES}: times (the
         * clock's, shared), streams and texts in parallel arrays, null until the first line. A
         * {@link LogLine} is made when the lines are asked for. nginx's 17 start-up lines take 18
         * slots: about 220 bytes, against 580 as 17 LogLines in a deque of 32.
         */
        private Instant[] logTimes;
        private String[] logTexts;
        private boolean[] logStderr;
        private int logStart;
        private int logCount;
        List<Consumer<LogLine>> followers;
        /** What {@code logs -f} runs when the container stops (see {@link #endLogs}). */
        List<Runnable> logEnders;
        List<ShellProcess> execs;
        List<CompletableFuture<Void>> stopWaiters;
        /** The ports of a container's own network namespace (only without a pod sandbox: {@code docker run}). */
        final Map<Integer, Listener> ownListeners;
        final ContainerHost host = new ContainerHost(this);
        ContainerState state = ContainerState.CREATED;
        Instant startedAt;
        Instant finishedAt;
        int exitCode;
        String reason = "";
        String message = "";
        ShellProcess process;
        CompletableFuture<Void> pendingStart;
        long memory;
        int instance;
        String ip;
        /** A line written in part (no newline yet) on stdout and stderr; null until there is one. */
        private StringBuilder partialOut;
        private StringBuilder partialErr;

        Container(String id, String name, Sandbox sandbox, String image, ImageSpec spec, List<String> argv,
                  Map<String, String> env, String workingDir, String hostname, long memoryLimit,
                  Map<String, String> labels, boolean pause) {
            this.id = id;
            this.name = name;
            this.sandbox = sandbox;
            this.image = image;
            this.spec = spec;
            this.argv = List.copyOf(argv);
            // Immutable from here on: exec's processes and the main one see it through overlays.
            this.env = Environment.freeze(env);
            this.workingDir = workingDir;
            this.hostname = hostname;
            this.memoryLimit = memoryLimit;
            this.labels = Map.copyOf(labels);
            this.pause = pause;
            this.createdAt = clock.now();
            this.fs = catalog.fileSystem(spec);
            this.ownListeners = sandbox == null ? new LinkedHashMap<>() : null;
        }

        List<CompletableFuture<Void>> stopWaiters() {
            if (stopWaiters == null) {
                stopWaiters = new ArrayList<>(2);
            }
            return stopWaiters;
        }

        Map<Integer, Listener> listenersMap() {
            return sandbox != null ? sandbox.listeners : ownListeners;
        }

        String ip() {
            return sandbox != null ? sandbox.ip : ip;
        }

        /**
         * Marks the container running, or exited when its program does not exist.
         *
         * @return the OCI error, or null when it runs
         */
        String run() {
            Optional<String> exe = ShellProcess.resolveExecutable(fs, argv.get(0), env.get("PATH"), workingDir);
            if (exe.isEmpty()) {
                String error = "failed to create task for container: failed to create shim task: OCI runtime create failed: "
                        + "runc create failed: unable to start container process: exec: \"" + argv.get(0)
                        + "\": executable file not found in $PATH: unknown";
                startedAt = clock.now();
                finishedAt = clock.now();
                state = ContainerState.EXITED;
                exitCode = 127;
                reason = "ContainerCannotRun";
                message = error;
                endLogs();
                return error;
            }
            instance++;
            state = ContainerState.RUNNING;
            startedAt = clock.now();
            finishedAt = null;
            exitCode = 0;
            reason = "";
            message = "";
            memory = 0;
            if (sandbox == null) {
                ip = "172.17.0." + nextBridgeHost;
                nextBridgeHost = nextBridgeHost >= 254 ? 2 : nextBridgeHost + 1;
            }
            writeEtc();
            if (pause) {
                launch();
            }
            return null;
        }

        private void writeEtc() {
            Instant now = clock.now();
            if (fs.isReadOnly("/etc/hosts")) {
                return; // a read-only volume mounted at /etc (the files stay the volume's)
            }
            fs.write("/etc/hostname", hostname + "\n", false, now);
            if (sandbox != null) {
                // The pod's pause and app containers write the same hosts file (one text per pod),
                // every pod of a namespace the same resolv.conf (one text for all: SharedTexts).
                if (sandbox.hostsFile == null || !hostname.equals(sandbox.hostsFileHostname)) {
                    sandbox.hostsFile = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                            + "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
                            + ip() + "\t" + hostname + "\n";
                    sandbox.hostsFileHostname = hostname;
                }
                fs.write("/etc/hosts", sandbox.hostsFile, false, now);
                fs.write("/etc/resolv.conf", resolvConf(sandbox.config.namespace()), false, now);
            } else {
                fs.write("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" + ip() + "\t"
                        + hostname + "\n", false, now);
                fs.write("/etc/resolv.conf", "nameserver 192.168.49.1\noptions edns0 trust-ad ndots:0\n", false, now);
            }
        }

        /** Runs the main process (after the start future has completed, so "started" is seen before any exit). */
        void launch() {
            emit(new RuntimeEvent.ContainerStarted(id, startedAt));
            int myInstance = instance;
            process = new ShellProcess(host, env, workingDir, true, new ShellProcess.Io(
                    new Log(LogLine.Stream.STDOUT), new Log(LogLine.Stream.STDERR), ""),
                    code -> {
                        if (instance == myInstance && state == ContainerState.RUNNING) {
                            exit(code, code == 0 ? "Completed" : "Error", false);
                        }
                    });
            process.start(argv);
        }

        private void write(String text, LogLine.Stream stream) {
            boolean stdout = stream == LogLine.Stream.STDOUT;
            StringBuilder partial = stdout ? partialOut : partialErr;
            int from = 0;
            int nl;
            while ((nl = text.indexOf('\n', from)) >= 0) {
                String line;
                if (partial != null && partial.length() > 0) {
                    partial.append(text, from, nl);
                    line = partial.toString();
                    partial.setLength(0);
                } else {
                    line = text.substring(from, nl);
                }
                from = nl + 1;
                line(line, stream);
            }
            if (from < text.length()) {
                if (partial == null) {
                    partial = new StringBuilder();
                    if (stdout) {
                        partialOut = partial;
                    } else {
                        partialErr = partial;
                    }
                }
                partial.append(text, from, text.length());
            }
        }

        /** {@code write(line + "\n", stream)}, without the copies when {@code line} is one whole line. */
        private void writeLine(String line, LogLine.Stream stream) {
            StringBuilder partial = stream == LogLine.Stream.STDOUT ? partialOut : partialErr;
            if ((partial != null && partial.length() > 0) || line.indexOf('\n') >= 0) {
                write(line + "\n", stream);
            } else {
                line(line, stream);
            }
        }

        /** One complete line (without its newline) into the log and to the followers. */
        private void line(String line, LogLine.Stream stream) {
            // Lines repeat across containers (every nginx writes the same start-up lines): one copy.
            String shared = SharedTexts.share(line);
            addLogLine(clock.now(), stream, shared);
            if (followers != null) {
                LogLine l = new LogLine(clock.now(), stream, shared);
                for (Consumer<LogLine> f : followers) {
                    f.accept(l);
                }
            }
        }

        /** The main process's stdout or stderr: the container's log. */
        private final class Log implements ShellProcess.Output {
            private final LogLine.Stream stream;

            Log(LogLine.Stream stream) {
                this.stream = stream;
            }

            @Override
            public void write(String text) {
                Container.this.write(text, stream);
            }

            @Override
            public void writeLine(String line) {
                Container.this.writeLine(line, stream);
            }
        }

        private void addLogLine(Instant at, LogLine.Stream stream, String text) {
            if (logTimes == null) {
                logTimes = new Instant[8];
                logTexts = new String[8];
                logStderr = new boolean[8];
            } else if (logCount == logTimes.length && logCount < MAX_LOG_LINES) {
                // Half again: 8, 12, 18, 27, …
                int size = Math.min(MAX_LOG_LINES, logCount + (logCount >> 1));
                Instant[] times = new Instant[size];
                String[] texts = new String[size];
                boolean[] stderr = new boolean[size];
                for (int i = 0; i < logCount; i++) {
                    int from = (logStart + i) % logTimes.length;
                    times[i] = logTimes[from];
                    texts[i] = logTexts[from];
                    stderr[i] = logStderr[from];
                }
                logTimes = times;
                logTexts = texts;
                logStderr = stderr;
                logStart = 0;
            }
            int at0;
            if (logCount == logTimes.length) {
                // Full at MAX_LOG_LINES: the oldest line goes.
                at0 = logStart;
                logStart = (logStart + 1) % logTimes.length;
            } else {
                at0 = (logStart + logCount) % logTimes.length;
                logCount++;
            }
            logTimes[at0] = at;
            logTexts[at0] = text;
            logStderr[at0] = stream == LogLine.Stream.STDERR;
        }

        List<LogLine> logLines() {
            List<LogLine> out = new ArrayList<>(logCount);
            for (int i = 0; i < logCount; i++) {
                int k = (logStart + i) % logTimes.length;
                out.add(new LogLine(logTimes[k], logStderr[k] ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT, logTexts[k]));
            }
            return List.copyOf(out);
        }

        void killNow() {
            if (state == ContainerState.RUNNING) {
                exit(137, "Error", true);
            }
        }

        void oomKill() {
            if (state == ContainerState.RUNNING) {
                exit(137, "OOMKilled", true);
            }
        }

        /** Ends the container: its processes die, its ports close, waiters and listeners hear of it. */
        void exit(int code, String why, boolean killProcess) {
            if (state != ContainerState.RUNNING) {
                return;
            }
            state = ContainerState.EXITED;
            finishedAt = clock.now();
            exitCode = code;
            reason = why;
            flushPartial();
            ShellProcess main = process;
            // The ended process's interpreter (variables, traps) is not needed any more.
            process = null;
            if (killProcess && main != null) {
                main.kill(code);
            }
            if (execs != null) {
                for (ShellProcess e : List.copyOf(execs)) {
                    e.kill(137);
                }
                execs.clear();
            }
            listenersMap().values().removeIf(l -> l.containerId().equals(id));
            memory = 0;
            List<CompletableFuture<Void>> waiters = stopWaiters == null ? List.of() : List.copyOf(stopWaiters);
            if (stopWaiters != null) {
                stopWaiters.clear();
            }
            emit(new RuntimeEvent.ContainerExited(id, code, why, finishedAt));
            waiters.forEach(w -> w.complete(null));
            endLogs();
        }

        /** The container stopped: its log followers are done (after its last lines). */
        void endLogs() {
            if (logEnders != null) {
                List<Runnable> enders = List.copyOf(logEnders);
                logEnders.clear();
                enders.forEach(Runnable::run);
            }
        }

        /** Power loss: gone without a word, left as docker finds it after the reboot. */
        void dieSilently() {
            state = ContainerState.EXITED;
            finishedAt = clock.now();
            exitCode = 255;
            reason = "Error";
            if (process != null) {
                ShellProcess main = process;
                process = null;
                main.kill(255);
            }
            if (execs != null) {
                execs.clear();
            }
            if (ownListeners != null) {
                ownListeners.clear();
            }
            if (stopWaiters != null) {
                for (CompletableFuture<Void> w : stopWaiters) {
                    w.complete(null);
                }
                stopWaiters.clear();
            }
            endLogs();
        }

        private void flushPartial() {
            if (partialOut != null && partialOut.length() > 0) {
                write("\n", LogLine.Stream.STDOUT);
            }
            if (partialErr != null && partialErr.length() > 0) {
                write("\n", LogLine.Stream.STDERR);
            }
        }

        ContainerStatus status() {
            return new ContainerStatus(id, name, sandbox == null ? null : sandbox.id, image, spec.id(),
                    "docker-pullable://" + spec.ref().familiarName() + "@" + spec.digest(), argv, state, createdAt,
                    startedAt, finishedAt, exitCode, reason, message, labels, pause);
        }
    }

    /** What a container's processes see of the world. */
    private final class ContainerHost implements ProcessHost {
        private final Container c;

        ContainerHost(Container c) {
            this.c = c;
        }

        @Override
        public Instant now() {
            return clock.now();
        }

        @Override
        public void after(Duration delay, Runnable action) {
            later(delay, action);
        }

        @Override
        public SimFileSystem fs() {
            return c.fs;
        }

        @Override
        public String hostname() {
            return c.hostname;
        }

        @Override
        public String kernelRelease() {
            return info.kernel();
        }

        @Override
        public String ip() {
            return c.ip();
        }

        @Override
        public String nodeName() {
            return nodeName;
        }

        @Override
        public String namespace() {
            return c.sandbox != null ? c.sandbox.config.namespace() : "default";
        }

        @Override
        public boolean listen(int port, Function<HttpRequest, HttpResult.Response> handler, ShellProcess owner) {
            Map<Integer, Listener> ns = c.listenersMap();
            if (ns.containsKey(port)) {
                return false;
            }
            ns.put(port, new Listener(handler, owner, c.id));
            return true;
        }

        @Override
        public void unlisten(int port, ShellProcess owner) {
            Map<Integer, Listener> ns = c.listenersMap();
            Listener l = ns.get(port);
            if (l != null && l.owner() == owner && l.containerId().equals(c.id)) {
                ns.remove(port);
            }
        }

        @Override
        public void allocate(long bytes, ShellProcess owner) {
            c.memory += bytes;
            long limit = c.memoryLimit > 0 ? c.memoryLimit : nodeMemory;
            if (c.memory > limit) {
                c.oomKill();
            }
        }

        @Override
        public List<String> processes() {
            List<String> out = new ArrayList<>();
            if (c.process != null) {
                out.add(String.join(" ", c.argv));
            }
            if (c.execs != null) {
                for (ShellProcess e : c.execs) {
                    out.add(String.join(" ", e.commandLine()));
                }
            }
            return out;
        }

        @Override
        public SimNetwork network() {
            return network;
        }
    }
}
