package io.kubelab.app.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.List;

/**
 * The STATUS column of {@code kubectl get pods}, computed the way kubectl's printer does
 * ({@code printPod} in {@code pkg/printers/internalversion/printers.go}), and the colour family a
 * status belongs to. Pure: no JavaFX, no store.
 *
 * <p>Worked example: a pod in phase {@code Running} whose only container waits with reason
 * {@code CrashLoopBackOff} prints {@code CrashLoopBackOff}, not {@code Running}: container reasons
 * win over the phase, last container first, so the first container's reason is the one shown.
 */
public final class PodStatusText {
    private PodStatusText() {}

    /** The reason the node lifecycle controller sets on pods of an unreachable node. */
    static final String NODE_UNREACHABLE = "NodeLost";

    /** The colour family of a status: what the cluster view paints, plus a badge shape. */
    public enum Category { RUNNING, PENDING, CREATING, FAILED, TERMINATING, COMPLETED, UNKNOWN }

    /** The STATUS text, e.g. {@code Running}, {@code ContainerCreating}, {@code Init:0/1}, {@code Terminating}. */
    public static String of(Pod pod) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String reason = status.getPhase() == null ? "" : status.getPhase();
        if (nonEmpty(status.getReason())) {
            reason = status.getReason();
        }
        for (PodCondition c : list(status.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }
        List<Container> initSpecs = pod.getSpec() == null ? List.of() : list(pod.getSpec().getInitContainers());
        boolean initializing = false;
        List<ContainerStatus> inits = list(status.getInitContainerStatuses());
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus c = inits.get(i);
            var terminated = c.getState() == null ? null : c.getState().getTerminated();
            var waiting = c.getState() == null ? null : c.getState().getWaiting();
            if (terminated != null && exitCode(terminated.getExitCode()) == 0) {
                continue;
            }
            if (isSidecar(initSpecs, c.getName()) && Boolean.TRUE.equals(c.getStarted())) {
                // A restartable init container (sidecar) that has started does not hold the pod back.
                continue;
            }
            if (terminated != null) {
                if (!nonEmpty(terminated.getReason())) {
                    reason = terminated.getSignal() != null && terminated.getSignal() != 0
                            ? "Init:Signal:" + terminated.getSignal()
                            : "Init:ExitCode:" + exitCode(terminated.getExitCode());
                } else {
                    reason = "Init:" + terminated.getReason();
                }
            } else if (waiting != null && nonEmpty(waiting.getReason()) && !"PodInitializing".equals(waiting.getReason())) {
                reason = "Init:" + waiting.getReason();
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }
        if (!initializing || conditionTrue(status, "Initialized")) {
            boolean hasRunning = false;
            List<ContainerStatus> containers = list(status.getContainerStatuses());
            for (int i = containers.size() - 1; i >= 0; i--) {
                ContainerStatus c = containers.get(i);
                var terminated = c.getState() == null ? null : c.getState().getTerminated();
                var waiting = c.getState() == null ? null : c.getState().getWaiting();
                var running = c.getState() == null ? null : c.getState().getRunning();
                if (waiting != null && nonEmpty(waiting.getReason())) {
                    reason = waiting.getReason();
                } else if (terminated != null && nonEmpty(terminated.getReason())) {
                    reason = terminated.getReason();
                } else if (terminated != null) {
                    reason = terminated.getSignal() != null && terminated.getSignal() != 0
                            ? "Signal:" + terminated.getSignal()
                            : "ExitCode:" + exitCode(terminated.getExitCode());
                } else if (Boolean.TRUE.equals(c.getReady()) && running != null) {
                    hasRunning = true;
                }
            }
            // A container still running turns "Completed" back into Running (or NotReady).
            if ("Completed".equals(reason) && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }
        boolean deleting = pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
        if (deleting && NODE_UNREACHABLE.equals(status.getReason())) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(status.getPhase()) && !"Failed".equals(status.getPhase())) {
            reason = "Terminating";
        }
        return reason;
    }

    /** The colour family of a STATUS text. */
    public static Category category(String statusText) {
        if (statusText == null || statusText.isEmpty()) {
            return Category.UNKNOWN;
        }
        return switch (statusText) {
            case "Running" -> Category.RUNNING;
            case "Pending", "SchedulingGated" -> Category.PENDING;
            case "ContainerCreating", "PodInitializing", "NotReady" -> Category.CREATING;
            case "Terminating" -> Category.TERMINATING;
            case "Completed", "Succeeded" -> Category.COMPLETED;
            case "Unknown" -> Category.UNKNOWN;
            default -> {
                if (statusText.startsWith("Init:") && statusText.matches("Init:\\d+/\\d+")) {
                    yield Category.CREATING;
                }
                // CrashLoopBackOff, Error, ImagePullBackOff, ErrImagePull, OOMKilled, ExitCode:1,
                // Init:Error, Evicted, Failed, CreateContainerConfigError, …
                yield Category.FAILED;
            }
        };
    }

    /** {@code READY} column: ready containers / containers, e.g. {@code 1/1}. */
    public static String ready(Pod pod) {
        int total = pod.getSpec() == null ? 0 : list(pod.getSpec().getContainers()).size();
        int ready = 0;
        if (pod.getStatus() != null) {
            for (ContainerStatus c : list(pod.getStatus().getContainerStatuses())) {
                if (Boolean.TRUE.equals(c.getReady())) {
                    ready++;
                }
            }
        }
        return ready + "/" + total;
    }

    /** {@code RESTARTS} column's count: the sum over the (regular) containers. */
    public static int restarts(Pod pod) {
        int sum = 0;
        if (pod.getStatus() != null) {
            for (ContainerStatus c : list(pod.getStatus().getContainerStatuses())) {
                sum += c.getRestartCount() == null ? 0 : c.getRestartCount();
            }
        }
        return sum;
    }

    private static boolean isSidecar(List<Container> initSpecs, String name) {
        for (Container c : initSpecs) {
            if (c.getName() != null && c.getName().equals(name)) {
                return "Always".equals(c.getRestartPolicy());
            }
        }
        return false;
    }

    private static boolean conditionTrue(PodStatus status, String type) {
        for (PodCondition c : list(status.getConditions())) {
            if (type.equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static int exitCode(Integer code) {
        return code == null ? 0 : code;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
