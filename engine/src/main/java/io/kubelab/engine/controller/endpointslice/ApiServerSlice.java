package io.kubelab.engine.controller.endpointslice;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EndpointSlice of the {@code default/kubernetes} Service. On a real cluster the API server's
 * endpoints reconciler writes it next to the Endpoints (which is why those carry
 * {@code endpointslice.kubernetes.io/skip-mirror: "true"}: the mirroring controller must not copy
 * them a second time), as {@code endpointSliceFromEndpoints} does: named {@code kubernetes}, label
 * {@code kubernetes.io/service-name: kubernetes}, no manager label and no owner, the first subset's
 * ports, its addresses as ready endpoints.
 */
final class ApiServerSlice {
    private ApiServerSlice() {}

    static void sync(ClusterContext ctx) {
        Endpoints ep = ctx.store().get(ResourceTypes.ENDPOINTS, "default", "kubernetes");
        EndpointSlice current = ctx.store().get(ResourceTypes.ENDPOINTSLICES, "default", "kubernetes");
        if (ep == null) {
            if (current != null) {
                try {
                    ctx.api().delete(ResourceTypes.ENDPOINTSLICES, "default", "kubernetes", null);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            return;
        }
        EndpointSlice want = fromEndpoints(ep);
        if (current != null && Kube.tree(current.getEndpoints() == null ? List.of() : current.getEndpoints())
                .equals(Kube.tree(want.getEndpoints() == null ? List.of() : want.getEndpoints()))
                && Kube.tree(current.getPorts() == null ? List.of() : current.getPorts())
                .equals(Kube.tree(want.getPorts() == null ? List.of() : want.getPorts()))
                && want.getMetadata().getLabels().equals(current.getMetadata().getLabels())
                && "IPv4".equals(current.getAddressType())) {
            return;
        }
        if (current == null) {
            ctx.api().create(want, "default");
        } else {
            EndpointSlice next = Kube.copy(current);
            next.getMetadata().setLabels(want.getMetadata().getLabels());
            next.setAddressType(want.getAddressType());
            next.setPorts(want.getPorts());
            next.setEndpoints(want.getEndpoints());
            ctx.api().update(next);
        }
    }

    /** {@code endpointSliceFromEndpoints}. */
    static EndpointSlice fromEndpoints(Endpoints ep) {
        EndpointSlice s = new EndpointSlice();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(ep.getMetadata().getName());
        meta.setNamespace(ep.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EndpointSliceController.SERVICE_NAME_LABEL, ep.getMetadata().getName());
        meta.setLabels(labels);
        s.setMetadata(meta);
        s.setAddressType("IPv4");
        if (ep.getSubsets() != null && !ep.getSubsets().isEmpty()) {
            EndpointSubset subset = ep.getSubsets().get(0);
            List<EndpointPort> ports = new ArrayList<>();
            if (subset.getPorts() != null) {
                for (var p : subset.getPorts()) {
                    EndpointPort port = new EndpointPort();
                    port.setName(p.getName() == null ? "" : p.getName());
                    port.setPort(p.getPort());
                    port.setProtocol(p.getProtocol());
                    ports.add(port);
                }
            }
            s.setPorts(ports.isEmpty() ? null : ports);
            List<Endpoint> endpoints = new ArrayList<>();
            addAll(endpoints, subset.getAddresses(), true);
            addAll(endpoints, subset.getNotReadyAddresses(), false);
            s.setEndpoints(endpoints.isEmpty() ? null : endpoints);
        }
        return s;
    }

    private static void addAll(List<Endpoint> out, List<EndpointAddress> addresses, boolean ready) {
        if (addresses == null) {
            return;
        }
        for (EndpointAddress a : addresses) {
            Endpoint e = new Endpoint();
            e.setAddresses(new ArrayList<>(List.of(a.getIp())));
            EndpointConditions c = new EndpointConditions();
            c.setReady(ready);
            e.setConditions(c);
            e.setTargetRef(a.getTargetRef());
            e.setNodeName(a.getNodeName());
            out.add(e);
        }
    }
}
