package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.List;
import java.util.Objects;

/**
 * A cheap first look at two pod statuses before the kubelet compares their JSON trees: finds
 * differences that certainly show in the trees, so the trees (two {@code valueToTree} of a pod
 * status, 2% of a big cluster's start-up) are only built when the statuses look alike.
 *
 * <p>Exact in one direction only: {@code true} means the JSON trees differ; {@code false} means
 * "look closer". It compares what serializes as it is — strings and numbers ({@code null} and
 * {@code ""} serialize differently: fabric8 omits only nulls), which of a container's states are
 * present, and the sizes of lists (where fabric8 omits empty lists, so {@code null} and empty
 * count alike).
 */
final class StatusDiff {
    private StatusDiff() {}

    static boolean certainlyDiffers(PodStatus a, PodStatus b) {
        if (a == null || b == null) {
            return false;
        }
        if (!Objects.equals(a.getPhase(), b.getPhase()) || !Objects.equals(a.getHostIP(), b.getHostIP())
                || !Objects.equals(a.getPodIP(), b.getPodIP()) || !Objects.equals(a.getStartTime(), b.getStartTime())
                || !Objects.equals(a.getQosClass(), b.getQosClass()) || !Objects.equals(a.getReason(), b.getReason())
                || !Objects.equals(a.getMessage(), b.getMessage())
                || !Objects.equals(a.getNominatedNodeName(), b.getNominatedNodeName())) {
            return true;
        }
        if (size(a.getHostIPs()) != size(b.getHostIPs()) || size(a.getPodIPs()) != size(b.getPodIPs())) {
            return true;
        }
        return conditionsDiffer(a.getConditions(), b.getConditions())
                || containersDiffer(a.getContainerStatuses(), b.getContainerStatuses())
                || containersDiffer(a.getInitContainerStatuses(), b.getInitContainerStatuses());
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static boolean conditionsDiffer(List<PodCondition> a, List<PodCondition> b) {
        if (size(a) != size(b)) {
            return true;
        }
        for (int i = 0; i < size(a); i++) {
            PodCondition x = a.get(i);
            PodCondition y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return true;
                }
                continue;
            }
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
                    || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())) {
                return true;
            }
        }
        return false;
    }

    private static boolean containersDiffer(List<ContainerStatus> a, List<ContainerStatus> b) {
        if (size(a) != size(b)) {
            return true;
        }
        for (int i = 0; i < size(a); i++) {
            ContainerStatus x = a.get(i);
            ContainerStatus y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return true;
                }
                continue;
            }
            if (!Objects.equals(x.getName(), y.getName()) || !Objects.equals(x.getReady(), y.getReady())
                    || !Objects.equals(x.getStarted(), y.getStarted()) || !Objects.equals(x.getRestartCount(), y.getRestartCount())
                    || !Objects.equals(x.getContainerID(), y.getContainerID()) || !Objects.equals(x.getImage(), y.getImage())
                    || !Objects.equals(x.getImageID(), y.getImageID())
                    || stateKind(x.getState()) != stateKind(y.getState())
                    || stateKind(x.getLastState()) != stateKind(y.getLastState())) {
                return true;
            }
        }
        return false;
    }

    /** Which of running, waiting, terminated a state holds (-1: no state at all). */
    private static int stateKind(ContainerState s) {
        if (s == null) {
            return -1;
        }
        return (s.getRunning() != null ? 1 : 0) | (s.getWaiting() != null ? 2 : 0) | (s.getTerminated() != null ? 4 : 0);
    }
}
