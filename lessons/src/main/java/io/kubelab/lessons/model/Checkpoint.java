package io.kubelab.lessons.model;

import java.util.List;

/** The cluster state a step starts from, so that a student (or a presenter) can jump to any step. */
public sealed interface Checkpoint {

    /** A fresh cluster. The default for a lesson's first step. */
    record Fresh() implements Checkpoint {}

    /**
     * The state after an earlier step of the same lesson: that step's checkpoint, then its solution.
     * The default for every step but the first is "after the previous step".
     */
    record AfterStep(String stepId) implements Checkpoint {}

    /** A fresh cluster with these manifests applied. */
    record Apply(List<SolutionAction.ApplyManifest> manifests) implements Checkpoint {
        public Apply {
            manifests = List.copyOf(manifests);
        }
    }
}
