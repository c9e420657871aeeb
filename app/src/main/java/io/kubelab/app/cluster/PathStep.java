package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;

import java.util.List;

/**
 * One step of a command's path through the cluster, inferred from a watch event: who acted, what
 * happened to which object, and the arrows to light (e.g. kube-scheduler → kube-apiserver → etcd for
 * a binding). Every component talks only to the API server, and only the API server talks to etcd.
 *
 * @param actor   the component that made the change
 * @param verb    what happened
 * @param subject the object in kubectl's {@code kind/name} form, e.g. {@code pod/nginx-7d5b-x2x4q}
 * @param detail  a node name for {@link Verb#BOUND}, a STATUS text for {@link Verb#STATUS}, else empty
 * @param arrows  the hops, in the order a dot travels them
 */
public record PathStep(ComponentId actor, Verb verb, String subject, String detail, List<Arrow> arrows) {

    public enum Verb { CREATED, UPDATED, TERMINATING, DELETED, BOUND, STATUS, REGISTERED, ENDPOINTS }

    /** A hop from one component to another. */
    public record Arrow(ComponentId from, ComponentId to) {}

    public PathStep {
        arrows = List.copyOf(arrows);
    }

    /** A write to the API server: actor → kube-apiserver → etcd. */
    static PathStep write(ComponentId actor, Verb verb, String subject, String detail) {
        return new PathStep(actor, verb, subject, detail,
                List.of(new Arrow(actor, ComponentId.API_SERVER), new Arrow(ComponentId.API_SERVER, ComponentId.ETCD)));
    }

    /** A kubelet's status report after asking its runtime: kubelet → runtime, kubelet → kube-apiserver → etcd. */
    static PathStep kubeletReport(String node, String subject, String status) {
        ComponentId kubelet = ComponentId.kubelet(node);
        return new PathStep(kubelet, Verb.STATUS, subject, status, List.of(
                new Arrow(kubelet, ComponentId.runtime(node)),
                new Arrow(kubelet, ComponentId.API_SERVER),
                new Arrow(ComponentId.API_SERVER, ComponentId.ETCD)));
    }
}
