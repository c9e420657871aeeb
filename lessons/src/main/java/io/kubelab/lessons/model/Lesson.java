package io.kubelab.lessons.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One lesson: a folder {@code lessons/<id>/} with {@code lesson.yaml}, prose per step and language,
 * and the files students use (manifests such as {@code run-my-nginx.yaml}).
 *
 * @param id    the folder name, {@code <nn>-<name>}, e.g. {@code 10-nginx-deployment}
 * @param title the lesson's title
 * @param seed  the seed-deck slides (1-based) this lesson teaches
 * @param files the lesson's files by name (manifests the console offers, e.g. for {@code kubectl apply -f})
 * @param steps the steps in order
 * @param runtime what the lesson is written for: {@link LessonRuntime#LINUX} when it is best done
 *                on real containers (it still runs on the simulated cluster)
 */
public record Lesson(String id, Localized<String> title, List<Integer> seed, Map<String, String> files, List<Step> steps,
                     LessonRuntime runtime) {
    public Lesson {
        runtime = runtime == null ? LessonRuntime.ANY : runtime;
        seed = List.copyOf(seed);
        files = Map.copyOf(files);
        steps = List.copyOf(steps);
    }

    /** A lesson for either runtime. */
    public Lesson(String id, Localized<String> title, List<Integer> seed, Map<String, String> files, List<Step> steps) {
        this(id, title, seed, files, steps, LessonRuntime.ANY);
    }

    /** Whether {@code step} of this lesson is best done on real containers: the lesson or the step says so. */
    public boolean wantsRealContainers(Step step) {
        return runtime == LessonRuntime.LINUX || (step != null && step.runtime() == LessonRuntime.LINUX);
    }

    public Optional<Step> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }
}
