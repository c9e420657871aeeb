package io.kubelab.app.slides;

import io.kubelab.slides.render.SlideRenderer;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Shows a rendered slide (laid out at {@value SlideRenderer#WIDTH} × {@value SlideRenderer#HEIGHT})
 * scaled to fit, centred, at 16:9: a 640 px wide pane shows it at half size, a full-HD screen at 1.5.
 */
public final class SlidePane extends Region {
    private Node slide;

    public SlidePane() {
        getStyleClass().add("slide-pane");
        setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
    }

    /** Replaces the slide shown; {@code null} shows nothing. */
    public void setSlide(Node node) {
        slide = node;
        if (node == null) {
            getChildren().clear();
        } else {
            getChildren().setAll(node);
        }
        requestLayout();
    }

    public Node slide() {
        return slide;
    }

    /** The scale the slide is drawn at now. */
    public double scale() {
        return Math.min(getWidth() / SlideRenderer.WIDTH, getHeight() / SlideRenderer.HEIGHT);
    }

    @Override
    protected void layoutChildren() {
        if (slide == null) {
            return;
        }
        double w = SlideRenderer.WIDTH;
        double h = SlideRenderer.HEIGHT;
        slide.resize(w, h);
        double s = Math.max(0.01, scale());
        slide.setScaleX(s);
        slide.setScaleY(s);
        // Scaling is about the node's centre: put that centre at the pane's.
        slide.relocate((getWidth() - w) / 2, (getHeight() - h) / 2);
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 480;
    }

    @Override
    protected double computePrefHeight(double width) {
        double w = width < 0 ? computePrefWidth(-1) : width;
        return w * SlideRenderer.HEIGHT / SlideRenderer.WIDTH;
    }
}
