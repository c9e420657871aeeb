package io.kubelab.lessons.replay;

import io.kubelab.lessons.check.CheckResult;

/** What replaying a checkpoint or a solution came to. */
public sealed interface ReplayOutcome {

    /** Everything ran; {@code check} is the step's check afterwards ({@code null} for a step without one). */
    record Done(CheckResult check) implements ReplayOutcome {}

    /** Not attempted: e.g. a console command and no {@link SolutionRunner} wired. */
    record Skipped(String reason) implements ReplayOutcome {}

    /** An action failed: a manifest the API refused, a command that exited non-zero. */
    record Failed(String reason) implements ReplayOutcome {}

    /** The actions ran but a check did not come to hold in the time allowed. */
    record Unsettled(String reason, CheckResult check) implements ReplayOutcome {}
}
