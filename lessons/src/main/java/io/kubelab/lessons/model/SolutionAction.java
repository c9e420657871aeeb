package io.kubelab.lessons.model;

/** One action of a step's solution (or of a checkpoint): what a student would do. */
public sealed interface SolutionAction {

    /** A console command line, as typed: {@code kubectl scale deployment web --replicas=5}. */
    record RunCommand(String command) implements SolutionAction {}

    /**
     * A manifest applied as {@code kubectl apply -f} would.
     *
     * @param source the lesson file it came from ({@code run-my-nginx.yaml}), or {@code "inline"}
     * @param yaml   the manifest (one or more YAML documents)
     */
    record ApplyManifest(String source, String yaml) implements SolutionAction {}

    /** The answer to the step's quiz, e.g. {@code b}. */
    record AnswerQuiz(String answer) implements SolutionAction {}
}
