package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@code logs} and {@code exec} share: finding the pod a {@code POD} or {@code TYPE/NAME}
 * argument means ({@code polymorphichelpers.AttachablePodForObject}), and the default container.
 */
final class LogsExecSupport {
    private LogsExecSupport() {}

    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    /** The pod an argument names, and how many pods matched (for "Found 3 pods, using pod/…"). */
    record Chosen(Pod pod, int matched) {}

    /** A kubectl error line, ready to print. */
    static final class Failure extends Exception {
        Failure(String line) {
            super(line);
        }
    }

    /**
     * {@code POD} or {@code pod/NAME} is that pod; {@code deployment/NAME} or {@code rs/NAME} the
     * first of its pods in kubectl's {@code ByLogging} order.
     */
    static Chosen pod(KubeApi api, String arg, String ns) throws Failure {
        ResourceType type = ResourceTypes.PODS;
        String name = arg;
        int slash = arg.indexOf('/');
        if (slash >= 0) {
            String word = arg.substring(0, slash);
            type = DescribeSupport.type(word).orElseThrow(() -> new Failure(DescribeSupport.noResourceType(word)));
            name = arg.substring(slash + 1);
        }
        HasMetadata o = api.find(type, type.namespaced() ? ns : null, name);
        if (o == null) {
            throw new Failure(DescribeSupport.serverError(ApiException.notFound(type, name)));
        }
        if (o instanceof Pod p) {
            return new Chosen(p, 1);
        }
        LabelSelector selector;
        if (o instanceof Deployment d) {
            selector = d.getSpec().getSelector();
        } else if (o instanceof ReplicaSet rs) {
            selector = rs.getSpec().getSelector();
        } else {
            throw new Failure("error: cannot attach to " + o.getKind() + ": selector for " + o.getKind() + " not implemented\n");
        }
        List<Pod> pods = new ArrayList<>();
        for (Pod p : api.<Pod>list(ResourceTypes.PODS, ns)) {
            if (Selectors.matches(selector, p.getMetadata().getLabels())) {
                pods.add(p);
            }
        }
        if (pods.isEmpty()) {
            throw new Failure("error: timed out waiting for the condition\n");
        }
        pods.sort(BY_LOGGING);
        return new Chosen(pods.get(0), pods.size());
    }

    /**
     * {@code podutils.ByLogging}: assigned before unassigned; Running, then Unknown, then Pending;
     * ready before not ready, ready longer first; more restarts first; older first.
     */
    static final Comparator<Pod> BY_LOGGING = (a, b) -> {
        boolean aAssigned = nonEmpty(a.getSpec().getNodeName());
        boolean bAssigned = nonEmpty(b.getSpec().getNodeName());
        if (!Describers.str(a.getSpec().getNodeName()).equals(Describers.str(b.getSpec().getNodeName())) && (!aAssigned || !bAssigned)) {
            return aAssigned ? -1 : 1;
        }
        Map<String, Integer> rank = Map.of("Running", 0, "Unknown", 1, "Pending", 2);
        int ra = rank.getOrDefault(phase(a), 0);
        int rb = rank.getOrDefault(phase(b), 0);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        boolean readyA = readyTime(a) != null;
        boolean readyB = readyTime(b) != null;
        if (readyA != readyB) {
            return readyA ? -1 : 1;
        }
        if (readyA && !readyTime(a).equals(readyTime(b))) {
            return readyTime(a).compareTo(readyTime(b));
        }
        int restartsA = maxRestarts(a);
        int restartsB = maxRestarts(b);
        if (restartsA != restartsB) {
            return Integer.compare(restartsB, restartsA);
        }
        Instant ca = DescribeSupport.instant(a.getMetadata().getCreationTimestamp());
        Instant cb = DescribeSupport.instant(b.getMetadata().getCreationTimestamp());
        if (ca != null && cb != null && !ca.equals(cb)) {
            return ca.compareTo(cb);
        }
        if ((ca == null) != (cb == null)) {
            return ca == null ? 1 : -1;
        }
        return 0;
    };

    private static String phase(Pod p) {
        return p.getStatus() == null ? "" : Describers.str(p.getStatus().getPhase());
    }

    /** When the pod became Ready, or null when it is not ready. */
    private static Instant readyTime(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                Instant t = DescribeSupport.instant(c.getLastTransitionTime());
                return t == null ? Instant.EPOCH : t;
            }
        }
        return null;
    }

    private static int maxRestarts(Pod p) {
        int max = 0;
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
                max = Math.max(max, s.getRestartCount() == null ? 0 : s.getRestartCount());
            }
        }
        return max;
    }

    /** {@code AllContainerNames}: {@code writer, reader, debug (ephem), init (init)}. */
    static String allContainerNames(Pod pod) {
        List<String> names = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
        if (pod.getSpec().getEphemeralContainers() != null) {
            pod.getSpec().getEphemeralContainers().forEach(c -> names.add(c.getName() + " (ephem)"));
        }
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> names.add(c.getName() + " (init)"));
        }
        return String.join(", ", names);
    }

    /**
     * The container kubectl picks when none is named: the default-container annotation's, else the
     * first, telling which when there was a choice ({@code Defaulted container "writer" out of: writer, reader}).
     *
     * @param notice receives the notice line, if any
     */
    static String defaultContainer(Pod pod, StringBuilder notice) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String annotated = a == null ? null : a.get(DEFAULT_CONTAINER);
        if (nonEmpty(annotated) && has(pod, annotated)) {
            return annotated;
        }
        Container first = pod.getSpec().getContainers().get(0);
        boolean choice = pod.getSpec().getContainers().size() > 1
                || (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty())
                || (pod.getSpec().getEphemeralContainers() != null && !pod.getSpec().getEphemeralContainers().isEmpty());
        if (choice) {
            notice.append("Defaulted container \"").append(first.getName()).append("\" out of: ").append(allContainerNames(pod)).append('\n');
        }
        return first.getName();
    }

    /** Whether the pod has a container (regular, init or ephemeral) of that name. */
    static boolean has(Pod pod, String name) {
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if (c.getName().equals(name)) {
                    return true;
                }
            }
        }
        if (pod.getSpec().getEphemeralContainers() != null) {
            for (var c : pod.getSpec().getEphemeralContainers()) {
                if (c.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
