package io.kubelab.app.editor;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.inspector.InspectorView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

import java.util.Map;

/**
 * The YAML editor pane: Open (a file of the working folder), New, Apply (Ctrl+Enter), where the
 * text came from, the outcome of the last Apply, and a code area coloured by the inspector's
 * {@link io.kubelab.app.inspector.YamlLexer}.
 */
public final class YamlEditorView {
    public static final String STYLE_CLASS = "yaml-editor-pane";

    private final VBox root = new VBox();
    private final CodeArea editor = new CodeArea();
    private final MenuButton open = new MenuButton();
    private boolean syncing;

    public YamlEditorView(YamlEditorViewModel viewModel, I18n i18n) {
        root.setId("yaml-editor-pane");
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(InspectorView.class.getResource("inspector.css").toExternalForm());
        root.getStylesheets().add(YamlEditorView.class.getResource("editor.css").toExternalForm());

        open.setId("editor-open");
        open.textProperty().bind(i18n.text("editor.open"));
        open.setMinWidth(Region.USE_PREF_SIZE);
        fillOpen(viewModel, viewModel.filesProperty().get());
        viewModel.filesProperty().addListener((o, a, b) -> fillOpen(viewModel, b));
        Button fresh = new Button();
        fresh.setId("editor-new");
        fresh.textProperty().bind(i18n.text("editor.new"));
        fresh.setMinWidth(Region.USE_PREF_SIZE);
        fresh.setOnAction(e -> viewModel.newManifest());
        Button apply = new Button();
        apply.setId("editor-apply");
        apply.getStyleClass().add("accent");
        apply.textProperty().bind(i18n.text("editor.apply"));
        apply.setMinWidth(Region.USE_PREF_SIZE);
        apply.disableProperty().bind(viewModel.busyProperty().or(viewModel.textProperty().isEmpty()));
        apply.setOnAction(e -> viewModel.apply());
        Label origin = new Label();
        origin.setId("editor-origin");
        origin.getStyleClass().add("editor-origin");
        origin.textProperty().bind(viewModel.originProperty());
        origin.setMinWidth(0);
        HBox bar = new HBox(8, open, fresh, apply, origin);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.getStyleClass().add("editor-bar");

        Label result = new Label();
        result.setId("editor-result");
        result.getStyleClass().add("editor-result");
        result.setWrapText(true);
        result.setMaxWidth(Double.MAX_VALUE);
        result.textProperty().bind(viewModel.resultProperty());
        result.managedProperty().bind(result.textProperty().isNotEmpty());
        result.visibleProperty().bind(result.managedProperty());
        Label error = new Label();
        error.setId("editor-error");
        error.getStyleClass().add("inspector-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(viewModel.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        editor.setId("editor-yaml");
        editor.getStyleClass().add("yaml-editor");
        editor.setParagraphGraphicFactory(LineNumberFactory.get(editor));
        editor.setWrapText(false);
        editor.textProperty().addListener((o, a, b) -> {
            editor.setStyleSpans(0, InspectorView.highlight(b));
            if (!syncing) {
                viewModel.textProperty().set(b);
            }
        });
        viewModel.textProperty().addListener((o, a, b) -> show(b));
        show(viewModel.textProperty().get());
        editor.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN).match(e)) {
                if (!apply.isDisabled()) {
                    viewModel.apply();
                }
                e.consume();
            }
        });
        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(editor);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(bar, result, error, scroll);
    }

    private void fillOpen(YamlEditorViewModel viewModel, Map<String, String> files) {
        open.getItems().clear();
        for (String name : files.keySet()) {
            MenuItem item = new MenuItem(name);
            item.setId("editor-open-" + name.replaceAll("[^A-Za-z0-9-]", "-"));
            item.setOnAction(e -> viewModel.openFile(name));
            open.getItems().add(item);
        }
        open.setDisable(files.isEmpty());
    }

    private void show(String text) {
        if (text.equals(editor.getText())) {
            return;
        }
        syncing = true;
        try {
            editor.replaceText(text);
            editor.moveTo(0);
            editor.requestFollowCaret();
        } finally {
            syncing = false;
        }
    }

    public Node root() {
        return root;
    }

    public CodeArea editor() {
        return editor;
    }

    /** Gives the editor the focus. */
    public void focus() {
        editor.requestFocus();
    }
}
