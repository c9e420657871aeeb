package io.kubelab.lessons.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a lesson or a step is written for: {@code runtime: linux} in {@code lesson.yaml} marks one
 * that is about kernel features and real processes (namespaces, cgroups, runc, veth pairs). Such
 * a lesson or step is best done on real containers, so the app offers to switch to them; it
 * still loads and runs on the simulated cluster, and its check must hold there too (CI replays
 * every solution on a simulated cluster), so it only checks what the student typed or what the
 * API shows, never what the kernel did.
 */
public enum LessonRuntime {
    /** Either runtime (the default, when {@code runtime} is left out). */
    ANY("any"),
    /** Written for real containers: Kubelab's real mode ({@code kubelab serve --runtime linux}, the app's runtime switch). */
    LINUX("linux");

    private final String id;

    LessonRuntime(String id) {
        this.id = id;
    }

    /** The value in {@code lesson.yaml}. */
    public String id() {
        return id;
    }

    public static Optional<LessonRuntime> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }
}
