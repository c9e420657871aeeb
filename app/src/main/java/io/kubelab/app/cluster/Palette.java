package io.kubelab.app.cluster;

import javafx.scene.paint.Color;

import java.util.EnumMap;
import java.util.Map;

/**
 * The cluster canvas's colours, resolved from the theme's CSS (see {@link ClusterCanvas}): the
 * renderer never names a colour itself.
 */
public final class Palette {
    /** One colour the renderer uses, its CSS property and its fallback. */
    public enum Key {
        BACKGROUND("-kl-canvas-background", "#f6f8fa"),
        TEXT("-kl-canvas-text", "#1f2328"),
        MUTED("-kl-canvas-muted", "#59636e"),
        PANEL("-kl-canvas-panel", "#ffffff"),
        PANEL_BORDER("-kl-canvas-panel-border", "#d1d9e0"),
        AREA("-kl-canvas-area", "#eef1f4"),
        COMPONENT("-kl-canvas-component", "#ddf4ff"),
        COMPONENT_TEXT("-kl-canvas-component-text", "#0a3069"),
        ACCENT("-kl-canvas-accent", "#0969da"),
        POD("-kl-canvas-pod", "#ffffff"),
        RUNNING("-kl-canvas-running", "#1a7f37"),
        PENDING("-kl-canvas-pending", "#9a6700"),
        CREATING("-kl-canvas-creating", "#0969da"),
        FAILED("-kl-canvas-failed", "#cf222e"),
        TERMINATING("-kl-canvas-terminating", "#8250df"),
        COMPLETED("-kl-canvas-completed", "#59636e"),
        UNKNOWN("-kl-canvas-unknown", "#818b98"),
        HEAT_LOW("-kl-canvas-heat-low", "#dafbe1"),
        HEAT_HIGH("-kl-canvas-heat-high", "#cf222e"),
        NOT_READY("-kl-canvas-not-ready", "#818b98"),
        SERVICE("-kl-canvas-service", "#fff8c5"),
        SERVICE_LINE("-kl-canvas-service-line", "#9a6700"),
        TRAFFIC("-kl-canvas-traffic", "#bf3989"),
        SELECTION("-kl-canvas-selection", "#0969da"),
        GROUP_0("-kl-canvas-group-0", "#0969da"),
        GROUP_1("-kl-canvas-group-1", "#bf3989"),
        GROUP_2("-kl-canvas-group-2", "#1a7f37"),
        GROUP_3("-kl-canvas-group-3", "#bc4c00"),
        GROUP_4("-kl-canvas-group-4", "#8250df"),
        GROUP_5("-kl-canvas-group-5", "#1b7c83"),
        GROUP_6("-kl-canvas-group-6", "#9a6700"),
        GROUP_7("-kl-canvas-group-7", "#cf222e");

        private final String css;
        private final Color fallback;

        Key(String css, String fallback) {
            this.css = css;
            this.fallback = Color.web(fallback);
        }

        public String css() {
            return css;
        }

        public Color fallback() {
            return fallback;
        }
    }

    private final Map<Key, Color> colors;
    private final Map<PodStatusText.Category, Color> tints = new EnumMap<>(PodStatusText.Category.class);
    /** The heat map's colours from empty to full, precomputed: 5,000 nodes need no new Color per frame. */
    private final Color[] heat = new Color[HEAT_STEPS];
    private static final int HEAT_STEPS = 32;
    private final double fontScale;

    public Palette(Map<Key, Color> colors, double fontScale) {
        this.colors = new EnumMap<>(Key.class);
        for (Key k : Key.values()) {
            Color c = colors.get(k);
            this.colors.put(k, c == null ? k.fallback() : c);
        }
        this.fontScale = fontScale;
        for (PodStatusText.Category c : PodStatusText.Category.values()) {
            Color base = status(c);
            // 18 % of the status colour over the pod's background: a container chip's fill.
            tints.put(c, get(Key.POD).interpolate(base, 0.18));
        }
        for (int i = 0; i < HEAT_STEPS; i++) {
            heat[i] = get(Key.HEAT_LOW).interpolate(get(Key.HEAT_HIGH), i / (double) (HEAT_STEPS - 1));
        }
    }

    public static Palette defaults() {
        return new Palette(Map.of(), 1.0);
    }

    public Color get(Key k) {
        return colors.get(k);
    }

    public Color group(int i) {
        return colors.get(Key.values()[Key.GROUP_0.ordinal() + Math.floorMod(i, GroupInfo.COLORS)]);
    }

    public Color status(PodStatusText.Category c) {
        return switch (c) {
            case RUNNING -> get(Key.RUNNING);
            case PENDING -> get(Key.PENDING);
            case CREATING -> get(Key.CREATING);
            case FAILED -> get(Key.FAILED);
            case TERMINATING -> get(Key.TERMINATING);
            case COMPLETED -> get(Key.COMPLETED);
            case UNKNOWN -> get(Key.UNKNOWN);
        };
    }

    /** The heat map's colour for a load of 0–1. */
    public Color heat(double load) {
        return heat[(int) Math.round(Math.max(0, Math.min(1, load)) * (HEAT_STEPS - 1))];
    }

    /** A pale tint of a status colour, for fills behind text. */
    public Color statusTint(PodStatusText.Category c) {
        return tints.get(c);
    }

    /** Larger for the projector theme. */
    public double fontScale() {
        return fontScale;
    }
}
