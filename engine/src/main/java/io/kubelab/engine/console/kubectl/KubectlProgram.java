package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Program;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kubectl}: finds the verb and hands it the remaining words. */
public final class KubectlProgram implements Program {
    private final Map<String, KubectlVerb> verbs = new LinkedHashMap<>();

    public KubectlProgram() {
        KubectlVerbs.registerAll(this);
    }

    public KubectlProgram verb(KubectlVerb verb) {
        verbs.put(verb.name(), verb);
        return this;
    }

    public Map<String, KubectlVerb> verbs() {
        return verbs;
    }

    @Override
    public String name() {
        return "kubectl";
    }

    @Override
    public Execution start(Invocation inv) {
        List<String> args = inv.args();
        if (args.isEmpty()) {
            inv.out().err("kubectl controls the Kubernetes cluster manager.\n");
            return Execution.finished(0);
        }
        KubectlVerb verb = verbs.get(args.get(0));
        if (verb == null) {
            // cobra's wording for an unknown subcommand
            inv.out().err("error: unknown command \"" + args.get(0) + "\" for \"kubectl\"\n");
            return Execution.finished(1);
        }
        return verb.start(new Invocation(List.copyOf(args.subList(1, args.size())), inv.out(), inv.files(), inv.context()));
    }
}
