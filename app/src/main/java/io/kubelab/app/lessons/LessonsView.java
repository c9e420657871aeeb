package io.kubelab.app.lessons;

import io.kubelab.app.i18n.I18n;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Quiz;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The lesson panel beside the cluster view: the lesson and step choosers, the step's text, its
 * commands to try (one click sends one to the console), a quiz when the step has one, the live
 * check, hints one by one, the solution, and back / next / reset to checkpoint. Thin: everything
 * it shows is a property of {@link LessonsViewModel}.
 */
public final class LessonsView {
    public static final String STYLE_CLASS = "lesson-panel";
    public static final String PASSED = "check-passed";
    public static final String NOT_YET = "check-not-yet";

    private final LessonsViewModel vm;
    private final I18n i18n;
    private final VBox root = new VBox(6);
    private final ComboBox<Lesson> lessonChoice = new ComboBox<>();
    private final ComboBox<Integer> stepChoice = new ComboBox<>();
    private final Label stepTitle = new Label();
    private final VBox proseSlot = new VBox();
    private final FlowPane commands = new FlowPane(6, 6);
    private final VBox quiz = new VBox(4);
    private final Label check = new Label();
    private final Label checkDetails = new Label();
    private final VBox hints = new VBox(4);
    private final Button hintButton = new Button();
    private final Button solutionButton = new Button();
    private final Label solution = new Label();
    private final Button back = new Button();
    private final Button next = new Button();
    private final Button reset = new Button();
    private boolean updatingChoices;
    private final Label realModeText = new Label();
    private final Button realModeSwitch = new Button();
    private Runnable onSwitchToReal = () -> { };

    public LessonsView(LessonsViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        root.setId("lesson-panel");
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(LessonsView.class.getResource("lessons.css").toExternalForm());

        Label problem = new Label();
        problem.setId("lesson-progress-problem");
        problem.getStyleClass().add("lesson-problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.progressProblemProperty());
        problem.visibleProperty().bind(vm.progressProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        lessonChoice.setId("lesson-choice");
        lessonChoice.setMaxWidth(Double.MAX_VALUE);
        lessonChoice.getItems().setAll(vm.lessons());
        lessonChoice.setCellFactory(l -> new LessonCell());
        lessonChoice.setButtonCell(new LessonCell());
        lessonChoice.valueProperty().addListener((o, a, b) -> {
            if (!updatingChoices && b != null) {
                vm.open(b);
            }
        });

        Label position = new Label();
        position.setId("lesson-position");
        position.getStyleClass().add("lesson-position");
        position.textProperty().bind(vm.positionProperty());
        stepChoice.setId("step-choice");
        stepChoice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(stepChoice, Priority.ALWAYS);
        stepChoice.setCellFactory(l -> new StepCell());
        stepChoice.setButtonCell(new StepCell());
        stepChoice.valueProperty().addListener((o, a, b) -> {
            if (!updatingChoices && b != null) {
                vm.goToStep(b);
            }
        });
        HBox stepRow = new HBox(8, position, stepChoice);
        stepRow.setAlignment(Pos.CENTER_LEFT);

        stepTitle.setId("lesson-step-title");
        stepTitle.getStyleClass().add("lesson-step-title");
        stepTitle.setWrapText(true);
        stepTitle.textProperty().bind(vm.titleProperty());

        proseSlot.setId("lesson-prose");
        commands.setId("lesson-commands");
        // A flow pane's own minimum is its widest child's preferred width: let the panel decide.
        commands.setMinWidth(0);
        quiz.setId("lesson-quiz");

        check.setId("lesson-check");
        check.getStyleClass().add("lesson-check");
        check.setWrapText(true);
        check.textProperty().bind(vm.checkTextProperty());
        checkDetails.setId("lesson-check-details");
        checkDetails.getStyleClass().add("lesson-check-details");
        checkDetails.setWrapText(true);

        hints.setId("lesson-hints");
        hintButton.setId("lesson-hint");
        hintButton.textProperty().bind(i18n.text("lessons.hint"));
        hintButton.setOnAction(e -> vm.revealHint());
        hintButton.disableProperty().bind(vm.moreHintsProperty().not());
        solutionButton.setId("lesson-show-solution");
        solutionButton.textProperty().bind(i18n.text("lessons.showSolution"));
        solutionButton.setOnAction(e -> vm.showSolution());
        solution.setId("lesson-solution");
        solution.getStyleClass().add("lesson-solution");
        solution.setWrapText(true);
        solution.visibleProperty().bind(vm.solutionShownProperty());
        solution.managedProperty().bind(solution.visibleProperty());
        HBox helpRow = new HBox(6, hintButton, solutionButton);

        // A lesson or step written for real containers: a notice, and the runtime switch while simulated.
        realModeText.setId("lesson-real-mode-text");
        realModeText.setWrapText(true);
        realModeText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String what = i18n.get(vm.realModeNoticeProperty().get() == LessonsViewModel.RealModeNotice.STEP
                    ? "lessons.realMode.step" : "lessons.realMode.lesson");
            return vm.realModeProperty().get() ? what + " " + i18n.get("lessons.realMode.on") : what;
        }, vm.realModeNoticeProperty(), vm.realModeProperty(), i18n.localeProperty()));
        realModeSwitch.setId("lesson-real-mode-switch");
        realModeSwitch.textProperty().bind(i18n.text("lessons.realMode.switch"));
        realModeSwitch.setOnAction(e -> onSwitchToReal.run());
        realModeSwitch.visibleProperty().bind(vm.realModeProperty().not());
        realModeSwitch.managedProperty().bind(realModeSwitch.visibleProperty());
        VBox realMode = new VBox(6, realModeText, realModeSwitch);
        realMode.setId("lesson-real-mode");
        realMode.getStyleClass().add("lesson-real-mode");
        realMode.visibleProperty().bind(vm.realModeNoticeProperty().isNotEqualTo(LessonsViewModel.RealModeNotice.NONE));
        realMode.managedProperty().bind(realMode.visibleProperty());

        Label commandsLabel = sectionLabel("lessons.commands");
        commandsLabel.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(commands.getChildren()));
        commandsLabel.managedProperty().bind(commandsLabel.visibleProperty());

        VBox content = new VBox(10, stepTitle, realMode, proseSlot, commandsLabel, commands, quiz, check, checkDetails, hints, helpRow, solution);
        content.getStyleClass().add("lesson-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("lesson-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        back.setId("lesson-back");
        back.textProperty().bind(i18n.text("lessons.back"));
        back.setOnAction(e -> vm.back());
        next.setId("lesson-next");
        next.textProperty().bind(i18n.text("lessons.next"));
        next.getStyleClass().add("accent");
        next.setOnAction(e -> vm.next());
        reset.setId("lesson-reset");
        reset.textProperty().bind(i18n.text("lessons.reset"));
        reset.setTooltip(tooltip("lessons.reset.tooltip"));
        reset.setOnAction(e -> vm.resetToCheckpoint());
        reset.disableProperty().bind(vm.restoringProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox nav = new HBox(6, back, next, grow, reset);
        nav.setAlignment(Pos.CENTER_LEFT);
        nav.getStyleClass().add("lesson-nav");

        root.getChildren().addAll(problem, lessonChoice, stepRow, scroll, nav);

        InvalidationListener stepChanged = o -> showStep();
        vm.stepProperty().addListener(stepChanged);
        vm.languageProperty().addListener(stepChanged);
        vm.progressProperty().addListener(o -> refreshChoices());
        vm.checkStatusProperty().addListener(o -> showCheck());
        vm.checkDetailsProperty().addListener(o -> showCheck());
        vm.visibleHintsProperty().addListener(o -> showHints());
        vm.solutionShownProperty().addListener(o -> showSolution());
        showStep();
    }

    private Label sectionLabel(String key) {
        Label l = new Label();
        l.getStyleClass().add("lesson-section");
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private Tooltip tooltip(String key) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(i18n.text(key));
        return t;
    }

    /** Everything that depends on the step or the language. */
    private void showStep() {
        refreshChoices();
        proseSlot.getChildren().setAll(Prose.render(vm.proseProperty().get(), vm.languageProperty().get()));
        commands.getChildren().clear();
        List<String> cmds = vm.stepProperty().get().commands();
        for (int i = 0; i < cmds.size(); i++) {
            String c = cmds.get(i);
            Button b = new Button(c);
            b.setId("lesson-command-" + i);
            b.getStyleClass().add("lesson-command");
            b.setTooltip(tooltip("lessons.command.tooltip"));
            // A long command (kubectl run shell --image=busybox -- sleep 3600) wraps in a narrow
            // panel instead of widening the step's text past the panel's edge.
            b.setWrapText(true);
            b.setMinWidth(0);
            b.maxWidthProperty().bind(commands.widthProperty());
            b.setOnAction(e -> vm.paste(c));
            commands.getChildren().add(b);
        }
        showQuiz();
        showCheck();
        showHints();
        showSolution();
        back.setDisable(!vm.hasBack());
        next.setDisable(!vm.hasNext());
    }

    private void refreshChoices() {
        updatingChoices = true;
        try {
            Lesson l = vm.lessonProperty().get();
            // Items are set again so that the cells redraw titles and ✓ marks in the current language.
            lessonChoice.getItems().setAll(vm.lessons());
            lessonChoice.setValue(l);
            stepChoice.getItems().setAll(IntStream.range(0, l.steps().size()).boxed().toList());
            stepChoice.setValue(vm.stepIndexProperty().get());
            lessonChoice.setButtonCell(new LessonCell());
            stepChoice.setButtonCell(new StepCell());
        } finally {
            updatingChoices = false;
        }
    }

    private void showQuiz() {
        quiz.getChildren().clear();
        Quiz q = vm.quiz().orElse(null);
        if (q == null) {
            return;
        }
        String lang = vm.languageProperty().get();
        Label question = new Label(q.question().get(lang));
        question.getStyleClass().add("lesson-quiz-question");
        question.setWrapText(true);
        quiz.getChildren().add(question);
        ToggleGroup group = new ToggleGroup();
        String answer = vm.quizAnswer().orElse(null);
        for (Quiz.Option option : q.options()) {
            ToggleButton b = new ToggleButton(option.id() + ". " + option.text().get(lang));
            b.setId("lesson-quiz-" + option.id());
            b.getStyleClass().add("lesson-quiz-option");
            b.setWrapText(true);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setToggleGroup(group);
            b.setSelected(option.id().equals(answer));
            b.setOnAction(e -> vm.answerQuiz(option.id()));
            quiz.getChildren().add(b);
        }
    }

    private void showCheck() {
        check.getStyleClass().removeAll(PASSED, NOT_YET);
        switch (vm.checkStatusProperty().get()) {
            case PASSED -> check.getStyleClass().add(PASSED);
            case NOT_YET -> check.getStyleClass().add(NOT_YET);
            default -> { }
        }
        List<String> details = vm.checkDetailsProperty().get();
        checkDetails.setText(String.join("\n", details));
        checkDetails.setVisible(!details.isEmpty());
        checkDetails.setManaged(!details.isEmpty());
    }

    private void showHints() {
        hints.getChildren().clear();
        List<String> visible = vm.visibleHintsProperty().get();
        for (int i = 0; i < visible.size(); i++) {
            Region hint = Prose.render(i18n.get("lessons.hintPrefix", i + 1) + " " + visible.get(i), vm.languageProperty().get());
            hint.setId("lesson-hint-" + i);
            hint.getStyleClass().add("lesson-hint-text");
            hints.getChildren().add(hint);
        }
    }

    private void showSolution() {
        solution.setText(vm.solutionShownProperty().get() ? String.join("\n", vm.solutionLines()) : "");
    }

    public VBox root() {
        return root;
    }

    /** What "Switch to real containers" does: the main window's runtime switch (with its confirmation). UI thread. */
    public void setOnSwitchToReal(Runnable action) {
        this.onSwitchToReal = action;
    }

    private final class LessonCell extends ListCell<Lesson> {
        @Override
        protected void updateItem(Lesson item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.id().substring(0, 2) + " · " + vm.titleOf(item));
        }
    }

    private final class StepCell extends ListCell<Integer> {
        @Override
        protected void updateItem(Integer item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null || item >= vm.lessonProperty().get().steps().size()) {
                setText(null);
                return;
            }
            String mark = vm.isCompleted(item) ? "✓ " : "";
            setText(mark + (item + 1) + ". " + vm.titleOf(vm.lessonProperty().get().steps().get(item)));
        }
    }
}
