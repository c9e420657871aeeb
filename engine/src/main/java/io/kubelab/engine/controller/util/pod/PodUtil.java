package io.kubelab.engine.controller.util.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.ArrayList;
import java.util.Objects;

/**
 * Pod helpers the controllers share, after {@code k8s.io/kubernetes/pkg/api/v1/pod}: readiness,
 * conditions, terminal phases. Pure functions over the objects they are given.
 */
public final class PodUtil {
    private PodUtil() {}

    public static final String READY = "Ready";
    public static final String DISRUPTION_TARGET = "DisruptionTarget";

    /** The condition of {@code type}, or {@code null}. */
    public static PodCondition condition(Pod pod, String type) {
        PodStatus status = pod.getStatus();
        if (status == null || status.getConditions() == null) {
            return null;
        }
        for (PodCondition c : status.getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** {@code IsPodReady}: the Ready condition is True. */
    public static boolean isReady(Pod pod) {
        PodCondition c = condition(pod, READY);
        return c != null && "True".equals(c.getStatus());
    }

    /** {@code IsPodTerminal}: the pod reached Succeeded or Failed. */
    public static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** The pod's primary IP, or {@code null} before the kubelet set one. */
    public static String podIp(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        String ip = pod.getStatus().getPodIP();
        if ((ip == null || ip.isEmpty()) && pod.getStatus().getPodIPs() != null && !pod.getStatus().getPodIPs().isEmpty()) {
            ip = pod.getStatus().getPodIPs().get(0).getIp();
        }
        return ip == null || ip.isEmpty() ? null : ip;
    }

    public static String nodeName(Pod pod) {
        String n = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return n == null || n.isEmpty() ? null : n;
    }

    /**
     * {@code UpdatePodCondition}: sets {@code condition} in {@code status} (which must be a private
     * copy). The transition time moves only when the status flips; nothing changes when the
     * condition is already there with the same status, reason and message.
     *
     * @param now the time to stamp as {@code lastTransitionTime} (a Kubernetes timestamp)
     * @return whether the status changed
     */
    public static boolean updateCondition(PodStatus status, PodCondition condition, String now) {
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        for (PodCondition old : status.getConditions()) {
            if (!condition.getType().equals(old.getType())) {
                continue;
            }
            boolean sameStatus = Objects.equals(old.getStatus(), condition.getStatus());
            if (sameStatus && Objects.equals(old.getReason(), condition.getReason())
                    && Objects.equals(old.getMessage(), condition.getMessage())) {
                return false;
            }
            if (!sameStatus) {
                old.setLastTransitionTime(now);
            }
            old.setStatus(condition.getStatus());
            old.setReason(condition.getReason());
            old.setMessage(condition.getMessage());
            if (condition.getLastProbeTime() != null) {
                old.setLastProbeTime(condition.getLastProbeTime());
            }
            return true;
        }
        if (condition.getLastTransitionTime() == null) {
            condition.setLastTransitionTime(now);
        }
        status.getConditions().add(condition);
        return true;
    }
}
