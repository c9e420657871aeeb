package io.kubelab.lessons.model;

import io.kubelab.lessons.check.Check;

import java.util.List;
import java.util.Optional;

/**
 * One step of a lesson.
 *
 * @param id         unique in its lesson; with the lesson's id it is the step's reference {@code <lesson>/<step>}
 * @param title      the step's title
 * @param prose      what the student reads (Markdown)
 * @param commands   commands to try: one click pastes one into the console
 * @param check      what must hold for the step to be done, or {@code null} for a step that is only read
 * @param quiz       the step's question, or {@code null}
 * @param hints      hints, shown one at a time (the same number in every language)
 * @param solution   what solves the step; CI replays it
 * @param checkpoint the cluster state the step starts from
 * @param runtime    {@link LessonRuntime#LINUX} for a step that only means something with real
 *                   processes ({@code ip addr} in a node, {@code cat /proc/1/cgroup} in a pod)
 */
public record Step(String id, Localized<String> title, Localized<String> prose, List<String> commands, Check check,
                   Quiz quiz, Localized<List<String>> hints, List<SolutionAction> solution, Checkpoint checkpoint,
                   LessonRuntime runtime) {
    public Step {
        commands = List.copyOf(commands);
        solution = List.copyOf(solution);
        runtime = runtime == null ? LessonRuntime.ANY : runtime;
    }

    /** A step for either runtime. */
    public Step(String id, Localized<String> title, Localized<String> prose, List<String> commands, Check check,
                Quiz quiz, Localized<List<String>> hints, List<SolutionAction> solution, Checkpoint checkpoint) {
        this(id, title, prose, commands, check, quiz, hints, solution, checkpoint, LessonRuntime.ANY);
    }

    public Optional<Check> checkOptional() {
        return Optional.ofNullable(check);
    }

    public Optional<Quiz> quizOptional() {
        return Optional.ofNullable(quiz);
    }

    /** Whether every action of the solution can be replayed without the console (manifests and quiz answers). */
    public boolean solutionNeedsConsole() {
        return solution.stream().anyMatch(SolutionAction.RunCommand.class::isInstance);
    }
}
