package io.kubelab.app.theme;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The chosen theme. UI thread. */
public final class ThemeViewModel {
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);

    public ThemeViewModel(Theme initial) {
        theme.set(initial);
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public Theme theme() {
        return theme.get();
    }

    /** Light → dark → projector → light (Ctrl+T). */
    public void next() {
        theme.set(theme.get().next());
    }
}
