package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.ConsoleContext;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Program;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kubectl}: finds the verb and hands it the remaining words. */
public final class KubectlProgram implements Program {
    /** minikube's API server address, what {@code cluster-info} shows on the deck's laptop. */
    public static final String MINIKUBE_SERVER = "https://192.168.49.2:8443";

    private final Map<String, KubectlVerb> verbs = new LinkedHashMap<>();
    private final String server;

    public KubectlProgram() {
        this(MINIKUBE_SERVER);
    }

    /** A kubectl whose kubeconfig points at {@code server} (as {@code cluster-info} prints it). */
    public KubectlProgram(String server) {
        this.server = server;
        KubectlVerbs.registerAll(this);
    }

    public String server() {
        return server;
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
            inv.out().err(Suggestions.unknownCommand(args.get(0)));
            return Execution.finished(1);
        }
        return verb.start(new Invocation(List.copyOf(args.subList(1, args.size())), inv.out(), inv.files(), inv.context()));
    }

    @Override
    public List<String> complete(List<String> words, ConsoleContext context) {
        return Completion.complete(this, words, context);
    }
}
