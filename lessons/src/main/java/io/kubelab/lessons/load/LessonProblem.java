package io.kubelab.lessons.load;

/**
 * One problem in a lesson, printed like a compiler's:
 * {@code lessons/06-pod/lesson.yaml:12:5: unknown check type "exist"}.
 *
 * @param file   the file, relative to the class path root ({@code lessons/06-pod/lesson.yaml})
 * @param line   1-based, 0 when the problem is the file itself (e.g. missing)
 * @param column 1-based, 0 when unknown
 */
public record LessonProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }
}
