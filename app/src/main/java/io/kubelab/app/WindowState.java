package io.kubelab.app;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the window remembers between runs: bounds, the split positions, theme and language.
 *
 * @param sideDivider  the cluster view | inspector split (0–1)
 * @param bottomDivider the top | timeline and console split (0–1)
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, double sideDivider,
                          double bottomDivider, String theme, String language) {

    public static final WindowState DEFAULT = new WindowState(Double.NaN, Double.NaN, 1440, 900, false, 0.68, 0.72,
            "light", "en");

    /** Where the state is kept. */
    public interface Store {
        WindowState load();

        void save(WindowState state);
    }

    /** In the user's preferences ({@code java.util.prefs}, node {@code /io/kubelab/app}). */
    public static Store preferences() {
        return preferences(Preferences.userNodeForPackage(WindowState.class));
    }

    /** In the given preferences node. */
    static Store preferences(Preferences p) {
        return new Store() {
            @Override
            public WindowState load() {
                WindowState d = DEFAULT;
                return new WindowState(p.getDouble("x", d.x()), p.getDouble("y", d.y()),
                        p.getDouble("width", d.width()), p.getDouble("height", d.height()),
                        p.getBoolean("maximized", d.maximized()), clamp(p.getDouble("sideDivider", d.sideDivider())),
                        clamp(p.getDouble("bottomDivider", d.bottomDivider())), p.get("theme", d.theme()),
                        p.get("language", d.language()));
            }

            @Override
            public void save(WindowState s) {
                p.putDouble("x", s.x());
                p.putDouble("y", s.y());
                p.putDouble("width", s.width());
                p.putDouble("height", s.height());
                p.putBoolean("maximized", s.maximized());
                p.putDouble("sideDivider", s.sideDivider());
                p.putDouble("bottomDivider", s.bottomDivider());
                p.put("theme", s.theme());
                p.put("language", s.language());
                try {
                    p.flush();
                } catch (BackingStoreException e) {
                    System.getLogger(WindowState.class.getName()).log(System.Logger.Level.WARNING,
                            "could not save the window layout: " + e.getMessage());
                }
            }
        };
    }

    /** Remembers nothing (screenshots, tests). */
    public static Store none() {
        return new Store() {
            @Override
            public WindowState load() {
                return DEFAULT;
            }

            @Override
            public void save(WindowState state) {
                // forget
            }
        };
    }

    static double clamp(double d) {
        return Double.isNaN(d) ? 0.5 : Math.max(0.1, Math.min(0.9, d));
    }
}
