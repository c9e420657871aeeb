package io.kubelab.engine.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubelab.engine.model.Kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube-proxy's view of the Services: one {@link Entry} per Service port with its ClusterIP, port,
 * NodePort and the ready endpoints from the Service's {@code Endpoints} object. A Service port
 * named {@code http} takes the endpoints' port named {@code http}; a Service's only, unnamed port
 * takes the endpoints' unnamed port. Pure.
 */
public final class ServiceTable {
    private ServiceTable() {}

    /** A ready endpoint: the pod's address, the target port, and which pod on which node it is. */
    public record Backend(String ip, int port, String podNamespace, String podName, String nodeName) {
        /** {@code default/my-nginx-…}, or the bare IP for an endpoint without a pod. */
        public String pod() {
            return podName == null ? null : Kube.key(podNamespace, podName);
        }
    }

    /**
     * One Service port.
     *
     * @param namespace              the Service's namespace
     * @param service                its name
     * @param portName               the port's name ({@code ""} when unnamed)
     * @param protocol               {@code TCP}
     * @param clusterIp              the ClusterIP ({@code None} for headless Services)
     * @param port                   the Service port
     * @param nodePort               the NodePort, or 0
     * @param sessionAffinity        {@code None} or {@code ClientIP}
     * @param affinityTimeoutSeconds how long a client stays with its endpoint (10800 by default)
     * @param backends               the ready endpoints, in the Endpoints object's order
     */
    public record Entry(String namespace, String service, String portName, String protocol, String clusterIp, int port,
                        int nodePort, String sessionAffinity, int affinityTimeoutSeconds, List<Backend> backends) {
        public String key() {
            return namespace + "/" + service + ":" + portName;
        }

        public String serviceKey() {
            return namespace + "/" + service;
        }
    }

    public static List<Entry> build(List<Service> services, List<Endpoints> endpoints) {
        Map<String, Endpoints> byName = new HashMap<>();
        for (Endpoints e : endpoints) {
            byName.put(Kube.key(e), e);
        }
        List<Entry> out = new ArrayList<>();
        for (Service s : services) {
            if (s.getSpec() == null || s.getSpec().getPorts() == null || "ExternalName".equals(s.getSpec().getType())) {
                continue;
            }
            Endpoints ep = byName.get(Kube.key(s));
            String affinity = s.getSpec().getSessionAffinity() == null ? "None" : s.getSpec().getSessionAffinity();
            int timeout = 10800;
            if (s.getSpec().getSessionAffinityConfig() != null && s.getSpec().getSessionAffinityConfig().getClientIP() != null
                    && s.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
                timeout = s.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            }
            for (ServicePort p : s.getSpec().getPorts()) {
                String name = p.getName() == null ? "" : p.getName();
                String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                out.add(new Entry(s.getMetadata().getNamespace(), s.getMetadata().getName(), name, protocol,
                        s.getSpec().getClusterIP(), p.getPort(), p.getNodePort() == null ? 0 : p.getNodePort(), affinity,
                        timeout, backends(ep, name, protocol)));
            }
        }
        return out;
    }

    private static List<Backend> backends(Endpoints ep, String portName, String protocol) {
        List<Backend> out = new ArrayList<>();
        if (ep == null || ep.getSubsets() == null) {
            return out;
        }
        for (EndpointSubset subset : ep.getSubsets()) {
            Integer port = null;
            if (subset.getPorts() != null) {
                for (EndpointPort p : subset.getPorts()) {
                    String n = p.getName() == null ? "" : p.getName();
                    String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                    if (n.equals(portName) && proto.equals(protocol)) {
                        port = p.getPort();
                    }
                }
            }
            if (port == null || subset.getAddresses() == null) {
                continue;
            }
            for (EndpointAddress a : subset.getAddresses()) {
                var ref = a.getTargetRef();
                boolean isPod = ref != null && Objects.equals(ref.getKind(), "Pod");
                out.add(new Backend(a.getIp(), port, isPod ? ref.getNamespace() : null, isPod ? ref.getName() : null,
                        a.getNodeName()));
            }
        }
        return out;
    }
}
