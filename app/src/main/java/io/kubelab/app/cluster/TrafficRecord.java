package io.kubelab.app.cluster;

/**
 * One simulated request through a Service, as kube-proxy routed it: the cluster view animates a dot
 * from the Service, through kube-proxy on {@code node}, to {@code pod}.
 *
 * @param service the Service, {@code namespace/name}
 * @param node    the node whose kube-proxy routed the request
 * @param pod     the chosen endpoint pod, {@code namespace/name}
 */
public record TrafficRecord(String service, String node, String pod) {}
