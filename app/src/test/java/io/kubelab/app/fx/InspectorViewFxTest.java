package io.kubelab.app.fx;

import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class InspectorViewFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    @Test
    void theYamlIsColouredAndABadEditShowsKubernetesError() {
        cluster().apply(DemoScenario.nginxYaml());
        waitFor(() -> !viewModel.cluster().legend().isEmpty());
        // Select the Deployment from the legend.
        clickOn(lookup(".legend-row").queryAs(Label.class));
        waitFor(() -> viewModel.inspector().titleProperty().get().startsWith("deployment/nginx-deployment"));
        var editor = view.inspectorView().editor();
        assertThat(fx(() -> editor.getText())).contains("replicas: 3");
        int key = fx(() -> editor.getText().indexOf("replicas"));
        assertThat(fx(() -> List.copyOf(editor.getStyleOfChar(key + 1)))).containsExactly("yaml-key");
        int number = fx(() -> editor.getText().indexOf("replicas: 3") + "replicas: ".length());
        assertThat(fx(() -> List.copyOf(editor.getStyleOfChar(number + 1)))).containsExactly("yaml-number");

        interact(() -> editor.replaceText(editor.getText().replace("replicas: 3", "replicas: -1")));
        clickOn("#inspector-apply");
        waitFor(() -> !viewModel.inspector().errorProperty().get().isEmpty());
        assertThat(lookup("#inspector-error").queryAs(Label.class).getText()).isEqualTo(
                "Error from server (Invalid): Deployment.apps \"nginx-deployment\" is invalid: spec.replicas: "
                        + "Invalid value: -1: must be greater than or equal to 0");

        interact(() -> editor.replaceText(editor.getText().replace("replicas: -1", "replicas: 2")));
        clickOn("#inspector-apply");
        waitFor(() -> viewModel.inspector().errorProperty().get().isEmpty()
                && viewModel.inspector().infoProperty().get().equals("deployment/nginx-deployment edited"));
        io.fabric8.kubernetes.api.model.apps.Deployment d = cluster().api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aComponentExplainsItselfAndTheWhyTabIsForPods() {
        interact(() -> viewModel.cluster().selectionProperty().set(
                new Selection.ComponentRef(io.kubelab.app.session.ComponentId.API_SERVER)));
        waitFor(() -> lookup("#inspector-about").queryAs(Label.class).isVisible());
        assertThat(lookup("#inspector-about").queryAs(Label.class).getText()).startsWith("kube-apiserver validates");
        assertThat(fx(() -> view.inspectorView().tabs().getTabs().get(2).isDisable())).isTrue();
        assertThat(lookup("#inspector-apply").queryButton().isDisabled()).isTrue();
    }
}
