package io.kubelab.lessons.load;

import io.kubelab.lessons.model.Languages;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bundled lesson loads without a problem, and together they cover the whole seed deck. */
class BundledLessonsTest {
    private final List<Lesson> lessons = LessonLoader.bundled().loadAll();

    @Test
    void everyLessonLoadsWithoutProblems() {
        assertThat(lessons).extracting(Lesson::id).startsWith("01-virtualization").endsWith("13-case-studies").hasSize(13);
        for (Lesson l : lessons) {
            assertThat(l.steps()).as(l.id()).isNotEmpty();
            for (Step s : l.steps()) {
                for (String lang : Languages.ALL) {
                    assertThat(s.prose().byLanguage().get(lang)).as(l.id() + "/" + s.id() + " " + lang).isNotBlank();
                    assertThat(s.title().byLanguage().get(lang)).as(l.id() + "/" + s.id() + " " + lang).isNotBlank();
                }
            }
        }
    }

    @Test
    void theLessonsCoverEverySeedSlideInOrder() {
        List<Integer> seen = new ArrayList<>();
        for (Lesson l : lessons) {
            seen.addAll(l.seed());
        }
        assertThat(seen).isSorted();
        assertThat(new TreeSet<>(seen)).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 32).boxed().toList());
    }

    @Test
    void theDeckManifestsAreTheOnesTheDeckUses() {
        Lesson nginx = lessons.stream().filter(l -> l.id().equals("10-nginx-deployment")).findFirst().orElseThrow();
        assertThat(nginx.files()).containsKey("run-my-nginx.yaml");
        assertThat(nginx.files().get("run-my-nginx.yaml")).contains("replicas: 2", "run: my-nginx", "containerPort: 80",
                "image: nginx", "apiVersion: apps/v1");
        Lesson svc = lessons.stream().filter(l -> l.id().equals("11-nginx-service")).findFirst().orElseThrow();
        assertThat(svc.files().get("nginx-svc.yaml")).contains("run: my-nginx");
        assertThat(svc.files().get("nginx-svc-nodeport.yaml")).contains("type: NodePort", "nodePort: 31000");
    }
}
