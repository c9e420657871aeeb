package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the cluster view draws of one pod, computed once per change (not per frame): the STATUS text
 * as kubectl prints it, its colour family, IP, containers and owner. Owned by the UI thread.
 */
public final class PodInfo {
    /** One container of the pod, as drawn inside it. */
    public record ContainerInfo(String name, String image, PodStatusText.Category state, boolean ready, int restarts) {}

    final String key;
    final String namespace;
    final String name;
    final long sequence;
    String nodeName;
    String status;
    PodStatusText.Category category;
    String ip;
    String ready;
    int restarts;
    List<ContainerInfo> containers;
    Map<String, String> labels;
    /** {@code namespace/name} of the controlling ReplicaSet (or other owner), or {@code null}. */
    String ownerKey;
    String ownerKind;
    boolean deleting;
    /** Position in its node's (or the Pending area's) visible list; -1 when hidden. */
    int slot = -1;
    NodeInfo node;

    PodInfo(String key, String namespace, String name, long sequence) {
        this.key = key;
        this.namespace = namespace;
        this.name = name;
        this.sequence = sequence;
    }

    void update(Pod pod) {
        nodeName = pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()
                ? null : pod.getSpec().getNodeName();
        status = PodStatusText.of(pod);
        category = PodStatusText.category(status);
        ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        ready = PodStatusText.ready(pod);
        restarts = PodStatusText.restarts(pod);
        labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        deleting = pod.getMetadata().getDeletionTimestamp() != null;
        ownerKey = null;
        ownerKind = null;
        if (pod.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference o : pod.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(o.getController())) {
                    ownerKey = namespace + "/" + o.getName();
                    ownerKind = o.getKind();
                }
            }
        }
        List<ContainerInfo> cs = new ArrayList<>();
        List<Container> specs = pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? List.of() : pod.getSpec().getContainers();
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        for (Container c : specs) {
            ContainerStatus s = null;
            for (ContainerStatus st : statuses) {
                if (c.getName() != null && c.getName().equals(st.getName())) {
                    s = st;
                }
            }
            cs.add(new ContainerInfo(c.getName(), c.getImage(), containerState(s), s != null && Boolean.TRUE.equals(s.getReady()),
                    s == null || s.getRestartCount() == null ? 0 : s.getRestartCount()));
        }
        containers = List.copyOf(cs);
    }

    private static PodStatusText.Category containerState(ContainerStatus s) {
        if (s == null || s.getState() == null) {
            return PodStatusText.Category.PENDING;
        }
        if (s.getState().getRunning() != null) {
            return PodStatusText.Category.RUNNING;
        }
        if (s.getState().getTerminated() != null) {
            Integer code = s.getState().getTerminated().getExitCode();
            return code == null || code == 0 ? PodStatusText.Category.COMPLETED : PodStatusText.Category.FAILED;
        }
        if (s.getState().getWaiting() != null) {
            String reason = s.getState().getWaiting().getReason();
            return reason == null || "ContainerCreating".equals(reason) || "PodInitializing".equals(reason)
                    ? PodStatusText.Category.CREATING : PodStatusText.Category.FAILED;
        }
        return PodStatusText.Category.UNKNOWN;
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

    public String nodeName() {
        return nodeName;
    }

    /** The STATUS column of {@code kubectl get pods}. */
    public String status() {
        return status;
    }

    public PodStatusText.Category category() {
        return category;
    }

    public String ip() {
        return ip;
    }

    public String ready() {
        return ready;
    }

    public int restarts() {
        return restarts;
    }

    public List<ContainerInfo> containers() {
        return containers;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public String ownerKey() {
        return ownerKey;
    }

    public int slot() {
        return slot;
    }

    @Override
    public String toString() {
        return key + " " + status + (nodeName == null ? "" : " on " + nodeName);
    }
}
