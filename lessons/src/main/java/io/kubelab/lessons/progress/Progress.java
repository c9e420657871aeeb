package io.kubelab.lessons.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One user's progress through the lessons. Immutable: each change returns a new value, which the
 * {@link ProgressStore} saves whole.
 *
 * @param version the file format's version ({@link #VERSION})
 * @param user    the user's name as they typed it
 * @param lessons lesson id → progress in it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(int version, String user, Map<String, LessonProgress> lessons) {
    public static final int VERSION = 1;

    public Progress {
        Objects.requireNonNull(user, "user");
        lessons = lessons == null ? Map.of() : Map.copyOf(lessons);
    }

    /**
     * @param completed   the steps done, in the order they were done
     * @param current     the step the user is on, or {@code null}
     * @param quizAnswers step id → the option the user chose
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LessonProgress(List<String> completed, String current, Map<String, String> quizAnswers) {
        public LessonProgress {
            completed = completed == null ? List.of() : List.copyOf(completed);
            quizAnswers = quizAnswers == null ? Map.of() : Map.copyOf(quizAnswers);
        }

        static final LessonProgress EMPTY = new LessonProgress(List.of(), null, Map.of());
    }

    public static Progress empty(String user) {
        return new Progress(VERSION, user, Map.of());
    }

    public LessonProgress lesson(String lessonId) {
        return lessons.getOrDefault(lessonId, LessonProgress.EMPTY);
    }

    public boolean isCompleted(String lessonId, String stepId) {
        return lesson(lessonId).completed().contains(stepId);
    }

    public Optional<String> current(String lessonId) {
        return Optional.ofNullable(lesson(lessonId).current());
    }

    public Progress withCompleted(String lessonId, String stepId) {
        LessonProgress lp = lesson(lessonId);
        if (lp.completed().contains(stepId)) {
            return this;
        }
        List<String> done = new java.util.ArrayList<>(lp.completed());
        done.add(stepId);
        return with(lessonId, new LessonProgress(done, lp.current(), lp.quizAnswers()));
    }

    public Progress withCurrent(String lessonId, String stepId) {
        LessonProgress lp = lesson(lessonId);
        return with(lessonId, new LessonProgress(lp.completed(), stepId, lp.quizAnswers()));
    }

    public Progress withQuizAnswer(String lessonId, String stepId, String answer) {
        LessonProgress lp = lesson(lessonId);
        Map<String, String> answers = new LinkedHashMap<>(lp.quizAnswers());
        answers.put(stepId, answer);
        return with(lessonId, new LessonProgress(lp.completed(), lp.current(), answers));
    }

    private Progress with(String lessonId, LessonProgress lp) {
        Map<String, LessonProgress> all = new LinkedHashMap<>(lessons);
        all.put(lessonId, lp);
        return new Progress(version, user, all);
    }
}
