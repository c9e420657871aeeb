package io.kubelab.engine.controller.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code RepackSubsets} of {@code pkg/api/v1/endpoints}: the Endpoints controller first emits one
 * subset per (pod, port); this regroups them so that ports reached on exactly the same set of
 * addresses share one subset. Worked example: pods A (ready) and B (not ready) both serve
 * {@code http:8080}, only A serves {@code metrics:9090}:
 *
 * <pre>
 *   in:  {A; http}, {A; metrics}, {notReady B; http}
 *   out: {addresses [A], notReadyAddresses [B], ports [http]}, {addresses [A], ports [metrics]}
 * </pre>
 *
 * An address that is ready for a port in one subset wins over the same address listed not ready.
 * Addresses are sorted as upstream sorts them: by IP as text (so {@code 10.244.1.10} comes before
 * {@code 10.244.1.9}), then by pod uid. Ports are sorted by name and number and subsets by their
 * first address — upstream orders those by a hash, which reads as random; sorting keeps the
 * printed output stable.
 */
public final class EndpointSubsets {
    private EndpointSubsets() {}

    private static final Comparator<EndpointAddress> BY_IP = Comparator
            .comparing((EndpointAddress a) -> a.getIp() == null ? "" : a.getIp())
            .thenComparing(a -> a.getTargetRef() == null || a.getTargetRef().getUid() == null ? "" : a.getTargetRef().getUid());

    private static final Comparator<EndpointPort> BY_PORT = Comparator
            .comparing((EndpointPort p) -> p.getName() == null ? "" : p.getName())
            .thenComparing(p -> p.getPort() == null ? 0 : p.getPort())
            .thenComparing(p -> p.getProtocol() == null ? "" : p.getProtocol());

    public static List<EndpointSubset> repack(List<EndpointSubset> subsets) {
        // address key -> address; port key -> (address key -> ready)
        Map<String, EndpointAddress> addresses = new LinkedHashMap<>();
        Map<String, EndpointPort> ports = new LinkedHashMap<>();
        Map<String, Map<String, Boolean>> readyByPort = new LinkedHashMap<>();
        for (EndpointSubset s : subsets) {
            List<EndpointPort> ps = s.getPorts() == null || s.getPorts().isEmpty() ? List.of(NO_PORT) : s.getPorts();
            for (EndpointPort p : ps) {
                String pk = portKey(p);
                ports.putIfAbsent(pk, p);
                Map<String, Boolean> m = readyByPort.computeIfAbsent(pk, k -> new LinkedHashMap<>());
                for (EndpointAddress a : nullToEmpty(s.getAddresses())) {
                    String ak = addressKey(a);
                    addresses.putIfAbsent(ak, a);
                    m.put(ak, true);
                }
                for (EndpointAddress a : nullToEmpty(s.getNotReadyAddresses())) {
                    String ak = addressKey(a);
                    addresses.putIfAbsent(ak, a);
                    m.putIfAbsent(ak, false);
                }
            }
        }
        // The same (address, ready) set -> one subset with all its ports.
        Map<String, List<String>> portsBySet = new LinkedHashMap<>();
        Map<String, Map<String, Boolean>> sets = new LinkedHashMap<>();
        for (var e : readyByPort.entrySet()) {
            String setKey = new TreeMap<>(e.getValue()).toString();
            portsBySet.computeIfAbsent(setKey, k -> new ArrayList<>()).add(e.getKey());
            sets.putIfAbsent(setKey, e.getValue());
        }
        List<EndpointSubset> out = new ArrayList<>();
        for (var e : portsBySet.entrySet()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            sets.get(e.getKey()).forEach((ak, r) -> (r ? ready : notReady).add(addresses.get(ak)));
            ready.sort(BY_IP);
            notReady.sort(BY_IP);
            List<EndpointPort> ps = new ArrayList<>();
            for (String pk : e.getValue()) {
                EndpointPort p = ports.get(pk);
                if (p != NO_PORT) {
                    ps.add(p);
                }
            }
            ps.sort(BY_PORT);
            EndpointSubset s = new EndpointSubset();
            s.setAddresses(ready.isEmpty() ? null : ready);
            s.setNotReadyAddresses(notReady.isEmpty() ? null : notReady);
            s.setPorts(ps.isEmpty() ? null : ps);
            out.add(s);
        }
        out.sort(Comparator.comparing(EndpointSubsets::firstIpKey).thenComparing(s -> s.getPorts() == null
                || s.getPorts().isEmpty() ? "" : portKey(s.getPorts().get(0))));
        return out;
    }

    private static final EndpointPort NO_PORT = new EndpointPort();

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String portKey(EndpointPort p) {
        return p.getName() + "|" + p.getPort() + "|" + p.getProtocol() + "|" + p.getAppProtocol();
    }

    private static String addressKey(EndpointAddress a) {
        return a.getIp() + "|" + a.getHostname() + "|" + a.getNodeName() + "|"
                + (a.getTargetRef() == null ? "" : a.getTargetRef().getUid());
    }

    private static String firstIpKey(EndpointSubset s) {
        EndpointAddress a = s.getAddresses() != null && !s.getAddresses().isEmpty() ? s.getAddresses().get(0)
                : s.getNotReadyAddresses() != null && !s.getNotReadyAddresses().isEmpty() ? s.getNotReadyAddresses().get(0) : null;
        return a == null || a.getIp() == null ? "" : a.getIp();
    }

    /** How many addresses (ready and not) the subsets hold. */
    public static int count(List<EndpointSubset> subsets) {
        int n = 0;
        for (EndpointSubset s : subsets) {
            n += nullToEmpty(s.getAddresses()).size() + nullToEmpty(s.getNotReadyAddresses()).size();
        }
        return n;
    }
}
