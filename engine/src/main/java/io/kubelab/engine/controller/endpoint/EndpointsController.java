package io.kubelab.engine.controller.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.endpoint.EndpointUtil;
import io.kubelab.engine.controller.util.endpoint.ServicePodIndex;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Endpoints controller ({@code pkg/controller/endpoint}): for every Service with a selector it
 * keeps an Endpoints object of the same name listing the selected pods — ready ones in
 * {@code subsets[].addresses}, the others in {@code notReadyAddresses}, terminating and finished
 * pods left out — with each Service port resolved on each pod ({@code targetPort: http} looks up the
 * container port named {@code http}). Services without a selector are left alone: their Endpoints
 * are written by hand (or, for {@code default/kubernetes}, by the API server).
 *
 * <p>Keys: {@code namespace/name} of a Service, or {@code pod:namespace/name} for a pod change,
 * which the sync maps to the Services that select (or selected) the pod.
 */
public final class EndpointsController extends Controller {
    public static final String NAME = "endpoints-controller";
    /** The event source, as upstream's recorder names it. */
    static final String COMPONENT = "endpoint-controller";
    static final String POD_PREFIX = "pod:";
    /** Upstream's {@code maxCapacity}: an Endpoints object holds at most 1000 addresses. */
    static final int MAX_CAPACITY = 1000;
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

    private final ServicePodIndex index = new ServicePodIndex();

    public EndpointsController() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        long now = ctx.store().revision();
        index.watchServicesAndPods(ctx.store(), now, queue, POD_PREFIX);
        ctx.store().watch(ResourceTypes.ENDPOINTS, now, o -> true, e -> {
            if (e.type() == WatchEvent.Type.DELETED) {
                queue.add(Kube.key(e.object()));
            }
        });
        // checkLeftoverEndpoints: Endpoints whose Service went away while the controller was not running.
        for (Endpoints ep : ctx.store().<Endpoints>list(ResourceTypes.ENDPOINTS, null).items()) {
            if (ctx.store().get(ResourceTypes.SERVICES, ep.getMetadata().getNamespace(), ep.getMetadata().getName()) == null) {
                queue.add(Kube.key(ep));
            }
        }
    }

    @Override
    public void sync(String key) {
        if (key.startsWith(POD_PREFIX)) {
            syncPod(key.substring(POD_PREFIX.length()));
        } else {
            syncService(key);
        }
    }

    private void syncPod(String podKey) {
        index.syncPod(podKey, ctx.store(), queue);
    }

    void syncService(String key) {
        String[] nsName = key.split("/", 2);
        String ns = nsName[0];
        String name = nsName[1];
        Service svc = ctx.store().get(ResourceTypes.SERVICES, ns, name);
        if (svc == null) {
            index.forgetService(key);
            deleteEndpoints(ns, name);
            return;
        }
        if (!EndpointUtil.hasSelector(svc)) {
            index.forgetService(key);
            return;
        }
        Map<String, String> selector = svc.getSpec().getSelector();
        List<Pod> pods = ctx.store().<Pod>list(ResourceTypes.PODS, ns,
                o -> Selectors.matchesMap(selector, o.getMetadata().getLabels())).items();
        List<String> podKeys = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            podKeys.add(Kube.key(p));
        }
        index.record(key, podKeys);

        List<EndpointSubset> subsets = EndpointSubsets.repack(desiredSubsets(svc, pods));
        boolean truncated = false;
        if (EndpointSubsets.count(subsets) > MAX_CAPACITY) {
            subsets = truncate(subsets, MAX_CAPACITY);
            truncated = true;
        }
        Map<String, String> labels = endpointsLabels(svc);

        Endpoints current = ctx.store().get(ResourceTypes.ENDPOINTS, ns, name);
        if (current != null && sameSubsets(current.getSubsets(), subsets)
                && Objects.equals(nullToEmpty(current.getMetadata().getLabels()), labels)
                && truncated == "truncated".equals(annotation(current, OVER_CAPACITY))) {
            return;
        }
        Endpoints next;
        if (current == null) {
            next = new Endpoints();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setNamespace(ns);
            next.setMetadata(meta);
        } else {
            next = Kube.copy(current);
        }
        next.getMetadata().setLabels(labels.isEmpty() ? null : labels);
        Map<String, String> annotations = new LinkedHashMap<>(nullToEmpty(next.getMetadata().getAnnotations()));
        annotations.put(EndpointUtil.LAST_CHANGE_TRIGGER_TIME, Kube.timestamp(ctx.clock().now()));
        if (truncated) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        next.getMetadata().setAnnotations(annotations);
        next.setSubsets(subsets.isEmpty() ? null : subsets);
        try {
            if (current == null) {
                ctx.api().create(next, ns);
            } else {
                ctx.api().update(next);
            }
        } catch (ApiException e) {
            if (e.code() == 403 && current == null) {
                // The namespace is terminating: nothing may be created in it any more.
                return;
            }
            if (e.code() != 409) {
                ctx.events().warning(svc, current == null ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint",
                        "Failed to " + (current == null ? "create" : "update") + " endpoint " + key + ": " + e.getMessage(),
                        COMPONENT, null);
            }
            throw e;
        }
    }

    /** One subset per (pod, port), to be repacked: ready pods as addresses, the others not ready. */
    static List<EndpointSubset> desiredSubsets(Service svc, List<Pod> pods) {
        boolean tolerateUnready = EndpointUtil.publishNotReady(svc);
        List<ServicePort> servicePorts = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Pod pod : pods) {
            if (!EndpointUtil.shouldPodBeInEndpoints(pod, tolerateUnready)) {
                continue;
            }
            EndpointAddress address = address(pod, svc);
            boolean ready = tolerateUnready || PodUtil.isReady(pod);
            if (servicePorts.isEmpty()) {
                // Only a headless Service lists its pods without ports.
                if (EndpointUtil.isHeadless(svc)) {
                    subsets.add(subset(address, null, ready));
                }
                continue;
            }
            for (ServicePort sp : servicePorts) {
                Integer port = EndpointUtil.findPort(pod, sp);
                if (port == null) {
                    continue;
                }
                EndpointPort ep = new EndpointPort();
                ep.setName(sp.getName());
                ep.setPort(port);
                ep.setProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol());
                ep.setAppProtocol(sp.getAppProtocol());
                subsets.add(subset(address, ep, ready));
            }
        }
        return subsets;
    }

    private static EndpointSubset subset(EndpointAddress address, EndpointPort port, boolean ready) {
        EndpointSubset s = new EndpointSubset();
        if (ready) {
            s.setAddresses(new ArrayList<>(List.of(address)));
        } else {
            s.setNotReadyAddresses(new ArrayList<>(List.of(address)));
        }
        s.setPorts(port == null ? new ArrayList<>() : new ArrayList<>(List.of(port)));
        return s;
    }

    static EndpointAddress address(Pod pod, Service svc) {
        EndpointAddress a = new EndpointAddress();
        a.setIp(PodUtil.podIp(pod));
        a.setNodeName(PodUtil.nodeName(pod));
        if (EndpointUtil.shouldSetHostname(pod, svc)) {
            a.setHostname(pod.getSpec().getHostname());
        }
        ObjectReference ref = new ObjectReferenceBuilder().withKind("Pod")
                .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).build();
        a.setTargetRef(ref);
        return a;
    }

    /** The Service's labels, plus {@code service.kubernetes.io/headless} for a headless one. */
    static Map<String, String> endpointsLabels(Service svc) {
        Map<String, String> labels = new LinkedHashMap<>(nullToEmpty(svc.getMetadata().getLabels()));
        if (EndpointUtil.isHeadless(svc)) {
            labels.put(EndpointUtil.HEADLESS_LABEL, "");
        } else {
            labels.remove(EndpointUtil.HEADLESS_LABEL);
        }
        return labels;
    }

    /**
     * Keeps at most {@code max} addresses: ready ones first, subset by subset, then not-ready ones
     * with what is left (upstream spreads the cut across subsets in proportion; either way
     * {@code kubectl get ep} shows 1000 addresses and the over-capacity annotation says why).
     */
    static List<EndpointSubset> truncate(List<EndpointSubset> subsets, int max) {
        int budget = max;
        List<EndpointSubset> out = new ArrayList<>();
        List<EndpointSubset> copies = new ArrayList<>();
        for (EndpointSubset s : subsets) {
            EndpointSubset c = Kube.copy(s);
            List<EndpointAddress> ready = c.getAddresses() == null ? List.of() : c.getAddresses();
            int keep = Math.min(budget, ready.size());
            c.setAddresses(keep == 0 ? null : new ArrayList<>(ready.subList(0, keep)));
            budget -= keep;
            copies.add(c);
        }
        for (int i = 0; i < copies.size(); i++) {
            EndpointSubset c = copies.get(i);
            List<EndpointAddress> notReady = subsets.get(i).getNotReadyAddresses() == null ? List.of()
                    : Kube.copy(subsets.get(i)).getNotReadyAddresses();
            int keep = Math.min(budget, notReady.size());
            c.setNotReadyAddresses(keep == 0 ? null : new ArrayList<>(notReady.subList(0, keep)));
            budget -= keep;
            if (c.getAddresses() != null || c.getNotReadyAddresses() != null) {
                out.add(c);
            }
        }
        return out;
    }

    private void deleteEndpoints(String ns, String name) {
        if ("default".equals(ns) && "kubernetes".equals(name)) {
            // The API server's own Endpoints; nothing here would recreate them.
            return;
        }
        if (ctx.store().get(ResourceTypes.ENDPOINTS, ns, name) == null) {
            return;
        }
        try {
            ctx.api().delete(ResourceTypes.ENDPOINTS, ns, name, null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static boolean sameSubsets(List<EndpointSubset> a, List<EndpointSubset> b) {
        JsonNode ta = Kube.tree(a == null ? List.of() : a);
        JsonNode tb = Kube.tree(b == null ? List.of() : b);
        return ta.equals(tb);
    }

    private static String annotation(Endpoints ep, String key) {
        Map<String, String> a = ep.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static Map<String, String> nullToEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
