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
 */
public record Lesson(String id, Localized<String> title, List<Integer> seed, Map<String, String> files, List<Step> steps) {
    public Lesson {
        seed = List.copyOf(seed);
        files = Map.copyOf(files);
        steps = List.copyOf(steps);
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
