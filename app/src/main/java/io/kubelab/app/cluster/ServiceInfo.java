package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.Map;

/** What the cluster view draws of one Service: type, ClusterIP, ports as kubectl's PORT(S) column, selector. */
public final class ServiceInfo {
    final String key;
    final String namespace;
    final String name;
    String type;
    String clusterIp;
    String ports;
    Map<String, String> selector;
    int readyEndpoints;
    int slot = -1;

    ServiceInfo(String key, String namespace, String name) {
        this.key = key;
        this.namespace = namespace;
        this.name = name;
    }

    void update(Service svc) {
        var spec = svc.getSpec();
        type = spec.getType() == null ? "ClusterIP" : spec.getType();
        clusterIp = spec.getClusterIP() == null ? "<none>" : spec.getClusterIP();
        selector = spec.getSelector() == null ? Map.of() : spec.getSelector();
        ports = portsText(svc);
    }

    /** kubectl's PORT(S) column: {@code 80:31000/TCP,443/TCP}. */
    static String portsText(Service svc) {
        if (svc.getSpec().getPorts() == null || svc.getSpec().getPorts().isEmpty()) {
            return "<none>";
        }
        StringBuilder sb = new StringBuilder();
        for (ServicePort p : svc.getSpec().getPorts()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(p.getPort());
            if (p.getNodePort() != null && p.getNodePort() != 0) {
                sb.append(':').append(p.getNodePort());
            }
            sb.append('/').append(p.getProtocol() == null ? "TCP" : p.getProtocol());
        }
        return sb.toString();
    }

    /** Whether the selector picks a pod with these labels (an empty selector picks nothing, as for Endpoints). */
    public boolean selects(PodInfo pod) {
        if (selector.isEmpty() || !namespace.equals(pod.namespace)) {
            return false;
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(pod.labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public String key() {
        return key;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String clusterIp() {
        return clusterIp;
    }

    public String ports() {
        return ports;
    }

    public int readyEndpoints() {
        return readyEndpoints;
    }

    public int slot() {
        return slot;
    }
}
