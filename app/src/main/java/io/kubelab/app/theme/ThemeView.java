package io.kubelab.app.theme;

import io.kubelab.app.i18n.I18n;
import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.control.Button;

/**
 * Applies the chosen theme to a scene (base rules + the theme's variables) and offers the button
 * that cycles through the themes.
 */
public final class ThemeView {
    public static final String STYLE_CLASS_PREFIX = "theme-";

    private final Button button = new Button();

    public ThemeView(ThemeViewModel viewModel, I18n i18n, Scene scene) {
        button.setId("theme-button");
        button.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("theme.button", i18n.get(viewModel.theme().messageKey())),
                viewModel.themeProperty(), i18n.localeProperty()));
        button.setOnAction(e -> viewModel.next());
        apply(scene, viewModel.theme());
        viewModel.themeProperty().addListener((o, a, b) -> apply(scene, b));
    }

    /** Puts {@code theme}'s stylesheet after the base one, and marks the root with {@code theme-<id>}. */
    public static void apply(Scene scene, Theme theme) {
        scene.getStylesheets().setAll(Theme.base(), theme.stylesheet());
        if (scene.getRoot() != null) {
            scene.getRoot().getStyleClass().removeIf(c -> c.startsWith(STYLE_CLASS_PREFIX));
            scene.getRoot().getStyleClass().add(STYLE_CLASS_PREFIX + theme.id());
        }
    }

    public Button button() {
        return button;
    }
}
