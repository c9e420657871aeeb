package io.kubelab.app.slides;

import io.kubelab.app.cluster.ClusterCanvas;
import io.kubelab.app.cluster.ClusterViewModel;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.app.session.FrameLoop;
import io.kubelab.engine.Cluster;
import io.kubelab.slides.render.StyleClasses;
import javafx.scene.layout.StackPane;

/**
 * A small live cluster view inside a slide: its own {@link ClusterViewModel} drawn by its own
 * {@link ClusterCanvas}, fitted to the widget (the camera auto-fits), ticked by the main window's
 * frame loop while the slide is on screen.
 *
 * <p>Why its own {@link ClusterFeed} rather than a listener on the session's feed: the session's
 * feed delivers only changes after a listener joins, so a view that appears mid-lesson would start
 * empty. Its own watch from revision 0 starts with every object as {@code ADDED}, like the main
 * view did at start-up, and is closed when the slide is left.
 */
public final class ClusterWidgetView extends StackPane {
    public static final String STYLE_CLASS = "live-cluster-widget";
    static final double WIDTH = 560;
    static final double HEIGHT = 300;

    private final LiveWidgets live;
    private final ClusterViewModel viewModel = new ClusterViewModel();
    private final ClusterCanvas canvas;
    private final FrameLoop.Tick tick = this::onFrame;
    private final ClusterFeed feed = new ClusterFeed();
    private Cluster followed;

    ClusterWidgetView(LiveWidgets live, I18n i18n) {
        this.live = live;
        this.canvas = new ClusterCanvas(viewModel, i18n);
        getStyleClass().addAll(StyleClasses.WIDGET, STYLE_CLASS);
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        getChildren().add(canvas);
        feed.addListener(viewModel);
        LiveBinding.bind(this, this::start, this::stop);
    }

    private void start() {
        follow();
        live.traffic().add(viewModel);
        live.frames().add(tick);
    }

    private void stop() {
        live.frames().remove(tick);
        live.traffic().remove(viewModel);
        feed.close();
        followed = null;
    }

    /** Follows the session's current cluster (a reset or a loaded checkpoint replaces it). */
    private void follow() {
        Cluster c = live.session().cluster();
        if (c != followed) {
            followed = c;
            feed.attach(c);
        }
    }

    /** UI thread, once per frame while the slide is shown. */
    private void onFrame(long now) {
        follow();
        feed.flush();
        canvas.onFrame(now);
    }

    public ClusterCanvas canvas() {
        return canvas;
    }

    public ClusterViewModel viewModel() {
        return viewModel;
    }

    /** This widget's tick, to check it left the frame loop. */
    public FrameLoop.Tick tick() {
        return tick;
    }
}
