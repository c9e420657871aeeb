package io.kubelab.app.cluster;

import io.kubelab.app.controls.FaultsViewModel;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.util.List;

/**
 * The cluster view: one canvas for everything whose count grows with the cluster, framed by a
 * constant number of controls — a tool bar (namespace filter, zoom, the Deployments legend), a
 * strip with the command path's last steps — and one context menu for faults. See
 * {@code docs/decisions/0002-cluster-view-rendering.md}.
 */
public final class ClusterView {
    public static final String STYLE_CLASS = "cluster-view";
    /** How many of the command path's last steps the strip under the canvas shows. */
    static final int PATH_LINES = 3;
    /** How many Deployments the legend in the tool bar names. */
    static final int LEGEND_ROWS = 4;

    private final VBox root = new VBox();
    private final StackPane stage = new StackPane();
    private final ClusterViewModel viewModel;
    private final ClusterCanvas canvas;
    private final I18n i18n;
    private final FaultsViewModel faults;
    private final HBox legend = new HBox(10);
    private final VBox path = new VBox(2);
    private final ComboBox<String> namespace = new ComboBox<>();
    private final ContextMenu menu = new ContextMenu();
    private double dragX;
    private double dragY;
    private boolean dragged;

    public ClusterView(ClusterViewModel viewModel, I18n i18n, FaultsViewModel faults) {
        this.viewModel = viewModel;
        this.i18n = i18n;
        this.faults = faults;
        this.canvas = new ClusterCanvas(viewModel, i18n);
        canvas.setId("cluster-canvas");
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(ClusterView.class.getResource("cluster.css").toExternalForm());
        root.setMinSize(0, 0);
        stage.setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(stage.widthProperty());
        clip.heightProperty().bind(stage.heightProperty());
        stage.setClip(clip);

        HBox tools = tools();
        legend.getStyleClass().add("cluster-legend");
        legend.setId("cluster-legend");
        // The command path's last steps, in a strip of their own under the canvas (never over pods).
        path.getStyleClass().add("cluster-path");
        path.setId("cluster-path");
        path.setMouseTransparent(true);
        path.setMinHeight(Region.USE_PREF_SIZE);
        for (int i = 0; i < PATH_LINES; i++) {
            Label line = new Label(" ");
            line.getStyleClass().add("path-step");
            path.getChildren().add(line);
        }
        legend.setAlignment(Pos.CENTER_LEFT);
        legend.setMinWidth(0);
        HBox.setHgrow(legend, Priority.ALWAYS);
        tools.getChildren().add(legend);
        stage.getChildren().add(canvas);
        VBox.setVgrow(stage, Priority.ALWAYS);
        root.getChildren().addAll(tools, stage, path);

        viewModel.legend().addListener((ListChangeListener<ClusterViewModel.LegendRow>) c -> rebuildLegend());
        viewModel.pathHistoryProperty().addListener((o, a, b) -> rebuildPath());
        i18n.localeProperty().addListener((o, a, b) -> {
            rebuildLegend();
            rebuildPath();
        });
        rebuildLegend();
        mouse();
    }

    private HBox tools() {
        namespace.setId("namespace-filter");
        namespace.getStyleClass().add("namespace-filter");
        namespace.getItems().add("");
        viewModel.namespaces().addListener((ListChangeListener<String>) c -> {
            String selected = namespace.getValue();
            namespace.getItems().setAll(viewModel.namespaces());
            namespace.getItems().add(0, "");
            namespace.setValue(selected);
        });
        ListCell<String> button = new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(item == null || item.isEmpty() ? i18n.get("cluster.allNamespaces") : item);
            }
        };
        namespace.setButtonCell(button);
        namespace.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null || item.isEmpty() ? i18n.get("cluster.allNamespaces") : item);
            }
        });
        namespace.setValue("");
        namespace.valueProperty().addListener((o, a, b) -> viewModel.namespaceFilterProperty().set(b == null ? "" : b));
        viewModel.namespaceFilterProperty().addListener((o, a, b) -> namespace.setValue(b));
        i18n.localeProperty().addListener((o, a, b) -> {
            // Re-render the "all namespaces" text in the new language.
            String v = namespace.getValue();
            namespace.setValue(null);
            namespace.setValue(v);
        });
        Label nsLabel = new Label();
        nsLabel.textProperty().bind(i18n.text("cluster.namespace"));
        Button zoomOut = small("\u2212", "zoom-out", "cluster.zoomOut", () -> viewModel.zoom(canvas.getWidth() / 2, canvas.getHeight() / 2, 1 / 1.4));
        Button zoomIn = small("+", "zoom-in", "cluster.zoomIn", () -> viewModel.zoom(canvas.getWidth() / 2, canvas.getHeight() / 2, 1.4));
        Button fit = new Button();
        fit.setId("zoom-fit");
        fit.textProperty().bind(i18n.text("cluster.fit"));
        fit.setOnAction(e -> viewModel.fit());
        for (javafx.scene.control.Control c : List.of(nsLabel, namespace, zoomOut, zoomIn, fit)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox box = new HBox(6, nsLabel, namespace, zoomOut, zoomIn, fit);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("cluster-tools");
        box.setPadding(new Insets(4, 8, 4, 8));
        box.setMinHeight(Region.USE_PREF_SIZE);
        return box;
    }

    private Button small(String text, String id, String tooltipKey, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        Tooltip t = new Tooltip();
        t.textProperty().bind(i18n.text(tooltipKey));
        b.setTooltip(t);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void rebuildLegend() {
        legend.getChildren().clear();
        List<ClusterViewModel.LegendRow> rows = viewModel.legend();
        if (rows.isEmpty()) {
            legend.setVisible(false);
            return;
        }
        legend.setVisible(true);
        Label head = new Label(i18n.get("cluster.legend"));
        head.getStyleClass().add("cluster-legend-title");
        legend.getChildren().add(head);
        int shown = 0;
        for (ClusterViewModel.LegendRow r : rows) {
            if (shown++ == LEGEND_ROWS) {
                legend.getChildren().add(new Label(i18n.get("cluster.legendMore", rows.size() - LEGEND_ROWS)));
                break;
            }
            Region swatch = new Region();
            swatch.getStyleClass().addAll("legend-swatch", "group-" + r.color());
            Label l = new Label("deploy/" + r.name() + "  " + r.ready() + "/" + r.desired());
            l.getStyleClass().add("legend-row");
            HBox line = new HBox(6, swatch, l);
            line.setAlignment(Pos.CENTER_LEFT);
            line.setOnMouseClicked(e -> viewModel.selectionProperty().set(
                    new Selection.ObjectRef(ResourceTypes.DEPLOYMENTS, r.namespace(), r.name())));
            legend.getChildren().add(line);
        }

    }

    private void rebuildPath() {
        List<PathPlayer.Shown> history = viewModel.pathHistoryProperty().get();
        // Newest at the bottom; the lines above are the steps before it.
        for (int line = 0; line < PATH_LINES; line++) {
            Label l = (Label) path.getChildren().get(line);
            int i = history.size() - PATH_LINES + line;
            l.setText(i >= 0 ? describe(history.get(i).step()) : " ");
            l.getStyleClass().remove("path-step-current");
            if (i >= 0 && i == history.size() - 1) {
                l.getStyleClass().add("path-step-current");
            }
        }
    }

    /** One path step in words: "pod/web-1 bound to minikube-m02 — kube-scheduler → kube-apiserver → etcd". */
    String describe(PathStep s) {
        String what = i18n.get("path." + s.verb().name().toLowerCase(java.util.Locale.ROOT), s.subject(), s.detail());
        StringBuilder hops = new StringBuilder();
        ComponentId last = null;
        for (PathStep.Arrow a : s.arrows()) {
            if (!a.from().equals(last)) {
                if (hops.length() > 0) {
                    hops.append(", ");
                }
                hops.append(a.from().kind().displayName());
            }
            hops.append(" \u2192 ").append(a.to().kind().displayName());
            last = a.to();
        }
        return what + "   " + hops;
    }

    private void mouse() {
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
            menu.hide();
        });
        canvas.setOnMouseDragged(e -> {
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            double dx = e.getX() - dragX;
            double dy = e.getY() - dragY;
            if (dragged || Math.abs(dx) + Math.abs(dy) > 3) {
                dragged = true;
                viewModel.pan(dx, dy);
                dragX = e.getX();
                dragY = e.getY();
            }
        });
        canvas.setOnMouseReleased(this::clicked);
        canvas.setOnScroll((ScrollEvent e) -> {
            if (e.getDeltaY() != 0) {
                viewModel.zoom(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
            }
            e.consume();
        });
    }

    private void clicked(MouseEvent e) {
        if (dragged) {
            return;
        }
        Selection hit = viewModel.hitTest(e.getX(), e.getY());
        if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && hit instanceof Selection.ObjectRef ref
                && ref.type() == ResourceTypes.NODES) {
            Rect r = viewModel.nodeBox(ref.name());
            if (r != null) {
                viewModel.focus(r);
            }
            return;
        }
        viewModel.selectionProperty().set(hit);
        if (e.getButton() == MouseButton.SECONDARY && hit != null) {
            showMenu(hit, e.getScreenX(), e.getScreenY());
        }
    }

    private void showMenu(Selection hit, double x, double y) {
        menu.getItems().clear();
        if (hit instanceof Selection.ObjectRef ref && ref.type() == ResourceTypes.PODS) {
            menu.getItems().add(item("fault.deletePod", () -> faults.deletePod(ref.namespace(), ref.name())));
        } else if (hit instanceof Selection.ObjectRef ref && ref.type() == ResourceTypes.NODES) {
            nodeItems(ref.name());
        } else if (hit instanceof Selection.ComponentRef c) {
            ComponentId id = c.component();
            if (id.kind() == ComponentId.Kind.SCHEDULER || id.kind() == ComponentId.Kind.CONTROLLER_MANAGER) {
                boolean stopped = viewModel.isStopped(id);
                menu.getItems().add(item(stopped ? "fault.startComponent" : "fault.stopComponent",
                        () -> faults.setRunning(id, stopped)));
            } else if (id.node() != null) {
                nodeItems(id.node());
            }
        }
        if (!menu.getItems().isEmpty()) {
            menu.show(canvas, x, y);
        }
    }

    private void nodeItems(String node) {
        menu.getItems().addAll(
                item("fault.stopNode", () -> faults.stopNode(node)),
                item("fault.partitionNode", () -> faults.partitionNode(node)),
                item("fault.startNode", () -> faults.startNode(node)));
    }

    private MenuItem item(String key, Runnable action) {
        MenuItem m = new MenuItem(i18n.get(key));
        m.setOnAction(e -> action.run());
        return m;
    }

    /** Per-frame work: animate, redraw when needed. UI thread. */
    public void onFrame(long now) {
        canvas.onFrame(now);
    }

    public Node root() {
        return root;
    }

    public ClusterCanvas canvas() {
        return canvas;
    }

    public ContextMenu contextMenu() {
        return menu;
    }
}
