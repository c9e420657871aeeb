package io.kubelab.engine.controller.endpointslicemirroring;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.endpointslice.EndpointSliceController;
import io.kubelab.engine.controller.util.endpoint.EndpointUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EndpointSlice mirroring controller ({@code pkg/controller/endpointslicemirroring}): for a
 * Service without a selector, whose Endpoints are written by hand (an external database, say), it
 * mirrors those Endpoints into EndpointSlices — which is what {@code kubectl describe svc} (1.31+)
 * and kube-proxy read. Each group of subsets with the same ports becomes one slice named
 * {@code <name>-<5 chars>}, owned by the Endpoints, labelled like them plus
 * {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by:
 * endpointslicemirroring-controller.k8s.io}; addresses are ready endpoints, notReadyAddresses not
 * ready ones, at most 1000 per group. Endpoints labelled
 * {@code endpointslice.kubernetes.io/skip-mirror: "true"} (the API server's own) are not mirrored.
 *
 * <p>Keys are {@code namespace/name} of a Service and its Endpoints.
 */
public final class EndpointSliceMirroringController extends Controller {
    public static final String NAME = "endpointslice-mirroring-controller";
    public static final String CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io";
    /** {@code --mirroring-max-endpoints-per-subset}'s default. */
    static final int MAX_ENDPOINTS_PER_SUBSET = 1000;
    private static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

    public EndpointSliceMirroringController() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        ctx.store().watch(ResourceTypes.SERVICES, 0, o -> true, e -> queue.add(Kube.key(e.object())));
        ctx.store().watch(ResourceTypes.ENDPOINTS, 0, o -> true, e -> queue.add(Kube.key(e.object())));
        ctx.store().watch(ResourceTypes.ENDPOINTSLICES, ctx.store().revision(), o -> true, e -> {
            Map<String, String> l = e.object().getMetadata().getLabels();
            if (l != null && CONTROLLER_NAME.equals(l.get(EndpointSliceController.MANAGED_BY_LABEL))
                    && l.get(EndpointSliceController.SERVICE_NAME_LABEL) != null) {
                queue.add(Kube.key(e.object().getMetadata().getNamespace(), l.get(EndpointSliceController.SERVICE_NAME_LABEL)));
            }
        });
    }

    @Override
    public void sync(String key) {
        String[] nsName = key.split("/", 2);
        String ns = nsName[0];
        String name = nsName[1];
        Service svc = ctx.store().get(ResourceTypes.SERVICES, ns, name);
        Endpoints ep = ctx.store().get(ResourceTypes.ENDPOINTS, ns, name);
        List<EndpointSlice> existing = ctx.store().<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, ns, o -> {
            Map<String, String> l = o.getMetadata().getLabels();
            return l != null && name.equals(l.get(EndpointSliceController.SERVICE_NAME_LABEL))
                    && CONTROLLER_NAME.equals(l.get(EndpointSliceController.MANAGED_BY_LABEL));
        }).items();
        boolean mirror = svc != null && !EndpointUtil.hasSelector(svc) && ep != null
                && !"true".equals(labels(ep).get(EndpointSliceController.SKIP_MIRROR_LABEL))
                && (ep.getMetadata().getAnnotations() == null || !ep.getMetadata().getAnnotations().containsKey(LEADER_ANNOTATION));
        if (!mirror) {
            for (EndpointSlice s : existing) {
                delete(s);
            }
            return;
        }
        Map<String, Group> desired = desired(ep);
        List<EndpointSlice> unused = new ArrayList<>(existing);
        for (var e : desired.entrySet()) {
            EndpointSlice match = null;
            for (EndpointSlice s : unused) {
                if (portKey(s.getPorts()).equals(e.getKey())) {
                    match = s;
                    break;
                }
            }
            EndpointSlice want = newSlice(ep, e.getValue());
            if (match == null) {
                try {
                    ctx.api().create(want, ns);
                } catch (ApiException ex) {
                    if (ex.code() == 403) {
                        return;
                    }
                    throw ex;
                }
                continue;
            }
            unused.remove(match);
            if (Kube.tree(nullToEmpty(match.getEndpoints())).equals(Kube.tree(nullToEmpty(want.getEndpoints())))
                    && Kube.tree(nullToEmpty(match.getPorts())).equals(Kube.tree(nullToEmpty(want.getPorts())))
                    && want.getMetadata().getLabels().equals(match.getMetadata().getLabels())) {
                continue;
            }
            EndpointSlice next = Kube.copy(match);
            next.getMetadata().setLabels(want.getMetadata().getLabels());
            next.setPorts(want.getPorts());
            next.setEndpoints(want.getEndpoints());
            ctx.api().update(next);
        }
        for (EndpointSlice s : unused) {
            delete(s);
        }
    }

    private record Group(List<EndpointPort> ports, List<Endpoint> endpoints) {}

    /** Subsets with the same ports together; ready addresses, then not-ready ones; at most 1000. */
    private static Map<String, Group> desired(Endpoints ep) {
        Map<String, Group> groups = new LinkedHashMap<>();
        if (ep.getSubsets() == null) {
            return groups;
        }
        for (EndpointSubset subset : ep.getSubsets()) {
            List<EndpointPort> ports = new ArrayList<>();
            if (subset.getPorts() != null) {
                for (var p : subset.getPorts()) {
                    EndpointPort port = new EndpointPort();
                    port.setName(p.getName() == null ? "" : p.getName());
                    port.setPort(p.getPort());
                    port.setProtocol(p.getProtocol() == null ? "TCP" : p.getProtocol());
                    port.setAppProtocol(p.getAppProtocol());
                    ports.add(port);
                }
            }
            Group g = groups.computeIfAbsent(portKey(ports), k -> new Group(ports, new ArrayList<>()));
            add(g.endpoints(), subset.getAddresses(), true);
            add(g.endpoints(), subset.getNotReadyAddresses(), false);
        }
        return groups;
    }

    private static void add(List<Endpoint> out, List<EndpointAddress> addresses, boolean ready) {
        if (addresses == null) {
            return;
        }
        for (EndpointAddress a : addresses) {
            if (out.size() >= MAX_ENDPOINTS_PER_SUBSET || a.getIp() == null || a.getIp().contains(":")) {
                continue;
            }
            Endpoint e = new Endpoint();
            e.setAddresses(new ArrayList<>(List.of(a.getIp())));
            EndpointConditions c = new EndpointConditions();
            c.setReady(ready);
            e.setConditions(c);
            e.setTargetRef(a.getTargetRef());
            e.setNodeName(a.getNodeName());
            if (a.getHostname() != null && !a.getHostname().isEmpty()) {
                e.setHostname(a.getHostname());
            }
            out.add(e);
        }
    }

    /** {@code newEndpointSlice}: the Endpoints' labels and annotations, owned by the Endpoints. */
    private static EndpointSlice newSlice(Endpoints ep, Group g) {
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(ep.getMetadata().getName() + "-");
        meta.setNamespace(ep.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>(labels(ep));
        labels.put(EndpointSliceController.SERVICE_NAME_LABEL, ep.getMetadata().getName());
        labels.put(EndpointSliceController.MANAGED_BY_LABEL, CONTROLLER_NAME);
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (ep.getMetadata().getAnnotations() != null) {
            ep.getMetadata().getAnnotations().forEach((k, v) -> {
                if (!k.equals(EndpointUtil.LAST_CHANGE_TRIGGER_TIME)
                        && !k.equals("kubectl.kubernetes.io/last-applied-configuration")) {
                    annotations.put(k, v);
                }
            });
        }
        meta.setAnnotations(annotations);
        meta.setOwnerReferences(new ArrayList<>(List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Endpoints")
                .withName(ep.getMetadata().getName()).withUid(ep.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build())));
        EndpointSlice s = new EndpointSlice();
        s.setMetadata(meta);
        s.setAddressType("IPv4");
        s.setPorts(g.ports().isEmpty() ? null : g.ports());
        s.setEndpoints(g.endpoints().isEmpty() ? null : g.endpoints());
        return s;
    }

    private static Map<String, String> labels(Endpoints ep) {
        return ep.getMetadata().getLabels() == null ? Map.of() : ep.getMetadata().getLabels();
    }

    private static String portKey(List<EndpointPort> ports) {
        StringBuilder sb = new StringBuilder();
        if (ports != null) {
            for (EndpointPort p : ports) {
                sb.append(p.getName()).append('|').append(p.getPort()).append('|').append(p.getProtocol()).append(';');
            }
        }
        return sb.toString();
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private void delete(EndpointSlice s) {
        try {
            ctx.api().delete(ResourceTypes.ENDPOINTSLICES, s.getMetadata().getNamespace(), s.getMetadata().getName(), null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
