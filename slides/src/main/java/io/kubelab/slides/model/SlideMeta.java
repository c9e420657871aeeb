package io.kubelab.slides.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A slide's metadata, written in the slide as a YAML map inside an HTML comment:
 *
 * <pre>{@code
 * <!--
 * id: pod-basics
 * step: 06-pod/what-is-a-pod
 * checkpoint: 06-pod/shared-volume
 * seed: [14]
 * -->
 * }</pre>
 *
 * @param id         unique in the deck; {@code slide-<n>} when the slide names none
 * @param step       the lesson step the slide leads to, {@code <lesson-id>/<step-id>}, or {@code null}
 * @param checkpoint a lesson step whose starting cluster state the presenter can load for this
 *                   slide, {@code <lesson-id>/<step-id>}, or {@code null}
 * @param seed       the slides of the seed deck this slide retells (1-based), possibly empty
 */
public record SlideMeta(String id, String step, String checkpoint, List<Integer> seed) {
    public SlideMeta {
        Objects.requireNonNull(id, "id");
        seed = List.copyOf(seed);
    }

    public Optional<String> lessonStep() {
        return Optional.ofNullable(step);
    }

    public Optional<String> checkpointStep() {
        return Optional.ofNullable(checkpoint);
    }
}
