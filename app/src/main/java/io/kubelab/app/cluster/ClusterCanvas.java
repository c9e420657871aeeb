package io.kubelab.app.cluster;

import io.kubelab.app.i18n.I18n;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The drawing surface of the cluster view: one {@link Canvas} the size of the viewport (never of
 * the world), whose colours are CSS properties ({@code -kl-canvas-running: -kl-success;} in
 * {@code cluster.css}), so a theme recolours the canvas exactly as it recolours the controls.
 */
public final class ClusterCanvas extends Region {
    public static final String STYLE_CLASS = "cluster-canvas";

    private static final List<CssMetaData<? extends Styleable, ?>> CSS;
    private static final CssMetaData<ClusterCanvas, Number> FONT_SCALE;

    static {
        List<CssMetaData<? extends Styleable, ?>> list = new ArrayList<>(Region.getClassCssMetaData());
        for (Palette.Key key : Palette.Key.values()) {
            @SuppressWarnings("unchecked")
            StyleConverter<?, Color> converter = (StyleConverter<?, Color>) (StyleConverter<?, ?>) StyleConverter.getColorConverter();
            list.add(new CssMetaData<ClusterCanvas, Color>(key.css(), converter, key.fallback()) {
                @Override
                public boolean isSettable(ClusterCanvas c) {
                    return !c.colors.get(key).isBound();
                }

                @Override
                public StyleableProperty<Color> getStyleableProperty(ClusterCanvas c) {
                    return c.colors.get(key);
                }
            });
        }
        FONT_SCALE = new CssMetaData<>("-kl-canvas-font-scale", StyleConverter.getSizeConverter(), 1.0) {
            @Override
            public boolean isSettable(ClusterCanvas c) {
                return !c.fontScale.isBound();
            }

            @Override
            public StyleableProperty<Number> getStyleableProperty(ClusterCanvas c) {
                return c.fontScale;
            }
        };
        list.add(FONT_SCALE);
        CSS = Collections.unmodifiableList(list);
    }

    private final Canvas canvas = new Canvas();
    private final Map<Palette.Key, StyleableObjectProperty<Color>> colors = new EnumMap<>(Palette.Key.class);
    private final StyleableDoubleProperty fontScale;
    private final ClusterViewModel viewModel;
    private final ClusterRenderer renderer;
    private Palette palette = Palette.defaults();
    private long frames;
    private long drawNanos;

    public ClusterCanvas(ClusterViewModel viewModel, I18n i18n) {
        this.viewModel = viewModel;
        this.renderer = new ClusterRenderer(i18n);
        getStyleClass().add(STYLE_CLASS);
        for (CssMetaData<? extends Styleable, ?> m : CSS) {
            for (Palette.Key key : Palette.Key.values()) {
                if (m.getProperty().equals(key.css())) {
                    @SuppressWarnings("unchecked")
                    CssMetaData<ClusterCanvas, Color> meta = (CssMetaData<ClusterCanvas, Color>) m;
                    SimpleStyleableObjectProperty<Color> p = new SimpleStyleableObjectProperty<>(meta, this, key.css(), key.fallback());
                    p.addListener((o, a, b) -> paletteChanged());
                    colors.put(key, p);
                }
            }
        }
        fontScale = new SimpleStyleableDoubleProperty(FONT_SCALE, this, "fontScale", 1.0);
        fontScale.addListener((o, a, b) -> paletteChanged());
        getChildren().add(canvas);
        setMinSize(0, 0);
        i18n.localeProperty().addListener((o, a, b) -> viewModel.invalidate());
    }

    private void paletteChanged() {
        Map<Palette.Key, Color> m = new EnumMap<>(Palette.Key.class);
        colors.forEach((k, p) -> m.put(k, p.get()));
        palette = new Palette(m, fontScale.get());
        viewModel.invalidate();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            viewModel.setViewport(w, h);
        }
    }

    /** Animates and, when something changed, redraws. UI thread, once per frame. */
    public void onFrame(long now) {
        if (viewModel.tick(now) && canvas.getWidth() > 0 && canvas.getHeight() > 0) {
            redraw(now);
        }
    }

    /** Draws now, whatever changed (benchmarks force a draw per frame). */
    public void redraw(long now) {
        long t0 = System.nanoTime();
        renderer.draw(canvas.getGraphicsContext2D(), viewModel, palette, now, canvas.getWidth(), canvas.getHeight());
        drawNanos += System.nanoTime() - t0;
        frames++;
    }

    /** How many frames were drawn, and the time spent issuing their drawing commands (for the benchmark). */
    public long framesDrawn() {
        return frames;
    }

    public long drawNanos() {
        return drawNanos;
    }

    public Palette palette() {
        return palette;
    }

    public Canvas canvas() {
        return canvas;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }
}
