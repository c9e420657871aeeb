package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod with what the scheduler needs of it computed once ({@code framework.PodInfo}): its
 * requests, its affinity terms, its priority. Immutable; the {@link Pod} inside is a stored object
 * and must not be mutated.
 */
public final class PodInfo {
    /** {@code schedutil.DefaultMilliCPURequest}: 0.1 core for a container that requests no CPU. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** {@code schedutil.DefaultMemoryRequest}: 200 MiB for a container that requests no memory. */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final Pod pod;
    private final String uid;
    private final String namespace;
    private final String name;
    private final Map<String, String> labels;
    private final int priority;
    private final Resources requests;
    private final Resources nonZeroRequests;
    private final String ownerUid;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    /** {@code status.startTime} of the pod this was built from (see {@link #startTime}). */
    private final String startTime;
    /**
     * Whether the pod has a {@code deletionTimestamp}, read once: the scheduler compares it on every
     * write of every bound pod (~10 per pod), and reading it through the pod would touch the old
     * version's metadata, long out of the CPU cache, each time.
     */
    private final boolean deleting;

    public PodInfo(Pod pod) {
        this.pod = pod;
        this.deleting = pod.getMetadata().getDeletionTimestamp() != null;
        this.startTime = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        this.uid = pod.getMetadata().getUid() == null ? pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                : pod.getMetadata().getUid();
        this.namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.labels = pod.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(pod.getMetadata().getLabels());
        PodSpec spec = pod.getSpec();
        this.priority = priorityOf(spec);
        Resources[] both = podRequests(spec);
        this.requests = both[0];
        this.nonZeroRequests = both[1];
        this.ownerUid = pod.getMetadata().getOwnerReferences() == null || pod.getMetadata().getOwnerReferences().isEmpty()
                ? null : pod.getMetadata().getOwnerReferences().get(0).getUid();
        Affinity a = spec == null ? null : spec.getAffinity();
        this.requiredAffinity = a == null || a.getPodAffinity() == null ? List.of()
                : terms(a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        this.requiredAntiAffinity = a == null || a.getPodAntiAffinity() == null ? List.of()
                : terms(a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution());
        this.preferredAffinity = a == null || a.getPodAffinity() == null ? List.of()
                : weighted(a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
        this.preferredAntiAffinity = a == null || a.getPodAntiAffinity() == null ? List.of()
                : weighted(a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
    }

    /** Everything of {@code from}, but holding {@code current}. */
    private PodInfo(PodInfo from, Pod current) {
        this.pod = current;
        this.deleting = current.getMetadata().getDeletionTimestamp() != null;
        this.uid = from.uid;
        this.namespace = from.namespace;
        this.name = from.name;
        this.labels = from.labels;
        this.priority = from.priority;
        this.requests = from.requests;
        this.nonZeroRequests = from.nonZeroRequests;
        this.ownerUid = from.ownerUid;
        this.requiredAffinity = from.requiredAffinity;
        this.requiredAntiAffinity = from.requiredAntiAffinity;
        this.preferredAffinity = from.preferredAffinity;
        this.preferredAntiAffinity = from.preferredAntiAffinity;
        this.startTime = from.startTime;
    }

    /**
     * This PodInfo holding {@code current}, a newer version of the same pod, with everything
     * computed kept as it is (the caller has checked that the labels and the deletion did not
     * change). The scheduler's cache swaps the object it assumed (the pending version it read)
     * for the bound one the store keeps anyway: with 150,000 pods, 150,000 pending versions (a
     * metadata, spec and status each) no longer stay alive only because the cache points at them.
     */
    public PodInfo withPod(Pod current) {
        return current == pod ? this : new PodInfo(this, current);
    }

    private List<AffinityTerm> terms(List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) {
            out.add(AffinityTerm.of(t, namespace, labels, 0));
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> weighted(List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            if (t.getPodAffinityTerm() != null) {
                out.add(AffinityTerm.of(t.getPodAffinityTerm(), namespace, labels, t.getWeight() == null ? 0 : t.getWeight()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The pod's priority: {@code spec.priority} as the Priority admission plugin set it; for the two
     * built-in classes named without a resolved priority, their values.
     */
    public static int priorityOf(Pod pod) {
        return priorityOf(pod.getSpec());
    }

    static int priorityOf(PodSpec spec) {
        if (spec == null) {
            return 0;
        }
        if (spec.getPriority() != null) {
            return spec.getPriority();
        }
        if ("system-node-critical".equals(spec.getPriorityClassName())) {
            return 2_000_001_000;
        }
        if ("system-cluster-critical".equals(spec.getPriorityClassName())) {
            return 2_000_000_000;
        }
        return 0;
    }

    /**
     * What the pod asks of a node, as {@code resourcehelper.PodRequests}: the sum over its containers
     * and sidecars (init containers with {@code restartPolicy: Always}), or, when larger, what any
     * one init container needs next to the sidecars started before it, plus {@code spec.overhead}.
     *
     * <p>Worked example: containers 2 CPU/1G and 1 CPU/1G, init containers 2 CPU/1G and 2 CPU/3G →
     * sum 3 CPU/2G, largest init 2 CPU/3G → 3 CPU/3G.
     *
     * @param nonZero fill a container's missing CPU / memory request with 100m / 200Mi, as scoring
     *                does, so that many pods asking nothing do not all pile onto one node
     */
    public static Resources podRequests(PodSpec spec, boolean nonZero) {
        return podRequests(spec)[nonZero ? 1 : 0];
    }

    /**
     * {@link #podRequests(PodSpec, boolean)} without and with the non-zero defaults at once: each
     * container's quantities are parsed once for both (a scheduling cycle builds a PodInfo per pod).
     */
    static Resources[] podRequests(PodSpec spec) {
        if (spec == null) {
            return new Resources[] {Resources.ZERO, Resources.ZERO};
        }
        Resources[] sum = {Resources.ZERO, Resources.ZERO};
        if (spec.getContainers() != null) {
            for (Container c : spec.getContainers()) {
                Resources[] r = containerRequests(c);
                sum[0] = sum[0].plus(r[0]);
                sum[1] = sum[1].plus(r[1]);
            }
        }
        Resources[] sidecars = {Resources.ZERO, Resources.ZERO};
        Resources[] initMax = {Resources.ZERO, Resources.ZERO};
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                Resources[] r = containerRequests(c);
                boolean sidecar = "Always".equals(c.getRestartPolicy());
                for (int k = 0; k < 2; k++) {
                    Resources needed;
                    if (sidecar) {
                        sum[k] = sum[k].plus(r[k]);
                        sidecars[k] = sidecars[k].plus(r[k]);
                        needed = sidecars[k];
                    } else {
                        needed = r[k].plus(sidecars[k]);
                    }
                    initMax[k] = initMax[k].max(needed);
                }
            }
        }
        Resources[] total = {sum[0].max(initMax[0]), sum[1].max(initMax[1])};
        if (spec.getOverhead() != null && !spec.getOverhead().isEmpty()) {
            Resources overhead = Resources.fromList(spec.getOverhead());
            total[0] = total[0].plus(overhead);
            total[1] = total[1].plus(overhead);
        }
        return total;
    }

    /**
     * One container's requests. A resource with a limit but no request requests its limit, as the
     * API server's defaulting makes it.
     */
    static Resources containerRequests(Container c, boolean nonZero) {
        return containerRequests(c)[nonZero ? 1 : 0];
    }

    /** One container's requests, without and with the non-zero defaults. */
    private static Resources[] containerRequests(Container c) {
        Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
        Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
        Map<String, Quantity> effective;
        if (lim == null || lim.isEmpty()) {
            effective = req == null ? Map.of() : req;
        } else {
            effective = req == null ? new HashMap<>() : new HashMap<>(req);
            lim.forEach(effective::putIfAbsent);
        }
        Resources r = Resources.fromList(effective);
        boolean hasCpu = effective.containsKey("cpu");
        boolean hasMem = effective.containsKey("memory");
        Resources nz = hasCpu && hasMem ? r : new Resources(hasCpu ? r.milliCpu() : DEFAULT_MILLI_CPU_REQUEST,
                hasMem ? r.memory() : DEFAULT_MEMORY_REQUEST, r.ephemeralStorage(), r.scalars());
        return new Resources[] {r, nz};
    }

    public Pod pod() {
        return pod;
    }

    public String uid() {
        return uid;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public int priority() {
        return priority;
    }

    public Resources requests() {
        return requests;
    }

    public Resources nonZeroRequests() {
        return nonZeroRequests;
    }

    /** The uid of the pod's first owner (its ReplicaSet), or {@code null}. */
    public String ownerUid() {
        return ownerUid;
    }

    /**
     * {@code status.startTime} of the version this PodInfo was first built from (not updated by
     * {@link #withPod}): for a pod this scheduler placed, the pending version, which has none.
     * Preemption's victim order reads it; keeping it fixed keeps that order as it was when the
     * cache held the first version itself.
     */
    public String startTime() {
        return startTime;
    }

    public boolean deleting() {
        return deleting;
    }

    public List<Toleration> tolerations() {
        List<Toleration> t = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        return t == null ? List.of() : t;
    }

    public List<AffinityTerm> requiredAffinityTerms() {
        return requiredAffinity;
    }

    public List<AffinityTerm> requiredAntiAffinityTerms() {
        return requiredAntiAffinity;
    }

    public List<AffinityTerm> preferredAffinityTerms() {
        return preferredAffinity;
    }

    public List<AffinityTerm> preferredAntiAffinityTerms() {
        return preferredAntiAffinity;
    }

    /** Whether the pod has any pod (anti-)affinity at all. */
    public boolean hasAffinity() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
    }

    @Override
    public String toString() {
        return key();
    }
}
