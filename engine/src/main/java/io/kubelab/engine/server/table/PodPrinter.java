package io.kubelab.engine.server.table;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod row of {@code kubectl get pods}, as upstream's {@code printPod} computes it:
 *
 * <ul>
 *   <li>READY: ready running containers / containers in the spec, e.g. {@code 1/2};</li>
 *   <li>STATUS: the phase (or {@code status.reason}), overridden by the first init container that has
 *       not finished ({@code Init:0/2}, {@code Init:CrashLoopBackOff}, {@code Init:ExitCode:1}), else
 *       by a container's waiting or terminated reason ({@code ContainerCreating},
 *       {@code ImagePullBackOff}, {@code CrashLoopBackOff}, {@code Completed}, {@code Error},
 *       {@code ExitCode:137}, {@code Signal:9}); {@code Completed} turns back into {@code Running}
 *       (or {@code NotReady}) while another container still runs; a pod being deleted reads
 *       {@code Terminating}, or {@code Unknown} when its node was lost ({@code NodeLost});</li>
 *   <li>RESTARTS: the sum of restart counts, with the age of the latest restart when known:
 *       {@code 2 (5m ago)}.</li>
 * </ul>
 */
final class PodPrinter {
    private PodPrinter() {}

    static final String NODE_UNREACHABLE_POD_REASON = "NodeLost";

    static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string("Restarts", "The number of times the containers in this pod have been restarted "
                    + "and when the last container in this pod has restarted."),
            Column.ageColumn(),
            Column.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. "
                    + "Empty if not yet allocated."),
            Column.wide("Node", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods "
                    + "on the node."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod "
                    + "readiness."));

    private static final Row.RowCondition SUCCEEDED = new Row.RowCondition("Completed", "True", "Succeeded",
            "The pod has completed successfully.");
    private static final Row.RowCondition FAILED = new Row.RowCondition("Completed", "True", "Failed",
            "The pod failed.");

    static Row row(Pod pod, Instant now) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        int totalContainers = size(spec.getContainers());
        int readyContainers = 0;
        int restarts = 0;
        Instant lastRestart = null;

        String reason = nonEmpty(status.getReason()) ? status.getReason() : nullToEmpty(status.getPhase());
        for (PodCondition c : list(status.getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
                reason = "SchedulingGated";
            }
        }

        List<Row.RowCondition> conditions = List.of();
        if ("Succeeded".equals(status.getPhase())) {
            conditions = List.of(SUCCEEDED);
        } else if ("Failed".equals(status.getPhase())) {
            conditions = List.of(FAILED);
        }

        boolean initializing = false;
        List<ContainerStatus> inits = list(status.getInitContainerStatuses());
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatus c = inits.get(i);
            restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
            lastRestart = later(lastRestart, lastTermination(c));
            ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
            ContainerStateTerminated t = state.getTerminated();
            if (t != null && exitCode(t) == 0) {
                continue;
            }
            if (t != null) {
                // The init container failed.
                if (!nonEmpty(t.getReason())) {
                    reason = signal(t) != 0 ? "Init:Signal:" + signal(t) : "Init:ExitCode:" + exitCode(t);
                } else {
                    reason = "Init:" + t.getReason();
                }
            } else if (state.getWaiting() != null && nonEmpty(state.getWaiting().getReason())
                    && !"PodInitializing".equals(state.getWaiting().getReason())) {
                reason = "Init:" + state.getWaiting().getReason();
            } else {
                reason = "Init:" + i + "/" + size(spec.getInitContainers());
            }
            initializing = true;
            break;
        }

        if (!initializing) {
            restarts = 0;
            boolean hasRunning = false;
            List<ContainerStatus> containers = list(status.getContainerStatuses());
            // Upstream walks the statuses from the last to the first: the first container's reason wins.
            for (int i = containers.size() - 1; i >= 0; i--) {
                ContainerStatus c = containers.get(i);
                restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
                lastRestart = later(lastRestart, lastTermination(c));
                ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
                ContainerStateTerminated t = state.getTerminated();
                if (state.getWaiting() != null && nonEmpty(state.getWaiting().getReason())) {
                    reason = state.getWaiting().getReason();
                } else if (t != null && nonEmpty(t.getReason())) {
                    reason = t.getReason();
                } else if (t != null) {
                    reason = signal(t) != 0 ? "Signal:" + signal(t) : "ExitCode:" + exitCode(t);
                } else if (Boolean.TRUE.equals(c.getReady()) && state.getRunning() != null) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose first container completed while another still runs is not "Completed".
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasReadyCondition(status) ? "Running" : "NotReady";
            }
        }

        if (pod.getMetadata().getDeletionTimestamp() != null && NODE_UNREACHABLE_POD_REASON.equals(status.getReason())) {
            reason = "Unknown";
        } else if (pod.getMetadata().getDeletionTimestamp() != null) {
            reason = "Terminating";
        }

        String restartsText = Integer.toString(restarts);
        if (lastRestart != null) {
            restartsText = restarts + " (" + HumanDuration.format(Duration.between(lastRestart, now)) + " ago)";
        }

        String podIp = status.getPodIPs() != null && !status.getPodIPs().isEmpty()
                ? nullToEmpty(status.getPodIPs().get(0).getIp()) : "";
        if (podIp.isEmpty() && nonEmpty(status.getPodIP())) {
            podIp = status.getPodIP();
        }
        List<Object> cells = new ArrayList<>(9);
        cells.add(pod.getMetadata().getName());
        cells.add(readyContainers + "/" + totalContainers);
        cells.add(reason);
        cells.add(restartsText);
        cells.add(HumanDuration.since(pod.getMetadata().getCreationTimestamp(), now));
        cells.add(orNone(podIp));
        cells.add(orNone(spec.getNodeName()));
        cells.add(orNone(status.getNominatedNodeName()));
        cells.add(readinessGates(spec, status));
        return new Row(cells, conditions);
    }

    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = list(spec.getReadinessGates());
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueConditions = 0;
        for (PodReadinessGate gate : gates) {
            for (PodCondition c : list(status.getConditions())) {
                if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
                    if ("True".equals(c.getStatus())) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    private static boolean hasReadyCondition(PodStatus status) {
        for (PodCondition c : list(status.getConditions())) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static Instant lastTermination(ContainerStatus c) {
        if (c.getLastState() == null || c.getLastState().getTerminated() == null) {
            return null;
        }
        return HumanDuration.parse(c.getLastState().getTerminated().getFinishedAt());
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
    }

    private static int exitCode(ContainerStateTerminated t) {
        return t.getExitCode() == null ? 0 : t.getExitCode();
    }

    private static int signal(ContainerStateTerminated t) {
        return t.getSignal() == null ? 0 : t.getSignal();
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static int size(List<?> l) {
        return l == null ? 0 : l.size();
    }

    static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String orNone(String s) {
        return nonEmpty(s) ? s : "<none>";
    }
}
