package io.kubelab.engine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels the kubelet puts on a pod's containers (and its sandbox, named {@code POD}), as
 * {@code docker inspect} shows them on a real node; every runtime sets them, and the node's docker
 * CLI and the kernel inspector find a pod's containers by them.
 */
public final class PodLabels {
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";

    private PodLabels() {}

    /** The labels of {@code container} ({@code POD} for the sandbox) of a pod, in the kubelet's order. */
    public static Map<String, String> of(String pod, String namespace, String uid, String container) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CONTAINER_NAME, container);
        labels.put(POD_NAME, pod);
        labels.put(POD_NAMESPACE, namespace);
        labels.put(POD_UID, uid);
        return labels;
    }
}
