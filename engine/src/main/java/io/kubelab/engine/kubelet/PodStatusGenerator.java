package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.runtime.ImageRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The pod status the kubelet writes ({@code generateAPIPodStatus}): phase by {@code getPhase},
 * the kubelet-owned conditions in Kubernetes' order (PodReadyToStartContainers, Initialized,
 * Ready, ContainersReady, PodScheduled) after any condition others own, host and pod IPs, start
 * time, and a status per container — sorted by name for regular containers, in spec order for
 * init containers. A condition keeps its {@code lastTransitionTime} while its status stays.
 */
final class PodStatusGenerator {
    private PodStatusGenerator() {}

    private static final Set<String> KUBELET_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized", "Ready",
            "ContainersReady", "PodScheduled");

    static PodStatus generate(PodWorker w, Pod pod, String hostIp, String runtimeName, Instant now) {
        return generate(w, pod, hostIp, null, runtimeName, now);
    }

    /**
     * @param nodeHostIps the node's {@code [{ip: hostIp}]} as stored in an earlier status of the
     *                    node's pods (shared by them all), or null
     */
    static PodStatus generate(PodWorker w, Pod pod, String hostIp, List<HostIP> nodeHostIps, String runtimeName,
                              Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus s = new PodStatus();
        List<ContainerStatus> init = new ArrayList<>();
        for (ContainerRecord r : w.initContainers) {
            init.add(containerStatus(r, w, runtimeName));
        }
        List<ContainerStatus> regular = new ArrayList<>();
        for (ContainerRecord r : w.containers) {
            regular.add(containerStatus(r, w, runtimeName));
        }
        if (regular.size() > 1) {
            regular.sort(Comparator.comparing(ContainerStatus::getName));
        }
        String phase = w.terminalPhase != null ? w.terminalPhase : phase(pod.getSpec(), init, regular, w.terminating);
        s.setPhase(phase);
        List<PodCondition> conditions = new ArrayList<>();
        List<PodCondition> others = new ArrayList<>(0);
        if (old.getConditions() != null) {
            for (PodCondition c : old.getConditions()) {
                if (!KUBELET_CONDITIONS.contains(c.getType())) {
                    conditions.add(c);
                    others.add(c);
                }
            }
        }
        List<ContainerStatus> all = new ArrayList<>(init);
        all.addAll(regular);
        conditions.add(condition("PodReadyToStartContainers", w.sandboxReady && w.terminalPhase == null ? "True" : "False",
                null, null));
        conditions.add(initialized(pod.getSpec(), all, phase));
        // Ready and ContainersReady say the same here (no readiness gates): the unready containers
        // are found once for both.
        String unready = "Succeeded".equals(phase) || "Failed".equals(phase) ? null : unreadyMessage(w, pod.getSpec(), all);
        conditions.add(containersReady(phase, unready, "Ready"));
        conditions.add(containersReady(phase, unready, "ContainersReady"));
        conditions.add(condition("PodScheduled", "True", null, null));
        for (int i = 0; i < conditions.size(); i++) {
            PodCondition c = conditions.get(i);
            String time = transitionTime(old, c, now);
            if (i < others.size()) {
                // Another's condition (the stored object itself): kept as it is unless its time changes.
                if (!time.equals(c.getLastTransitionTime())) {
                    c = Kube.copy(c);
                    c.setLastTransitionTime(time);
                    conditions.set(i, c);
                }
                continue;
            }
            c.setLastTransitionTime(time);
            conditions.set(i, unchangedCondition(old.getConditions(), c));
        }
        s.setConditions(conditions);
        s.setHostIP(hostIp);
        s.setHostIPs(sameIp(nodeHostIps, hostIp) ? nodeHostIps
                : sameIp(old.getHostIPs(), hostIp) ? old.getHostIPs() : new ArrayList<>(List.of(new HostIP(hostIp))));
        if (w.podIp != null) {
            s.setPodIP(w.podIp);
            s.setPodIPs(samePodIp(old.getPodIPs(), w.podIp) ? old.getPodIPs() : new ArrayList<>(List.of(new PodIP(w.podIp))));
        } else if (old.getPodIP() != null) {
            s.setPodIP(old.getPodIP());
            s.setPodIPs(old.getPodIPs());
        }
        s.setStartTime(Kube.timestamp(w.startTime));
        s.setInitContainerStatuses(init.isEmpty() ? null : unchangedStatuses(old.getInitContainerStatuses(), init));
        s.setContainerStatuses(unchangedStatuses(old.getContainerStatuses(), regular));
        s.setQosClass(old.getQosClass() != null ? old.getQosClass() : KubeApi.qosClass(pod));
        s.setNominatedNodeName(old.getNominatedNodeName());
        s.setReason(old.getReason());
        s.setMessage(old.getMessage());
        return s;
    }

    // ---- sharing what did not change ----------------------------------------------------------
    //
    // A status is written ~3 times per pod as it starts, and most of it stays: of its 5 conditions
    // 4 are the same in the second write and 3 in the third, the container statuses are the same
    // in the second (still ContainerCreating), the host IP in all. A part equal to the stored
    // status's part is that part itself in the new status: the stored objects are never changed
    // (the store's rule; nothing changes a status once generated either), equal beans serialize
    // alike, and the store's compactor does not walk a stored bean again — nor does the young
    // collector copy a second equal object that the store would keep.

    /** {@code built}, or the element of {@code stored} equal to it (same type: a condition is unique by type). */
    static PodCondition unchangedCondition(List<PodCondition> stored, PodCondition built) {
        if (stored != null) {
            for (PodCondition o : stored) {
                if (built.getType().equals(o.getType())) {
                    return built.equals(o) ? o : built;
                }
            }
        }
        return built;
    }

    /**
     * {@code built} with each container status equal to the stored one of the same name replaced by
     * it, or the stored list itself when all are (the list is never changed either).
     */
    static List<ContainerStatus> unchangedStatuses(List<ContainerStatus> stored, List<ContainerStatus> built) {
        if (stored == null || stored.isEmpty()) {
            return built;
        }
        boolean all = stored.size() == built.size();
        for (int i = 0; i < built.size(); i++) {
            ContainerStatus b = built.get(i);
            ContainerStatus o = i < stored.size() && b.getName().equals(stored.get(i).getName()) ? stored.get(i)
                    : find(stored, b.getName());
            if (o != null && b.equals(o)) {
                built.set(i, o);
                all = all && o == stored.get(i);
            } else {
                all = false;
            }
        }
        return all ? stored : built;
    }

    private static boolean sameIp(List<HostIP> stored, String ip) {
        return stored != null && stored.size() == 1 && stored.get(0) != null && ip.equals(stored.get(0).getIp())
                && noExtra(stored.get(0).getAdditionalProperties());
    }

    private static boolean samePodIp(List<PodIP> stored, String ip) {
        return stored != null && stored.size() == 1 && stored.get(0) != null && ip.equals(stored.get(0).getIp())
                && noExtra(stored.get(0).getAdditionalProperties());
    }

    private static boolean noExtra(java.util.Map<String, Object> extra) {
        return extra == null || extra.isEmpty();
    }

    private static String transitionTime(PodStatus old, PodCondition c, Instant now) {
        if (old.getConditions() != null) {
            for (PodCondition o : old.getConditions()) {
                if (o.getType().equals(c.getType()) && o.getStatus().equals(c.getStatus()) && o.getLastTransitionTime() != null) {
                    return o.getLastTransitionTime();
                }
            }
        }
        return Kube.timestamp(now);
    }

    private static PodCondition condition(String type, String status, String reason, String message) {
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    /** Go's {@code %s} of a string slice: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
        for (ContainerStatus s : statuses) {
            if (s.getName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static boolean anyRegularStarted(PodSpec spec, List<ContainerStatus> all) {
        for (Container c : spec.getContainers()) {
            ContainerStatus s = find(all, c.getName());
            if (s != null && (s.getState().getRunning() != null || s.getState().getTerminated() != null
                    || s.getLastState().getTerminated() != null)) {
                return true;
            }
        }
        return false;
    }

    static PodCondition initialized(PodSpec spec, List<ContainerStatus> all, String phase) {
        List<String> incomplete = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                ContainerStatus s = find(all, c.getName());
                if (s == null || s.getState().getTerminated() == null || s.getState().getTerminated().getExitCode() != 0) {
                    incomplete.add(c.getName());
                }
            }
        }
        if ("Succeeded".equals(phase)) {
            return condition("Initialized", "True", "PodCompleted", null);
        }
        if (anyRegularStarted(spec, all) || incomplete.isEmpty()) {
            return condition("Initialized", "True", null, null);
        }
        return condition("Initialized", "False", "ContainersNotInitialized",
                "containers with incomplete status: " + goList(incomplete));
    }

    /** {@code unready}: the message naming the unready containers ({@link #unreadyMessage}), null when all are ready. */
    static PodCondition containersReady(String phase, String unready, String type) {
        if ("Succeeded".equals(phase)) {
            return condition(type, "False", "PodCompleted", null);
        }
        if ("Failed".equals(phase)) {
            return condition(type, "False", "PodFailed", null);
        }
        if (unready == null) {
            return condition(type, "True", null, null);
        }
        return condition(type, "False", "ContainersNotReady", unready);
    }

    /**
     * {@code containers with unready status: [a b]} in spec order, or null when every container is
     * ready. A pod's containers never change, so the worker keeps the last message with the set of
     * containers it names (bit i: spec.containers[i]); a starting pod's syncs all name the same
     * ones and share one string instead of building it (a list, a join) twice per sync.
     */
    static String unreadyMessage(PodWorker w, PodSpec spec, List<ContainerStatus> all) {
        List<Container> containers = spec.getContainers();
        List<String> unready = null;
        long mask = 0;
        for (int i = 0; i < containers.size(); i++) {
            ContainerStatus s = find(all, containers.get(i).getName());
            if (s == null || !Boolean.TRUE.equals(s.getReady())) {
                if (unready == null) {
                    unready = new ArrayList<>(2);
                }
                unready.add(containers.get(i).getName());
                mask |= i < 64 ? 1L << i : 0;
            }
        }
        if (unready == null) {
            return null;
        }
        // The cache keys on the mask: only for pods of up to 63 containers (every one of them).
        boolean cacheable = containers.size() <= 63;
        if (cacheable && mask == w.unreadyMask && w.unreadyMessage != null) {
            return w.unreadyMessage;
        }
        String message = "containers with unready status: " + goList(unready);
        if (cacheable) {
            w.unreadyMask = mask;
            w.unreadyMessage = message;
        }
        return message;
    }

    /**
     * The kubelet's {@code getPhase}. Worked cases: a container in CrashLoopBackOff (waiting, with a
     * terminated lastState) counts as stopped, so with restartPolicy Always the pod stays Running;
     * with Never, one container that exited 1 makes the pod Failed; all exited 0 makes it
     * Succeeded; a pod being deleted whose containers all stopped is terminal whatever the policy.
     */
    static String phase(PodSpec spec, List<ContainerStatus> init, List<ContainerStatus> regular, boolean terminal) {
        int pendingInit = 0;
        int failedInit = 0;
        for (ContainerStatus s : init) {
            ContainerState st = s.getState();
            if (st.getRunning() != null) {
                pendingInit++;
            } else if (st.getTerminated() != null) {
                if (st.getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else if (st.getWaiting() != null && s.getLastState().getTerminated() != null) {
                if (s.getLastState().getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else {
                pendingInit++;
            }
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerStatus s : regular) {
            ContainerState st = s.getState();
            if (st.getRunning() != null) {
                running++;
            } else if (st.getTerminated() != null) {
                stopped++;
                if (st.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        String policy = spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
        if (failedInit > 0 && policy.equals("Never")) {
            return "Failed";
        }
        boolean anyStarted = running > 0 || stopped > 0;
        if ((pendingInit > 0 && !anyStarted) || waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (terminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if (policy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return policy.equals("Never") ? "Failed" : "Running";
        }
        return "Pending";
    }

    /** A container's image as the docker runtime reports it: {@code nginx} → {@code nginx:latest}. */
    static String reportedImage(String image) {
        if (image == null) {
            return null;
        }
        String known = REPORTED_IMAGES.get(image);
        if (known != null) {
            return known;
        }
        String reported;
        try {
            reported = ImageRef.parse(image).familiar();
        } catch (IllegalArgumentException e) {
            reported = image;
        }
        // A cluster runs few distinct images; parsing one (regular expressions) per container per
        // status write showed in profiles of 15,000 pods. Bounded, should a workload vary them.
        if (REPORTED_IMAGES.size() < 1024) {
            REPORTED_IMAGES.put(image, reported);
        }
        return reported;
    }

    private static final java.util.Map<String, String> REPORTED_IMAGES = new java.util.concurrent.ConcurrentHashMap<>();

    static ContainerStatus containerStatus(ContainerRecord r, PodWorker w, String runtimeName) {
        ContainerStatus s = new ContainerStatus();
        s.setName(r.name);
        ContainerRecord.Instance cur = r.current;
        s.setImage(cur != null ? reportedImage(r.spec.getImage()) : r.spec.getImage());
        s.setImageID(cur != null ? r.imageRef : "");
        if (cur != null) {
            s.setContainerID(cur.containerId(runtimeName));
        }
        s.setRestartCount(r.restartCount);
        ContainerState state = new ContainerState();
        ContainerState lastState = new ContainerState();
        boolean currentExited = cur != null && (r.phase == ContainerRecord.Phase.EXITED || cur.finishedAt != null)
                && !r.running();
        if (r.waitingReason != null) {
            state.setWaiting(new ContainerStateWaiting(r.waitingMessage, r.waitingReason));
            if (currentExited) {
                lastState.setTerminated(terminated(cur, runtimeName));
            } else if (r.last != null) {
                lastState.setTerminated(terminated(r.last, runtimeName));
            }
        } else if (cur != null && r.running()) {
            state.setRunning(new ContainerStateRunning(Kube.timestamp(cur.startedAt)));
            if (r.last != null) {
                lastState.setTerminated(terminated(r.last, runtimeName));
            }
        } else if (currentExited) {
            state.setTerminated(terminated(cur, runtimeName));
            if (r.last != null) {
                lastState.setTerminated(terminated(r.last, runtimeName));
            }
        } else {
            boolean initializing = !w.initialized() && (r.init || !w.initContainers.isEmpty());
            state.setWaiting(new ContainerStateWaiting(null, initializing ? "PodInitializing" : "ContainerCreating"));
            if (r.last != null) {
                lastState.setTerminated(terminated(r.last, runtimeName));
            }
        }
        s.setState(state);
        s.setLastState(lastState);
        boolean running = state.getRunning() != null;
        s.setStarted(running && r.started);
        s.setReady(r.init ? r.succeeded() && state.getTerminated() != null : running && r.ready);
        return s;
    }

    private static ContainerStateTerminated terminated(ContainerRecord.Instance i, String runtimeName) {
        ContainerStateTerminated t = new ContainerStateTerminated();
        t.setContainerID(i.containerId(runtimeName));
        t.setExitCode(i.exitCode);
        t.setReason(i.reason);
        t.setMessage(i.message == null || i.message.isEmpty() ? null : i.message);
        t.setStartedAt(i.startedAt == null ? null : Kube.timestamp(i.startedAt));
        t.setFinishedAt(i.finishedAt == null ? null : Kube.timestamp(i.finishedAt));
        return t;
    }
}
