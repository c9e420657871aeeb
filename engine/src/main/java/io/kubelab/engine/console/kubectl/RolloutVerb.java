package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.kubectl.DescribeSupport.Flag;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl rollout status|history|undo|pause|resume|restart} for Deployments, in kubectl's
 * words ({@code k8s.io/kubectl/pkg/cmd/rollout} and {@code polymorphichelpers}).
 *
 * <p>{@code status} prints the Deployment's state once, then again on every change the store's
 * watch delivers, and finishes when the rollout is complete, like kubectl's {@code UntilWithSync}
 * over a watch: never blocking, so it works under the app's engine loop and under a test that
 * advances simulated time.
 */
final class RolloutVerb implements KubectlVerb {
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String REVISION = "deployment.kubernetes.io/revision";
    private static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(Describers.LAST_APPLIED, REVISION,
            "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");
    private static final List<String> SUBCOMMANDS = List.of("history", "pause", "restart", "resume", "status", "undo");

    @Override
    public String name() {
        return "rollout";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        List<String> args = inv.args();
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            out.out("""
                    Manage the rollout of one or many resources.
                          \s\s
                     Valid resource types include:

                      *  deployments
                      *  daemonsets
                      *  statefulsets

                    Examples:
                      # Rollback to the previous deployment
                      kubectl rollout undo deployment/abc
                     \s
                      # Check the rollout status of a daemonset
                      kubectl rollout status daemonset/foo
                     \s
                      # Restart a deployment
                      kubectl rollout restart deployment/abc
                     \s
                      # Restart deployments with the 'app=nginx' label
                      kubectl rollout restart deployment --selector=app=nginx

                    Available Commands:
                      history       View rollout history
                      pause         Mark the provided resource as paused
                      restart       Restart a resource
                      resume        Resume a paused resource
                      status        Show the status of the rollout
                      undo          Undo a previous rollout

                    Usage:
                      kubectl rollout SUBCOMMAND [options]

                    Use "kubectl rollout <command> --help" for more information about a given command.
                    Use "kubectl options" for a list of global command-line options (applies to all commands).
                    """);
            // kubectl prints the help on stdout and still exits 1: a subcommand is required.
            return Execution.finished(1);
        }
        String sub = args.get(0);
        if (!SUBCOMMANDS.contains(sub)) {
            out.err("error: unknown command \"" + sub + "\"\nSee 'kubectl rollout -h' for help and examples\n");
            return Execution.finished(1);
        }
        List<Flag> flags = new ArrayList<>(List.of(Flag.value("selector", "l", ""), Flag.value("filename", "f", ""),
                Flag.bool("recursive", "R")));
        switch (sub) {
            case "status" -> flags.addAll(List.of(Flag.bool("watch", "w"), Flag.value("timeout", null, "0s"),
                    Flag.value("revision", null, "0")));
            case "history" -> flags.addAll(List.of(Flag.value("revision", null, "0"), Flag.value("output", "o", "")));
            case "undo" -> flags.addAll(List.of(Flag.value("to-revision", null, "0"), Flag.value("dry-run", null, "none"),
                    Flag.value("output", "o", "")));
            default -> flags.add(Flag.value("output", "o", ""));
        }
        DescribeSupport.Parsed p;
        try {
            p = DescribeSupport.parse(args.subList(1, args.size()), flags, "rollout " + sub);
        } catch (DescribeSupport.FlagException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        Cluster cluster = inv.context().cluster();
        String ns = DescribeSupport.namespace(p);
        if (p.args.isEmpty()) {
            out.err("error: required resource not specified\n");
            return Execution.finished(1);
        }
        List<Target> targets;
        try {
            targets = targets(cluster.api(), p.args, ns, out);
        } catch (TargetException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        if (targets == null) {
            return Execution.finished(1);
        }
        return switch (sub) {
            case "status" -> status(cluster, targets, p, ns, out);
            case "history" -> simple(targets, out, t -> history(cluster.api(), t, p));
            case "undo" -> simple(targets, out, t -> undo(cluster.api(), t, p));
            case "pause" -> simple(targets, out, t -> pause(cluster.api(), t, true));
            case "resume" -> simple(targets, out, t -> pause(cluster.api(), t, false));
            default -> simple(targets, out, t -> restart(cluster.api(), t));
        };
    }

    /** One named object of a rollout command. */
    record Target(ResourceType type, String namespace, String name) {}

    private static final class TargetException extends Exception {
        TargetException(String message) {
            super(message);
        }
    }

    /** {@code deployment/web}, {@code deployment web}: the objects named; null after printing a NotFound. */
    private static List<Target> targets(KubeApi api, List<String> args, String ns, Output out) throws TargetException {
        List<Target> targets = new ArrayList<>();
        if (args.get(0).contains("/")) {
            for (String a : args) {
                int slash = a.indexOf('/');
                if (slash < 0) {
                    throw new TargetException("error: there is no need to specify a resource type as a separate argument when "
                            + "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                            + "'kubectl get resource resource/<resource_name>'\n");
                }
                ResourceType type = DescribeSupport.type(a.substring(0, slash))
                        .orElseThrow(() -> new TargetException(DescribeSupport.noResourceType(a.substring(0, slash))));
                targets.add(new Target(type, ns, a.substring(slash + 1)));
            }
        } else {
            ResourceType type = DescribeSupport.type(args.get(0))
                    .orElseThrow(() -> new TargetException(DescribeSupport.noResourceType(args.get(0))));
            if (args.size() == 1) {
                for (HasMetadata o : api.list(type, type.namespaced() ? ns : null)) {
                    targets.add(new Target(type, ns, o.getMetadata().getName()));
                }
                if (targets.isEmpty()) {
                    out.err("No resources found in " + ns + " namespace.\n");
                    return List.of();
                }
            }
            for (String name : args.subList(1, args.size())) {
                targets.add(new Target(type, ns, name));
            }
        }
        for (Target t : targets) {
            if (api.find(t.type(), t.type().namespaced() ? ns : null, t.name()) == null) {
                out.err(DescribeSupport.serverError(ApiException.notFound(t.type(), t.name())));
                return null;
            }
        }
        return targets;
    }

    /** What one target's action printed: stdout text, or an error line. */
    private record Outcome(String out, String err) {}

    private interface Action {
        Outcome run(Target t);
    }

    private static Execution simple(List<Target> targets, Output out, Action action) {
        int code = 0;
        for (Target t : targets) {
            Outcome o = action.run(t);
            if (o.out() != null) {
                out.out(o.out());
            }
            if (o.err() != null) {
                out.err(o.err());
                code = 1;
            }
        }
        return Execution.finished(code);
    }

    private static String ref(Target t) {
        return t.type().group().isEmpty() ? t.type().singular() + "/" + t.name()
                : t.type().singular() + "." + t.type().group() + "/" + t.name();
    }

    /** {@code schema.GroupKind.String()}: {@code Pod}, {@code ReplicaSet.apps}. */
    private static String groupKind(ResourceType type) {
        return type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    }

    // ---- status ------------------------------------------------------------------------------

    private static Execution status(Cluster cluster, List<Target> targets, DescribeSupport.Parsed p, String ns, Output out) {
        Target t = targets.get(0);
        if (t.type() != ResourceTypes.DEPLOYMENTS) {
            out.err("error: no status viewer has been implemented for " + groupKind(t.type()) + "\n");
            return Execution.finished(1);
        }
        boolean watch = !p.has("watch") || p.bool("watch");
        long revision;
        Duration timeout;
        try {
            revision = Long.parseLong(p.values.getOrDefault("revision", "0"));
            timeout = goDuration(p.values.getOrDefault("timeout", "0s"));
        } catch (IllegalArgumentException e) {
            out.err("error: " + e.getMessage() + "\n");
            return Execution.finished(1);
        }
        if (revision < 0) {
            out.err("error: revision must be a positive integer: " + revision + "\n");
            return Execution.finished(1);
        }
        KubeApi api = cluster.api();
        Deployment d = api.get(ResourceTypes.DEPLOYMENTS, ns, t.name());
        Status first;
        try {
            first = deploymentStatus(d, revision);
        } catch (IllegalStateException e) {
            out.err("error: " + e.getMessage() + "\n");
            return Execution.finished(1);
        }
        out.out(first.text());
        if (first.done() || !watch) {
            return Execution.finished(0);
        }
        Watch[] handle = new Watch[1];
        Execution ex = Execution.running(() -> close(handle[0]));
        // The store calls this on the writer's thread under its lock: it only formats a line and finishes.
        handle[0] = api.watch(ResourceTypes.DEPLOYMENTS, api.store().revision(),
                o -> ns.equals(o.getMetadata().getNamespace()) && t.name().equals(o.getMetadata().getName()),
                (WatchEvent e) -> {
                    if (ex.isDone()) {
                        return;
                    }
                    if (e.type() == WatchEvent.Type.DELETED) {
                        out.err("error: object has been deleted\n");
                        close(handle[0]);
                        ex.finish(1);
                        return;
                    }
                    Status s;
                    try {
                        s = deploymentStatus((Deployment) e.object(), revision);
                    } catch (IllegalStateException err) {
                        out.err("error: " + err.getMessage() + "\n");
                        close(handle[0]);
                        ex.finish(1);
                        return;
                    }
                    out.out(s.text());
                    if (s.done()) {
                        close(handle[0]);
                        ex.finish(0);
                    }
                });
        if (!timeout.isZero()) {
            cluster.clock().after(timeout, () -> {
                if (!ex.isDone()) {
                    close(handle[0]);
                    out.err("error: timed out waiting for the condition\n");
                    ex.finish(1);
                }
            });
        }
        return ex;
    }

    private static void close(Watch w) {
        if (w != null) {
            try {
                w.close();
            } catch (Exception ignored) {
                // closing a watch only unregisters it
            }
        }
    }

    record Status(String text, boolean done) {}

    /**
     * {@code DeploymentStatusViewer.Status}: e.g. with 3 replicas wanted, 2 updated: "2 out of 3 new
     * replicas have been updated"; all 3 updated but 4 in total: "1 old replicas are pending
     * termination"; 3 updated, 1 available: "1 of 3 updated replicas are available"; then done.
     *
     * @throws IllegalStateException with kubectl's message when the rollout failed or the revision differs
     */
    static Status deploymentStatus(Deployment d, long revision) {
        String name = d.getMetadata().getName();
        if (revision > 0) {
            String rev = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(REVISION);
            long running;
            try {
                running = Long.parseLong(rev);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("cannot get the revision of deployment \"" + name + "\": " + (rev == null
                        ? "strconv.ParseInt: parsing \"\": invalid syntax" : "strconv.ParseInt: parsing \"" + rev + "\": invalid syntax"));
            }
            if (revision != running) {
                throw new IllegalStateException("desired revision (" + revision + ") is different from the running revision (" + running + ")");
            }
        }
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        var st = d.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus() : d.getStatus();
        long observed = st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
        if (generation > observed) {
            return new Status("Waiting for deployment spec update to be observed...\n", false);
        }
        if (st.getConditions() != null) {
            for (DeploymentCondition c : st.getConditions()) {
                if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    throw new IllegalStateException("deployment \"" + name + "\" exceeded its progress deadline");
                }
            }
        }
        int updated = n(st.getUpdatedReplicas());
        int replicas = n(st.getReplicas());
        int available = n(st.getAvailableReplicas());
        Integer wanted = d.getSpec().getReplicas();
        if (wanted != null && updated < wanted) {
            return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of " + wanted
                    + " new replicas have been updated...\n", false);
        }
        if (replicas > updated) {
            return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination...\n", false);
        }
        if (available < updated) {
            return new Status("Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...\n", false);
        }
        return new Status("deployment \"" + name + "\" successfully rolled out\n", true);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** Go's {@code time.ParseDuration} for the forms people type: {@code 30s}, {@code 2m30s}, {@code 1h}, {@code 0}. */
    static Duration goDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION.matcher(text);
        int at = 0;
        double nanos = 0;
        while (m.find() && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        if (at != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("invalid argument \"" + text + "\" for \"--timeout\" flag: time: invalid duration \""
                    + text + "\"");
        }
        return Duration.ofNanos((long) nanos);
    }

    // ---- history -----------------------------------------------------------------------------

    private static Outcome history(KubeApi api, Target t, DescribeSupport.Parsed p) {
        if (t.type() != ResourceTypes.DEPLOYMENTS) {
            return new Outcome(null, "error: no history viewer has been implemented for \"" + groupKind(t.type()) + "\"\n");
        }
        long revision;
        try {
            revision = Long.parseLong(p.values.getOrDefault("revision", "0"));
        } catch (NumberFormatException e) {
            return new Outcome(null, "error: invalid argument \"" + p.get("revision") + "\" for \"--revision\" flag: strconv.ParseInt: "
                    + "parsing \"" + p.get("revision") + "\": invalid syntax\n");
        }
        if (revision < 0) {
            return new Outcome(null, "error: revision must be a positive integer: " + revision + "\n");
        }
        Deployment d = api.get(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name());
        Describers.ReplicaSets sets = Describers.replicaSets(api, d);
        List<ReplicaSet> all = new ArrayList<>(sets.old());
        if (sets.current() != null) {
            all.add(sets.current());
        }
        // revision → template (with the ReplicaSet's change-cause as a template annotation, as kubectl shows it)
        Map<Long, PodTemplateSpec> history = new TreeMap<>();
        for (ReplicaSet rs : all) {
            Long v = revision(rs);
            if (v == null) {
                continue;
            }
            PodTemplateSpec template = Kube.copy(rs.getSpec().getTemplate());
            Map<String, String> annotations = template.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(template.getMetadata().getAnnotations());
            String cause = rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(CHANGE_CAUSE);
            if (cause != null && !cause.isEmpty()) {
                annotations.put(CHANGE_CAUSE, cause);
            }
            template.getMetadata().setAnnotations(annotations);
            history.put(v, template);
        }
        String info;
        if (history.isEmpty()) {
            info = "No rollout history found.";
        } else if (revision > 0) {
            PodTemplateSpec template = history.get(revision);
            if (template == null) {
                return new Outcome(null, "error: unable to find the specified revision\n");
            }
            // kubectl prints a revision's template through its prefix writer without the tab writer: tabs stay tabs.
            info = new Describers(api, false).podTemplateRaw(template);
        } else {
            StringBuilder b = new StringBuilder("REVISION\tCHANGE-CAUSE\n");
            history.forEach((r, tpl) -> {
                String cause = tpl.getMetadata().getAnnotations().get(CHANGE_CAUSE);
                b.append(r).append('\t').append(cause == null || cause.isEmpty() ? "<none>" : cause).append('\n');
            });
            info = DescribeSupport.tabbed(b.toString());
        }
        String withRevision = revision > 0 ? "with revision #" + revision : "";
        return new Outcome(ref(t) + " " + withRevision + "\n" + info + "\n", null);
    }

    static Long revision(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        if (a == null || a.get(REVISION) == null) {
            return null;
        }
        try {
            return Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- undo --------------------------------------------------------------------------------

    private static Outcome undo(KubeApi api, Target t, DescribeSupport.Parsed p) {
        if (t.type() != ResourceTypes.DEPLOYMENTS) {
            return new Outcome(null, "error: no rollbacker has been implemented for \"" + groupKind(t.type()) + "\"\n");
        }
        long toRevision;
        try {
            toRevision = Long.parseLong(p.values.getOrDefault("to-revision", "0"));
        } catch (NumberFormatException e) {
            return new Outcome(null, "error: invalid argument \"" + p.get("to-revision") + "\" for \"--to-revision\" flag: "
                    + "strconv.ParseInt: parsing \"" + p.get("to-revision") + "\": invalid syntax\n");
        }
        if (toRevision < 0) {
            return new Outcome(null, "error: unable to find specified revision " + toRevision + " in history\n");
        }
        Deployment d = api.get(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name());
        Describers.ReplicaSets sets = Describers.replicaSets(api, d);
        List<ReplicaSet> all = new ArrayList<>(sets.old());
        if (sets.current() != null) {
            all.add(sets.current());
        }
        // deploymentRevision: the asked revision, or (0) the second newest one.
        ReplicaSet target = null;
        ReplicaSet latest = null;
        long latestRevision = -1;
        ReplicaSet previous = null;
        long previousRevision = -1;
        for (ReplicaSet rs : all) {
            Long v = revision(rs);
            if (v == null) {
                continue;
            }
            if (toRevision == 0) {
                if (latestRevision < v) {
                    previousRevision = latestRevision;
                    previous = latest;
                    latestRevision = v;
                    latest = rs;
                } else if (previousRevision < v) {
                    previousRevision = v;
                    previous = rs;
                }
            } else if (toRevision == v) {
                target = rs;
                break;
            }
        }
        if (toRevision > 0 && target == null) {
            return new Outcome(null, "error: unable to find specified revision " + toRevision + " in history\n");
        }
        if (toRevision == 0) {
            if (previous == null) {
                return new Outcome(null, "error: no rollout history found for deployment \"" + t.name() + "\"\n");
            }
            target = previous;
        }
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return new Outcome(null, "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' "
                    + "and try again\n");
        }
        if (Describers.equalIgnoreHash(target.getSpec().getTemplate(), d.getSpec().getTemplate())) {
            return new Outcome(ref(t) + " skipped rollback (current template already matches revision " + toRevision + ")\n", null);
        }
        PodTemplateSpec template = Kube.copy(target.getSpec().getTemplate());
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
            labels.remove("pod-template-hash");
            template.getMetadata().setLabels(labels);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> current = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
        for (String k : ANNOTATIONS_TO_SKIP) {
            if (current.containsKey(k)) {
                annotations.put(k, current.get(k));
            }
        }
        if (target.getMetadata().getAnnotations() != null) {
            target.getMetadata().getAnnotations().forEach((k, v) -> {
                if (!ANNOTATIONS_TO_SKIP.contains(k)) {
                    annotations.put(k, v);
                }
            });
        }
        long finalToRevision = toRevision;
        try {
            api.modify(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name(), (Deployment dep) -> {
                dep.getSpec().setTemplate(template);
                dep.getMetadata().setAnnotations(annotations);
                return dep;
            }, false);
        } catch (ApiException e) {
            return new Outcome(null, "error: failed restoring revision " + finalToRevision + ": " + e.getMessage() + "\n");
        }
        return new Outcome(ref(t) + " rolled back\n", null);
    }

    // ---- pause, resume, restart --------------------------------------------------------------

    private static Outcome pause(KubeApi api, Target t, boolean pause) {
        if (t.type() != ResourceTypes.DEPLOYMENTS) {
            return new Outcome(null, "error: " + t.type().qualifiedResource() + " \"" + t.name() + "\" "
                    + (pause ? "pausing" : "resuming") + " is not supported\n");
        }
        Deployment d = api.get(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (pause && paused) {
            return new Outcome(null, "error: " + t.type().qualifiedResource() + " \"" + t.name() + "\" is already paused\n");
        }
        if (!pause && !paused) {
            return new Outcome(null, "error: " + t.type().qualifiedResource() + " \"" + t.name() + "\" is not paused\n");
        }
        api.modify(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name(), (Deployment dep) -> {
            dep.getSpec().setPaused(pause ? Boolean.TRUE : null);
            return dep;
        }, false);
        return new Outcome(ref(t) + (pause ? " paused\n" : " resumed\n"), null);
    }

    private static Outcome restart(KubeApi api, Target t) {
        if (t.type() != ResourceTypes.DEPLOYMENTS) {
            return new Outcome(null, "error: " + t.type().qualifiedResource() + " \"" + t.name() + "\" restarting is not supported\n");
        }
        Deployment d = api.get(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name());
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return new Outcome(null, "error: " + t.type().qualifiedResource() + " \"" + t.name()
                    + "\" can't restart paused deployment (run rollout resume first)\n");
        }
        // time.Now().Format(time.RFC3339) in the local zone: 2026-01-01T10:00:00Z or 2026-01-01T11:00:00+01:00
        String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(api.now().atZone(DescribeSupport.zone)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toOffsetDateTime());
        api.modify(ResourceTypes.DEPLOYMENTS, t.namespace(), t.name(), (Deployment dep) -> {
            if (dep.getSpec().getTemplate().getMetadata() == null) {
                dep.getSpec().getTemplate().setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
            }
            Map<String, String> a = dep.getSpec().getTemplate().getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(dep.getSpec().getTemplate().getMetadata().getAnnotations());
            a.put("kubectl.kubernetes.io/restartedAt", now);
            dep.getSpec().getTemplate().getMetadata().setAnnotations(a);
            return dep;
        }, false);
        return new Outcome(ref(t) + " restarted\n", null);
    }
}
