package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Kernel tab's content: a note when there is nothing to show, else the namespaces table, the
 * cgroups with a memory bar each, then network, iptables and security as monospace text. While
 * {@link KernelViewModel#shownProperty()} is true a timeline reads the cgroup numbers once a second.
 */
public final class KernelView {
    private final ScrollPane root;
    private final Timeline ticker;

    public KernelView(KernelViewModel vm, I18n i18n) {
        Label message = new Label();
        message.setId("kernel-message");
        message.getStyleClass().add("kernel-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());

        TableView<KernelViewModel.NamespaceLine> table = new TableView<>(vm.namespaces());
        table.setId("kernel-namespaces");
        table.getStyleClass().add("kernel-namespaces");
        columns(table, vm, i18n);
        vm.containerNames().addListener((ListChangeListener<String>) c -> columns(table, vm, i18n));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        // 7 kinds and a header, without a scroll bar of its own
        table.setFixedCellSize(24);
        table.setPrefHeight(24 * 8 + 6);
        table.setMinHeight(24 * 8 + 6);

        VBox cgroups = new VBox(6);
        cgroups.setId("kernel-cgroups");
        vm.cgroups().addListener((ListChangeListener<KernelViewModel.CgroupLine>) c -> fillCgroups(cgroups, vm));

        Label network = mono("kernel-network", vm.networkProperty());
        Label iptables = mono("kernel-iptables", vm.iptablesProperty());
        Label security = mono("kernel-security", vm.securityProperty());

        VBox sections = new VBox(4,
                heading(i18n, "kernel.namespaces"), note(i18n, "kernel.namespaces.note"), table,
                heading(i18n, "kernel.cgroups"), cgroups,
                heading(i18n, "kernel.network"), network,
                heading(i18n, "kernel.iptables"), iptables,
                heading(i18n, "kernel.security"), security);
        sections.managedProperty().bind(vm.availableProperty());
        sections.visibleProperty().bind(vm.availableProperty());

        Button refresh = new Button();
        refresh.setId("kernel-refresh");
        refresh.textProperty().bind(i18n.text("kernel.refresh"));
        refresh.setOnAction(e -> vm.refresh());
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        refresh.visibleProperty().bind(vm.availableProperty());
        refresh.managedProperty().bind(vm.availableProperty());
        Label pod = new Label();
        pod.getStyleClass().add("kernel-note");
        pod.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            var v = vm.viewProperty().get();
            return v == null ? "" : i18n.get("kernel.pod", v.node(), v.pausePid());
        }, vm.viewProperty(), i18n.localeProperty()));
        HBox bar = new HBox(10, refresh, pod);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.managedProperty().bind(vm.availableProperty());
        bar.visibleProperty().bind(vm.availableProperty());

        VBox content = new VBox(8, message, bar, sections);
        content.setPadding(new Insets(8));
        content.getStyleClass().add("kernel");
        root = new ScrollPane(content);
        root.setId("kernel-tab");
        root.setFitToWidth(true);

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.refreshUsage()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        vm.shownProperty().addListener((o, a, b) -> {
            if (b) {
                ticker.play();
            } else {
                ticker.stop();
            }
        });
    }

    private static void fillCgroups(VBox box, KernelViewModel vm) {
        // Rebuilt from the view model's lines each second: a handful of labels per container.
        box.getChildren().clear();
        for (KernelViewModel.CgroupLine l : vm.cgroups()) {
            Label name = new Label(l.container());
            name.getStyleClass().add("kernel-container");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label path = new Label(l.path());
            path.getStyleClass().add("kernel-mono");
            // the pod's part of the path matters; a narrow pane cuts the common /kubelab/<node> start
            path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            HBox head = new HBox(10, name, path);
            ProgressBar bar = new ProgressBar(Math.max(0, l.memoryFraction()));
            bar.getStyleClass().add("kernel-memory-bar");
            bar.setPrefWidth(140);
            bar.setMinWidth(140);
            bar.setVisible(l.memoryFraction() >= 0);
            bar.setManaged(l.memoryFraction() >= 0);
            Label memory = new Label(l.memory());
            memory.getStyleClass().add("kernel-memory");
            memory.setWrapText(true);
            HBox.setHgrow(memory, Priority.ALWAYS);
            HBox mem = new HBox(8, bar, memory);
            Label cpu = new Label(l.cpu());
            cpu.setWrapText(true);
            Label pids = new Label(l.pids());
            Label files = new Label(l.files());
            files.getStyleClass().add("kernel-note");
            files.setWrapText(true);
            VBox one = new VBox(2, head, mem, cpu, pids, files);
            one.getStyleClass().add("kernel-cgroup");
            box.getChildren().add(one);
        }
    }

    /** Kind, pause, one column per container, host, verdict: inode numbers side by side, equal ones one namespace. */
    private static void columns(TableView<KernelViewModel.NamespaceLine> table, KernelViewModel vm, I18n i18n) {
        List<TableColumn<KernelViewModel.NamespaceLine, String>> cols = new ArrayList<>();
        cols.add(column(i18n.text("kernel.ns.kind"), KernelViewModel.NamespaceLine::kind, 62));
        cols.add(column(i18n.text("kernel.ns.pause"), KernelViewModel.NamespaceLine::pod, 90));
        for (int i = 0; i < vm.containerNames().size(); i++) {
            int index = i;
            cols.add(column(new javafx.beans.property.SimpleStringProperty(vm.containerNames().get(i)),
                    l -> index < l.containers().size() ? l.containers().get(index) : "", 90));
        }
        cols.add(column(i18n.text("kernel.ns.hostCol"), KernelViewModel.NamespaceLine::host, 90));
        cols.add(column(i18n.text("kernel.ns.verdict"), KernelViewModel.NamespaceLine::verdict, 105));
        table.getColumns().setAll(cols);
    }

    private static TableColumn<KernelViewModel.NamespaceLine, String> column(javafx.beans.value.ObservableValue<String> title,
            Function<KernelViewModel.NamespaceLine, String> value, double width) {
        TableColumn<KernelViewModel.NamespaceLine, String> c = new TableColumn<>();
        c.textProperty().bind(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static Label heading(I18n i18n, String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.getStyleClass().add("kernel-heading");
        return l;
    }

    private static Label note(I18n i18n, String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.getStyleClass().add("kernel-note");
        l.setWrapText(true);
        return l;
    }

    private static Label mono(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("kernel-mono");
        l.textProperty().bind(text);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    public Node root() {
        return root;
    }

    /** Whether the once-a-second refresh runs (for tests). */
    public boolean ticking() {
        return ticker.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }
}
