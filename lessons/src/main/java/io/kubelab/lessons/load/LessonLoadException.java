package io.kubelab.lessons.load;

import java.util.List;

/** Lessons that cannot be used; {@link #problems()} lists every problem found, with file and line. */
public final class LessonLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<LessonProblem> problems;

    public LessonLoadException(List<LessonProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in lessons:\n"
                + String.join("\n", problems.stream().map(LessonProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<LessonProblem> problems() {
        return problems;
    }
}
