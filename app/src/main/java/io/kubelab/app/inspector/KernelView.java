package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

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
        table.getColumns().add(column(i18n, "kernel.ns.kind", KernelViewModel.NamespaceLine::kind, 60));
        table.getColumns().add(column(i18n, "kernel.ns.pause", KernelViewModel.NamespaceLine::pod, 95));
        table.getColumns().add(column(i18n, "kernel.ns.containers", KernelViewModel.NamespaceLine::containers, 240));
        table.getColumns().add(column(i18n, "kernel.ns.hostCol", KernelViewModel.NamespaceLine::host, 95));
        table.getColumns().add(column(i18n, "kernel.ns.verdict", KernelViewModel.NamespaceLine::verdict, 130));
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

        VBox content = new VBox(8, message, sections);
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
            Label path = new Label(l.path());
            path.getStyleClass().add("kernel-mono");
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
            VBox one = new VBox(2, head, mem, cpu, pids);
            one.getStyleClass().add("kernel-cgroup");
            box.getChildren().add(one);
        }
    }

    private static TableColumn<KernelViewModel.NamespaceLine, String> column(I18n i18n, String key,
            Function<KernelViewModel.NamespaceLine, String> value, double width) {
        TableColumn<KernelViewModel.NamespaceLine, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
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
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
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
