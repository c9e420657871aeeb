package io.kubelab.app.theme;

import java.net.URL;
import java.util.Locale;

/**
 * The app's themes. Each is one CSS file that only defines looked-up colours ({@code -kl-fg},
 * {@code -kl-accent}, …) and sizes on {@code .root}; every component's CSS uses those variables and
 * never a raw colour, so a theme is one file.
 */
public enum Theme {
    LIGHT, DARK, PROJECTOR;

    /** The theme's file name without extension, also its id in settings: {@code light}, {@code dark}, {@code projector}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String stylesheet() {
        return url(id() + ".css");
    }

    /** The rules shared by every theme (built on the variables). */
    public static String base() {
        return url("base.css");
    }

    public Theme next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /** The theme with this id, or {@link #LIGHT}. */
    public static Theme byId(String id) {
        for (Theme t : values()) {
            if (t.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return t;
            }
        }
        return LIGHT;
    }

    /** The message key of the theme's name. */
    public String messageKey() {
        return "theme." + id();
    }

    private static String url(String file) {
        URL u = Theme.class.getResource(file);
        if (u == null) {
            throw new IllegalStateException("missing stylesheet " + file);
        }
        return u.toExternalForm();
    }
}
