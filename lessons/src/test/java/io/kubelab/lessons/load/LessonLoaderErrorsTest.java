package io.kubelab.lessons.load;

import io.kubelab.lessons.check.Check;
import io.kubelab.lessons.model.Checkpoint;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.SolutionAction;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken lessons are refused with every problem's file, line and column. */
class LessonLoaderErrorsTest {

    private static List<String> problems(Runnable load) {
        try {
            load.run();
        } catch (LessonLoadException e) {
            return e.problems().stream().map(LessonProblem::toString).toList();
        }
        throw new AssertionError("the lessons loaded");
    }

    @Test
    void reportsEveryProblemOfABrokenLessonWithFileLineAndColumn() throws Exception {
        Path root = Path.of(getClass().getResource("/broken").toURI());
        List<String> problems = problems(() -> new LessonLoader(LessonSource.folder(root)).loadAll());
        String f = "lessons/05-pod/lesson.yaml";
        assertThat(problems).containsExactlyInAnyOrder(
                f + ":12:11: unknown check type \"exist\" (known: exists, absent, field, count, serviceType, nodePort, "
                        + "console, quiz, distinctNodes, sameNode, all, any)",
                f + ":13:40: bad label selector \"app in (web\": unable to parse requirement: found '', expected: ',' or ')'",
                f + ":14:25: unknown kind \"Deploymnet\"",
                f + ":14:52: bad field path \"status..x\" at character 8",
                f + ":24:12: option b has no en text",
                f + ":25:5: the answer \"c\" is not an option of step \"quiz\"'s quiz",
                f + ":26:25: the answer \"c\" is not an option of the quiz",
                f + ":27:32: step \"quiz\" has 1 en hints but 2 in zh-TW: translations must match",
                f + ":28:5: step \"nodeport\" has no zh-TW prose: write lessons/05-pod/nodeport.zh-TW.md or prose.zh-TW",
                f + ":28:5: step \"nodeport\" has no en prose: write lessons/05-pod/nodeport.en.md or prose.en",
                f + ":30:5: unknown key \"stpe\" in a step (known: check, checkpoint, commands, hints, id, prose, quiz, runtime, solution, title)",
                f + ":31:23: node port 80 is outside the range 30000-32767",
                f + ":31:5: step \"nodeport\" has a check but no solution: CI replays every solution",
                f + ":32:25: \"later\" is not an earlier step of this lesson",
                "lessons/99-missing/lesson.yaml: no such file");
    }

    /** Lessons in memory: path → text. */
    private static LessonSource memory(Map<String, String> files) {
        return path -> Optional.ofNullable(files.get(path));
    }

    private static Map<String, String> lesson(String yaml) {
        Map<String, String> files = new HashMap<>();
        files.put("lessons/index.yaml", "lessons: [01-x]\n");
        files.put("lessons/01-x/lesson.yaml", yaml);
        return files;
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        List<String> problems = problems(() -> new LessonLoader(memory(lesson("id: 01-x\ntitle: {zh-TW: a, en: b\nsteps: []\n"))).loadAll());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("lessons/01-x/lesson.yaml:3:").contains("not YAML");
    }

    @Test
    void reportsDuplicateKeysAndAWrongId() {
        assertThat(problems(() -> new LessonLoader(memory(lesson("id: 01-y\nid: 01-x\n"))).loadAll()))
                .containsExactly("lessons/01-x/lesson.yaml:2:1: key \"id\" appears twice");
        assertThat(problems(() -> new LessonLoader(memory(lesson(
                "id: 01-y\ntitle: {zh-TW: a, en: b}\nsteps: []\n"))).loadAll()))
                .containsExactly("lessons/01-x/lesson.yaml:1:5: the lesson's id \"01-y\" is not its folder's name \"01-x\"",
                        "lessons/01-x/lesson.yaml:3:8: a lesson needs at least one step");
    }

    @Test
    void reportsManifestsThatDoNotDecode() {
        Map<String, String> files = lesson("""
                id: 01-x
                title: {zh-TW: a, en: b}
                steps:
                  - id: s
                    title: {zh-TW: a, en: b}
                    prose: {zh-TW: a, en: b}
                    check: {exists: {kind: Pod, name: p}}
                    solution:
                      - manifest: |
                          apiVersion: v1
                          kind: Podd
                          metadata: {name: p}
                      - apply: nope.yaml
                      - frobnicate: x
                """);
        assertThat(problems(() -> new LessonLoader(memory(files)).loadAll())).containsExactly(
                "lessons/01-x/lesson.yaml:9:19: inline manifest: resource mapping not found for name: \"p\" namespace: \"\" "
                        + "from \"\": no matches for kind \"Podd\" in version \"v1\"",
                "lessons/01-x/lesson.yaml:13:16: no file lessons/01-x/nope.yaml",
                "lessons/01-x/lesson.yaml:14:9: unknown solution action \"frobnicate\" (known: run, apply, manifest, answer)");
    }

    @Test
    void withoutManifestDecodingTheOtherChecksStillRun() {
        // The app's start: the bundled manifests are decoded by BundledLessonsTest, not at every start.
        Map<String, String> files = lesson("""
                id: 01-x
                title: {zh-TW: a, en: b}
                steps:
                  - id: s
                    title: {zh-TW: a, en: b}
                    prose: {zh-TW: a, en: b}
                    check: {exists: {kind: Pod, name: p}}
                    solution:
                      - manifest: |
                          apiVersion: v1
                          kind: Podd
                          metadata: {name: p}
                      - apply: nope.yaml
                """);
        assertThat(problems(() -> new LessonLoader(memory(files)).withoutManifestDecoding().loadAll()))
                .containsExactly("lessons/01-x/lesson.yaml:13:16: no file lessons/01-x/nope.yaml");
        files.put("lessons/01-x/lesson.yaml", files.get("lessons/01-x/lesson.yaml").replace("      - apply: nope.yaml\n", ""));
        Lesson l = new LessonLoader(memory(files)).withoutManifestDecoding().loadAll().get(0);
        assertThat(l.steps().get(0).solution()).containsExactly(
                new SolutionAction.ApplyManifest("inline", "apiVersion: v1\nkind: Podd\nmetadata: {name: p}\n"));
    }

    @Test
    void readsAWellFormedLessonWithDefaults() {
        Map<String, String> files = lesson("""
                id: 01-x
                title: {zh-TW: 標題, en: Title}
                seed: [3, 4]
                files: [pod.yaml]
                steps:
                  - id: one
                    title: {zh-TW: 一, en: One}
                    commands: [kubectl apply -f pod.yaml]
                    check: {exists: {kind: po, name: p}}
                    solution: [{apply: pod.yaml}]
                  - id: two
                    title: {zh-TW: 二, en: Two}
                    prose: {zh-TW: 二, en: two}
                    check: {console: {ran: kubectl get po}}
                    solution: [{run: kubectl get po}]
                  - id: three
                    title: {zh-TW: 三, en: Three}
                    prose: {zh-TW: 三, en: three}
                    checkpoint: {apply: [pod.yaml]}
                """);
        files.put("lessons/01-x/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n");
        files.put("lessons/01-x/one.zh-TW.md", "# 一\n");
        files.put("lessons/01-x/one.en.md", "# One\n");
        Lesson l = new LessonLoader(memory(files)).loadAll().get(0);
        assertThat(l.seed()).containsExactly(3, 4);
        assertThat(l.files()).containsKey("pod.yaml");
        assertThat(l.steps().get(0).prose().get("en")).isEqualTo("# One");
        assertThat(l.steps().get(0).check()).isInstanceOf(Check.Exists.class);
        assertThat(l.steps().get(0).checkpoint()).isEqualTo(new Checkpoint.Fresh());
        assertThat(l.steps().get(0).solution()).containsExactly(new SolutionAction.ApplyManifest("pod.yaml", files.get("lessons/01-x/pod.yaml")));
        assertThat(l.steps().get(1).checkpoint()).isEqualTo(new Checkpoint.AfterStep("one"));
        assertThat(l.steps().get(1).solutionNeedsConsole()).isTrue();
        assertThat(l.steps().get(2).checkpoint()).isInstanceOf(Checkpoint.Apply.class);
        assertThat(l.steps().get(2).check()).isNull();
    }

    @Test
    void readsTheRuntimeALessonOrStepIsWrittenFor() {
        Lesson l = new LessonLoader(memory(lesson("""
                id: 01-x
                title: {zh-TW: 甲, en: X}
                runtime: linux
                steps:
                  - id: one
                    title: {zh-TW: 一, en: One}
                    prose: {zh-TW: 一, en: one}
                  - id: two
                    title: {zh-TW: 二, en: Two}
                    prose: {zh-TW: 二, en: two}
                    runtime: linux
                """))).loadAll().get(0);
        assertThat(l.runtime()).isEqualTo(io.kubelab.lessons.model.LessonRuntime.LINUX);
        assertThat(l.steps().get(0).runtime()).isEqualTo(io.kubelab.lessons.model.LessonRuntime.ANY);
        assertThat(l.steps().get(1).runtime()).isEqualTo(io.kubelab.lessons.model.LessonRuntime.LINUX);
        assertThat(l.wantsRealContainers(l.steps().get(0))).isTrue();

        Lesson plain = new LessonLoader(memory(lesson("""
                id: 01-x
                title: {zh-TW: 甲, en: X}
                steps:
                  - id: one
                    title: {zh-TW: 一, en: One}
                    prose: {zh-TW: 一, en: one}
                  - id: two
                    title: {zh-TW: 二, en: Two}
                    prose: {zh-TW: 二, en: two}
                    runtime: linux
                """))).loadAll().get(0);
        assertThat(plain.runtime()).isEqualTo(io.kubelab.lessons.model.LessonRuntime.ANY);
        assertThat(plain.wantsRealContainers(plain.steps().get(0))).isFalse();
        assertThat(plain.wantsRealContainers(plain.steps().get(1))).isTrue();
    }

    @Test
    void refusesAnUnknownRuntime() {
        assertThat(problems(() -> new LessonLoader(memory(lesson("""
                id: 01-x
                title: {zh-TW: 甲, en: X}
                runtime: docker
                steps:
                  - id: one
                    title: {zh-TW: 一, en: One}
                    prose: {zh-TW: 一, en: one}
                    runtime: [linux]
                """))).loadAll())).containsExactly(
                "lessons/01-x/lesson.yaml:3:10: unknown runtime \"docker\" in a lesson (known: any, linux): linux marks "
                        + "what is best done on real containers",
                "lessons/01-x/lesson.yaml:8:14: step \"one\"'s runtime must be a single value");
    }
}
