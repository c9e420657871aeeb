package io.kubelab.app.slides;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterFeed;
import io.kubelab.app.session.FrameLoop;
import io.kubelab.engine.Cluster;
import io.kubelab.slides.render.StyleClasses;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A slide's live panel for one Service: ClusterIP and ports, then one bar per pod with how many
 * requests it answered, then the last requests with the pod that answered each. Round robin shows
 * as bars that grow in turn. The state lives in {@link ServiceTrafficViewModel}; this only draws it.
 */
public final class ServiceTrafficView extends VBox {
    public static final String STYLE_CLASS = "live-traffic-widget";
    /** Width of the bar of the pod that answered most. */
    static final double BAR_MAX = 260;

    private final LiveWidgets live;
    private final I18n i18n;
    private final ServiceTrafficViewModel viewModel;
    private final ClusterFeed feed = new ClusterFeed();
    private final FrameLoop.Tick tick = now -> onFrame();
    private final VBox bars = new VBox(3);
    private final VBox requests = new VBox(2);
    private Cluster followed;

    ServiceTrafficView(LiveWidgets live, I18n i18n, String service) {
        super(6);
        this.live = live;
        this.i18n = i18n;
        this.viewModel = new ServiceTrafficViewModel(service);
        getStyleClass().addAll(StyleClasses.WIDGET, STYLE_CLASS);
        setPrefWidth(560);

        Label title = new Label(i18n.get("slides.widget.traffic.title", viewModel.serviceKey()));
        title.getStyleClass().add("live-traffic-title");
        Label address = new Label();
        address.getStyleClass().add("live-traffic-address");
        address.textProperty().bind(Bindings.createStringBinding(() -> viewModel.clusterIpProperty().get().isEmpty()
                        ? i18n.get("slides.widget.traffic.missing")
                        : i18n.get("slides.widget.traffic.address", viewModel.clusterIpProperty().get(), viewModel.portsProperty().get()),
                viewModel.clusterIpProperty(), viewModel.portsProperty()));
        Label recentTitle = new Label(i18n.get("slides.widget.traffic.recent", ServiceTrafficViewModel.LAST));
        recentTitle.getStyleClass().add("live-traffic-section");
        getChildren().addAll(title, address, bars, recentTitle, requests);

        viewModel.counts().addListener((ListChangeListener<ServiceTrafficViewModel.PodCount>) c -> drawBars());
        viewModel.recent().addListener((ListChangeListener<ServiceTrafficViewModel.Request>) c -> drawRequests());
        drawBars();
        drawRequests();

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

    private void follow() {
        Cluster c = live.session().cluster();
        if (c != followed) {
            followed = c;
            feed.attach(c);
        }
    }

    private void onFrame() {
        follow();
        feed.flush();
        viewModel.tick();
    }

    private void drawBars() {
        bars.getChildren().clear();
        if (viewModel.counts().isEmpty()) {
            Label none = new Label(i18n.get("slides.widget.traffic.none"));
            none.getStyleClass().add("live-traffic-none");
            bars.getChildren().add(none);
            return;
        }
        int max = viewModel.counts().stream().mapToInt(ServiceTrafficViewModel.PodCount::count).max().orElse(1);
        for (ServiceTrafficViewModel.PodCount pc : viewModel.counts()) {
            Label pod = new Label(shortName(pc.pod()));
            pod.setMinWidth(200);
            Region bar = new Region();
            bar.getStyleClass().add("live-traffic-bar");
            bar.setStyle("-fx-background-color: -fx-accent;");
            double w = BAR_MAX * pc.count() / max;
            bar.setMinSize(w, 14);
            bar.setPrefSize(w, 14);
            bar.setMaxSize(w, 14);
            Label count = new Label(Integer.toString(pc.count()));
            HBox row = new HBox(8, pod, bar, count);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("live-traffic-pod");
            bars.getChildren().add(row);
        }
    }

    private void drawRequests() {
        requests.getChildren().clear();
        for (ServiceTrafficViewModel.Request r : viewModel.recent()) {
            Label l = new Label(i18n.get("slides.widget.traffic.request", r.number(), shortName(r.pod()), r.node()));
            l.getStyleClass().add("live-traffic-request");
            requests.getChildren().add(l);
        }
    }

    /** {@code default/web-7d4b9-abcde} → {@code web-7d4b9-abcde}: the Service's namespace is in the title. */
    private static String shortName(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    public ServiceTrafficViewModel viewModel() {
        return viewModel;
    }

    public FrameLoop.Tick tick() {
        return tick;
    }
}
