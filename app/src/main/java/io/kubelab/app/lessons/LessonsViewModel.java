package io.kubelab.app.lessons;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.app.session.FeedListener;
import io.kubelab.app.session.KubeErrors;
import io.kubelab.lessons.check.CheckContext;
import io.kubelab.lessons.check.CheckEvaluator;
import io.kubelab.lessons.check.CheckResult;
import io.kubelab.lessons.check.ClusterView;
import io.kubelab.lessons.model.Languages;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Quiz;
import io.kubelab.lessons.model.SolutionAction;
import io.kubelab.lessons.model.Step;
import io.kubelab.lessons.progress.Progress;
import io.kubelab.lessons.progress.ProgressStore;
import io.kubelab.lessons.replay.ReplayOutcome;
import io.kubelab.lessons.replay.SolutionReplayer;
import io.kubelab.lessons.replay.SolutionRunner;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The lesson panel: which lesson and step the student is on, the step's text in the app's
 * language, its live check, hints one by one, the solution, "reset to checkpoint", and the
 * student's progress, saved after every change.
 *
 * <p>Threading: UI thread, except where said. A check is evaluated on the engine thread (it reads
 * the store while the cluster moves) after every batch of cluster changes, and its result comes
 * back through {@code ui}; evaluations never overlap, and changes that arrive during one cause one
 * more. Progress is written through {@link LessonsSettings#io()}.
 */
public final class LessonsViewModel implements FeedListener {
    /**
     * Restores checkpoints while no console is wired: a command is taken as done without running.
     * Right for the reading commands most solutions end with ({@code kubectl get po},
     * {@code kubectl rollout status}); a checkpoint that needs a changing command ({@code kubectl
     * scale}) then reports its check did not hold, in the panel's message.
     */
    static final SolutionRunner COMMANDS_NOT_RUN = (line, files) -> SolutionRunner.Result.ok("");

    /** How often (frames are ~60 a second) the console history is looked at for new commands. */
    private static final long HISTORY_POLL_NANOS = 500_000_000L;

    private final ClusterSession session;
    private final I18n i18n;
    private final Executor ui;
    private final LessonsSettings settings;
    private final List<Lesson> lessons;

    private CommandSink commandSink = CommandSink.NONE;
    private boolean consoleWired;
    private Supplier<List<String>> consoleHistory = List::of;
    private SolutionRunner solutionRunner;

    private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyIntegerWrapper stepIndex = new ReadOnlyIntegerWrapper(this, "stepIndex", 0);
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step");
    private final ReadOnlyStringWrapper language = new ReadOnlyStringWrapper(this, "language", Languages.EN);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper prose = new ReadOnlyStringWrapper(this, "prose", "");
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper(this, "position", "");
    private final ReadOnlyObjectWrapper<CheckStatus> checkStatus = new ReadOnlyObjectWrapper<>(this, "checkStatus", CheckStatus.NONE);
    private final ReadOnlyStringWrapper checkText = new ReadOnlyStringWrapper(this, "checkText", "");
    private final ReadOnlyObjectWrapper<List<String>> checkDetails = new ReadOnlyObjectWrapper<>(this, "checkDetails", List.of());
    private final ReadOnlyIntegerWrapper hintsShown = new ReadOnlyIntegerWrapper(this, "hintsShown", 0);
    private final ReadOnlyObjectWrapper<List<String>> visibleHints = new ReadOnlyObjectWrapper<>(this, "visibleHints", List.of());
    private final ReadOnlyBooleanWrapper moreHints = new ReadOnlyBooleanWrapper(this, "moreHints", false);
    private final ReadOnlyBooleanWrapper solutionShown = new ReadOnlyBooleanWrapper(this, "solutionShown", false);
    private final ReadOnlyObjectWrapper<Progress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper progressProblem = new ReadOnlyStringWrapper(this, "progressProblem", "");
    private final ReadOnlyBooleanWrapper restoring = new ReadOnlyBooleanWrapper(this, "restoring", false);
    private final javafx.beans.property.BooleanProperty realMode = new javafx.beans.property.SimpleBooleanProperty(this, "realMode");
    private final ReadOnlyObjectWrapper<RealModeNotice> realModeNotice =
            new ReadOnlyObjectWrapper<>(this, "realModeNotice", RealModeNotice.NONE);

    /** The step (and its lesson) the texts are of; set before the properties that announce it. */
    private Step shown;
    private Lesson shownLesson;
    private CheckResult lastResult;
    private boolean evaluating;
    private boolean evaluateAgain;
    /** Bumped on every step change: a result computed for an earlier step is dropped. */
    private long stepGeneration;
    private boolean saveDisabled;
    private int historySize;
    private long lastHistoryPoll;

    /**
     * @param lessons the lessons in teaching order (at least one)
     * @param ui      runs work on the UI thread ({@code Platform::runLater})
     */
    public LessonsViewModel(ClusterSession session, I18n i18n, Executor ui, List<Lesson> lessons, LessonsSettings settings) {
        if (lessons.isEmpty()) {
            throw new IllegalArgumentException("no lessons");
        }
        this.session = session;
        this.i18n = i18n;
        this.ui = ui;
        this.settings = settings;
        this.lessons = List.copyOf(lessons);
        language.set(languageOf(i18n.locale()));
        progress.set(loadProgress());
        // The texts first, then the language: a view that redraws on the language reads the new texts.
        i18n.localeProperty().addListener((o, a, b) -> {
            refresh(languageOf(b));
            language.set(languageOf(b));
        });
        Lesson start = startLesson();
        showLesson(start, progress.get().current(start.id()).map(start::indexOf).filter(i -> i >= 0).orElse(0));
    }

    /** The lesson language of an app locale: {@code zh-TW} for Chinese, else {@code en}. */
    public static String languageOf(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? Languages.ZH_TW : Languages.EN;
    }

    // ---- seams the console fills ---------------------------------------------------------

    /** Where "commands to try" go: the console's input line. */
    public void setCommandSink(CommandSink sink) {
        commandSink = Objects.requireNonNull(sink);
        consoleWired = true;
    }

    /** Where commands go while no console is wired (the main window: the clipboard). */
    public void setFallbackCommandSink(CommandSink sink) {
        if (!consoleWired) {
            commandSink = Objects.requireNonNull(sink);
        }
    }

    /** The console's history, oldest first, for console checks. Called on the UI thread. */
    public void setConsoleHistory(Supplier<List<String>> history) {
        consoleHistory = Objects.requireNonNull(history);
        evaluate();
    }

    /** Runs solution commands when a checkpoint is restored (the console, on the engine thread). */
    public void setSolutionRunner(SolutionRunner runner) {
        solutionRunner = runner;
    }

    // ---- navigation ----------------------------------------------------------------------

    public List<Lesson> lessons() {
        return lessons;
    }

    /** Opens a lesson at the step the student was on (or its first). */
    public void open(Lesson l) {
        if (l == lesson.get()) {
            return;
        }
        int at = progress.get().current(l.id()).map(l::indexOf).filter(i -> i >= 0).orElse(0);
        showLesson(l, at);
        saveCurrent();
    }

    /** Opens {@code <lesson>/<step>} (a slide's link); {@code false} when there is no such step. */
    public boolean openStep(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String lessonId = ref.substring(0, slash);
        String stepId = ref.substring(slash + 1);
        for (Lesson l : lessons) {
            if (l.id().equals(lessonId) && l.indexOf(stepId) >= 0) {
                if (l != lesson.get()) {
                    showLesson(l, l.indexOf(stepId));
                    saveCurrent();
                } else {
                    goToStep(l.indexOf(stepId));
                }
                return true;
            }
        }
        return false;
    }

    public void next() {
        goToStep(stepIndex.get() + 1);
    }

    public void back() {
        goToStep(stepIndex.get() - 1);
    }

    public boolean hasNext() {
        return stepIndex.get() + 1 < lesson.get().steps().size();
    }

    public boolean hasBack() {
        return stepIndex.get() > 0;
    }

    /** Jumps to the step at {@code index} (0-based) of the open lesson; out of range is ignored. */
    public void goToStep(int index) {
        Lesson l = lesson.get();
        if (index < 0 || index >= l.steps().size() || index == stepIndex.get()) {
            return;
        }
        showLesson(l, index);
        saveCurrent();
    }

    private void showLesson(Lesson l, int index) {
        stepGeneration++;
        Step s = l.steps().get(index);
        shown = s;
        shownLesson = l;
        hintsShown.set(0);
        solutionShown.set(false);
        lastResult = null;
        checkStatus.set(s.check() == null ? CheckStatus.NONE : CheckStatus.CHECKING);
        stepIndex.set(index);
        refresh(language.get());
        // The texts first, then the step: a view that redraws on the step reads the new texts.
        realModeNotice.set(s.runtime() == io.kubelab.lessons.model.LessonRuntime.LINUX ? RealModeNotice.STEP
                : l.runtime() == io.kubelab.lessons.model.LessonRuntime.LINUX ? RealModeNotice.LESSON : RealModeNotice.NONE);
        lesson.set(l);
        step.set(s);
        evaluate();
    }

    /** What the panel says about real containers for the step shown ({@code runtime: linux} in lesson.yaml). */
    public enum RealModeNotice {
        /** Nothing: the step is the same on either runtime. */
        NONE,
        /** The lesson is written for real containers. */
        LESSON,
        /** This step only shows real kernel state on real containers. */
        STEP
    }

    /**
     * Whether the cluster runs on real containers (bound by the main window to the runtime switch):
     * the panel then says so instead of offering the switch.
     */
    public javafx.beans.property.BooleanProperty realModeProperty() {
        return realMode;
    }

    /** The notice for the step shown: whether it, or its lesson, is written for real containers. */
    public ReadOnlyObjectProperty<RealModeNotice> realModeNoticeProperty() {
        return realModeNotice.getReadOnlyProperty();
    }

    /** The lesson to open at start: the furthest one the student has been in, else the first. */
    private Lesson startLesson() {
        Lesson start = lessons.get(0);
        for (Lesson l : lessons) {
            if (progress.get().current(l.id()).isPresent()) {
                start = l;
            }
        }
        return start;
    }

    // ---- hints, solution, commands, quiz -------------------------------------------------

    /** Shows one more hint. */
    public void revealHint() {
        if (hintsShown.get() < hints().size()) {
            hintsShown.set(hintsShown.get() + 1);
            refresh();
        }
    }

    public void showSolution() {
        solutionShown.set(true);
    }

    /** The solution as the student would do it: one line per action. */
    public List<String> solutionLines() {
        List<String> out = new ArrayList<>();
        for (SolutionAction a : step.get().solution()) {
            if (a instanceof SolutionAction.RunCommand c) {
                out.add(c.command());
            } else if (a instanceof SolutionAction.ApplyManifest m) {
                out.add("inline".equals(m.source()) ? "kubectl apply -f - <<EOF\n" + m.yaml().strip() + "\nEOF"
                        : "kubectl apply -f " + m.source());
            } else if (a instanceof SolutionAction.AnswerQuiz q) {
                out.add(i18n.get("lessons.solution.answer", q.answer()));
            }
        }
        return out;
    }

    /** Sends a command to try to the console. */
    public void paste(String command) {
        commandSink.paste(command);
        message.set(i18n.get(consoleWired ? "lessons.pasted" : "lessons.copied", command));
    }

    public Optional<Quiz> quiz() {
        return step.get().quizOptional();
    }

    /** The student's answer to this step's quiz, if any. */
    public Optional<String> quizAnswer() {
        return Optional.ofNullable(progress.get().lesson(lesson.get().id()).quizAnswers().get(step.get().id()));
    }

    public void answerQuiz(String optionId) {
        Progress p = progress.get().withQuizAnswer(lesson.get().id(), step.get().id(), optionId);
        progress.set(p);
        save(p);
        evaluate();
    }

    private List<String> hints() {
        List<String> h = step.get().hints() == null ? null : step.get().hints().get(language.get());
        return h == null ? List.of() : h;
    }

    // ---- checks ----------------------------------------------------------------------------

    /** Evaluates the step's check again, e.g. after the console ran a command. UI thread. */
    public void recheck() {
        evaluate();
    }

    /** Cluster changes: the check may have turned. */
    @Override
    public void onBatch(FeedBatch batch) {
        if (batch.reset() || !batch.events().isEmpty()) {
            evaluate();
        }
    }

    /** Per frame: a command entered in the console changes the history without changing the cluster. */
    public void onFrame(long nowNanos) {
        if (nowNanos - lastHistoryPoll < HISTORY_POLL_NANOS) {
            return;
        }
        lastHistoryPoll = nowNanos;
        int size = consoleHistory.get().size();
        if (size != historySize) {
            historySize = size;
            evaluate();
        }
    }

    private void evaluate() {
        Step s = step.get();
        if (s == null || s.check() == null) {
            return;
        }
        if (evaluating) {
            evaluateAgain = true;
            return;
        }
        evaluating = true;
        long generation = stepGeneration;
        Lesson l = lesson.get();
        List<String> history = List.copyOf(consoleHistory.get());
        Optional<String> answer = quizAnswer();
        session.submit(() -> CheckEvaluator.evaluate(s.check(),
                new CheckContext(ClusterView.of(session.cluster()), history, answer)))
                .whenComplete((result, error) -> ui.execute(() -> {
                    evaluating = false;
                    if (generation == stepGeneration) {
                        if (error != null) {
                            message.set(i18n.get("lessons.check.error", KubeErrors.describe(error)));
                        } else {
                            checked(l, s, result);
                        }
                    }
                    if (evaluateAgain || generation != stepGeneration) {
                        evaluateAgain = false;
                        evaluate();
                    }
                }));
    }

    private void checked(Lesson l, Step s, CheckResult result) {
        lastResult = result;
        checkStatus.set(result.passed() ? CheckStatus.PASSED : CheckStatus.NOT_YET);
        checkDetails.set(result.details());
        refresh();
        if (result.passed() && !progress.get().isCompleted(l.id(), s.id())) {
            Progress p = progress.get().withCompleted(l.id(), s.id());
            progress.set(p);
            save(p);
        }
    }

    /** Whether the student has passed the step at {@code index} of the open lesson (the step list's ✓). */
    public boolean isCompleted(int index) {
        Lesson l = lesson.get();
        return progress.get().isCompleted(l.id(), l.steps().get(index).id());
    }

    // ---- checkpoints -----------------------------------------------------------------------

    /**
     * Replaces the cluster with the one this step starts from: a fresh cluster, brought to the
     * step's checkpoint by the lessons' own replay (its manifests, or the earlier steps' solutions).
     */
    public void resetToCheckpoint() {
        if (restoring.get()) {
            return;
        }
        Lesson l = lesson.get();
        Step s = step.get();
        restoring.set(true);
        message.set(i18n.get("lessons.checkpoint.restoring", s.title().get(language.get())));
        SolutionRunner runner = solutionRunner != null ? solutionRunner : COMMANDS_NOT_RUN;
        session.reset();
        session.submit(() -> new SolutionReplayer(session.cluster(), runner).restore(l, s))
                .whenComplete((outcome, error) -> ui.execute(() -> {
                    restoring.set(false);
                    String stepTitle = s.title().get(language.get());
                    if (error != null) {
                        message.set(i18n.get("lessons.checkpoint.failed", stepTitle, KubeErrors.describe(error)));
                    } else if (outcome instanceof ReplayOutcome.Done) {
                        message.set(i18n.get("lessons.checkpoint.restored", stepTitle));
                    } else {
                        message.set(i18n.get("lessons.checkpoint.failed", stepTitle, reason(outcome)));
                    }
                    evaluate();
                }));
    }

    /** Opens {@code <lesson>/<step>} and restores its checkpoint (a slide's "load checkpoint"). */
    public boolean resetToCheckpoint(String ref) {
        if (!openStep(ref)) {
            return false;
        }
        resetToCheckpoint();
        return true;
    }

    private static String reason(ReplayOutcome o) {
        if (o instanceof ReplayOutcome.Skipped s) {
            return s.reason();
        } else if (o instanceof ReplayOutcome.Failed f) {
            return f.reason();
        } else if (o instanceof ReplayOutcome.Unsettled u) {
            return u.reason();
        }
        return String.valueOf(o);
    }

    // ---- progress --------------------------------------------------------------------------

    private Progress loadProgress() {
        ProgressStore store = settings.store();
        if (store == null) {
            return Progress.empty(settings.user());
        }
        try {
            return store.load(settings.user());
        } catch (IOException e) {
            // A damaged file is kept aside for a person to look at, never overwritten, and the
            // student starts afresh with a clear message rather than a dead panel.
            Path file = store.fileOf(settings.user());
            String reason = Objects.requireNonNullElse(e.getMessage(), e.toString()).replace(file.toString(), "").strip();
            Path kept = file.resolveSibling(file.getFileName() + ".unreadable");
            try {
                Files.move(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                progressProblem.set(i18n.get("lessons.progress.unreadable", reason, kept.getFileName().toString()));
            } catch (IOException moveFailed) {
                saveDisabled = true;
                progressProblem.set(i18n.get("lessons.progress.unreadableKept", reason, file.getFileName().toString()));
            }
            return Progress.empty(settings.user());
        }
    }

    private void saveCurrent() {
        Progress p = progress.get().withCurrent(lesson.get().id(), step.get().id());
        progress.set(p);
        save(p);
    }

    private void save(Progress p) {
        ProgressStore store = settings.store();
        if (store == null || saveDisabled) {
            return;
        }
        settings.io().execute(() -> {
            try {
                store.save(p);
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> message.set(i18n.get("lessons.progress.saveFailed", Objects.requireNonNullElse(e.getMessage(), e.toString()))));
            }
        });
    }

    // ---- what the view shows -----------------------------------------------------------------

    /** The lesson's title in the current language. */
    public String titleOf(Lesson l) {
        return l.title().get(language.get());
    }

    /** The step's title in the current language. */
    public String titleOf(Step s) {
        return s.title().get(language.get());
    }

    private void refresh() {
        refresh(language.get());
    }

    private void refresh(String lang) {
        Lesson l = shownLesson;
        Step s = shown;
        title.set(s.title().get(lang));
        prose.set(s.prose() == null ? "" : s.prose().get(lang));
        position.set(i18n.get("lessons.position", stepIndex.get() + 1, l.steps().size()));
        List<String> h = s.hints() == null || s.hints().get(lang) == null ? List.of() : s.hints().get(lang);
        visibleHints.set(List.copyOf(h.subList(0, Math.min(hintsShown.get(), h.size()))));
        moreHints.set(hintsShown.get() < h.size());
        checkText.set(switch (checkStatus.get()) {
            case NONE -> i18n.get("lessons.check.none");
            case CHECKING -> i18n.get("lessons.check.checking");
            case PASSED -> i18n.get("lessons.check.passed");
            case NOT_YET -> i18n.get("lessons.check.notYet");
        });
        if (lastResult == null) {
            checkDetails.set(List.of());
        }
    }

    public ReadOnlyObjectProperty<Lesson> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stepIndexProperty() {
        return stepIndex.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** {@code zh-TW} or {@code en}: follows the app's language. */
    public ReadOnlyStringProperty languageProperty() {
        return language.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The step's text, Markdown. */
    public ReadOnlyStringProperty proseProperty() {
        return prose.getReadOnlyProperty();
    }

    /** {@code Step 2 of 4}. */
    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CheckStatus> checkStatusProperty() {
        return checkStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty checkTextProperty() {
        return checkText.getReadOnlyProperty();
    }

    /** One line per condition the check looked at, in kubectl's words. */
    public ReadOnlyObjectProperty<List<String>> checkDetailsProperty() {
        return checkDetails.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty hintsShownProperty() {
        return hintsShown.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<String>> visibleHintsProperty() {
        return visibleHints.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty moreHintsProperty() {
        return moreHints.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty solutionShownProperty() {
        return solutionShown.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Progress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The outcome of the last action (pasted, checkpoint restored, save failed). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why saved progress could not be read at start, or {@code ""}. */
    public ReadOnlyStringProperty progressProblemProperty() {
        return progressProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty restoringProperty() {
        return restoring.getReadOnlyProperty();
    }
}
