package io.kubelab.engine.console.kubectl;

/**
 * The verbs the console's kubectl knows. One line per verb, each verb in its own class, so verbs
 * can be added independently.
 */
final class KubectlVerbs {
    private KubectlVerbs() {}

    static void registerAll(KubectlProgram kubectl) {
        // verbs register here, e.g. kubectl.verb(new GetVerb());
        kubectl.verb(new DescribeVerb());
        kubectl.verb(new RolloutVerb());
        kubectl.verb(new LogsVerb());
        kubectl.verb(new ExecVerb());
        kubectl.verb(new EventsVerb());
    }
}
