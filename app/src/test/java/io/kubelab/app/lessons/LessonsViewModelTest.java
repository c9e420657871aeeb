package io.kubelab.app.lessons;

import io.kubelab.app.Messages;
import io.kubelab.app.TestClusters;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.lessons.load.LessonLoader;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.progress.ProgressStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lesson panel's view model over a manual session: checks run at once on the test's thread,
 * and the test delivers the cluster's changes itself ({@code feed().flush()}), as a frame would.
 */
class LessonsViewModelTest {
    private static List<Lesson> lessons;

    @TempDir
    Path folder;
    private ClusterSession session;
    private I18n i18n;
    private final List<String> history = new ArrayList<>();

    @BeforeAll
    static void loadLessons() {
        lessons = LessonLoader.bundled().loadAll();
    }

    @BeforeEach
    void setUp() {
        Cluster c = TestClusters.withNodes();
        session = ClusterSession.manual(c, TestClusters::withNodes);
        i18n = new I18n(Locale.ENGLISH);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private LessonsViewModel vm() {
        LessonsViewModel vm = new LessonsViewModel(session, i18n, Runnable::run, lessons,
                new LessonsSettings(new ProgressStore(folder), "ada", Runnable::run));
        session.feed().addListener(vm);
        vm.setConsoleHistory(() -> history);
        return vm;
    }

    private static Lesson lesson(String id) {
        return lessons.stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aNewStudentStartsAtTheFirstStepOfTheFirstLesson() {
        LessonsViewModel vm = vm();
        assertThat(vm.lessonProperty().get().id()).isEqualTo("01-virtualization");
        assertThat(vm.titleProperty().get()).isEqualTo("Full virtualization");
        assertThat(vm.positionProperty().get()).isEqualTo("Step 1 of " + lesson("01-virtualization").steps().size());
        assertThat(vm.proseProperty().get()).contains("**full virtualization**");
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.NONE);
        assertThat(vm.hasBack()).isFalse();
    }

    @Test
    void nextBackAndJumpMoveThroughTheSteps() {
        LessonsViewModel vm = vm();
        vm.open(lesson("10-nginx-deployment"));
        assertThat(vm.titleProperty().get()).isEqualTo("Apply run-my-nginx.yaml");
        vm.next();
        assertThat(vm.stepProperty().get().id()).isEqualTo("pods-running");
        assertThat(vm.positionProperty().get()).isEqualTo("Step 2 of 4");
        vm.back();
        assertThat(vm.stepProperty().get().id()).isEqualTo("create");
        vm.back();
        assertThat(vm.stepProperty().get().id()).as("back on the first step stays").isEqualTo("create");
        vm.goToStep(3);
        assertThat(vm.stepProperty().get().id()).isEqualTo("describe");
        assertThat(vm.hasNext()).isFalse();
        vm.next();
        assertThat(vm.stepProperty().get().id()).isEqualTo("describe");
        assertThat(vm.openStep("11-nginx-service/nodeport")).isTrue();
        assertThat(vm.lessonProperty().get().id()).isEqualTo("11-nginx-service");
        assertThat(vm.stepProperty().get().id()).isEqualTo("nodeport");
        assertThat(vm.openStep("11-nginx-service/no-such-step")).isFalse();
    }

    @Test
    void theCheckTurnsGreenWhenTheClusterReachesTheState() {
        LessonsViewModel vm = vm();
        vm.openStep("10-nginx-deployment/create");
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.NOT_YET);
        assertThat(vm.checkDetailsProperty().get()).containsExactly("deployments.apps \"nginx-deployment\" not found");
        assertThat(vm.checkTextProperty().get()).isEqualTo("✗ Not yet");

        session.cluster().apply(lesson("10-nginx-deployment").files().get("run-my-nginx.yaml"));
        session.feed().flush();

        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.PASSED);
        assertThat(vm.checkTextProperty().get()).isEqualTo("✓ Check passed");
        assertThat(vm.isCompleted(0)).isTrue();
    }

    @Test
    void aConsoleCheckFollowsTheConsoleHistory() {
        LessonsViewModel vm = vm();
        vm.openStep("10-nginx-deployment/describe");
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.NOT_YET);
        history.add("kubectl describe deployments");
        vm.onFrame(1_000_000_000L);
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void hintsOneByOneTheSolutionAndCommandsToTry() {
        LessonsViewModel vm = vm();
        List<String> pasted = new ArrayList<>();
        vm.setCommandSink(pasted::add);
        vm.openStep("10-nginx-deployment/create");
        assertThat(vm.visibleHintsProperty().get()).isEmpty();
        assertThat(vm.moreHintsProperty().get()).isTrue();
        vm.revealHint();
        assertThat(vm.visibleHintsProperty().get()).containsExactly("`kubectl apply -f run-my-nginx.yaml`");
        assertThat(vm.moreHintsProperty().get()).isFalse();
        vm.revealHint();
        assertThat(vm.visibleHintsProperty().get()).hasSize(1);

        assertThat(vm.solutionShownProperty().get()).isFalse();
        vm.showSolution();
        assertThat(vm.solutionShownProperty().get()).isTrue();
        assertThat(vm.solutionLines()).containsExactly("kubectl apply -f run-my-nginx.yaml");

        vm.paste(vm.stepProperty().get().commands().get(0));
        assertThat(pasted).containsExactly("kubectl apply -f run-my-nginx.yaml");
        assertThat(vm.messageProperty().get()).isEqualTo("Pasted into the console: kubectl apply -f run-my-nginx.yaml");

        vm.next();
        assertThat(vm.visibleHintsProperty().get()).as("a new step starts with its hints hidden").isEmpty();
        assertThat(vm.solutionShownProperty().get()).isFalse();
    }

    @Test
    void resetToCheckpointRebuildsTheClusterTheStepStartsFrom() {
        LessonsViewModel vm = vm();
        vm.openStep("10-nginx-deployment/pods-running");
        Cluster before = session.cluster();
        assertThat((Object) before.api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNull();

        vm.resetToCheckpoint();

        assertThat(session.cluster()).as("a fresh cluster").isNotSameAs(before);
        assertThat((Object) session.cluster().api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNotNull();
        assertThat(vm.restoringProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("The cluster is at the start of \"Watch the Pods start\"");
    }

    @Test
    void progressSurvivesANewViewModel() throws Exception {
        LessonsViewModel first = vm();
        first.openStep("10-nginx-deployment/create");
        session.cluster().apply(lesson("10-nginx-deployment").files().get("run-my-nginx.yaml"));
        session.feed().flush();
        first.next();
        assertThat(Files.readString(folder.resolve("ada.json"))).contains("pods-running");

        LessonsViewModel second = vm();
        assertThat(second.lessonProperty().get().id()).isEqualTo("10-nginx-deployment");
        assertThat(second.stepProperty().get().id()).isEqualTo("pods-running");
        assertThat(second.isCompleted(0)).isTrue();
        assertThat(second.progressProblemProperty().get()).isEmpty();
    }

    @Test
    void aCorruptedProgressFileIsKeptAsideWithAClearMessage() throws Exception {
        Files.writeString(folder.resolve("ada.json"), "{\"version\": 1, \"user\": \"ada\", \"lessons\": {\"10-ngi", StandardCharsets.UTF_8);

        LessonsViewModel vm = vm();

        assertThat(vm.progressProblemProperty().get())
                .startsWith("Your saved progress could not be read (is not a progress file:")
                .endsWith("The file was kept as ada.json.unreadable; the lessons start afresh.")
                .doesNotContain(folder.toString());
        assertThat(vm.lessonProperty().get().id()).isEqualTo("01-virtualization");
        assertThat(folder.resolve("ada.json.unreadable")).exists();
        vm.openStep("06-pod/first-pod");
        assertThat(new ProgressStore(folder).load("ada").current("06-pod")).contains("first-pod");
    }

    @Test
    void theLanguageSwitchChangesTheStepsTexts() {
        LessonsViewModel vm = vm();
        vm.openStep("10-nginx-deployment/create");
        List<String> seenTitles = new ArrayList<>();
        vm.languageProperty().addListener((o, a, b) -> seenTitles.add(vm.titleProperty().get()));
        i18n.setLocale(Messages.ZH_TW);
        assertThat(vm.languageProperty().get()).isEqualTo("zh-TW");
        assertThat(seenTitles).as("texts are ready when the language announces itself").containsExactly("套用 run-my-nginx.yaml");
        assertThat(vm.positionProperty().get()).isEqualTo("第 1 步,共 4 步");
        assertThat(vm.proseProperty().get()).isNotEqualTo(lesson("10-nginx-deployment").steps().get(0).prose().get("en"));
        assertThat(vm.titleOf(vm.lessonProperty().get())).isEqualTo("建立 nginx 應用程式叢集");
    }

    @Test
    void aQuizAnswerIsCheckedAndRemembered() {
        LessonsViewModel vm = vm();
        vm.openStep("06-pod/lifecycle-quiz");
        assertThat(vm.quiz()).isPresent();
        String right = ((io.kubelab.lessons.check.Check.Quiz) vm.stepProperty().get().check()).answer();
        String wrong = vm.quiz().get().options().stream().map(o -> o.id()).filter(id -> !id.equals(right)).findFirst().orElseThrow();
        vm.answerQuiz(wrong);
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.NOT_YET);
        vm.answerQuiz(right);
        assertThat(vm.checkStatusProperty().get()).isEqualTo(CheckStatus.PASSED);
        assertThat(vm().quizAnswer()).contains(right);
    }
}
