package io.kubelab.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the window remembers between runs: its bounds (those of the normal, not maximized,
 * window) and whether it was maximized, where each divider was, which tab of the learning pane
 * and of the bottom pane was in front, the theme and the language.
 *
 * @param lessonDivider the lesson and deck pane | the rest split (0–1 of the width)
 * @param sideDivider   the cluster view | inspector split (0–1)
 * @param bottomDivider the top | console, editor and timeline split (0–1 of the height)
 * @param learnTab      the learning pane's tab in front: {@code lesson} or {@code slides}
 * @param bottomTab     the bottom pane's tab in front: {@code console}, {@code editor} or {@code timeline}
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, double lessonDivider,
                          double sideDivider, double bottomDivider, String learnTab, String bottomTab, String theme,
                          String language) {

    public static final WindowState DEFAULT = new WindowState(Double.NaN, Double.NaN, 1440, 900, false, 0.27, 0.68,
            0.72, "lesson", "console", "light", "en");

    /** The smallest window worth restoring: a damaged or hand-edited file never makes a window too small to see. */
    static final double MIN_WIDTH = 480;
    static final double MIN_HEIGHT = 320;

    /** Where the state is kept. */
    public interface Store {
        /** The remembered state, or {@link #DEFAULT} (never fails). */
        WindowState load();

        /** Remembers {@code state}; failures are logged, never thrown. */
        void save(WindowState state);
    }

    /** The user's: {@code $XDG_CONFIG_HOME/kubelab/window.properties} ({@code ~/.config/kubelab/window.properties}). */
    public static Store forCurrentUser() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return file(base.resolve("kubelab").resolve("window.properties"));
    }

    /**
     * In a properties file, written whole to a temporary file beside it and renamed over it: a crash
     * in the middle of a save leaves the previous layout, never half of one. A file that cannot be
     * read, or a value in it that makes no sense, gives the default for it, with a log line.
     */
    public static Store file(Path file) {
        return new Store() {
            @Override
            public WindowState load() {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                } catch (NoSuchFileException e) {
                    return DEFAULT;
                } catch (IOException | IllegalArgumentException e) {
                    // IllegalArgumentException: a malformed \\uXXXX escape; MalformedInputException: not UTF-8.
                    log("the window layout in " + file + " could not be read (" + e + "); using the default layout");
                    return DEFAULT;
                }
                return parse(p, file.toString());
            }

            @Override
            public void save(WindowState s) {
                Path tmp = null;
                try {
                    Files.createDirectories(file.getParent());
                    tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
                    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        s.toProperties().store(out, "Kubelab's window layout");
                    }
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    log("could not save the window layout to " + file + ": " + e);
                    if (tmp != null) {
                        try {
                            Files.deleteIfExists(tmp);
                        } catch (IOException ignored) {
                            // a leftover temporary file is harmless: it is never read
                        }
                    }
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

    Properties toProperties() {
        Properties p = new Properties();
        if (!Double.isNaN(x) && !Double.isNaN(y)) {
            p.setProperty("x", Double.toString(x));
            p.setProperty("y", Double.toString(y));
        }
        p.setProperty("width", Double.toString(width));
        p.setProperty("height", Double.toString(height));
        p.setProperty("maximized", Boolean.toString(maximized));
        p.setProperty("lessonDivider", Double.toString(lessonDivider));
        p.setProperty("sideDivider", Double.toString(sideDivider));
        p.setProperty("bottomDivider", Double.toString(bottomDivider));
        p.setProperty("learnTab", learnTab);
        p.setProperty("bottomTab", bottomTab);
        p.setProperty("theme", theme);
        p.setProperty("language", language);
        return p;
    }

    /** The state in {@code p}, each missing or nonsensical value replaced by its default (with a log line). */
    static WindowState parse(Properties p, String where) {
        WindowState d = DEFAULT;
        Values v = new Values(p, where);
        double x = v.number("x", d.x(), -1e5, 1e5);
        double y = v.number("y", d.y(), -1e5, 1e5);
        return new WindowState(x, y,
                v.number("width", d.width(), MIN_WIDTH, 1e5), v.number("height", d.height(), MIN_HEIGHT, 1e5),
                v.bool("maximized", d.maximized()),
                v.number("lessonDivider", d.lessonDivider(), 0, 1), v.number("sideDivider", d.sideDivider(), 0, 1),
                v.number("bottomDivider", d.bottomDivider(), 0, 1),
                v.word("learnTab", d.learnTab()), v.word("bottomTab", d.bottomTab()), v.word("theme", d.theme()),
                v.word("language", d.language()));
    }

    /** Reads values, replacing bad ones by defaults and saying so once per value. */
    private record Values(Properties p, String where) {
        double number(String key, double fallback, double min, double max) {
            String s = p.getProperty(key);
            if (s == null) {
                return fallback;
            }
            try {
                double n = Double.parseDouble(s.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad(key, s);
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            String s = p.getProperty(key);
            if (s == null) {
                return fallback;
            }
            if (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s.trim());
            }
            bad(key, s);
            return fallback;
        }

        /** A name: letters, digits and dashes ({@code console}, {@code projector}, {@code zh-TW}). */
        String word(String key, String fallback) {
            String s = p.getProperty(key);
            if (s == null) {
                return fallback;
            }
            if (s.trim().matches("[A-Za-z0-9-]{1,35}")) {
                return s.trim();
            }
            bad(key, s);
            return fallback;
        }

        private void bad(String key, String value) {
            log("the window layout in " + where + " has " + key + "=" + value + ", which makes no sense; using the default");
        }
    }

    private static void log(String message) {
        System.getLogger(WindowState.class.getName()).log(System.Logger.Level.WARNING, message);
    }
}
