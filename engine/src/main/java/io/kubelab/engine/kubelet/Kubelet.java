package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.controller.WorkQueue;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ExecResult;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.runtime.PodSandbox;
import io.kubelab.engine.runtime.RuntimeEvent;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.engine.store.Watch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The kubelet of one node ({@code kubelet/minikube}): registers its Node, renews its Lease every
 * 10 s and reports node status, and runs the pods bound to its node on the node's
 * {@link ContainerRuntime} — sandbox, image pulls, init containers, containers, probes, restarts
 * with CrashLoopBackOff, graceful termination — writing pod status and events in the kubelet's
 * words.
 *
 * <p>Like the real kubelet it is level-driven: a pod's key is queued when the pod changes, when
 * one of its containers changes (a runtime event) or when a timer asks for it, and
 * {@link #syncPod} compares what the pod wants with what runs and takes the next step. Runtime
 * work is asynchronous: results come back as {@link CompletableFuture}s, whose callbacks only
 * {@link #post} a task to the kubelet's inbox; {@link #drain()} runs those tasks on the engine
 * thread. The simulated runtime completes them on clock timers, a real one on its executor.
 *
 * <p>Node faults ({@link #stop()}, {@link #start()}, {@link #setPartitioned}) are called on the
 * engine thread. Who marks the node NotReady is the node lifecycle controller; the kubelet's part
 * is that its Lease's {@code renewTime} and the Ready condition's {@code lastHeartbeatTime} stop
 * advancing while it is down or cut off.
 *
 * <p>Threading: {@link #post} and the watch handler may be called from any thread; everything
 * else runs on the engine thread.
 */
public final class Kubelet implements Component {
    private static final System.Logger LOG = System.getLogger(Kubelet.class.getName());

    /** The kubelet's (and the API server's) Kubernetes version. */
    public static final String KUBELET_VERSION = io.kubelab.engine.model.KubernetesVersion.GIT_VERSION;
    public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    /** The Lease is renewed every quarter of its duration: 40 s / 4 = 10 s. */
    public static final Duration LEASE_RENEW_INTERVAL = Duration.ofSeconds(10);
    public static final int LEASE_DURATION_SECONDS = 40;
    /** How often node status is computed (and posted when it changed). */
    public static final Duration NODE_STATUS_UPDATE_FREQUENCY = Duration.ofSeconds(10);
    /** How often node status is posted when nothing changed (the kubelet's nodeStatusReportFrequency). */
    public static final Duration NODE_STATUS_REPORT_FREQUENCY = Duration.ofMinutes(5);
    /** A pod whose sync ran into a wait (back-off, failed pull) is synced again this soon (the PLEG relist period). */
    static final Duration ERROR_RESYNC = Duration.ofSeconds(1);
    static final Duration CRASH_BACKOFF_INITIAL = Duration.ofSeconds(10);
    static final Duration CRASH_BACKOFF_MAX = Duration.ofMinutes(5);
    /**
     * How often a running pod's configMap volumes are resolved again (the kubelet's
     * {@code syncFrequency}, 1 m: a pod worker syncs each pod again that long after its last sync,
     * plus up to half of it as jitter, which this leaves out). A ConfigMap edited at 0:10 reaches
     * the files at the next tick, at most a minute later.
     */
    static final Duration SYNC_FREQUENCY = Duration.ofMinutes(1);
    /** The shortest grace period the kubelet gives a container of a pod that vanished from the API. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);

    private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

    private final int index;
    private final String nodeName;
    private final ContainerRuntime runtime;
    private final WorkQueue queue = new WorkQueue();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Set whenever a task is posted or a key queued (see {@link #drain}). */
    private volatile boolean hasWork;
    private final Map<String, PodWorker> workers = new LinkedHashMap<>();
    /** The same workers by pod uid: every runtime callback finds its worker by uid (a node runs ~30 pods at full size). */
    private final Map<String, PodWorker> workersByUid = new java.util.HashMap<>();
    /**
     * The set-up volumes (configMap files) or the failed tries of the pods that have configMap
     * volumes, by uid; null until there is one (most nodes never have one: 1,000 nodes, 1,000 maps less).
     */
    private Map<String, PodVolumes> podVolumes;
    /**
     * When the next refresh of the running pods' configMap volumes is due, or null while none is
     * scheduled: the loop runs only while this node has pods with configMap volumes, so a node that
     * never had one keeps no timer for it (see {@link #refreshVolumes}).
     */
    private Instant volumeRefreshDue;
    /**
     * The status object of the write in progress, while {@code updateStatus} runs: the watch event
     * carrying exactly that object is the echo of this kubelet's own write and queues no sync
     * (see {@link #writeStatus}). Null otherwise.
     */
    private volatile Object echo;
    /** The store's revision when the running sync read its pod (see {@link #writeStatus(PodWorker, Pod, PodStatus)}). */
    private long readRevision = -1;
    /** The node's hostIPs as stored in a pod's status, shared by every status written after it (see {@link #keepHostIps}). */
    private List<io.fabric8.kubernetes.api.model.HostIP> hostIps;
    /** Pod syncs run so far (tests: a kubelet's own status writes queue none). */
    private long syncs;
    private final Set<String> deferred = new LinkedHashSet<>();
    private final ImageManager images = new ImageManager(this);
    private final Prober prober = new Prober(this);
    private Backoff crashBackoff = new Backoff(CRASH_BACKOFF_INITIAL, CRASH_BACKOFF_MAX);
    private ClusterContext ctx;
    private boolean powered = true;
    private boolean partitioned;
    private int boot;
    private NodeStatusBuilder.Identity identity;
    private Instant lastStatusReport;
    private Watch watch;

    /**
     * @param index    the node's index (0 is the control-plane node {@code minikube})
     * @param nodeName its name
     * @param runtime  its container runtime
     */
    public Kubelet(int index, String nodeName, ContainerRuntime runtime) {
        this.index = index;
        this.nodeName = nodeName;
        this.runtime = runtime;
    }

    /** The zone label of node {@code index}: nodes are spread over {@code zone-a}, {@code zone-b}, {@code zone-c}. */
    public static String zoneOf(int index) {
        return ZONES.get(index % ZONES.size());
    }

    @Override
    public String name() {
        return "kubelet/" + nodeName;
    }

    public String nodeName() {
        return nodeName;
    }

    public int index() {
        return index;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** The node's InternalIP. */
    public String nodeIp() {
        return Cluster.nodeIp(index);
    }

    /** The node's pod CIDR, {@code 10.244.<index>.0/24}. */
    public String podCidr() {
        return Cluster.podCidr(index);
    }

    /** Whether the node is powered on (not {@link #stop() stopped}). */
    public boolean isPoweredOn() {
        return powered;
    }

    public boolean isPartitioned() {
        return partitioned;
    }

    /** The address the node's pods see probes and node-local traffic come from (the bridge, {@code 10.244.<i>.1}). */
    String gatewayIp() {
        return "10.244." + index + ".1";
    }

    Instant now() {
        return ctx.clock().now();
    }

    io.kubelab.engine.clock.SimClock clock() {
        return ctx.clock();
    }

    private boolean connected() {
        return powered && !partitioned;
    }

    /** Hands a task to the engine thread (from a runtime callback, a timer). Any thread. */
    void post(Runnable task) {
        inbox.add(task);
        hasWork = true;
    }

    /** Queues a pod's key for a sync. Any thread. */
    private void enqueue(String key) {
        queue.add(key);
        hasWork = true;
    }

    /** Whether a task or a key may be waiting ({@link #drain} skips the kubelet otherwise). */
    boolean hasWork() {
        return hasWork;
    }

    // ---- component ------------------------------------------------------------------------

    @Override
    public void start(ClusterContext context) {
        this.ctx = context;
        this.identity = identity(boot);
        runtime.subscribe(e -> post(() -> onRuntimeEvent(e)));
        watch = ctx.store().watchIndexed(ResourceTypes.PODS, io.kubelab.engine.store.Indexes.NODE, nodeName, e -> {
            Object own = echo;
            if (own != null && e.type() == io.kubelab.engine.store.WatchEvent.Type.MODIFIED
                    && e.object() instanceof Pod p && p.getStatus() == own) {
                return; // this kubelet's own status write: nothing the pod asks for changed
            }
            enqueue(Kube.key(e.object()));
        });
        registerNode();
        renewLease();
        heartbeatLoop();
    }

    @Override
    public boolean drain() {
        // The cluster drains every component until none has work: with 5,000 nodes, most kubelets
        // have nothing in a round, and polling both queues (a lock, an iterator, ~6 cold objects
        // per kubelet) cost ~2 % of the engine thread. The flag is cleared before the queues are
        // read, and set after anything is put in them: a task or key that this drain misses was
        // put after the clear, so its flag stays set for the next round.
        if (!hasWork) {
            return false;
        }
        hasWork = false;
        boolean worked = false;
        Runnable task;
        while ((task = inbox.poll()) != null) {
            worked = true;
            if (powered) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, name() + ": a runtime result failed to apply", e);
                }
            }
        }
        String key;
        while ((key = queue.poll()) != null) {
            worked = true;
            if (!powered) {
                continue;
            }
            try {
                syncPod(key);
            } catch (ApiException e) {
                String k = key;
                ctx.clock().after(ERROR_RESYNC, () -> enqueue(k));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name() + ": sync of " + key + " failed", e);
                String k = key;
                ctx.clock().after(ERROR_RESYNC, () -> enqueue(k));
            }
        }
        return worked;
    }

    private NodeStatusBuilder.Identity identity(int bootNumber) {
        long seed = ctx.config().seed() * 1_000_003L + index;
        String machineId = String.format("%016x%016x", new java.util.Random(seed).nextLong(), new java.util.Random(seed + 1).nextLong());
        String systemUuid = new UUID(new java.util.Random(seed + 2).nextLong(), new java.util.Random(seed + 3).nextLong()).toString();
        java.util.Random b = new java.util.Random(seed * 31 + bootNumber);
        String bootId = new UUID((b.nextLong() & ~0xF000L) | 0x4000L, (b.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        return new NodeStatusBuilder.Identity(machineId, systemUuid, bootId);
    }

    // ---- node: registration, heartbeats ---------------------------------------------------

    private void heartbeatLoop() {
        ctx.clock().after(LEASE_RENEW_INTERVAL, () -> {
            post(() -> {
                if (connected()) {
                    renewLease();
                    updateNodeStatus(false);
                }
            });
            heartbeatLoop();
        });
    }

    private void registerNode() {
        if (!connected()) {
            return;
        }
        Node existing = ctx.store().get(ResourceTypes.NODES, null, nodeName);
        if (existing == null) {
            Node created = ctx.api().create(NodeStatusBuilder.registration(ctx.config(), index, nodeName, runtime, identity,
                    now()), null);
            lastStatusReport = now();
            if (created.getStatus() == null || created.getStatus().getConditions() == null
                    || created.getStatus().getConditions().isEmpty()) {
                updateNodeStatus(true);
            }
            return;
        }
        updateNodeStatus(true);
    }

    private void updateNodeStatus(boolean force) {
        Node current = ctx.store().get(ResourceTypes.NODES, null, nodeName);
        if (current == null) {
            registerNode();
            return;
        }
        Instant now = now();
        NodeStatus next = NodeStatusBuilder.status(ctx.config(), index, nodeName, runtime, identity, current.getStatus(), now);
        boolean due = force || lastStatusReport == null || !now.isBefore(lastStatusReport.plus(NODE_STATUS_REPORT_FREQUENCY))
                || NodeStatusBuilder.changed(current.getStatus(), next);
        if (!due) {
            return;
        }
        NodeStatus read = current.getStatus();
        ctx.api().modify(ResourceTypes.NODES, null, nodeName, (Node n) -> {
            // The status just built came from this very status (the usual case: nothing wrote the
            // node in between); otherwise build it again from what modify read.
            n.setStatus(n.getStatus() == read || java.util.Objects.equals(n.getStatus(), read) ? next
                    : NodeStatusBuilder.status(ctx.config(), index, nodeName, runtime, identity, n.getStatus(), now));
            return n;
        }, true);
        lastStatusReport = now;
    }

    private void renewLease() {
        Lease lease = ctx.store().get(ResourceTypes.LEASES, NODE_LEASE_NAMESPACE, nodeName);
        // Not now().atZone(UTC): on Java 17 that builds the offset's ZoneRules anew on every call.
        Instant at = now();
        var renewTime = java.time.ZonedDateTime.of(java.time.LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(),
                ZoneOffset.UTC), ZoneOffset.UTC);
        if (lease == null) {
            Node node = ctx.store().get(ResourceTypes.NODES, null, nodeName);
            Lease l = new Lease();
            var meta = new ObjectMetaBuilder().withName(nodeName).withNamespace(NODE_LEASE_NAMESPACE);
            if (node != null) {
                meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                        .withName(nodeName).withUid(node.getMetadata().getUid()).build());
            }
            l.setMetadata(meta.build());
            LeaseSpec spec = new LeaseSpec();
            spec.setHolderIdentity(nodeName);
            spec.setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
            spec.setRenewTime(renewTime);
            l.setSpec(spec);
            ctx.api().create(l, NODE_LEASE_NAMESPACE);
            return;
        }
        // The renewal replaces the spec only: a copy of the Lease's top level and metadata with a
        // new spec, not modify's deep copy of the whole object (5,000 nodes renew every 10 s).
        // The store is written on this thread, so the resourceVersion just read is current; should
        // another writer have come between, modify reads and tries again.
        Lease next = Kube.shallowCopy(lease);
        next.setSpec(renewed(lease.getSpec(), renewTime));
        try {
            ctx.api().update(next);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
            ctx.api().modify(ResourceTypes.LEASES, NODE_LEASE_NAMESPACE, nodeName, (Lease l) -> {
                l.setSpec(renewed(l.getSpec(), renewTime));
                return l;
            }, false);
        }
    }

    /** A new spec: {@code spec}'s fields (none when null) with this node as holder and the renew time set. */
    private LeaseSpec renewed(LeaseSpec spec, java.time.ZonedDateTime renewTime) {
        LeaseSpec next = spec == null ? new LeaseSpec() : new io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder(spec).build();
        next.setHolderIdentity(nodeName);
        next.setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
        next.setRenewTime(renewTime);
        return next;
    }

    // ---- node faults ----------------------------------------------------------------------

    /**
     * The node loses power: its containers are gone at once, the kubelet stops (no heartbeats,
     * no status, no events). Engine thread.
     */
    public void stop() {
        if (!powered) {
            return;
        }
        powered = false;
        runtime.powerOff();
        inbox.clear();
        while (queue.poll() != null) {
            // forgotten: the kubelet process is gone
        }
        workers.clear();
        workersByUid.clear();
        deferred.clear();
        images.reset();
        podVolumes = null; // the pods are adopted afresh at start and mount again
        volumeRefreshDue = null;
    }

    /**
     * The node boots again: a new boot ID, the node's status and Lease are posted, and every pod
     * still bound to the node is synced afresh (its containers start again, counting a restart).
     * Engine thread.
     */
    public void start() {
        if (powered) {
            return;
        }
        powered = true;
        boot++;
        identity = identity(boot);
        crashBackoff = new Backoff(CRASH_BACKOFF_INITIAL, CRASH_BACKOFF_MAX);
        runtime.powerOn();
        if (connected()) {
            registerNode();
            renewLease();
        }
        enqueueAll();
    }

    /**
     * Cuts the node off from the API server (or reconnects it): while cut off, containers keep
     * running and restarting, but no status, heartbeat or event reaches the API and the kubelet
     * sees no changes to its pods. Engine thread.
     */
    public void setPartitioned(boolean cut) {
        if (partitioned == cut) {
            return;
        }
        partitioned = cut;
        if (!cut && powered) {
            updateNodeStatus(true);
            renewLease();
            deferred.clear();
            enqueueAll();
        }
    }

    private void enqueueAll() {
        for (String key : workers.keySet()) {
            enqueue(key);
        }
        for (Pod p : ctx.store().<Pod>byIndex(ResourceTypes.PODS, io.kubelab.engine.store.Indexes.NODE, nodeName)) {
            enqueue(Kube.key(p));
        }
    }

    // ---- events ---------------------------------------------------------------------------

    void containerEvent(PodWorker w, ContainerRecord r, String type, String reason, String message) {
        if (connected()) {
            ctx.events().record(w.pod, r.fieldPath(), type, reason, message, "kubelet", nodeName);
        }
    }

    private void podEvent(PodWorker w, String type, String reason, String message) {
        if (connected()) {
            ctx.events().record(w.pod, null, type, reason, message, "kubelet", nodeName);
        }
    }

    private ImageManager.Events eventsOf(PodWorker w, ContainerRecord r) {
        return (type, reason, message) -> containerEvent(w, r, type, reason, message);
    }

    // ---- workers --------------------------------------------------------------------------

    PodWorker workerByUid(String uid) {
        return workersByUid.get(uid);
    }

    private void addWorker(PodWorker w) {
        workers.put(w.key, w);
        workersByUid.put(w.uid, w);
    }

    private void removeWorker(PodWorker w) {
        workers.remove(w.key);
        workersByUid.remove(w.uid);
        if (podVolumes != null) {
            podVolumes.remove(w.uid);
        }
    }

    /** The kubelet's view of a pod changed (probe result): sync it. */
    void podChanged(PodWorker w) {
        enqueue(w.key);
    }

    private void resyncAt(PodWorker w, Instant at) {
        String key = w.key;
        ctx.clock().schedule(at, () -> enqueue(key));
    }

    private void onRuntimeEvent(RuntimeEvent event) {
        if (!(event instanceof RuntimeEvent.ContainerExited exited)) {
            return;
        }
        for (PodWorker w : workers.values()) {
            ContainerRecord r = w.byContainerId(exited.containerId());
            if (r == null || !(r.phase == ContainerRecord.Phase.RUNNING || r.phase == ContainerRecord.Phase.STOPPING)) {
                continue;
            }
            r.current.finishedAt = exited.at();
            r.current.exitCode = exited.exitCode();
            r.current.reason = exited.reason();
            r.current.message = runtime.containerStatus(exited.containerId()).map(s -> s.message()).orElse("");
            r.phase = ContainerRecord.Phase.EXITED;
            r.ready = false;
            r.started = false;
            r.killMessage = null;
            r.generation++;
            enqueue(w.key);
            return;
        }
    }

    // ---- the pod sync ---------------------------------------------------------------------

    /**
     * Brings one pod a step closer to what it asks for: sandbox, init containers in order, then
     * its containers; restarts what exited as its restart policy says (with back-off); stops
     * everything when the pod is being deleted; then writes the pod's status if it changed.
     */
    void syncPod(String key) {
        syncs++;
        PodWorker w = workers.get(key);
        Pod pod;
        if (partitioned) {
            if (w == null) {
                deferred.add(key);
                return;
            }
            pod = w.pod;
        } else {
            readRevision = ctx.store().revision();
            if (w != null) {
                pod = ctx.store().get(ResourceTypes.PODS, w.namespace, w.name);
            } else {
                int slash = key.indexOf('/');
                pod = ctx.store().get(ResourceTypes.PODS, key.substring(0, slash), key.substring(slash + 1));
            }
            if (pod != null && (pod.getSpec() == null || !nodeName.equals(pod.getSpec().getNodeName()))) {
                pod = null;
            }
        }
        if (w != null && pod != null && !w.uid.equals(pod.getMetadata().getUid())) {
            orphan(w);
            removeWorker(w);
            w = null;
        }
        if (pod == null) {
            if (w != null) {
                orphan(w);
                removeWorker(w);
            }
            return;
        }
        if (w == null) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (("Succeeded".equals(phase) || "Failed".equals(phase)) && pod.getMetadata().getDeletionTimestamp() == null) {
                return; // finished before this kubelet started: nothing to run
            }
            w = new PodWorker(key, pod, now());
            adopt(w, pod);
            addWorker(w);
        }
        w.pod = pod;
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            w.terminating = true;
        }
        if (w.terminating) {
            syncTerminating(w);
            return;
        }
        if (w.terminalPhase != null) {
            writeStatus(w);
            return;
        }
        for (ContainerRecord r : w.all()) {
            if (r.pendingReason != null) {
                r.waitingReason = r.pendingReason;
                r.waitingMessage = r.pendingMessage;
                r.pendingReason = null;
                r.pendingMessage = null;
            }
        }
        if (!w.volumesReady && !mountVolumes(w, pod)) {
            writeStatus(w);
            return;
        }
        if (!w.sandboxReady) {
            if (!w.sandboxPending) {
                startSandbox(w);
            }
            writeStatus(w);
            return;
        }
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean initDone = true;
        for (ContainerRecord r : w.initContainers) {
            if (r.succeeded()) {
                continue;
            }
            initDone = false;
            if (r.phase == ContainerRecord.Phase.EXITED || (r.phase == ContainerRecord.Phase.NONE && r.current != null)) {
                if (!policy.equals("Never")) {
                    restartIfAllowed(w, r);
                }
            } else if (r.phase == ContainerRecord.Phase.NONE) {
                startIfDue(w, r);
            }
            break;
        }
        if (initDone) {
            for (ContainerRecord r : w.containers) {
                if (r.phase == ContainerRecord.Phase.NONE && r.current == null) {
                    startIfDue(w, r);
                } else if (r.phase == ContainerRecord.Phase.EXITED || r.phase == ContainerRecord.Phase.NONE) {
                    boolean restart = policy.equals("Always") || (policy.equals("OnFailure") && r.current.exitCode != 0);
                    if (restart) {
                        restartIfAllowed(w, r);
                    }
                }
            }
        }
        PodStatus status = PodStatusGenerator.generate(w, pod, nodeIp(), hostIps, runtime.runtimeName(), now());
        boolean busy = false;
        for (ContainerRecord r : w.all()) {
            busy |= r.running() || r.inFlight();
        }
        if (!busy && ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase()))) {
            w.terminalPhase = status.getPhase();
            stopSandbox(w);
            writeStatus(w);
            return;
        }
        // Nothing changed the worker since: the status just generated from this very pod is the one
        // writeStatus would generate again.
        writeStatus(w, pod, status);
    }

    /**
     * A worker made for a pod that already ran (the kubelet or its node restarted): keep the
     * restart counts; containers that ran are gone, so they count as exited (255) and start again
     * in a new sandbox.
     */
    private void adopt(PodWorker w, Pod pod) {
        PodStatus s = pod.getStatus();
        if (s == null) {
            return;
        }
        boolean ranBefore = false;
        List<ContainerStatus> statuses = new ArrayList<>();
        if (s.getInitContainerStatuses() != null) {
            statuses.addAll(s.getInitContainerStatuses());
        }
        if (s.getContainerStatuses() != null) {
            statuses.addAll(s.getContainerStatuses());
        }
        for (ContainerRecord r : w.all()) {
            for (ContainerStatus cs : statuses) {
                if (!cs.getName().equals(r.name) || cs.getContainerID() == null || cs.getContainerID().isEmpty()) {
                    continue;
                }
                ranBefore = true;
                r.restartCount = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                r.imageRef = cs.getImageID() == null ? "" : cs.getImageID();
                if (r.init) {
                    continue; // a new sandbox runs the init containers again
                }
                String id = cs.getContainerID().substring(cs.getContainerID().indexOf("://") + 3);
                ContainerRecord.Instance gone = new ContainerRecord.Instance(id);
                var running = cs.getState() == null ? null : cs.getState().getRunning();
                var terminated = cs.getState() == null ? null : cs.getState().getTerminated();
                if (terminated != null) {
                    gone.startedAt = Kube.parseTimestamp(terminated.getStartedAt());
                    gone.finishedAt = Kube.parseTimestamp(terminated.getFinishedAt());
                    gone.exitCode = terminated.getExitCode() == null ? 0 : terminated.getExitCode();
                    gone.reason = terminated.getReason();
                } else {
                    gone.startedAt = running == null ? now() : Kube.parseTimestamp(running.getStartedAt());
                    gone.finishedAt = now();
                    gone.exitCode = 255;
                    gone.reason = "Error";
                }
                r.current = gone;
                r.phase = ContainerRecord.Phase.EXITED;
            }
        }
        if (ranBefore && s.getStartTime() != null) {
            w.startTime = Kube.parseTimestamp(s.getStartTime());
        }
        if (ranBefore && s.getPodIP() != null) {
            w.sandboxAttempt = 1;
            podEvent(w, EventRecorder.NORMAL, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
        }
    }

    /**
     * Sets up the pod's volumes unless a failed try asked to wait ({@code WaitForAttachAndMount}):
     * until they are, the pod stays {@code ContainerCreating} without a sandbox, and each failed try
     * is a {@code FailedMount} Warning.
     *
     * @return whether they are set up
     */
    private boolean mountVolumes(PodWorker w, Pod pod) {
        PodVolumes before = podVolumes == null ? null : podVolumes.get(w.uid);
        if (before != null && before.retryAt() != null && now().isBefore(before.retryAt())) {
            return false;
        }
        try {
            PodVolumes set = PodVolumes.setUp(pod, ctx.store());
            if (set != PodVolumes.NONE) {
                podVolumes().put(w.uid, set);
                scheduleVolumeRefresh();
            } else if (before != null) {
                podVolumes.remove(w.uid);
            }
            w.volumesReady = true;
            return true;
        } catch (PodVolumes.MountError e) {
            podEvent(w, EventRecorder.WARNING, "FailedMount", e.getMessage());
            PodVolumes failed = PodVolumes.failed(before, now());
            podVolumes().put(w.uid, failed);
            resyncAt(w, failed.retryAt());
            return false;
        }
    }

    /** Whether the refresh loop of configMap volumes runs (tests: only on a node with such pods). */
    boolean refreshesVolumes() {
        return volumeRefreshDue != null;
    }

    /** Starts the refresh loop of the running pods' configMap volumes, unless it runs. */
    private void scheduleVolumeRefresh() {
        if (volumeRefreshDue != null) {
            return;
        }
        Instant at = now().plus(SYNC_FREQUENCY);
        volumeRefreshDue = at;
        ctx.clock().schedule(at, () -> post(() -> {
            if (at.equals(volumeRefreshDue)) { // not a loop the node's power-off ended
                volumeRefreshDue = null;
                refreshVolumes();
            }
        }));
    }

    /**
     * The periodic remount of configMap volumes: each running pod's volumes are resolved again,
     * and those whose files changed are handed to the runtime, which swaps them under the running
     * containers. A ConfigMap that is gone (or a listed key) keeps the last files, with the
     * FailedMount Warning the failed remount gives. Env vars are not touched: a running container's
     * environment was fixed when it was created. The loop goes on while the node has pods with
     * configMap volumes, and ends with the last of them.
     */
    private void refreshVolumes() {
        if (podVolumes == null || podVolumes.isEmpty()) {
            return;
        }
        if (connected()) {
            for (Map.Entry<String, PodVolumes> e : List.copyOf(podVolumes.entrySet())) {
                PodVolumes before = e.getValue();
                PodWorker w = workersByUid.get(e.getKey());
                if (before.files() == null || w == null || !w.sandboxReady || w.sandboxId == null || w.terminating
                        || w.terminalPhase != null) {
                    continue; // still failing (its own retries run), or not running
                }
                PodVolumes now = before.refresh(w.pod, ctx.store(),
                        error -> podEvent(w, EventRecorder.WARNING, "FailedMount", error.getMessage()));
                if (now == before) {
                    continue;
                }
                podVolumes.put(w.uid, now);
                String sandboxId = w.sandboxId;
                now.files().forEach((volume, files) -> {
                    if (!files.equals(before.files().get(volume))) {
                        runtime.updateVolume(sandboxId, volume, files).whenComplete((v, error) -> {
                            if (error != null) {
                                LOG.log(System.Logger.Level.WARNING, name() + ": volume " + volume + " of sandbox "
                                        + sandboxId + " could not be updated", error);
                            }
                        });
                    }
                });
            }
        }
        scheduleVolumeRefresh();
    }

    private Map<String, PodVolumes> podVolumes() {
        if (podVolumes == null) {
            podVolumes = new java.util.HashMap<>();
        }
        return podVolumes;
    }

    private void startSandbox(PodWorker w) {
        w.sandboxPending = true;
        String uid = w.uid;
        SandboxConfig cfg = new SandboxConfig(w.pod.getMetadata().getName(), w.pod.getMetadata().getNamespace(), uid,
                w.sandboxAttempt, w.pod.getMetadata().getLabels() == null ? Map.of() : w.pod.getMetadata().getLabels(),
                Math.max(0, ctx.config().podPidsLimit()));
        runtime.runPodSandbox(cfg).whenComplete((sb, e) -> post(() -> sandboxStarted(uid, sb, e)));
    }

    private void sandboxStarted(String uid, PodSandbox sb, Throwable error) {
        PodWorker w = workerByUid(uid);
        if (w == null) {
            if (sb != null) {
                runtime.stopPodSandbox(sb.id()).whenComplete((v, e) -> post(() -> runtime.removePodSandbox(sb.id())));
            }
            return;
        }
        w.sandboxPending = false;
        if (error != null) {
            podEvent(w, EventRecorder.WARNING, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + unwrap(error).getMessage());
            resyncAt(w, now().plus(ERROR_RESYNC));
            return;
        }
        w.sandboxId = sb.id();
        w.podIp = sb.ip();
        w.sandboxReady = true;
        w.sandboxAttempt++;
        enqueue(w.key);
    }

    private void stopSandbox(PodWorker w) {
        if (w.sandboxId == null || w.sandboxStopping || !w.sandboxReady) {
            return;
        }
        w.sandboxStopping = true;
        String uid = w.uid;
        runtime.stopPodSandbox(w.sandboxId).whenComplete((v, e) -> post(() -> {
            PodWorker x = workerByUid(uid);
            if (x != null) {
                x.sandboxStopping = false;
                x.sandboxReady = false;
                enqueue(x.key);
            }
        }));
    }

    /** Starts a container unless the last attempt asked to wait (failed pull, config error) and the time has not come. */
    private void startIfDue(PodWorker w, ContainerRecord r) {
        if (r.retryAt != null && now().isBefore(r.retryAt)) {
            return;
        }
        r.retryAt = null;
        startContainer(w, r);
    }

    /**
     * Restarts an exited container unless it is in back-off ({@code doBackOff}): then the
     * container waits in CrashLoopBackOff (shown from the next sync on, after "Error") until the
     * back-off after its exit ends.
     */
    private void restartIfAllowed(PodWorker w, ContainerRecord r) {
        if (r.retryAt != null && now().isBefore(r.retryAt)) {
            return;
        }
        r.retryAt = null;
        String key = w.uid + "/" + r.name;
        Instant finished = r.current.finishedAt == null ? now() : r.current.finishedAt;
        if (crashBackoff.isInBackOffSince(key, finished, now())) {
            Duration d = crashBackoff.get(key);
            String message = "back-off " + GoDuration.format(d) + " restarting failed container=" + r.name + " pod="
                    + w.formatted();
            containerEvent(w, r, EventRecorder.WARNING, "BackOff", "Back-off restarting failed container " + r.name
                    + " in pod " + w.formatted());
            if ("CrashLoopBackOff".equals(r.waitingReason)) {
                r.waitingMessage = message;
            } else {
                r.pendingReason = "CrashLoopBackOff";
                r.pendingMessage = message;
                resyncAt(w, now().plus(ERROR_RESYNC));
            }
            r.retryAt = finished.plus(d);
            resyncAt(w, r.retryAt);
            return;
        }
        crashBackoff.next(key, finished, now());
        startContainer(w, r);
    }

    private void startContainer(PodWorker w, ContainerRecord r) {
        r.phase = ContainerRecord.Phase.PULLING;
        int generation = ++r.generation;
        String uid = w.uid;
        images.ensureImage(uid, r.spec, eventsOf(w, r), result -> post(() -> imageReady(uid, r.name, generation, result)));
    }

    private ContainerRecord record(PodWorker w, String name) {
        for (ContainerRecord r : w.all()) {
            if (r.name.equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** A callback is current when its worker lives, the container's generation is unchanged and the phase matches. */
    private ContainerRecord current(String uid, String name, int generation, ContainerRecord.Phase phase) {
        PodWorker w = workerByUid(uid);
        ContainerRecord r = w == null ? null : record(w, name);
        if (r == null || r.generation != generation || r.phase != phase) {
            return null;
        }
        return r;
    }

    private void waitWith(PodWorker w, ContainerRecord r, String reason, String message, Instant retryAt) {
        r.phase = r.current != null && r.current.finishedAt != null ? ContainerRecord.Phase.EXITED : ContainerRecord.Phase.NONE;
        r.waitingReason = reason;
        r.waitingMessage = message;
        r.retryAt = retryAt;
        resyncAt(w, retryAt);
        enqueue(w.key);
    }

    private void imageReady(String uid, String name, int generation, ImageManager.Result result) {
        ContainerRecord r = current(uid, name, generation, ContainerRecord.Phase.PULLING);
        if (r == null) {
            return;
        }
        PodWorker w = workerByUid(uid);
        if (!result.ok()) {
            containerEvent(w, r, EventRecorder.WARNING, "Failed", "Error: " + result.waitingReason());
            Instant retry = now().plus(ERROR_RESYNC);
            if ("ImagePullBackOff".equals(result.waitingReason())) {
                retry = images.backoffEnds(uid, r.spec.getImage());
            }
            waitWith(w, r, result.waitingReason(), result.message(), retry);
            return;
        }
        // One text for every container of the image (it is kept in each status).
        r.imageRef = io.kubelab.engine.runtime.SharedTexts.share(result.imageRef());
        ContainerConfig config;
        try {
            config = containerConfig(w, r);
        } catch (ContainerEnv.ConfigError e) {
            containerEvent(w, r, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
            waitWith(w, r, "CreateContainerConfigError", e.getMessage(), now().plus(Duration.ofSeconds(10)));
            return;
        }
        r.phase = ContainerRecord.Phase.CREATING;
        runtime.createContainer(w.sandboxId, config).whenComplete((id, e) -> post(() -> created(uid, name, generation, id, e)));
    }

    private ContainerConfig containerConfig(PodWorker w, ContainerRecord r) {
        Pod pod = w.pod;
        Map<String, String> env = ContainerEnv.build(pod, r.spec, ctx.store(), nodeIp(), w.podIp);
        int attempt = r.current == null ? r.restartCount : r.restartCount + 1;
        String hostname = pod.getSpec().getHostname() != null ? pod.getSpec().getHostname() : pod.getMetadata().getName();
        return new ContainerConfig(r.name, r.spec.getImage(), ContainerEnv.expand(r.spec.getCommand() == null
                || r.spec.getCommand().isEmpty() ? null : r.spec.getCommand(), env),
                ContainerEnv.expand(r.spec.getArgs() == null || r.spec.getArgs().isEmpty() ? null : r.spec.getArgs(), env),
                env, r.spec.getWorkingDir(), ContainerResources.of(r.spec), ContainerResources.mounts(pod, r.spec,
                podVolumes == null ? PodVolumes.NONE
                : podVolumes.getOrDefault(w.uid, PodVolumes.NONE)),
                pod.getMetadata().getName(), pod.getMetadata().getNamespace(), w.uid, attempt, hostname);
    }

    private void created(String uid, String name, int generation, String id, Throwable error) {
        ContainerRecord r = current(uid, name, generation, ContainerRecord.Phase.CREATING);
        if (r == null) {
            if (id != null) {
                runtime.removeContainer(id);
            }
            return;
        }
        PodWorker w = workerByUid(uid);
        if (error != null) {
            String msg = unwrap(error).getMessage();
            containerEvent(w, r, EventRecorder.WARNING, "Failed", "Error: " + msg);
            waitWith(w, r, "CreateContainerError", msg, now().plus(ERROR_RESYNC));
            return;
        }
        containerEvent(w, r, EventRecorder.NORMAL, "Created", r.texts().created());
        if (r.current != null) {
            r.last = r.current;
            r.restartCount++;
        }
        r.current = new ContainerRecord.Instance(id);
        r.waitingReason = null;
        r.waitingMessage = null;
        r.pendingReason = null;
        r.pendingMessage = null;
        r.phase = ContainerRecord.Phase.STARTING;
        // No sync (and so no status write) between create and start: the kubelet's startContainer
        // creates and starts in one step of SyncPod, so the API never shows a created container
        // still waiting in ContainerCreating; started() syncs. One status write per container less
        // (at 150,000 pods: 150,000 writes, each fanned out to every pod watcher).
        runtime.startContainer(id).whenComplete((v, e) -> post(() -> started(uid, name, generation, id, e)));
    }

    private void started(String uid, String name, int generation, String id, Throwable error) {
        ContainerRecord r = current(uid, name, generation, ContainerRecord.Phase.STARTING);
        if (r == null) {
            return;
        }
        PodWorker w = workerByUid(uid);
        var status = runtime.containerStatus(id);
        if (error != null) {
            containerEvent(w, r, EventRecorder.WARNING, "Failed", "Error: failed to start container \"" + r.name + "\": "
                    + unwrap(error).getMessage());
            r.current.startedAt = status.map(s -> s.startedAt()).orElse(now());
            r.current.finishedAt = status.map(s -> s.finishedAt()).orElse(now());
            r.current.exitCode = status.map(s -> s.exitCode()).orElse(128);
            r.current.reason = status.map(s -> s.reason()).orElse("StartError");
            r.current.message = status.map(s -> s.message()).orElse(unwrap(error).getMessage());
            r.phase = ContainerRecord.Phase.EXITED;
            enqueue(w.key);
            return;
        }
        containerEvent(w, r, EventRecorder.NORMAL, "Started", r.texts().started());
        r.current.startedAt = status.map(s -> s.startedAt()).orElse(now());
        r.phase = ContainerRecord.Phase.RUNNING;
        prober.containerStarted(w, r);
        enqueue(w.key);
    }

    /** Kills a running container because a probe failed; it restarts as its restart policy says. */
    void killContainer(PodWorker w, ContainerRecord r, String message, long graceSeconds) {
        if (r.phase != ContainerRecord.Phase.RUNNING) {
            return;
        }
        containerEvent(w, r, EventRecorder.NORMAL, "Killing", message);
        r.phase = ContainerRecord.Phase.STOPPING;
        r.killMessage = message;
        r.ready = false;
        runtime.stopContainer(r.current.id, Duration.ofSeconds(graceSeconds));
        enqueue(w.key);
    }

    // ---- termination ----------------------------------------------------------------------

    /**
     * A pod with a deletionTimestamp: stop its containers within the grace period ({@code Killing}
     * "Stopping container nginx"), then its sandbox, report the final status and delete the pod
     * with grace period 0 so the API server removes it.
     */
    private void syncTerminating(PodWorker w) {
        Long g = w.pod.getMetadata().getDeletionGracePeriodSeconds();
        if (g == null) {
            g = w.pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30L : w.pod.getSpec().getTerminationGracePeriodSeconds();
        }
        Duration grace = Duration.ofSeconds(g);
        boolean busy = false;
        for (ContainerRecord r : w.all()) {
            switch (r.phase) {
                case RUNNING -> {
                    containerEvent(w, r, EventRecorder.NORMAL, "Killing", r.texts().stopping());
                    r.phase = ContainerRecord.Phase.STOPPING;
                    r.ready = false;
                    runtime.stopContainer(r.current.id, grace);
                    busy = true;
                }
                case STOPPING -> busy = true;
                case PULLING, CREATING, STARTING -> {
                    r.generation++;
                    r.phase = r.current != null && r.current.finishedAt != null ? ContainerRecord.Phase.EXITED
                            : ContainerRecord.Phase.NONE;
                }
                default -> { }
            }
        }
        if (busy || w.sandboxPending) {
            writeStatus(w);
            return;
        }
        if (w.sandboxReady) {
            stopSandbox(w);
            writeStatus(w);
            return;
        }
        if (w.deleteSent) {
            return;
        }
        boolean allSucceeded = !w.containers.isEmpty();
        for (ContainerRecord r : w.containers) {
            allSucceeded &= r.current != null && r.current.finishedAt != null && r.current.exitCode == 0;
        }
        w.terminalPhase = allSucceeded ? "Succeeded" : "Failed";
        writeStatus(w);
        if (!connected()) {
            return;
        }
        w.deleteSent = true;
        DeleteOptions opts = new DeleteOptions();
        opts.setGracePeriodSeconds(0L);
        Preconditions pre = new Preconditions();
        pre.setUid(w.uid);
        opts.setPreconditions(pre);
        try {
            ctx.api().delete(ResourceTypes.PODS, w.pod.getMetadata().getNamespace(), w.pod.getMetadata().getName(), opts);
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                w.deleteSent = false;
                throw e;
            }
        }
    }

    /** The pod is gone from the API (or replaced by a new one of the same name): kill and remove what runs. */
    private void orphan(PodWorker w) {
        w.orphaned = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerRecord r : w.all()) {
            r.generation++;
            if (r.running()) {
                stops.add(runtime.stopContainer(r.current.id, ORPHAN_GRACE));
            }
        }
        String sandboxId = w.sandboxId;
        List<String> containerIds = new ArrayList<>();
        for (ContainerRecord r : w.all()) {
            for (ContainerRecord.Instance i : new ContainerRecord.Instance[] {r.current, r.last}) {
                if (i != null) {
                    containerIds.add(i.id);
                }
            }
        }
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> post(() -> {
            if (sandboxId != null) {
                runtime.stopPodSandbox(sandboxId).whenComplete((x, y) -> post(() -> {
                    containerIds.forEach(runtime::removeContainer);
                    runtime.removePodSandbox(sandboxId);
                }));
            } else {
                containerIds.forEach(runtime::removeContainer);
            }
        }));
    }

    // ---- status ---------------------------------------------------------------------------

    private void writeStatus(PodWorker w) {
        writeStatus(w, null, null);
    }

    /** @param generated a status already generated from {@code from}; used when {@code from} is still the stored pod */
    private void writeStatus(PodWorker w, Pod from, PodStatus generated) {
        if (!connected() || w.orphaned) {
            return;
        }
        // Nothing written since this sync read the pod (no event recorded on the way: the first and
        // the last of a starting pod's syncs): the stored pod is still the one read.
        Pod stored = from != null && ctx.store().revision() == readRevision ? from
                : ctx.store().get(ResourceTypes.PODS, w.namespace, w.name);
        if (stored == null || !w.uid.equals(stored.getMetadata().getUid())) {
            return;
        }
        PodStatus next = generated != null && from == stored ? generated
                : PodStatusGenerator.generate(w, stored, nodeIp(), hostIps, runtime.runtimeName(), now());
        // equals first: it is cheap and, when true, the trees are equal too; the tree comparison
        // then decides the rest (it also treats e.g. a null and an empty list alike).
        if (next.equals(stored.getStatus())) {
            return;
        }
        // The stored status is the one this kubelet wrote: both come from the same generator, so
        // unequal objects differ in content; at worst one write more, never a loop (the next sync
        // compares against that write). Written by others (the scheduler's binding, a client),
        // the trees decide.
        // StatusDiff first: when a field that serializes as it is differs, the trees differ too (the
        // first write after the scheduler's, every phase or container change), and are not built.
        if (stored.getStatus() != w.lastWritten && !StatusDiff.certainlyDiffers(next, stored.getStatus())
                && Kube.tree(next).equals(Kube.tree(stored.getStatus()))) {
            return;
        }
        // A status write replaces only the status: updateStatus finds the pod by namespace and name,
        // checks the resourceVersion and takes the status; the rest it keeps from the stored pod
        // (its own shallow copy). So the request carries only those, not a copy of the pod's
        // metadata (labels, owner references: one more ObjectMeta with its maps per write).
        // The store is written on this thread only, so the resourceVersion read above is current.
        Pod write = new Pod();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(stored.getMetadata().getNamespace());
        meta.setName(stored.getMetadata().getName());
        meta.setResourceVersion(stored.getMetadata().getResourceVersion());
        write.setMetadata(meta);
        write.setStatus(next);
        // The watch event of this very write queues no sync, as the real kubelet's pod config
        // passes no status-only change of a pod to its pod worker: the sync it would run comes at
        // the same instant, sees the worker as this sync left it and generates this same status
        // (one status built and compared for nothing per write: 3 of a running pod's 6 syncs).
        // Unless a container's next waiting reason is pending (CrashLoopBackOff after Error):
        // that sync is the one that shows it.
        echo = pendingReason(w) ? null : next;
        Pod written;
        try {
            written = ctx.api().updateStatus(write);
        } finally {
            echo = null;
        }
        w.lastWritten = written.getStatus();
        if (hostIps == null) {
            keepHostIps(written.getStatus().getHostIPs());
        }
        // What the skipped sync would have read: events name the pod's current resourceVersion.
        w.pod = written;
    }

    /**
     * Keeps the node's {@code hostIPs} list once a status with it is stored: every pod of the node
     * says the same ({@code [{ip: 192.168.49.2}]}), so their statuses share that one stored list
     * rather than each holding a list and a bean of its own (and the store's compactor walking them).
     */
    private void keepHostIps(List<io.fabric8.kubernetes.api.model.HostIP> stored) {
        if (stored != null && stored.size() == 1 && stored.get(0) != null && nodeIp().equals(stored.get(0).getIp())
                && io.kubelab.engine.model.Compactor.isStored(stored.get(0))) {
            hostIps = stored;
        }
    }

    private static boolean pendingReason(PodWorker w) {
        for (ContainerRecord r : w.all()) {
            if (r.pendingReason != null) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    // ---- logs and exec (the kubelet's containerLogs and exec endpoints) --------------------
    // Engine thread: the HTTP API and the console call these through EngineLoop.submit.

    /**
     * Finds the runtime container whose logs {@code kubectl logs} shows, with the kubelet's errors:
     * {@code container "nginx" in pod "web" is waiting to start: ContainerCreating}, {@code previous
     * terminated container "nginx" in pod "web" not found}, and the API's {@code a container name
     * must be specified for pod web, choose one of: [a b]}.
     *
     * @throws ApiException 400 BadRequest with those messages, 404 when the pod does not exist
     */
    public String logContainerId(String namespace, String podName, String container, boolean previous) {
        Pod pod = ctx.api().get(ResourceTypes.PODS, namespace, podName);
        String name = containerName(pod, container);
        ContainerStatus cs = null;
        if (pod.getStatus() != null) {
            List<ContainerStatus> all = new ArrayList<>();
            if (pod.getStatus().getInitContainerStatuses() != null) {
                all.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                all.addAll(pod.getStatus().getContainerStatuses());
            }
            for (ContainerStatus s : all) {
                if (s.getName().equals(name)) {
                    cs = s;
                }
            }
        }
        if (cs == null) {
            throw ApiException.badRequest("container \"" + name + "\" in pod \"" + podName + "\" is waiting to start: ContainerCreating");
        }
        var state = cs.getState();
        var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        String id;
        if (previous) {
            if (last == null || last.getContainerID() == null || last.getContainerID().isEmpty()) {
                throw ApiException.badRequest("previous terminated container \"" + name + "\" in pod \"" + podName + "\" not found");
            }
            id = last.getContainerID();
        } else if (state != null && state.getRunning() != null) {
            id = cs.getContainerID();
        } else if (state != null && state.getTerminated() != null) {
            id = state.getTerminated().getContainerID() != null ? state.getTerminated().getContainerID() : cs.getContainerID();
        } else if (last != null && last.getContainerID() != null) {
            id = last.getContainerID();
        } else {
            String reason = state == null || state.getWaiting() == null ? "ContainerCreating" : state.getWaiting().getReason();
            String why = switch (reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            };
            throw ApiException.badRequest("container \"" + name + "\" in pod \"" + podName + "\" is waiting to start: " + why);
        }
        return id.substring(id.indexOf("://") + 3);
    }

    private static String containerName(Pod pod, String container) {
        List<String> names = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
        List<String> all = new ArrayList<>(names);
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> all.add(c.getName()));
        }
        if (container == null || container.isEmpty()) {
            if (names.size() == 1) {
                return names.get(0);
            }
            throw ApiException.badRequest("a container name must be specified for pod " + pod.getMetadata().getName()
                    + ", choose one of: [" + String.join(" ", names) + "]");
        }
        if (!all.contains(container)) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + pod.getMetadata().getName());
        }
        return container;
    }

    /** The lines {@code kubectl logs} prints (all of them; the caller applies tail, since, timestamps). */
    public List<LogLine> logs(String namespace, String podName, String container, boolean previous) {
        return runtime.logs(logContainerId(namespace, podName, container, previous));
    }

    /** Follows a container's new lines ({@code kubectl logs -f}). The sink may be called on any thread. */
    public ContainerRuntime.Subscription followLogs(String namespace, String podName, String container,
                                                    Consumer<LogLine> sink) {
        return runtime.followLogs(logContainerId(namespace, podName, container, false), sink);
    }

    /** {@link #followLogs(String, String, String, Consumer)}; {@code onEnd} runs once the container stops. */
    public ContainerRuntime.Subscription followLogs(String namespace, String podName, String container,
                                                    Consumer<LogLine> sink, Runnable onEnd) {
        return runtime.followLogs(logContainerId(namespace, podName, container, false), sink, onEnd);
    }

    /**
     * The current container's lines so far and a follow of the later ones, each line exactly once
     * (see {@link ContainerRuntime#logsAndFollow}); {@code onEnd} runs once the container stops.
     */
    public ContainerRuntime.FollowedLogs logsAndFollow(String namespace, String podName, String container,
                                                       Consumer<LogLine> sink, Runnable onEnd) {
        return runtime.logsAndFollow(logContainerId(namespace, podName, container, false), sink, onEnd);
    }

    /**
     * Runs a command in a pod's container ({@code kubectl exec}).
     *
     * @throws ApiException 400 when the container does not run ({@code container not found ("nginx")})
     */
    public CompletableFuture<ExecResult> exec(String namespace, String podName, String container, List<String> command) {
        Pod pod = ctx.api().get(ResourceTypes.PODS, namespace, podName);
        String name = containerName(pod, container);
        PodWorker w = workers.get(Kube.key(namespace, podName));
        ContainerRecord r = w == null ? null : record(w, name);
        if (r == null || !r.running()) {
            throw ApiException.badRequest("unable to upgrade connection: container not found (\"" + name + "\")");
        }
        return runtime.exec(r.current.id, command);
    }

    /** How many pod syncs this kubelet has run. */
    long syncCount() {
        return syncs;
    }

    /** The pods this kubelet is running (for the UI): pod key → its sandbox IP, or null. */
    public Map<String, String> runningPods() {
        Map<String, String> out = new LinkedHashMap<>();
        workers.forEach((k, w) -> out.put(k, w.podIp));
        return out;
    }
}
