package io.kubelab.app.runtime;

import io.kubelab.app.i18n.I18n;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

import java.util.function.Supplier;

/**
 * The runtime switch in the window's header: a menu "Runtime: Simulated | Real containers (Linux)",
 * a confirmation that the current cluster is replaced, a spinner with what the switch is doing, and
 * a dialog when real containers cannot start (the app stays simulated). Thin: the work is
 * {@link RuntimeViewModel}'s.
 */
public final class RuntimeView {
    private final RuntimeViewModel vm;
    private final I18n i18n;
    private final Supplier<Window> owner;
    private final HBox root = new HBox(6);
    private final MenuButton menu = new MenuButton();
    private final RadioMenuItem simulated = new RadioMenuItem();
    private final RadioMenuItem linux = new RadioMenuItem();

    public RuntimeView(RuntimeViewModel vm, I18n i18n, Supplier<Window> owner) {
        this.vm = vm;
        this.i18n = i18n;
        this.owner = owner;
        root.setId("runtime-switch");
        root.setAlignment(Pos.CENTER_LEFT);
        menu.setId("runtime-menu");
        menu.getStyleClass().add("runtime-menu");
        menu.textProperty().bind(Bindings.createStringBinding(() -> i18n.get("runtime.menu", vm.name(vm.runtime())),
                vm.runtimeProperty(), i18n.localeProperty()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(i18n.text("runtime.menu.tip"));
        menu.setTooltip(tip);
        menu.disableProperty().bind(vm.busyProperty());
        simulated.setId("runtime-sim");
        simulated.textProperty().bind(i18n.text("runtime.simulated"));
        linux.setId("runtime-linux");
        linux.textProperty().bind(i18n.text("runtime.linux"));
        ToggleGroup group = new ToggleGroup();
        simulated.setToggleGroup(group);
        linux.setToggleGroup(group);
        menu.getItems().setAll(simulated, linux);
        showSelection();
        vm.runtimeProperty().addListener((o, a, b) -> showSelection());
        simulated.setOnAction(e -> choose(ClusterRuntime.SIMULATED));
        linux.setOnAction(e -> choose(ClusterRuntime.LINUX));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("runtime-progress");
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        Label progress = new Label();
        progress.setId("runtime-progress-text");
        progress.textProperty().bind(vm.progressProperty());
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        root.getChildren().addAll(menu, spinner, progress);

        vm.failureProperty().addListener((o, a, b) -> {
            if (b != null && !b.isEmpty()) {
                showFailure(b);
            }
        });
    }

    private void choose(ClusterRuntime target) {
        // The menu shows the runtime in use until the switch is done.
        showSelection();
        requestSwitch(target);
    }

    private void showSelection() {
        simulated.setSelected(vm.runtime() == ClusterRuntime.SIMULATED);
        linux.setSelected(vm.runtime() == ClusterRuntime.LINUX);
    }

    /** Asks whether to replace the cluster, then switches to {@code target}. UI thread; also the lesson panel's button. */
    public void requestSwitch(ClusterRuntime target) {
        if (target == vm.runtime() || vm.busyProperty().get()) {
            return;
        }
        ButtonType ok = new ButtonType(i18n.get("runtime.confirm.ok"), ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, null, ok, ButtonType.CANCEL);
        confirm.initOwner(owner.get());
        confirm.setTitle(i18n.get("runtime.confirm.title"));
        confirm.setHeaderText(i18n.get("runtime.confirm.header", vm.name(target)));
        confirm.setContentText(i18n.get("runtime.confirm.replace") + "\n\n"
                + i18n.get(target == ClusterRuntime.LINUX ? "runtime.confirm.linux" : "runtime.confirm.sim"));
        confirm.getDialogPane().setId("runtime-confirm");
        confirm.getDialogPane().setPrefWidth(520);
        // Not showAndWait: the window keeps drawing, and tests find the dialog's buttons.
        confirm.resultProperty().addListener((o, a, result) -> {
            if (result == ok) {
                vm.switchTo(target);
            }
        });
        confirm.show();
    }

    private void showFailure(String reason) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner.get());
        alert.setTitle(i18n.get("runtime.failed.title"));
        alert.setHeaderText(i18n.get("runtime.failed.header"));
        alert.setContentText(reason);
        alert.getDialogPane().setId("runtime-failure");
        alert.getDialogPane().setPrefWidth(520);
        alert.setOnHidden(e -> vm.failureShown());
        alert.show();
    }

    public MenuButton menu() {
        return menu;
    }

    public Node root() {
        return root;
    }
}
