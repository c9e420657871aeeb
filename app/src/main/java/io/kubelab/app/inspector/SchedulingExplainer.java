package io.kubelab.app.inspector;

import java.util.Optional;

/**
 * Answers "why is this pod Pending / on this node?" from the scheduler's recorded decision. The
 * app's composition root wires it to the engine's scheduler; until then {@link #NONE} answers
 * nothing and the "Why?" tab says so.
 */
@FunctionalInterface
public interface SchedulingExplainer {
    /**
     * The last scheduling decision about a pod. Called on the engine thread (through
     * {@code ClusterSession.submit}), so an implementation may read the scheduler's state directly.
     */
    Optional<SchedulingExplanation> explain(String namespace, String name);

    SchedulingExplainer NONE = (namespace, name) -> Optional.empty();
}
