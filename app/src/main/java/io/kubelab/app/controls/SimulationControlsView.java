package io.kubelab.app.controls;

import io.kubelab.app.i18n.I18n;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Pause / step / speed / reset / save / load, as a row of controls. */
public final class SimulationControlsView {
    public static final String STYLE_CLASS = "simulation-controls";

    private final HBox root = new HBox(6);
    private final SimulationControlsViewModel viewModel;
    private final I18n i18n;

    public SimulationControlsView(SimulationControlsViewModel viewModel, I18n i18n, Supplier<Window> owner) {
        this.viewModel = viewModel;
        this.i18n = i18n;
        root.getStyleClass().add(STYLE_CLASS);
        root.getStylesheets().add(SimulationControlsView.class.getResource("controls.css").toExternalForm());
        root.setAlignment(Pos.CENTER_LEFT);

        ToggleButton pause = new ToggleButton();
        pause.setId("pause");
        pause.selectedProperty().bindBidirectional(viewModel.pausedProperty());
        pause.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get(viewModel.pausedProperty().get() ? "controls.resume" : "controls.pause"),
                viewModel.pausedProperty(), i18n.localeProperty()));
        Tooltip pauseTip = new Tooltip();
        pauseTip.textProperty().bind(Bindings.createStringBinding(() -> i18n.get(viewModel.wallTimeProperty().get()
                ? "controls.pause.linux.tip" : "controls.pause.tip"), viewModel.wallTimeProperty(), i18n.localeProperty()));
        pause.setTooltip(pauseTip);

        Button step = new Button();
        step.setId("step");
        step.textProperty().bind(i18n.text("controls.step"));
        step.setOnAction(e -> viewModel.step());
        tooltip(step, "controls.step.tip");

        Label speedLabel = new Label();
        speedLabel.textProperty().bind(i18n.text("controls.speed"));
        Slider speed = new Slider(0, SimulationControlsViewModel.SPEEDS.length - 1, viewModel.speedIndex());
        speed.setId("speed-slider");
        speed.setMajorTickUnit(1);
        speed.setMinorTickCount(0);
        speed.setSnapToTicks(true);
        speed.setPrefWidth(120);
        speed.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            double s = SimulationControlsViewModel.SPEEDS[i];
            if (s != viewModel.speedProperty().get()) {
                viewModel.speedProperty().set(s);
            }
        });
        viewModel.speedProperty().addListener((o, a, b) -> speed.setValue(viewModel.speedIndex()));
        Label speedText = new Label();
        speedText.setId("speed-text");
        speedText.getStyleClass().add("speed-text");
        speedText.textProperty().bind(Bindings.createStringBinding(
                () -> SimulationControlsViewModel.speedText(viewModel.speedProperty().get()), viewModel.speedProperty()));
        tooltip(speed, "controls.speed.tip");

        // Real containers run on the wall clock: step and speed are off. A disabled control shows no
        // tooltip, so the reason is on the box around them.
        HBox simOnly = new HBox(6, step, speedLabel, speed, speedText);
        simOnly.setId("sim-only-controls");
        simOnly.setAlignment(Pos.CENTER_LEFT);
        simOnly.getChildren().forEach(n -> n.disableProperty().bind(viewModel.wallTimeProperty()));
        Tooltip wallTip = new Tooltip();
        wallTip.textProperty().bind(i18n.text("controls.wallTime.tip"));
        viewModel.wallTimeProperty().addListener((o, a, on) -> {
            if (on) {
                Tooltip.install(simOnly, wallTip);
            } else {
                Tooltip.uninstall(simOnly, wallTip);
            }
        });
        if (viewModel.wallTimeProperty().get()) {
            Tooltip.install(simOnly, wallTip);
        }

        Button reset = new Button();
        reset.setId("reset");
        reset.textProperty().bind(i18n.text("controls.reset"));
        reset.setOnAction(e -> viewModel.reset());
        Button save = new Button();
        save.setId("save");
        save.textProperty().bind(i18n.text("controls.save"));
        save.setOnAction(e -> {
            File f = chooser().showSaveDialog(owner.get());
            if (f != null) {
                viewModel.save(f.toPath());
            }
        });
        Button load = new Button();
        load.setId("load");
        load.textProperty().bind(i18n.text("controls.load"));
        load.setOnAction(e -> {
            File f = chooser().showOpenDialog(owner.get());
            if (f != null) {
                viewModel.load(Path.of(f.getPath()));
            }
        });
        Label clock = new Label();
        clock.setId("sim-time");
        clock.getStyleClass().add("sim-time");
        clock.textProperty().bind(viewModel.simTimeProperty());
        root.getChildren().addAll(pause, simOnly, reset, save, load, clock);
    }

    private FileChooser chooser() {
        FileChooser c = new FileChooser();
        c.setTitle(i18n.get("controls.snapshot"));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
        c.setInitialFileName("kubelab-snapshot.yaml");
        return c;
    }

    private void tooltip(javafx.scene.control.Control c, String key) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(i18n.text(key));
        c.setTooltip(t);
    }

    public Node root() {
        return root;
    }
}
