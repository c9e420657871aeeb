package io.kubelab.engine.kubelet;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a cluster's kubelets (for the UI, the console and the fault injector). */
public final class Kubelets {
    private Kubelets() {}

    /** Every kubelet, in node order. */
    public static List<Kubelet> all(Cluster cluster) {
        List<Kubelet> out = new ArrayList<>();
        for (Component c : cluster.components().values()) {
            if (c instanceof Kubelet k) {
                out.add(k);
            }
        }
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** The kubelet of a node by name ({@code minikube-m02}). */
    public static Optional<Kubelet> byNode(Cluster cluster, String nodeName) {
        return Optional.ofNullable(cluster.component("kubelet/" + nodeName)).filter(Kubelet.class::isInstance)
                .map(Kubelet.class::cast);
    }

    /** The kubelet whose node has the InternalIP {@code ip}, or whose pod CIDR holds the pod IP {@code ip}. */
    public static Optional<Kubelet> byAddress(Cluster cluster, String ip) {
        for (Kubelet k : all(cluster)) {
            if (k.nodeIp().equals(ip) || ip.startsWith("10.244." + k.index() + ".")) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
