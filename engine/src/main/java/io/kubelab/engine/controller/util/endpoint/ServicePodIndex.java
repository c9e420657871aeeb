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
    private final Map<String, Integer> fingerprints = new HashMap<>();
    /**
     * The keys of the Services that have a selector, by namespace: fed by the Service watch (on the
     * writer's thread, hence concurrent), so it is what the store holds when a sync reads it.
     */
    private final Map<String, Set<String>> selecting = new ConcurrentHashMap<>();

    /** Follows a Service watch event. Any thread: only updates a concurrent map. */
    public void serviceChanged(WatchEvent event) {
        Service svc = (Service) event.object();
        String ns = svc.getMetadata().getNamespace();
        String key = Kube.key(svc);
        if (event.type() != WatchEvent.Type.DELETED && EndpointUtil.hasSelector(svc)) {
            selecting.computeIfAbsent(ns, n -> ConcurrentHashMap.newKeySet()).add(key);
        } else {
            Set<String> keys = selecting.get(ns);
            if (keys != null) {
                keys.remove(key);
            }
        }
    }

    /**
     * Whether a change of this pod may concern any Service: some Service of its namespace has a
     * selector, or the pod is remembered here. When not, {@link #servicesToSync} would answer
     * nothing whatever the pod is, and the pod need not even be read: in a namespace without
     * selecting Services (the 150,000 pods of the scale run), no Service list and no fingerprint
     * per pod write.
     */
    public boolean mayConcern(String namespace, String podKey) {
        Set<String> keys = selecting.get(namespace);
        return (keys != null && !keys.isEmpty()) || fingerprints.containsKey(podKey) || servicesByPod.containsKey(podKey);
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
     * @param pod      the pod as it is now, {@code null} when it is gone
     * @param services the Services of the pod's namespace, read only when needed
     */
    public Set<String> servicesToSync(String podKey, Pod pod, Supplier<List<Service>> services) {
        if (pod == null) {
            fingerprints.remove(podKey);
            return new LinkedHashSet<>(servicesByPod.getOrDefault(podKey, Set.of()));
        }
        int fp = fingerprint(pod);
        Integer old = fingerprints.get(podKey);
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
