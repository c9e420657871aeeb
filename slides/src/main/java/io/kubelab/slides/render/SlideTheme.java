package io.kubelab.slides.render;

import javafx.scene.Parent;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The slide themes. Each is one CSS file defining the looked-up colours ({@code -slide-bg},
 * {@code -slide-fg}, {@code -slide-accent}, …) that {@code slides.css} uses; no colour is set in code.
 */
public enum SlideTheme {
    LIGHT("theme-light.css"),
    DARK("theme-dark.css"),
    /** High contrast and larger type for a washed-out projector at the back of a room. */
    PROJECTOR("theme-projector.css");

    private static final String BASE = "slides.css";

    private final String file;

    SlideTheme(String file) {
        this.file = file;
    }

    /** The stylesheets of this theme, base first. */
    public List<String> stylesheets() {
        return List.of(url(BASE), url(file));
    }

    /** Gives {@code parent} this theme, replacing any other slide theme it had. */
    public void applyTo(Parent parent) {
        List<String> sheets = new ArrayList<>(parent.getStylesheets());
        for (SlideTheme t : values()) {
            sheets.removeAll(t.stylesheets());
        }
        sheets.addAll(stylesheets());
        parent.getStylesheets().setAll(sheets);
    }

    private static String url(String name) {
        URL url = Objects.requireNonNull(SlideTheme.class.getResource(name), name);
        return url.toExternalForm();
    }
}
