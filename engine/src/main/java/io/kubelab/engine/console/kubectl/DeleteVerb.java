package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kubectl delete TYPE NAME…}, {@code TYPE/NAME}, {@code -f FILE}, {@code -l SELECTOR},
 * {@code --all}: prints {@code pod "x" deleted} as each deletion is accepted and then, as kubectl's
 * default {@code --wait} does, waits until every object is really gone (a pod's kubelet finishes
 * its graceful deletion).
 */
final class DeleteVerb extends Verb {
    @Override
    public String name() {
        return "delete";
    }

    @Override
    protected void declare(Flags f) {
        f.list("filename", "f").string("selector", "l", "").bool("all", null).bool("all-namespaces", "A")
                .integer("grace-period", null, "-1").bool("now", null).bool("force", null).bool("wait", null)
                .bool("ignore-not-found", null).string("cascade", null, "background").string("output", "o", "");
    }

    private record Target(ResourceType type, String namespace, String name, String source) {}

    @Override
    protected Execution run(Call c) {
        List<Target> targets = new ArrayList<>();
        List<String> files = c.flags.list("filename");
        if (!files.isEmpty()) {
            for (Manifests.Doc d : Manifests.read(c, files)) {
                targets.add(new Target(d.type(), d.namespace(), d.name(), d.source()));
            }
        } else {
            List<String> args = c.args();
            if (args.isEmpty()) {
                throw KubectlError.raw("error: You must provide one or more resources by argument or filename.\n"
                        + "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                        + "   '<resource> <name>'\n   '<resource>'\n");
            }
            Resources.Requests requests = Resources.parse(args);
            boolean bySelector = c.flags.bool("all") || !c.flags.string("selector").isEmpty();
            for (Resources.Request r : requests.requests()) {
                String ns = r.type().namespaced() ? c.namespace() : null;
                if (r.names().isEmpty()) {
                    if (!bySelector) {
                        throw KubectlError.error("resource(s) were provided, but no name was specified");
                    }
                    String sel = c.flags.string("selector");
                    List<HasMetadata> list = c.api().list(r.type(), ns,
                            sel.isEmpty() ? o -> true : Selectors.labelPredicate(sel)).items();
                    for (HasMetadata o : list) {
                        targets.add(new Target(r.type(), ns, o.getMetadata().getName(), null));
                    }
                } else {
                    for (String name : r.names()) {
                        targets.add(new Target(r.type(), ns, name, null));
                    }
                }
            }
            if (targets.isEmpty()) {
                c.err("No resources found\n");
                return Execution.finished(0);
            }
        }
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy(switch (c.flags.string("cascade")) {
            case "orphan", "false" -> "Orphan";
            case "foreground" -> "Foreground";
            default -> "Background";
        });
        int grace = c.flags.integer("grace-period");
        if (c.flags.bool("now")) {
            grace = 1;
        }
        if (c.flags.bool("force") && grace <= 0) {
            c.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                    + "terminated. The resource may continue to run on the cluster indefinitely.\n");
            grace = 0;
        }
        if (grace >= 0) {
            options.setGracePeriodSeconds((long) grace);
        }
        int code = 0;
        // Deletions still pending (graceful pod deletion, finalizers), by uid: the command ends when none is left.
        Set<String> pending = new HashSet<>();
        List<Watch> watches = new ArrayList<>();
        int[] exit = {0};
        Execution execution = Execution.running(() -> watches.forEach(Watch::close));
        for (Target t : targets) {
            try {
                HasMetadata before = c.api().get(t.type(), t.namespace(), t.name());
                String uid = before.getMetadata().getUid();
                c.api().delete(t.type(), t.namespace(), t.name(), Kube.copy(options));
                c.out(Resources.kindPrefix(t.type()) + " \"" + t.name() + "\" deleted\n");
                HasMetadata still = c.api().find(t.type(), t.namespace(), t.name());
                boolean wait = !c.flags.has("wait") || c.flags.bool("wait");
                if (wait && still != null && uid.equals(still.getMetadata().getUid())) {
                    synchronized (pending) {
                        pending.add(uid);
                    }
                    watches.add(c.api().watch(t.type(), c.api().store().revision(),
                            o -> uid.equals(o.getMetadata().getUid()), e -> {
                                if (e.type() == WatchEvent.Type.DELETED) {
                                    synchronized (pending) {
                                        pending.remove(uid);
                                        if (pending.isEmpty()) {
                                            watches.forEach(Watch::close);
                                            execution.finish(exit[0]);
                                        }
                                    }
                                }
                            }));
                }
            } catch (ApiException e) {
                if (e.code() == 404 && c.flags.bool("ignore-not-found")) {
                    continue;
                }
                c.err(serverError(t.source() == null ? e : Manifests.withSource(e, "deleting", t.source())));
                code = 1;
            }
        }
        synchronized (pending) {
            exit[0] = code;
            if (pending.isEmpty()) {
                watches.forEach(Watch::close);
                execution.finish(code);
            }
        }
        return execution;
    }

}
