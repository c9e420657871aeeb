package io.kubelab.engine.controller.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.endpoint.EndpointUtil;
import io.kubelab.engine.controller.util.endpoint.ServicePodIndex;
import io.kubelab.engine.controller.util.node.NodeUtil;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EndpointSlice controller ({@code pkg/controller/endpointslice}): for every Service with a
 * selector it keeps {@code discovery.k8s.io/v1} EndpointSlices named {@code <service>-<5 chars>},
 * owned by the Service (the garbage collector removes them with it), labelled
 * {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by}. Each
 * selected pod with an IP is an endpoint with conditions {@code ready}, {@code serving},
 * {@code terminating}, its node and zone; pods whose named target ports resolve differently land in
 * different slices; a slice holds at most 100 endpoints. See {@link SliceReconciler} for how slices
 * are reused.
 *
 * <p>It also stands in for the API server's endpoints reconciler, which writes the slice of the
 * {@code default/kubernetes} Service (named {@code kubernetes}, from the Endpoints that carry
 * {@code endpointslice.kubernetes.io/skip-mirror}).
 *
 * <p>Keys: {@code namespace/name} of a Service, {@code pod:namespace/name} for a pod change, and
 * {@code apiserver:default/kubernetes}.
 */
public final class EndpointSliceController extends Controller {
    public static final String NAME = "endpointslice-controller";
    /** The event source, as upstream's recorder names it. */
    static final String COMPONENT = "endpoint-slice-controller";
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    public static final String SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";
    /** {@code --max-endpoints-per-slice}'s default. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;

    static final String POD_PREFIX = "pod:";
    static final String APISERVER_KEY = "apiserver:default/kubernetes";

    private final ServicePodIndex index = new ServicePodIndex();
    private final int maxEndpointsPerSlice;

    public EndpointSliceController() {
        this(MAX_ENDPOINTS_PER_SLICE);
    }

    public EndpointSliceController(int maxEndpointsPerSlice) {
        super(NAME);
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        long now = ctx.store().revision();
        index.watchServicesAndPods(ctx.store(), now, queue, POD_PREFIX);
        // A slice changed or deleted behind our back is repaired by a sync of its Service.
        ctx.store().watch(ResourceTypes.ENDPOINTSLICES, now, o -> true, e -> {
            Map<String, String> labels = e.object().getMetadata().getLabels();
            if (labels == null) {
                return;
            }
            if (CONTROLLER_NAME.equals(labels.get(MANAGED_BY_LABEL)) && labels.get(SERVICE_NAME_LABEL) != null) {
                queue.add(Kube.key(e.object().getMetadata().getNamespace(), labels.get(SERVICE_NAME_LABEL)));
            } else if (isApiServerSlice(e.object().getMetadata().getNamespace(), e.object().getMetadata().getName())) {
                queue.add(APISERVER_KEY);
            }
        });
        ctx.store().watch(ResourceTypes.ENDPOINTS, 0, o -> true, e -> {
            if (isApiServerSlice(e.object().getMetadata().getNamespace(), e.object().getMetadata().getName())) {
                queue.add(APISERVER_KEY);
            }
        });
    }

    private static boolean isApiServerSlice(String ns, String name) {
        return "default".equals(ns) && "kubernetes".equals(name);
    }

    @Override
    public void sync(String key) {
        if (key.startsWith(POD_PREFIX)) {
            syncPod(key.substring(POD_PREFIX.length()));
        } else if (key.equals(APISERVER_KEY)) {
            ApiServerSlice.sync(ctx);
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
            // The slices go with their owner: the garbage collector deletes them.
            index.forgetService(key);
            return;
        }
        List<EndpointSlice> existing = ctx.store().<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, ns, o -> {
            Map<String, String> l = o.getMetadata().getLabels();
            return l != null && name.equals(l.get(SERVICE_NAME_LABEL)) && CONTROLLER_NAME.equals(l.get(MANAGED_BY_LABEL));
        }).items();
        if (!EndpointUtil.hasSelector(svc) || "ExternalName".equals(svc.getSpec().getType())) {
            index.forgetService(key);
            // Slices left from when the Service still selected pods would keep routing to them.
            for (EndpointSlice s : existing) {
                deleteSlice(s);
            }
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

        Map<String, SliceReconciler.Group> desired = desiredEndpoints(svc, pods);
        SliceReconciler.Plan plan = new SliceReconciler(svc, maxEndpointsPerSlice).reconcile(existing, desired);
        String now = Kube.timestamp(ctx.clock().now());
        for (EndpointSlice s : plan.toCreate()) {
            s.getMetadata().getAnnotations().put(EndpointUtil.LAST_CHANGE_TRIGGER_TIME, now);
            try {
                ctx.api().create(s, ns);
            } catch (ApiException e) {
                if (e.code() == 403) {
                    // The namespace is terminating: nothing may be created in it any more.
                    return;
                }
                throw e;
            }
        }
        for (EndpointSlice s : plan.toUpdate()) {
            s.getMetadata().getAnnotations().put(EndpointUtil.LAST_CHANGE_TRIGGER_TIME, now);
            ctx.api().update(s);
        }
        for (EndpointSlice s : plan.toDelete()) {
            deleteSlice(s);
        }
    }

    private void deleteSlice(EndpointSlice s) {
        try {
            ctx.api().delete(ResourceTypes.ENDPOINTSLICES, s.getMetadata().getNamespace(), s.getMetadata().getName(), null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** The endpoints each pod contributes, grouped by the ports they resolve to. */
    Map<String, SliceReconciler.Group> desiredEndpoints(Service svc, List<Pod> pods) {
        Map<String, SliceReconciler.Group> groups = new LinkedHashMap<>();
        List<ServicePort> servicePorts = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        for (Pod pod : pods) {
            if (!EndpointUtil.shouldPodBeInEndpoints(pod, true)) {
                continue;
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : servicePorts) {
                Integer port = EndpointUtil.findPort(pod, sp);
                if (port == null) {
                    continue;
                }
                EndpointPort ep = new EndpointPort();
                ep.setName(sp.getName() == null ? "" : sp.getName());
                ep.setPort(port);
                ep.setProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol());
                ep.setAppProtocol(sp.getAppProtocol());
                ports.add(ep);
            }
            String portKey = SliceReconciler.portKey(ports);
            SliceReconciler.Group g = groups.computeIfAbsent(portKey, k -> new SliceReconciler.Group(ports, new LinkedHashMap<>()));
            Endpoint endpoint = podToEndpoint(pod, svc);
            g.endpoints().put(SliceReconciler.endpointKey(endpoint), endpoint);
        }
        return groups;
    }

    /**
     * {@code podToEndpoint}: {@code serving} is the pod's readiness, {@code terminating} whether it
     * is being deleted, and {@code ready} is "serving and not terminating" — a terminating pod is
     * never ready, unless the Service publishes not-ready addresses.
     */
    Endpoint podToEndpoint(Pod pod, Service svc) {
        boolean serving = PodUtil.isReady(pod);
        boolean terminating = PodUtil.isTerminating(pod);
        boolean ready = EndpointUtil.publishNotReady(svc) || (serving && !terminating);
        Endpoint ep = new Endpoint();
        ep.setAddresses(new ArrayList<>(List.of(PodUtil.podIp(pod))));
        EndpointConditions conditions = new EndpointConditions();
        conditions.setReady(ready);
        conditions.setServing(serving);
        conditions.setTerminating(terminating);
        ep.setConditions(conditions);
        ep.setTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        String nodeName = PodUtil.nodeName(pod);
        if (nodeName != null) {
            ep.setNodeName(nodeName);
            Node node = ctx.store().get(ResourceTypes.NODES, null, nodeName);
            String zone = NodeUtil.zone(node);
            if (!zone.isEmpty()) {
                ep.setZone(zone);
            }
        }
        if (EndpointUtil.shouldSetHostname(pod, svc)) {
            ep.setHostname(pod.getSpec().getHostname());
        }
        return ep;
    }
}
