package io.kubelab.app.console;

import io.kubelab.app.i18n.I18n;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.util.List;

/**
 * The console pane: the working folder's files on top, the terminal's transcript (read-only,
 * selectable and copyable, stdout and stderr styled apart), and the prompt with the input line.
 *
 * <p>Keys in the input line: Enter runs, Up/Down walk the history, Tab completes, Ctrl+C stops
 * the running command (or copies, when text is selected), Ctrl+L clears the screen; a paste of
 * several lines runs them one after the other.
 */
public final class ConsoleView {
    public static final String STYLE_CLASS = "console";

    private final BorderPane root = new BorderPane();
    private final ConsoleViewModel viewModel;
    private final StyleClassedTextArea output = new StyleClassedTextArea();
    private final TextField input = new TextField();

    public ConsoleView(ConsoleViewModel viewModel, I18n i18n) {
        this.viewModel = viewModel;
        root.setId("console");
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(ConsoleView.class.getResource("console.css").toExternalForm());

        Label files = new Label();
        files.setId("console-files");
        files.getStyleClass().add("console-files");
        files.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("console.files", String.join("  ·  ", viewModel.filesProperty().get().keySet())),
                i18n.localeProperty(), viewModel.filesProperty()));
        files.setMinWidth(0);
        Label hint = new Label();
        hint.setId("console-hint");
        hint.getStyleClass().add("console-hint");
        hint.textProperty().bind(Bindings.when(viewModel.runningProperty())
                .then(i18n.text("console.running")).otherwise(i18n.text("console.keys")));
        hint.setMinWidth(Region.USE_PREF_SIZE);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button clear = new Button();
        clear.setId("console-clear");
        clear.textProperty().bind(i18n.text("console.clear"));
        clear.setFocusTraversable(false);
        clear.setMinWidth(Region.USE_PREF_SIZE);
        clear.setOnAction(e -> {
            viewModel.clear();
            input.requestFocus();
        });
        HBox bar = new HBox(12, files, grow, hint, clear);
        bar.getStyleClass().add("console-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        root.setTop(bar);

        output.setId("console-output");
        output.getStyleClass().add("console-output");
        output.setEditable(false);
        output.setWrapText(true);
        output.setFocusTraversable(false);
        for (ConsoleViewModel.Chunk c : viewModel.transcript()) {
            show(c);
        }
        viewModel.transcript().addListener(this::onTranscript);
        VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(output);
        root.setCenter(scroll);
        // A click in the transcript that selects nothing goes on typing.
        output.setOnMouseReleased(e -> {
            if (output.getSelectedText().isEmpty()) {
                input.requestFocus();
            }
        });

        Label prompt = new Label();
        prompt.setId("console-prompt");
        prompt.getStyleClass().add("console-prompt");
        prompt.textProperty().bind(viewModel.promptProperty());
        prompt.setMinWidth(Region.USE_PREF_SIZE);
        input.setId("console-input");
        input.getStyleClass().add("console-input");
        input.textProperty().bindBidirectional(viewModel.inputProperty());
        input.promptTextProperty().bind(i18n.text("console.placeholder"));
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        HBox.setHgrow(input, Priority.ALWAYS);
        HBox line = new HBox(0, prompt, input);
        line.getStyleClass().add("console-line");
        line.setAlignment(Pos.CENTER_LEFT);
        line.setPadding(new Insets(2, 6, 4, 8));
        root.setBottom(line);
    }

    private void key(KeyEvent e) {
        KeyCode code = e.getCode();
        boolean ctrl = e.isControlDown() || e.isShortcutDown();
        if (ctrl && code == KeyCode.C && input.getSelectedText().isEmpty()) {
            viewModel.interrupt();
        } else if (ctrl && code == KeyCode.L) {
            viewModel.clear();
        } else if (ctrl && code == KeyCode.V || e.isShiftDown() && code == KeyCode.INSERT) {
            paste();
        } else if (code == KeyCode.ENTER && !ctrl) {
            viewModel.submit();
        } else if (code == KeyCode.UP) {
            viewModel.historyPrevious();
            input.end();
        } else if (code == KeyCode.DOWN) {
            viewModel.historyNext();
            input.end();
        } else if (code == KeyCode.TAB && !ctrl) {
            viewModel.complete();
        } else {
            return;
        }
        e.consume();
    }

    /** A paste of several lines runs them; a paste within a line replaces the selection as usual. */
    private void paste() {
        String text = Clipboard.getSystemClipboard().getString();
        if (text == null) {
            return;
        }
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            input.replaceSelection(text);
            return;
        }
        // What is typed after the caret is dropped here; a terminal would keep it, but a pasted
        // script is what a student means to run.
        input.replaceSelection("");
        viewModel.inputProperty().set(input.getText().substring(0, input.getCaretPosition()));
        viewModel.paste(text);
        input.end();
    }

    private void onTranscript(ListChangeListener.Change<? extends ConsoleViewModel.Chunk> change) {
        while (change.next()) {
            if (change.wasRemoved()) {
                if (change.getList().isEmpty()) {
                    output.clear();
                } else {
                    int chars = 0;
                    for (ConsoleViewModel.Chunk c : change.getRemoved()) {
                        chars += c.text().length();
                    }
                    // The model drops from the front only (scrollback limit).
                    output.deleteText(0, Math.min(chars, output.getLength()));
                }
            }
            if (change.wasAdded()) {
                for (ConsoleViewModel.Chunk c : change.getAddedSubList()) {
                    show(c);
                }
            }
        }
        output.moveTo(output.getLength());
        output.requestFollowCaret();
    }

    private void show(ConsoleViewModel.Chunk c) {
        int at = output.getLength();
        output.appendText(c.text());
        output.setStyle(at, output.getLength(), List.of(c.stream().styleClass()));
    }

    /** Gives the input line the focus (the shortcut that opens the console). */
    public void focus() {
        input.requestFocus();
        input.end();
    }

    public Node root() {
        return root;
    }

    public TextField input() {
        return input;
    }

    public StyleClassedTextArea output() {
        return output;
    }
}
