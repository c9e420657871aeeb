package io.kubelab.engine.controller.endpointslice;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.controller.util.endpoint.EndpointUtil;
import io.kubelab.engine.model.Kube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the desired endpoints of one Service into slice writes with little churn, as upstream's
 * {@code reconciler.reconcileByPortMapping} does. For each group of endpoints sharing the same
 * ports:
 *
 * <ol>
 *   <li>every existing slice keeps the endpoints that are still wanted (updated where they
 *       changed) and drops the others; a slice left empty is deleted;</li>
 *   <li>endpoints not placed yet first fill the slices that are being updated anyway, then new
 *       slices of at most {@code max} endpoints; a last remainder goes into an unchanged slice that
 *       has room for all of it, rather than into one more slice.</li>
 * </ol>
 *
 * Worked example, max 100: a Service with one slice of 100 endpoints scales from 100 to 130 pods →
 * the full slice is unchanged and one new slice holds 30; then 10 of the first 100 pods go away →
 * the first slice is updated to 90 and nothing moves between slices.
 *
 * <p>Slices whose ports are no longer wanted are deleted. A Service with no endpoints at all keeps
 * one empty placeholder slice, as upstream does. Pure: reads nothing but its arguments.
 */
final class SliceReconciler {
    /** Endpoints sharing the same resolved ports. */
    record Group(List<EndpointPort> ports, Map<String, Endpoint> endpoints) {}

    /** What to write, in this order: creates, updates, deletes (so endpoints never vanish in between). */
    record Plan(List<EndpointSlice> toCreate, List<EndpointSlice> toUpdate, List<EndpointSlice> toDelete) {}

    private final Service svc;
    private final int max;

    SliceReconciler(Service svc, int max) {
        this.svc = svc;
        this.max = max;
    }

    Plan reconcile(List<EndpointSlice> existing, Map<String, Group> desired) {
        List<EndpointSlice> toCreate = new ArrayList<>();
        List<EndpointSlice> toUpdate = new ArrayList<>();
        List<EndpointSlice> toDelete = new ArrayList<>();
        List<EndpointSlice> unchanged = new ArrayList<>();
        Map<String, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice s : existing) {
            if (!"IPv4".equals(s.getAddressType())) {
                toDelete.add(s);
                continue;
            }
            existingByPorts.computeIfAbsent(portKey(s.getPorts()), k -> new ArrayList<>()).add(s);
        }
        Map<String, String> labels = sliceLabels(svc);
        for (var e : desired.entrySet()) {
            List<EndpointSlice> slices = existingByPorts.remove(e.getKey());
            byPortMapping(slices == null ? List.of() : slices, e.getValue(), labels, toCreate, toUpdate, toDelete, unchanged);
        }
        for (List<EndpointSlice> stale : existingByPorts.values()) {
            toDelete.addAll(stale);
        }
        if (toCreate.isEmpty() && toUpdate.isEmpty() && unchanged.isEmpty()) {
            EndpointSlice placeholder = newSlice(List.of(), labels);
            if (toDelete.size() == 1 && isPlaceholder(toDelete.get(0), labels)) {
                toDelete.clear();
            } else {
                toCreate.add(placeholder);
            }
        }
        return new Plan(toCreate, toUpdate, toDelete);
    }

    private void byPortMapping(List<EndpointSlice> slices, Group group, Map<String, String> labels,
                               List<EndpointSlice> toCreate, List<EndpointSlice> toUpdate,
                               List<EndpointSlice> toDelete, List<EndpointSlice> unchanged) {
        Map<String, Endpoint> remaining = new LinkedHashMap<>(group.endpoints());
        List<EndpointSlice> updating = new ArrayList<>();
        List<EndpointSlice> keeping = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            List<Endpoint> kept = new ArrayList<>();
            boolean changed = false;
            List<Endpoint> current = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
            for (Endpoint ep : current) {
                Endpoint want = remaining.remove(endpointKey(ep));
                if (want != null) {
                    if (!sameEndpoint(want, ep)) {
                        changed = true;
                    }
                    kept.add(want);
                }
            }
            boolean labelsChanged = !Objects.equals(slice.getMetadata().getLabels(), labels);
            if (changed || kept.size() != current.size() || labelsChanged) {
                if (kept.isEmpty()) {
                    toDelete.add(slice);
                } else {
                    EndpointSlice copy = Kube.copy(slice);
                    copy.setEndpoints(kept);
                    copy.getMetadata().setLabels(new LinkedHashMap<>(labels));
                    ensureAnnotations(copy);
                    updating.add(copy);
                }
            } else {
                keeping.add(slice);
            }
        }
        Iterator<Endpoint> left = remaining.values().iterator();
        // Fill the slices written anyway first.
        for (EndpointSlice s : updating) {
            while (s.getEndpoints().size() < max && left.hasNext()) {
                s.getEndpoints().add(left.next());
            }
        }
        List<Endpoint> rest = new ArrayList<>();
        left.forEachRemaining(rest::add);
        int i = 0;
        while (rest.size() - i >= max) {
            toCreate.add(newSlice(group.ports(), labels, rest.subList(i, i + max)));
            i += max;
        }
        if (i < rest.size()) {
            List<Endpoint> tail = rest.subList(i, rest.size());
            // Rather than a new small slice, top up the fullest unchanged slice that can take them all.
            EndpointSlice target = keeping.stream()
                    .filter(s -> size(s) + tail.size() <= max)
                    .max(Comparator.comparingInt(SliceReconciler::size))
                    .orElse(null);
            if (target != null) {
                keeping.remove(target);
                EndpointSlice copy = Kube.copy(target);
                List<Endpoint> eps = copy.getEndpoints() == null ? new ArrayList<>() : new ArrayList<>(copy.getEndpoints());
                eps.addAll(tail);
                copy.setEndpoints(eps);
                ensureAnnotations(copy);
                updating.add(copy);
            } else {
                toCreate.add(newSlice(group.ports(), labels, tail));
            }
        }
        toUpdate.addAll(updating);
        unchanged.addAll(keeping);
    }

    private static int size(EndpointSlice s) {
        return s.getEndpoints() == null ? 0 : s.getEndpoints().size();
    }

    private EndpointSlice newSlice(List<EndpointPort> ports, Map<String, String> labels) {
        return newSlice(ports, labels, List.of());
    }

    /** {@code newEndpointSlice}: generateName {@code <service>-}, owned by the Service. */
    private EndpointSlice newSlice(List<EndpointPort> ports, Map<String, String> labels, List<Endpoint> endpoints) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(svc.getMetadata().getName()).withUid(svc.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(svc.getMetadata().getName() + "-");
        meta.setNamespace(svc.getMetadata().getNamespace());
        meta.setLabels(new LinkedHashMap<>(labels));
        meta.setAnnotations(new LinkedHashMap<>());
        meta.setOwnerReferences(new ArrayList<>(List.of(owner)));
        EndpointSlice s = new EndpointSlice();
        s.setMetadata(meta);
        s.setAddressType("IPv4");
        s.setPorts(ports.isEmpty() ? null : new ArrayList<>(ports));
        s.setEndpoints(endpoints.isEmpty() ? null : new ArrayList<>(endpoints));
        return s;
    }

    private static void ensureAnnotations(EndpointSlice s) {
        if (s.getMetadata().getAnnotations() == null) {
            s.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
    }

    private static boolean isPlaceholder(EndpointSlice s, Map<String, String> labels) {
        return size(s) == 0 && (s.getPorts() == null || s.getPorts().isEmpty())
                && Objects.equals(s.getMetadata().getLabels(), labels);
    }

    /**
     * {@code setEndpointSliceLabels}: the Service's labels (without the reserved keys), the Service
     * name, the manager, and {@code service.kubernetes.io/headless} for a headless Service.
     */
    static Map<String, String> sliceLabels(Service svc) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            svc.getMetadata().getLabels().forEach((k, v) -> {
                if (!k.equals(EndpointSliceController.SERVICE_NAME_LABEL) && !k.equals(EndpointSliceController.MANAGED_BY_LABEL)
                        && !k.equals(EndpointUtil.HEADLESS_LABEL)) {
                    labels.put(k, v);
                }
            });
        }
        if (EndpointUtil.isHeadless(svc)) {
            labels.put(EndpointUtil.HEADLESS_LABEL, "");
        }
        labels.put(EndpointSliceController.SERVICE_NAME_LABEL, svc.getMetadata().getName());
        labels.put(EndpointSliceController.MANAGED_BY_LABEL, EndpointSliceController.CONTROLLER_NAME);
        return labels;
    }

    static String portKey(List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (EndpointPort p : ports) {
            sb.append(p.getName()).append('|').append(p.getPort()).append('|').append(p.getProtocol()).append('|')
                    .append(p.getAppProtocol()).append(';');
        }
        return sb.toString();
    }

    /**
     * Whether two endpoints say the same thing (what the controller sets; a field-by-field check, as
     * a slice may hold 100 endpoints and a Service thousands, re-checked on every pod change).
     */
    static boolean sameEndpoint(Endpoint a, Endpoint b) {
        if (!Objects.equals(a.getAddresses(), b.getAddresses()) || !Objects.equals(a.getNodeName(), b.getNodeName())
                || !Objects.equals(a.getZone(), b.getZone()) || !Objects.equals(a.getHostname(), b.getHostname())) {
            return false;
        }
        var ca = a.getConditions();
        var cb = b.getConditions();
        if (ca == null || cb == null) {
            return ca == cb;
        }
        if (!Objects.equals(ca.getReady(), cb.getReady()) || !Objects.equals(ca.getServing(), cb.getServing())
                || !Objects.equals(ca.getTerminating(), cb.getTerminating())) {
            return false;
        }
        var ra = a.getTargetRef();
        var rb = b.getTargetRef();
        if (ra == null || rb == null) {
            return ra == rb;
        }
        return Objects.equals(ra.getUid(), rb.getUid()) && Objects.equals(ra.getName(), rb.getName())
                && Objects.equals(ra.getNamespace(), rb.getNamespace()) && Objects.equals(ra.getKind(), rb.getKind());
    }

    /** An endpoint's identity across syncs: its address and the pod behind it. */
    static String endpointKey(Endpoint ep) {
        String ip = ep.getAddresses() == null || ep.getAddresses().isEmpty() ? "" : ep.getAddresses().get(0);
        String uid = ep.getTargetRef() == null ? "" : ep.getTargetRef().getUid();
        return ip + "|" + uid;
    }
}
