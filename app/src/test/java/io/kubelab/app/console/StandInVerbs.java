package io.kubelab.app.console;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.app.editor.ManifestApplier;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.console.Console;
import io.kubelab.engine.console.Consoles;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.kubectl.KubectlProgram;
import io.kubelab.engine.console.kubectl.KubectlVerb;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY, tests only: the few kubectl verbs the console pane's tests type ({@code apply -f},
 * {@code delete}, {@code get … -w}, {@code set image}), registered only where the engine's own
 * kubectl does not have the verb yet. The real verbs are written in the engine in parallel; once
 * they are merged these stand-ins are never registered and the tests run the real ones. Never
 * used by the app.
 */
public final class StandInVerbs {
    private StandInVerbs() {}

    /** The app's console for {@code cluster}, or, while kubectl lacks a verb the tests type, one with stand-ins. */
    public static Console console(Cluster cluster) {
        KubectlProgram real = new KubectlProgram();
        if (real.verbs().keySet().containsAll(List.of("apply", "delete", "get", "set"))) {
            return Consoles.standard(cluster);
        }
        for (KubectlVerb v : List.of(new Apply(), new Delete(), new Get(), new SetImage())) {
            real.verbs().putIfAbsent(v.name(), v);
        }
        return new Console(cluster).register(real);
    }

    static final class Apply implements KubectlVerb {
        @Override
        public String name() {
            return "apply";
        }

        @Override
        public Execution start(Invocation inv) {
            int f = inv.args().indexOf("-f");
            if (f < 0 || f + 1 >= inv.args().size()) {
                inv.out().err("error: must specify one of -f and -k\n");
                return Execution.finished(1);
            }
            String file = inv.args().get(f + 1);
            String text = inv.files().get(file);
            if (text == null) {
                inv.out().err("error: the path \"" + file + "\" does not exist\n");
                return Execution.finished(1);
            }
            int code = 0;
            for (ManifestApplier.Outcome o : ManifestApplier.apply(inv.context().cluster().api(), text, file)) {
                if (o.error()) {
                    inv.out().err(o.line() + "\n");
                    code = 1;
                } else {
                    inv.out().out(o.line() + "\n");
                }
            }
            return Execution.finished(code);
        }
    }

    static final class Delete implements KubectlVerb {
        @Override
        public String name() {
            return "delete";
        }

        @Override
        public Execution start(Invocation inv) {
            List<String> a = inv.args();
            ResourceType type = ResourceTypes.resolve(a.get(0)).orElseThrow();
            String name = a.get(1);
            try {
                inv.context().cluster().api().delete(type, "default", name, new DeleteOptions());
                inv.out().out(type.singular() + " \"" + name + "\" deleted\n");
                return Execution.finished(0);
            } catch (RuntimeException e) {
                inv.out().err(KubeErrors.describe(e) + "\n");
                return Execution.finished(1);
            }
        }
    }

    /** {@code get pods [-w]}: names and phases; with {@code -w} it goes on printing changes until Ctrl-C. */
    static final class Get implements KubectlVerb {
        @Override
        public String name() {
            return "get";
        }

        @Override
        public Execution start(Invocation inv) {
            ResourceType type = ResourceTypes.resolve(inv.args().get(0)).orElseThrow();
            Cluster cluster = inv.context().cluster();
            inv.out().out("NAME\n");
            List<HasMetadata> now = new ArrayList<>(cluster.api().list(type, "default"));
            for (HasMetadata o : now) {
                inv.out().out(line(o));
            }
            if (!inv.args().contains("-w")) {
                return Execution.finished(0);
            }
            long from = cluster.store().revision();
            Watch[] watch = new Watch[1];
            Execution e = Execution.running(() -> watch[0].close());
            watch[0] = cluster.api().watch(type, from, o -> "default".equals(o.getMetadata().getNamespace()),
                    (WatchEvent ev) -> inv.out().out(line(ev.object())));
            return e;
        }

        private static String line(HasMetadata o) {
            String status = o instanceof Pod p && p.getStatus() != null ? "   " + p.getStatus().getPhase() : "";
            return o.getMetadata().getName() + status + "\n";
        }
    }

    static final class SetImage implements KubectlVerb {
        @Override
        public String name() {
            return "set";
        }

        @Override
        public Execution start(Invocation inv) {
            // set image deployment/NAME CONTAINER=IMAGE
            String name = inv.args().get(1).substring("deployment/".length());
            String[] change = inv.args().get(2).split("=", 2);
            inv.context().cluster().api().modify(ResourceTypes.DEPLOYMENTS, "default", name, (Deployment d) -> {
                d.getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(c -> c.getName().equals(change[0])).forEach(c -> c.setImage(change[1]));
                return d;
            }, false);
            inv.out().out("deployment.apps/" + name + " image updated\n");
            return Execution.finished(0);
        }
    }
}
