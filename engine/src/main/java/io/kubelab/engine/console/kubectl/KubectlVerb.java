package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;

import java.util.List;

/**
 * One kubectl command ({@code get}, {@code describe}, {@code rollout}…). The {@link Invocation}'s
 * args are the words after the verb ({@code kubectl get po -o wide} → {@code [po, -o, wide]}).
 * Same threading as {@link io.kubelab.engine.console.Program}: called on the engine thread, never blocks.
 */
public interface KubectlVerb {

    /** {@code get}. */
    String name();

    /** Runs the verb. */
    Execution start(Invocation invocation);
}
