package io.kubelab.app.fx;

import io.kubelab.app.TestClusters;
import io.kubelab.app.cluster.Palette;
import io.kubelab.app.cluster.Rect;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ClusterViewFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    @Test
    void nodesAndPodsCreatedThroughTheApiAreDrawnWhereTheyCanBeClicked() {
        cluster().apply(TestClusters.pod("web", "default", "web"));
        TestClusters.bind(cluster(), "default", "web", "minikube-m02");
        TestClusters.running(cluster(), "default", "web", "10.244.1.7");
        waitFor(() -> viewModel.cluster().model().pod("default", "web") != null
                && "Running".equals(viewModel.cluster().model().pod("default", "web").status()));
        assertThat(fx(() -> viewModel.cluster().model().nodes().length)).isEqualTo(3);
        Rect pod = fx(() -> viewModel.cluster().layout().pod(viewModel.cluster().model().pod("default", "web")));
        // Wait for the pod's move animation to end, then read the canvas: the badge is a disc in the Running colour.
        waitFor(() -> viewModel.cluster().moves().isEmpty());
        sleepFrames();
        Color badge = fx(() -> {
            var canvas = view.clusterView().canvas();
            var cam = viewModel.cluster().camera();
            WritableImage img = canvas.canvas().snapshot(null, null);
            return img.getPixelReader().getColor((int) cam.toScreenX(pod.x() + 16), (int) cam.toScreenY(pod.y() + 14));
        });
        Color running = fx(() -> view.clusterView().canvas().palette().get(Palette.Key.RUNNING));
        assertThat(badge.getRed()).isCloseTo(running.getRed(), org.assertj.core.data.Offset.offset(0.08));
        assertThat(badge.getGreen()).isCloseTo(running.getGreen(), org.assertj.core.data.Offset.offset(0.08));
        assertThat(badge.getBlue()).isCloseTo(running.getBlue(), org.assertj.core.data.Offset.offset(0.08));

        clickOn(screenOfWorld(pod.centerX(), pod.centerY()));
        waitFor(() -> new Selection.ObjectRef(ResourceTypes.PODS, "default", "web").equals(
                viewModel.cluster().selectionProperty().get()));
        assertThat(lookup("#inspector-title").queryAs(Label.class).getText()).isEqualTo("pod/web  (default)");
        assertThat(fx(() -> view.inspectorView().editor().getText())).contains("name: web", "nodeName: minikube-m02",
                "podIP: 10.244.1.7");
    }

    @Test
    void aPodWithoutANodeWaitsVisiblyInThePendingArea() {
        cluster().apply(TestClusters.pod("waiting", "default", "w"));
        waitFor(() -> viewModel.cluster().model().pending().length == 1);
        Rect area = fx(() -> viewModel.cluster().layout().pendingArea());
        Rect pod = fx(() -> viewModel.cluster().layout().pod(viewModel.cluster().model().pod("default", "waiting")));
        assertThat(area.contains(pod.x(), pod.y())).isTrue();
        clickOn(screenOfWorld(pod.centerX(), pod.centerY()));
        waitFor(() -> viewModel.inspector().titleProperty().get().startsWith("pod/waiting"));
        assertThat(fx(() -> viewModel.cluster().model().pod("default", "waiting").status())).isEqualTo("Pending");
        assertThat(lookup("#counts").queryAs(Label.class).getText()).isEqualTo("3 nodes · 1 pods · 1 pending · 2 services");
    }

    @Test
    void theNamespaceFilterHidesOtherNamespaces() {
        cluster().apply(DemoScenario.nginxYaml());
        cluster().apply(TestClusters.pod("web", "default", "web"));
        // The controller manager makes the Deployment's 3 pods; with the scheduler held, all 4 wait.
        waitFor(() -> viewModel.cluster().model().pending().length == 4);
        @SuppressWarnings("unchecked")
        ComboBox<String> ns = lookup("#namespace-filter").queryAs(ComboBox.class);
        interact(() -> ns.setValue("kube-system"));
        waitFor(() -> viewModel.cluster().model().pending().length == 0);
        assertThat(fx(() -> viewModel.cluster().model().services().length)).isEqualTo(1);
        assertThat(lookup("#cluster-legend").queryAs(javafx.scene.layout.HBox.class).isVisible()).isFalse();
        interact(() -> ns.setValue(""));
        waitFor(() -> viewModel.cluster().model().pending().length == 4);
    }

    @Test
    void aCreatedDeploymentLightsItsPathAndJoinsTheLegend() {
        cluster().apply(DemoScenario.nginxYaml());
        waitFor(() -> !viewModel.cluster().legend().isEmpty() && !viewModel.cluster().pathHistoryProperty().get().isEmpty());
        assertThat(lookup(".legend-row").queryAs(Label.class).getText()).isEqualTo("deploy/nginx-deployment  0/3");
        assertThat(lookup(".path-step").queryAllAs(Label.class)).extracting(Label::getText)
                .anyMatch(t -> t.startsWith("deployment/nginx-deployment created") && t.endsWith("kubectl → kube-apiserver → etcd"));
    }

    private void sleepFrames() {
        org.testfx.util.WaitForAsyncUtils.sleep(150, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
