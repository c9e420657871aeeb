package io.kubelab.engine.console.kubectl;

/**
 * The verbs the console's kubectl knows. One line per verb, each verb in its own class, so verbs
 * can be added independently.
 */
final class KubectlVerbs {
    private KubectlVerbs() {}

    static void registerAll(KubectlProgram kubectl) {
        kubectl.verb(new GetVerb());
        kubectl.verb(new CreateVerb());
        kubectl.verb(new ApplyVerb());
        kubectl.verb(new DeleteVerb());
        kubectl.verb(new RunVerb());
        kubectl.verb(new ExposeVerb());
        kubectl.verb(new ScaleVerb());
        kubectl.verb(new SetVerb());
        kubectl.verb(new LabelVerb());
        kubectl.verb(new AnnotateVerb());
        kubectl.verb(new ApiResourcesVerb());
        kubectl.verb(new VersionVerb());
        kubectl.verb(new ClusterInfoVerb(kubectl));
        kubectl.verb(new DescribeVerb());
        kubectl.verb(new RolloutVerb());
        kubectl.verb(new LogsVerb());
        kubectl.verb(new ExecVerb());
        kubectl.verb(new EventsVerb());
    }
}
