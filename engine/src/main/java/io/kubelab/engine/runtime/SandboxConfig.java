package io.kubelab.engine.runtime;

import java.util.Map;

/**
 * What a pod sandbox is made from.
 *
 * @param podName   the pod's name (also the hostname of its containers)
 * @param namespace the pod's namespace
 * @param podUid    the pod's uid
 * @param attempt   0 for the first sandbox of a pod, then 1, 2… when it is re-created
 * @param labels    the pod's labels (the runtime keeps them as container labels)
 * @param pidsLimit the most processes the pod's containers may run together, the kubelet's
 *                  {@code podPidsLimit} on the pod's cgroup ({@code pids.max}); 0 or less for none
 */
public record SandboxConfig(String podName, String namespace, String podUid, int attempt, Map<String, String> labels,
                            long pidsLimit) {

    /** A sandbox without a PID limit. */
    public SandboxConfig(String podName, String namespace, String podUid, int attempt, Map<String, String> labels) {
        this(podName, namespace, podUid, attempt, labels, 0);
    }
}
