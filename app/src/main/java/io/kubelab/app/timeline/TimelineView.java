package io.kubelab.app.timeline;

import io.kubelab.app.i18n.I18n;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/** The event timeline: a table of core/v1 Events as they happen, newest at the bottom, following the end. */
public final class TimelineView {
    public static final String STYLE_CLASS = "timeline";
    public static final String WARNING_ROW = "event-warning";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final VBox root = new VBox();
    private final TableView<EventRow> table;

    public TimelineView(TimelineViewModel viewModel, I18n i18n) {
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(TimelineView.class.getResource("timeline.css").toExternalForm());
        table = table(viewModel.rows(), i18n, true);
        table.setId("timeline-table");
        VBox.setVgrow(table, Priority.ALWAYS);
        CheckBox warnings = new CheckBox();
        warnings.setId("timeline-warnings");
        warnings.textProperty().bind(i18n.text("timeline.warningsOnly"));
        warnings.selectedProperty().bindBidirectional(viewModel.warningsOnlyProperty());
        Label count = new Label();
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> i18n.get("timeline.count", viewModel.rows().size()), viewModel.rows(), i18n.localeProperty()));
        HBox bar = new HBox(12, warnings, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        root.getChildren().addAll(bar, table);
        // Follow the newest event, as `kubectl get events -w` does.
        // Scroll after the table has taken the new rows in (the next pulse), or it stops short.
        viewModel.rows().addListener((ListChangeListener<EventRow>) c -> javafx.application.Platform.runLater(() -> {
            if (!table.getItems().isEmpty()) {
                table.scrollTo(table.getItems().size() - 1);
            }
        }));
    }

    /** A table of events; {@code withObject} adds the OBJECT column (the inspector's table is about one object). */
    public static TableView<EventRow> table(ObservableList<EventRow> rows, I18n i18n, boolean withObject) {
        TableView<EventRow> t = new TableView<>(rows);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(column(i18n, "timeline.time", r -> TIME.format(r.time()), 70));
        t.getColumns().add(column(i18n, "timeline.type", EventRow::type, 70));
        t.getColumns().add(column(i18n, "timeline.reason", EventRow::reason, 120));
        if (withObject) {
            t.getColumns().add(column(i18n, "timeline.object", EventRow::object, 200));
        }
        t.getColumns().add(column(i18n, "timeline.message",
                r -> r.count() > 1 ? r.message() + "  (\u00D7" + r.count() + ")" : r.message(), 400));
        Label empty = new Label();
        empty.textProperty().bind(i18n.text("timeline.empty"));
        t.setPlaceholder(empty);
        t.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(EventRow item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                getStyleClass().remove(WARNING_ROW);
                if (!isEmpty && item != null && item.warning()) {
                    getStyleClass().add(WARNING_ROW);
                }
            }
        });
        return t;
    }

    private static TableColumn<EventRow, String> column(I18n i18n, String key, Function<EventRow, String> value, double width) {
        TableColumn<EventRow, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    public Node root() {
        return root;
    }

    public TableView<EventRow> table() {
        return table;
    }

}
