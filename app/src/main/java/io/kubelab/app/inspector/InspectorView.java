package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.timeline.EventRow;
import io.kubelab.app.timeline.TimelineView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The inspector pane: a title, then tabs — YAML (a RichTextFX code area coloured by
 * {@link YamlLexer}, with Apply and Reload), Events, and for pods "Why?" and Kernel ({@link KernelView}).
 */
public final class InspectorView {
    public static final String STYLE_CLASS = "inspector";

    private final VBox root = new VBox();
    private final InspectorViewModel viewModel;
    private final CodeArea editor = new CodeArea();
    private final Label error = new Label();
    private final TabPane tabs = new TabPane();
    private final Button openInEditor = new Button();
    private final KernelView kernelView;
    private boolean syncing;

    public InspectorView(InspectorViewModel viewModel, I18n i18n) {
        this.viewModel = viewModel;
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(InspectorView.class.getResource("inspector.css").toExternalForm());
        root.setMinWidth(0);

        Label title = new Label();
        title.setId("inspector-title");
        title.getStyleClass().add("inspector-title");
        title.textProperty().bind(viewModel.titleProperty());
        title.setMaxWidth(Double.MAX_VALUE);

        editor.setId("inspector-yaml");
        editor.getStyleClass().add("yaml-editor");
        editor.setParagraphGraphicFactory(LineNumberFactory.get(editor));
        editor.setWrapText(false);
        editor.textProperty().addListener((o, a, b) -> {
            editor.setStyleSpans(0, highlight(b));
            if (!syncing) {
                viewModel.yamlProperty().set(b);
            }
        });
        viewModel.yamlProperty().addListener((o, a, b) -> show(b));
        show(viewModel.yamlProperty().get());
        editor.editableProperty().bind(viewModel.editableProperty());

        Button apply = new Button();
        apply.setId("inspector-apply");
        apply.getStyleClass().add("accent");
        apply.textProperty().bind(i18n.text("inspector.apply"));
        apply.disableProperty().bind(viewModel.editableProperty().not());
        apply.setOnAction(e -> viewModel.apply());
        Button reload = new Button();
        reload.setId("inspector-reload");
        reload.textProperty().bind(i18n.text("inspector.reload"));
        reload.disableProperty().bind(viewModel.editableProperty().not());
        reload.setOnAction(e -> viewModel.reload());
        Label stale = new Label();
        stale.getStyleClass().add("inspector-stale");
        stale.textProperty().bind(i18n.text("inspector.stale"));
        stale.visibleProperty().bind(viewModel.staleProperty());
        stale.managedProperty().bind(viewModel.staleProperty());
        apply.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        reload.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        openInEditor.setId("inspector-open-editor");
        openInEditor.textProperty().bind(i18n.text("inspector.openInEditor"));
        openInEditor.disableProperty().bind(viewModel.editableProperty().not());
        openInEditor.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        openInEditor.setVisible(false);
        openInEditor.setManaged(false);
        HBox bar = new HBox(8, apply, reload, openInEditor, stale);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));

        error.setId("inspector-error");
        error.getStyleClass().add("inspector-error");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        Label info = new Label();
        info.setId("inspector-info");
        info.getStyleClass().add("inspector-info");
        info.setWrapText(true);
        info.textProperty().bind(viewModel.infoProperty());
        info.managedProperty().bind(info.textProperty().isNotEmpty());
        info.visibleProperty().bind(info.managedProperty());

        Label about = new Label();
        about.setId("inspector-about");
        about.getStyleClass().add("inspector-about");
        about.setWrapText(true);
        about.textProperty().bind(viewModel.aboutProperty());
        about.managedProperty().bind(about.textProperty().isNotEmpty());
        about.visibleProperty().bind(about.managedProperty());

        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(editor);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox yamlBox = new VBox(bar, error, info, about, scroll);
        Tab yamlTab = new Tab();
        yamlTab.setId("tab-yaml");
        yamlTab.textProperty().bind(i18n.text("inspector.yaml"));
        yamlTab.setContent(yamlBox);

        TableView<EventRow> events = TimelineView.table(viewModel.events(), i18n, false);
        events.setId("inspector-events");
        Tab eventsTab = new Tab();
        eventsTab.setId("tab-events");
        eventsTab.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("inspector.events", viewModel.events().size()), i18n.localeProperty(), viewModel.events()));
        eventsTab.setContent(events);

        TextArea why = new TextArea();
        why.setId("inspector-why");
        why.getStyleClass().add("inspector-why");
        why.setEditable(false);
        why.setWrapText(true);
        why.textProperty().bind(viewModel.whyProperty());
        Tab whyTab = new Tab();
        whyTab.setId("tab-why");
        whyTab.textProperty().bind(i18n.text("inspector.why"));
        whyTab.setContent(new StackPane(why));
        whyTab.disableProperty().bind(viewModel.podProperty().not());

        kernelView = new KernelView(viewModel.kernel(), i18n);
        Tab kernelTab = new Tab();
        kernelTab.setId("tab-kernel");
        kernelTab.textProperty().bind(i18n.text("inspector.kernel"));
        kernelTab.setContent(kernelView.root());
        kernelTab.disableProperty().bind(viewModel.podProperty().not());
        viewModel.kernel().shownProperty().bind(kernelTab.selectedProperty().and(kernelTab.disableProperty().not()));

        tabs.getTabs().addAll(yamlTab, eventsTab, whyTab, kernelTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        Region pad = new Region();
        pad.setMinHeight(2);
        root.getChildren().addAll(title, tabs);
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

    /** Style spans from the lexer's tokens: one style class per token (the YAML editor pane colours the same way). */
    public static StyleSpans<Collection<String>> highlight(String text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        List<YamlLexer.Token> tokens = YamlLexer.tokens(text);
        int at = 0;
        for (YamlLexer.Token t : tokens) {
            if (t.start() > at) {
                b.add(Set.of(), t.start() - at);
            }
            b.add(Set.of(t.kind().styleClass()), t.end() - t.start());
            at = t.end();
        }
        b.add(Set.of(), Math.max(0, text.length() - at));
        return b.create();
    }

    public Node root() {
        return root;
    }

    /** Shows the "YAML editor" button, which runs {@code action} (the main window opens the object in its YAML editor pane). */
    public void setOnOpenInEditor(Runnable action) {
        openInEditor.setOnAction(e -> action.run());
        openInEditor.setVisible(action != null);
        openInEditor.setManaged(action != null);
    }

    public CodeArea editor() {
        return editor;
    }

    public KernelView kernelView() {
        return kernelView;
    }

    public TabPane tabs() {
        return tabs;
    }
}
