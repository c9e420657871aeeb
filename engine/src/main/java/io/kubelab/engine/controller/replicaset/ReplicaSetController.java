package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.ControllerExpectations;
import io.kubelab.engine.controller.util.OwnerRefs;
import io.kubelab.engine.controller.util.PodControl;
import io.kubelab.engine.controller.util.Pods;
import io.kubelab.engine.controller.util.RealPodControl;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ReplicaSet controller of {@code pkg/controller/replicaset}: keeps as many pods running as a
 * ReplicaSet asks for. It watches ReplicaSets and pods; its handlers map a pod to the ReplicaSet
 * that controls it (or, for an orphan, to every ReplicaSet whose selector matches it) and enqueue
 * that key. {@link ReplicaSetSync} does the work.
 *
 * <p>Threading: handlers run on the writer's thread under the store lock and only read the store,
 * touch the (thread-safe) expectations and enqueue; {@link #sync} runs on the engine thread.
 */
public final class ReplicaSetController extends Controller {
    public static final String NAME = "replicaset-controller";
    static final String API_VERSION = "apps/v1";
    static final String KIND = "ReplicaSet";
    /** At most this many pods are created or deleted in one sync ({@code BurstReplicas}). */
    public static final int BURST_REPLICAS = 500;

    private final PodControl podControlOverride;
    private final Map<String, String> podOwners = new ConcurrentHashMap<>();
    private final List<Watch> watches = new ArrayList<>();
    private PodControl podControl;
    private ControllerExpectations expectations;
    private ReplicaSetSync syncer;

    public ReplicaSetController() {
        this(null);
    }

    /** With a pod control of the test's choosing ({@code null}: the real one). */
    public ReplicaSetController(PodControl podControl) {
        super(NAME);
        this.podControlOverride = podControl;
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        expectations = new ControllerExpectations(context.clock()::now);
        podControl = podControlOverride != null ? podControlOverride
                : new RealPodControl(context.api(), context.events(), NAME);
        syncer = new ReplicaSetSync(this);
        watches.add(context.store().watch(ResourceTypes.REPLICASETS, 0, o -> true, this::onReplicaSet));
        watches.add(context.store().watch(ResourceTypes.PODS, 0, o -> true, this::onPod));
    }

    /** Reconciles {@code namespace/name}: {@code syncReplicaSet}. Engine thread. */
    @Override
    public void sync(String key) {
        syncer.syncReplicaSet(key);
    }

    public ControllerExpectations expectations() {
        return expectations;
    }

    ClusterContext context() {
        return ctx;
    }

    PodControl podControl() {
        return podControl;
    }

    void enqueueAfter(String key, Duration delay) {
        requeueAfter(key, delay);
    }

    // ---- handlers (writer's thread: map to keys and enqueue) ------------------------------

    private void onReplicaSet(WatchEvent event) {
        String key = Kube.key(event.object());
        if (event.type() == WatchEvent.Type.DELETED) {
            expectations.delete(key);
        }
        if (event.type() == WatchEvent.Type.MODIFIED && isOwnStatusWrite(key)) {
            return;
        }
        queue.add(key);
    }

    /**
     * The key whose status {@link ReplicaSetSync} is writing right now, on the engine thread, or
     * {@code null}. The store delivers the write's event synchronously, inside that call.
     */
    private volatile String writingStatusOf;
    private volatile Thread writingThread;

    /** Marks (or, with {@code null}, unmarks) the status write of a sync that ended without error. */
    void writingStatusOf(String key) {
        writingThread = key == null ? null : Thread.currentThread();
        writingStatusOf = key;
    }

    /**
     * Whether this event is the status write of the sync that is running: upstream enqueues it
     * (its {@code updateRS} enqueues every update and accepts "some spurious syncs"), and that sync
     * would change nothing — it would read the ReplicaSet just written and, as no pod changed in
     * between (a pod change during the sync has queued the key again anyway), the same pods at the
     * same simulated time: the same status, no creation or deletion. At 150,000 pods that is one
     * walk over 100 pods saved per status write. A sync that failed (a ReplicaFailure condition)
     * is not marked: its retry is due at once, as upstream's; nor is one with minReadySeconds,
     * whose every sync may set an availability timer.
     */
    private boolean isOwnStatusWrite(String key) {
        return writingThread == Thread.currentThread() && key.equals(writingStatusOf);
    }

    private void onPod(WatchEvent event) {
        Pod pod = (Pod) event.object();
        String podKey = Kube.key(pod);
        switch (event.type()) {
            case ADDED -> addPod(pod, podKey);
            case MODIFIED -> updatePod(pod, podKey);
            case DELETED -> {
                deletePod(pod, podKey);
                podOwners.remove(podKey);
            }
        }
    }

    private void addPod(Pod pod, String podKey) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // Seen for the first time already terminating (e.g. after a restart): a deletion.
            deletePod(pod, podKey);
            return;
        }
        ReplicaSet rs = resolveControllerRef(pod);
        if (rs != null) {
            String rsKey = Kube.key(rs);
            podOwners.put(podKey, rsKey);
            expectations.creationObserved(rsKey);
            queue.add(rsKey);
            return;
        }
        if (OwnerRefs.controllerOf(pod) == null) {
            // An orphan: every ReplicaSet that selects it may want to adopt it. Its creation is
            // not observed: nobody waits for an orphan.
            enqueueMatching(pod);
        }
    }

    private void updatePod(Pod pod, String podKey) {
        String oldOwner = podOwners.get(podKey);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A graceful deletion began: the ReplicaSet replaces the pod now, not when the kubelet
            // is done with it.
            String cur = deletePod(pod, podKey);
            if (oldOwner != null && !oldOwner.equals(cur)) {
                queue.add(oldOwner);
            }
            return;
        }
        ReplicaSet rs = resolveControllerRef(pod);
        String cur = rs == null ? null : isKeyOf(oldOwner, rs) ? oldOwner : Kube.key(rs);
        if (oldOwner != null && !oldOwner.equals(cur)) {
            // The controller reference changed (released or replaced): the old owner re-counts.
            queue.add(oldOwner);
        }
        if (cur != null) {
            if (cur != oldOwner) {
                podOwners.put(podKey, cur);
            }
            queue.add(cur);
            return;
        }
        podOwners.remove(podKey);
        if (OwnerRefs.controllerOf(pod) == null) {
            enqueueMatching(pod);
        }
    }

    /**
     * Whether {@code key} is {@code namespace/name} of {@code rs}: a pod's status writes (three per
     * pod on its way to Running) find the owner remembered already, and then neither a new key string
     * nor a map write is needed.
     */
    private static boolean isKeyOf(String key, ReplicaSet rs) {
        if (key == null) {
            return false;
        }
        String ns = rs.getMetadata().getNamespace();
        String name = rs.getMetadata().getName();
        return key.length() == ns.length() + 1 + name.length() && key.startsWith(ns) && key.charAt(ns.length()) == '/'
                && key.endsWith(name);
    }

    /** @return the key of the pod's ReplicaSet, or {@code null} */
    private String deletePod(Pod pod, String podKey) {
        ReplicaSet rs = resolveControllerRef(pod);
        if (rs == null) {
            return null;
        }
        String rsKey = Kube.key(rs);
        expectations.deletionObserved(rsKey, Pods.key(pod));
        queue.add(rsKey);
        return rsKey;
    }

    /** The ReplicaSet a pod's controller reference names, if it exists and has that uid. */
    private ReplicaSet resolveControllerRef(Pod pod) {
        OwnerReference ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !KIND.equals(ref.getKind())) {
            return null;
        }
        ReplicaSet rs = ctx.store().get(ResourceTypes.REPLICASETS, pod.getMetadata().getNamespace(), ref.getName());
        if (rs == null || !rs.getMetadata().getUid().equals(ref.getUid())) {
            return null;
        }
        return rs;
    }

    private void enqueueMatching(Pod pod) {
        if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (ReplicaSet rs : ctx.store().<ReplicaSet>list(ResourceTypes.REPLICASETS, pod.getMetadata().getNamespace()).items()) {
            // An empty selector matches nothing here, not everything (GetPodReplicaSets).
            if (rs.getSpec() != null && !ReplicaSetSync.isEmpty(rs.getSpec().getSelector())
                    && Selectors.matches(rs.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                queue.add(Kube.key(rs));
            }
        }
    }
}
