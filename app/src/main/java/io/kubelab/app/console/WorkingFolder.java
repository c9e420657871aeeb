package io.kubelab.app.console;

import io.kubelab.lessons.load.LessonSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's working folder: the files {@code kubectl apply -f NAME} reads. By default the
 * deck's files of the nginx lessons, as the lessons ship them: {@code run-my-nginx.yaml} (the
 * Deployment), {@code nginx-svc.yaml} (its Service) and {@code nginx-svc-nodeport.yaml} (the same
 * Service made a NodePort on 31000, as the deck edits it). A lesson replaces them with its own.
 */
public final class WorkingFolder {
    /** Where the lessons keep the deck's nginx files (lesson 11 has all three). */
    static final String DECK_LESSON = "lessons/11-nginx-service/";
    static final List<String> DECK_FILES = List.of("run-my-nginx.yaml", "nginx-svc.yaml", "nginx-svc-nodeport.yaml");

    private WorkingFolder() {}

    /** The deck's files by name, in the order the deck uses them. */
    public static Map<String, String> deck() {
        LessonSource lessons = LessonSource.classpath();
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : DECK_FILES) {
            lessons.read(DECK_LESSON + name).ifPresent(text -> files.put(name, text));
        }
        return java.util.Collections.unmodifiableMap(files);
    }
}
