package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.kubectl.DescribeSupport.Flag;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.LogHandOver;
import io.kubelab.engine.runtime.LogLine;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl logs [-f] [-p] [-c CONTAINER] [--tail N] [--timestamps] POD | TYPE/NAME}: the
 * container's lines from its node's kubelet. {@code -f} keeps printing new lines until the
 * container stops, the pod goes away, or Ctrl-C.
 */
final class LogsVerb implements KubectlVerb {
    static final List<Flag> FLAGS = List.of(
            Flag.value("container", "c", ""),
            Flag.bool("follow", "f"),
            Flag.bool("previous", "p"),
            Flag.value("tail", null, "-1"),
            Flag.bool("timestamps", null),
            Flag.value("since", null, "0s"),
            Flag.value("limit-bytes", null, "0"),
            Flag.bool("all-containers", null),
            Flag.value("selector", "l", ""),
            Flag.value("pod-running-timeout", null, "20s"),
            Flag.bool("ignore-errors", null),
            Flag.bool("prefix", null));

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        DescribeSupport.Parsed p;
        try {
            p = DescribeSupport.parse(inv.args(), FLAGS, "logs");
        } catch (DescribeSupport.FlagException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        List<String> args = new ArrayList<>(p.args);
        if (p.afterDash != null) {
            args.addAll(p.afterDash);
        }
        if (args.isEmpty()) {
            out.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                    + "POD or TYPE/NAME is a required argument for the logs command\n"
                    + "See 'kubectl logs -h' for help and examples\n");
            return Execution.finished(1);
        }
        String container = p.get("container");
        if (args.size() == 2 && (container == null || container.isEmpty())) {
            container = args.get(1);
        } else if (args.size() > 2) {
            out.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                    + "POD or TYPE/NAME is a required argument for the logs command\n"
                    + "See 'kubectl logs -h' for help and examples\n");
            return Execution.finished(1);
        }
        long tail;
        try {
            tail = Long.parseLong(p.values.getOrDefault("tail", "-1"));
        } catch (NumberFormatException e) {
            out.err("error: invalid argument \"" + p.get("tail") + "\" for \"--tail\" flag: strconv.ParseInt: parsing \""
                    + p.get("tail") + "\": invalid syntax\nSee 'kubectl logs --help' for usage.\n");
            return Execution.finished(1);
        }
        Cluster cluster = inv.context().cluster();
        KubeApi api = cluster.api();
        String ns = DescribeSupport.namespace(p);
        LogsExecSupport.Chosen chosen;
        try {
            if (!args.get(0).contains("/") && api.find(ResourceTypes.PODS, ns, args.get(0)) == null) {
                // kubectl logs gets a bare pod name itself and words the miss its own way.
                out.err("error: error from server (NotFound): pods \"" + args.get(0) + "\" not found in namespace \"" + ns + "\"\n");
                return Execution.finished(1);
            }
            chosen = LogsExecSupport.pod(api, args.get(0), ns);
        } catch (LogsExecSupport.Failure f) {
            out.err(f.getMessage());
            return Execution.finished(1);
        }
        Pod pod = chosen.pod();
        if (chosen.matched() > 1) {
            out.err("Found " + chosen.matched() + " pods, using pod/" + pod.getMetadata().getName() + "\n");
        }
        if (container == null || container.isEmpty()) {
            StringBuilder notice = new StringBuilder();
            container = LogsExecSupport.defaultContainer(pod, notice);
            out.err(notice.toString());
        } else if (!LogsExecSupport.has(pod, container)) {
            out.err("error: container " + container + " is not valid for pod " + pod.getMetadata().getName() + "\n");
            return Execution.finished(1);
        }
        String name = pod.getMetadata().getName();
        if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            // Not scheduled: the API server answers with an empty log.
            return Execution.finished(0);
        }
        Kubelet kubelet = Kubelets.byNode(cluster, pod.getSpec().getNodeName()).orElse(null);
        if (kubelet == null) {
            out.err("Error from server (BadRequest): pod " + name + " does not have a host assigned\n");
            return Execution.finished(1);
        }
        boolean previous = p.bool("previous");
        boolean timestamps = p.bool("timestamps");
        boolean follow = p.bool("follow") && !previous;
        List<LogLine> lines;
        // To follow: the lines so far and the later ones taken together by the runtime, each once;
        // a line the real runtime's threads deliver before the lines so far are printed waits in the hand-over.
        LogHandOver<LogLine> handOver = new LogHandOver<>();
        ContainerRuntime.Subscription subscription = null;
        try {
            if (follow) {
                ContainerRuntime.FollowedLogs both = kubelet.logsAndFollow(ns, name, container, handOver, () -> { });
                lines = both.lines();
                subscription = both.subscription();
            } else {
                lines = kubelet.logs(ns, name, container, previous);
            }
        } catch (ApiException e) {
            out.err(DescribeSupport.serverError(e));
            return Execution.finished(1);
        }
        if (tail >= 0 && lines.size() > tail) {
            lines = lines.subList(lines.size() - (int) tail, lines.size());
        }
        StringBuilder text = new StringBuilder();
        for (LogLine l : lines) {
            text.append(format(l, timestamps));
        }
        out.out(text.toString());
        if (!follow) {
            return Execution.finished(0);
        }
        return follow(api, ns, pod, container, timestamps, handOver, subscription, out);
    }

    /** Prints new lines as the container writes them; ends when it stops or its pod goes away. */
    private static Execution follow(KubeApi api, String ns, Pod pod, String container, boolean timestamps,
                                    LogHandOver<LogLine> handOver, ContainerRuntime.Subscription sub, Output out) {
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        Watch[] watch = new Watch[1];
        Runnable release = () -> {
            sub.close();
            if (watch[0] != null) {
                watch[0].close();
            }
        };
        Execution ex = Execution.running(release);
        handOver.start(l -> {
            if (!ex.isDone()) {
                out.out(format(l, timestamps));
            }
        });
        // The stream ends when the container stops running or the pod is deleted (the watch only looks, then finishes).
        watch[0] = api.watch(ResourceTypes.PODS, api.store().revision(),
                o -> ns.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName()),
                (WatchEvent e) -> {
                    if (ex.isDone()) {
                        return;
                    }
                    Pod now = (Pod) e.object();
                    if (e.type() == WatchEvent.Type.DELETED || !uid.equals(now.getMetadata().getUid()) || !running(now, container)) {
                        release.run();
                        ex.finish(0);
                    }
                });
        return ex;
    }

    private static boolean running(Pod pod, String container) {
        if (pod.getStatus() == null) {
            return false;
        }
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus().getContainerStatuses() != null) {
            all.addAll(pod.getStatus().getContainerStatuses());
        }
        if (pod.getStatus().getInitContainerStatuses() != null) {
            all.addAll(pod.getStatus().getInitContainerStatuses());
        }
        for (ContainerStatus s : all) {
            if (s.getName().equals(container)) {
                return s.getState() != null && s.getState().getRunning() != null;
            }
        }
        return false;
    }

    private static String format(LogLine l, boolean timestamps) {
        return timestamps ? rfc3339Nano(l.time()) + " " + l.text() + "\n" : l.text() + "\n";
    }

    /** Go's {@code time.RFC3339Nano} in UTC, as the kubelet stamps log lines: trailing zeros of the fraction dropped. */
    static String rfc3339Nano(Instant t) {
        OffsetDateTime d = t.atOffset(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond()));
        int nanos = d.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(frac, 0, end);
        }
        return b.append('Z').toString();
    }
}
