package io.kubelab.lessons.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check is evaluated against.
 *
 * @param cluster        the cluster's objects
 * @param consoleHistory the command lines the student entered, oldest first
 * @param quizAnswer     the option the student chose in this step's quiz, if any
 */
public record CheckContext(ClusterView cluster, List<String> consoleHistory, Optional<String> quizAnswer) {
    public CheckContext {
        Objects.requireNonNull(cluster, "cluster");
        consoleHistory = List.copyOf(consoleHistory);
        Objects.requireNonNull(quizAnswer, "quizAnswer");
    }

    public static CheckContext of(ClusterView cluster) {
        return new CheckContext(cluster, List.of(), Optional.empty());
    }

    public CheckContext withHistory(List<String> history) {
        return new CheckContext(cluster, history, quizAnswer);
    }

    public CheckContext withQuizAnswer(String answer) {
        return new CheckContext(cluster, consoleHistory, Optional.ofNullable(answer));
    }
}
