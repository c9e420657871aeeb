package io.kubelab.app.fx;

import io.kubelab.app.cluster.ClusterCanvas;
import io.kubelab.app.cluster.TrafficRecord;
import io.kubelab.app.slides.ClusterWidgetView;
import io.kubelab.app.slides.ServiceTrafficView;
import javafx.scene.control.Label;
import io.kubelab.slides.model.Block;
import io.kubelab.slides.model.Deck;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** A slide's live cluster view: drawn on its own canvas while shown, let go when the slide is left. */
@ExtendWith(ApplicationExtension.class)
class SlideWidgetsFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    @Test
    void clusterViewWidgetIsLiveWhileShownAndLetsGoWhenLeft() {
        int index = fx(() -> {
            Deck deck = viewModel.slides().deckProperty().get();
            for (int i = 0; i < deck.size(); i++) {
                if (deck.slides().get(i).widgets().stream().anyMatch(w -> w.type().equals(Block.Widget.CLUSTER_VIEW))) {
                    return i;
                }
            }
            throw new AssertionError("the intro deck has a cluster-view slide");
        });
        int sinksBefore = fx(() -> viewModel.trafficHub().size());
        interact(() -> viewModel.slides().goTo(index));

        ClusterWidgetView widget = lookup("." + ClusterWidgetView.STYLE_CLASS).queryAs(ClusterWidgetView.class);
        assertThat(widget.canvas()).isInstanceOf(ClusterCanvas.class);
        assertThat(fx(() -> widget.canvas().getScene())).isNotNull();
        assertThat(fx(() -> view.frames().contains(widget.tick()))).isTrue();
        assertThat(fx(() -> viewModel.trafficHub().size())).isEqualTo(sinksBefore + 1);
        // Its own watch starts with the whole cluster: the widget shows the nodes the main view shows.
        waitFor(() -> widget.viewModel().countsProperty().get().nodes() > 0
                && widget.viewModel().countsProperty().get().nodes() == viewModel.cluster().countsProperty().get().nodes());

        interact(() -> viewModel.slides().forward());

        assertThat(fx(() -> widget.getScene())).isNull();
        assertThat(fx(() -> view.frames().contains(widget.tick()))).isFalse();
        assertThat(fx(() -> viewModel.trafficHub().size())).isEqualTo(sinksBefore);
    }

    @Test
    void serviceTrafficWidgetCountsRequestsPerPodAndLetsGoWhenLeft() {
        int index = fx(() -> indexOf(Block.Widget.SERVICE_TRAFFIC));
        int sinksBefore = fx(() -> viewModel.trafficHub().size());
        interact(() -> viewModel.slides().goTo(index));
        ServiceTrafficView widget = lookup("." + ServiceTrafficView.STYLE_CLASS).queryAs(ServiceTrafficView.class);
        String service = widget.viewModel().serviceKey();
        assertThat(fx(() -> viewModel.trafficHub().size())).isEqualTo(sinksBefore + 1);

        // kube-proxy's requests reach the widget through the same sink as the main cluster view.
        for (int i = 0; i < 4; i++) {
            viewModel.trafficSink().traffic(new TrafficRecord(service, "minikube", "default/pod-" + (i % 2)));
        }
        viewModel.trafficSink().traffic(new TrafficRecord("default/other", "minikube", "default/other-0"));
        waitFor(() -> widget.viewModel().total() == 4);
        // The view redraws its bars on the FX thread after the view model took the batch.
        waitFor(() -> widget.lookupAll(".live-traffic-pod").size() == 2);
        assertThat(fx(() -> widget.lookupAll(".live-traffic-pod").size())).isEqualTo(2);
        waitFor(() -> !widget.lookupAll(".live-traffic-request").isEmpty());
        assertThat(fx(() -> widget.lookupAll(".live-traffic-request").stream()
                .map(n -> ((Label) n).getText()).findFirst().orElse("")))
                .isEqualTo("#4 answered by pod-1 (kube-proxy on minikube)");

        interact(() -> viewModel.slides().goTo(0));
        assertThat(fx(() -> view.frames().contains(widget.tick()))).isFalse();
        assertThat(fx(() -> viewModel.trafficHub().size())).isEqualTo(sinksBefore);
    }

    private int indexOf(String type) {
        Deck deck = viewModel.slides().deckProperty().get();
        for (int i = 0; i < deck.size(); i++) {
            if (deck.slides().get(i).widgets().stream().anyMatch(w -> w.type().equals(type))) {
                return i;
            }
        }
        throw new AssertionError("the intro deck has a " + type + " slide");
    }
}
