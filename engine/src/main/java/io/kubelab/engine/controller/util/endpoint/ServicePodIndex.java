package io.kubelab.engine.controller.util.endpoint;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.store.WatchEvent;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Maps a pod change to the Services whose endpoints it may change: those that select the pod now
 * and those that selected it at their last sync (a pod relabelled from {@code app=a} to
 * {@code app=b} leaves {@code a} and joins {@code b}). It also remembers, per pod, a fingerprint of
 * what endpoints are made of, so that a status write that changes none of it (a restart count, a
 * probe time) costs no Service sync — with 150,000 pods that matters.
 *
 * <p>Not thread-safe, but for {@link #serviceChanged}: used on the engine thread, from a controller's sync.
 */
public final class ServicePodIndex {
    private final Map<String, Set<String>> servicesByPod = new HashMap<>();
    private final Map<String, Set<String>> podsByService = new HashMap<>();
    /** Pod key → {@link #stamp} of the epoch and the fingerprint it was last seen with. */
    private final Map<String, Long> fingerprints = new HashMap<>();
    /**
     * The Services that have a selector, by namespace: fed by the Service watch (on the writer's
     * thread, under the store's lock), so it is what the store holds when a sync or a pod watch
     * handler reads it.
     */
    private final Map<String, Selecting> selecting = new ConcurrentHashMap<>();

    /**
     * One namespace's selecting Services, and its epoch: bumped each time the namespace gains a
     * selecting Service after having none. While a namespace has none, pod watch handlers enqueue
     * nothing ({@link #anySelecting}), so what is remembered of a pod from before may be stale by the
     * time a Service selects again; a fingerprint recorded in an older epoch therefore counts as none.
     */
    private static final class Selecting {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        volatile int epoch;
    }

    /**
     * Follows a Service watch event. Called by the watch handler, on the writer's thread under the
     * store's lock (so the handlers of one store never run at once); it only updates concurrent state.
     */
    public void serviceChanged(WatchEvent event) {
        Service svc = (Service) event.object();
        String ns = svc.getMetadata().getNamespace();
        String key = Kube.key(svc);
        if (event.type() != WatchEvent.Type.DELETED && EndpointUtil.hasSelector(svc)) {
            Selecting s = selecting.computeIfAbsent(ns, n -> new Selecting());
            if (s.keys.isEmpty() && s.keys.add(key)) {
                s.epoch++;
            } else {
                s.keys.add(key);
            }
        } else {
            Selecting s = selecting.get(ns);
            if (s != null) {
                s.keys.remove(key);
            }
        }
    }

    /**
     * Whether some Service of the namespace has a selector, as the store holds it now. A pod watch
     * handler asks this before it enqueues a pod: when none has, no Service's endpoints can depend on
     * the pod — a Service that gains a selector later lists its pods at its own sync, and one that
     * lost it is forgotten at its own. With 150,000 pods in a namespace without selecting Services
     * (the scale run), a pod write then costs these controllers no key string and no queue entry.
     * Any thread.
     */
    public boolean anySelecting(String namespace) {
        Selecting s = selecting.get(namespace);
        return s != null && !s.keys.isEmpty();
    }

    /** The namespace's current epoch (see {@link Selecting}); read before the pod a sync looks at. */
    public int epoch(String namespace) {
        Selecting s = selecting.get(namespace);
        return s == null ? 0 : s.epoch;
    }

    private static long stamp(int epoch, int fingerprint) {
        return ((long) epoch << 32) | (fingerprint & 0xffffffffL);
    }

    /**
     * Whether a change of this pod may concern any Service: some Service of its namespace has a
     * selector, or the pod is remembered here. When not, {@link #servicesToSync} would answer
     * nothing whatever the pod is, and the pod need not even be read: in a namespace without
     * selecting Services (the 150,000 pods of the scale run), no Service list and no fingerprint
     * per pod write.
     */
    public boolean mayConcern(String namespace, String podKey) {
        return anySelecting(namespace) || fingerprints.containsKey(podKey) || servicesByPod.containsKey(podKey);
    }

    /**
     * Wires a Service-endpoints controller's Service and pod watches (the Endpoints and the
     * EndpointSlice controllers share them): every Service change is followed here and queues the
     * Service; a pod change from {@code podsFrom} on queues {@code podPrefix + key} only while its
     * namespace has a selecting Service ({@link #anySelecting}).
     */
    public void watchServicesAndPods(io.kubelab.engine.store.Store store, long podsFrom,
                                     io.kubelab.engine.controller.WorkQueue queue, String podPrefix) {
        store.watch(io.kubelab.engine.model.ResourceTypes.SERVICES, 0, o -> true, e -> {
            serviceChanged(e);
            queue.add(Kube.key(e.object()));
        });
        // Existing pods are found through their Services' first sync; only later changes matter here.
        store.watch(io.kubelab.engine.model.ResourceTypes.PODS, podsFrom, o -> true, e -> {
            if (anySelecting(e.object().getMetadata().getNamespace())) {
                queue.add(podPrefix + Kube.key(e.object()));
            }
        });
    }

    /** A queued pod key: queues the Services whose endpoints its change may concern. */
    public void syncPod(String podKey, io.kubelab.engine.store.Store store, io.kubelab.engine.controller.WorkQueue queue) {
        String ns = namespaceOf(podKey);
        if (!mayConcern(ns, podKey)) {
            return;
        }
        int epoch = epoch(ns);
        Pod pod = store.get(io.kubelab.engine.model.ResourceTypes.PODS, ns, podKey.substring(ns.length() + 1));
        for (String svc : servicesToSync(podKey, epoch, pod,
                () -> store.<Service>list(io.kubelab.engine.model.ResourceTypes.SERVICES, ns).items())) {
            queue.add(svc);
        }
    }

    /** The namespace of a {@code namespace/name} key, without a regex split. */
    public static String namespaceOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /**
     * The keys of the Services to sync for a change of a pod: none when nothing endpoints are made
     * of changed since the pod was last seen here; else those that select it now and those that
     * selected it at their last sync. Only pods that some Service selects are remembered.
     *
     * @param epoch    the namespace's {@link #epoch}, read before the pod was
     * @param pod      the pod as it is now, {@code null} when it is gone
     * @param services the Services of the pod's namespace, read only when needed
     */
    public Set<String> servicesToSync(String podKey, int epoch, Pod pod, Supplier<List<Service>> services) {
        if (pod == null) {
            fingerprints.remove(podKey);
            return new LinkedHashSet<>(servicesByPod.getOrDefault(podKey, Set.of()));
        }
        long fp = stamp(epoch, fingerprint(pod));
        Long old = fingerprints.get(podKey);
        if (old != null && old == fp) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(servicesByPod.getOrDefault(podKey, Set.of()));
        for (Service s : services.get()) {
            if (EndpointUtil.hasSelector(s)
                    && Selectors.matchesMap(s.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                out.add(Kube.key(s));
            }
        }
        if (out.isEmpty()) {
            fingerprints.remove(podKey);
        } else {
            fingerprints.put(podKey, fp);
        }
        return out;
    }

    /** Records which pods a Service selected at its sync. */
    public void record(String serviceKey, Collection<String> podKeys) {
        Set<String> now = new HashSet<>(podKeys);
        Set<String> before = podsByService.put(serviceKey, now);
        if (before != null) {
            for (String p : before) {
                if (!now.contains(p)) {
                    Set<String> s = servicesByPod.get(p);
                    if (s != null) {
                        s.remove(serviceKey);
                        if (s.isEmpty()) {
                            servicesByPod.remove(p);
                        }
                    }
                }
            }
        }
        for (String p : now) {
            servicesByPod.computeIfAbsent(p, k -> new HashSet<>(2)).add(serviceKey);
        }
    }

    public void forgetService(String serviceKey) {
        record(serviceKey, List.of());
        podsByService.remove(serviceKey);
    }

    private static int fingerprint(Pod pod) {
        Object ports = null;
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            int h = 1;
            for (Container c : pod.getSpec().getContainers()) {
                h = 31 * h + Objects.hashCode(c.getPorts());
            }
            ports = h;
        }
        return Objects.hash(pod.getMetadata().getUid(), pod.getMetadata().getLabels(), PodUtil.podIp(pod),
                PodUtil.isReady(pod), PodUtil.isTerminating(pod), PodUtil.isTerminal(pod), PodUtil.nodeName(pod),
                pod.getSpec() == null ? null : pod.getSpec().getHostname(),
                pod.getSpec() == null ? null : pod.getSpec().getSubdomain(), ports);
    }
}
