package io.kubelab.app.fx;

import io.kubelab.app.inspector.FakeKernel;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspector's Kernel tab over a fake kernel (no root needed), and over a simulated cluster. */
@ExtendWith(ApplicationExtension.class)
class KernelTabFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        startApp(stage);
    }

    private Tab kernelTab() {
        return fx(() -> view.inspectorView().tabs().getTabs().stream()
                .filter(t -> "tab-kernel".equals(t.getId())).findFirst().orElseThrow());
    }

    private void selectPod(String name) {
        cluster().apply("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  containers:
                  - name: app
                    image: busybox
                """.formatted(name));
        waitFor(() -> cluster().store().get(ResourceTypes.PODS, "default", name) != null);
        interact(() -> viewModel.cluster().selectionProperty().set(
                new Selection.ObjectRef(ResourceTypes.PODS, "default", name)));
    }

    @Test
    void aSimulatedPodsKernelTabSaysHowToSeeRealOnes() {
        selectPod("duo");
        assertThat(fx(() -> kernelTab().isDisable())).isFalse();
        interact(() -> view.inspectorView().tabs().getSelectionModel().select(kernelTab()));
        waitFor(() -> lookup("#kernel-message").queryAs(Label.class).isVisible());
        assertThat(lookup("#kernel-message").queryAs(Label.class).getText())
                .contains("simulated").contains("real mode (Linux, as root)");
        // the sections (namespaces table and the rest) are hidden
        assertThat(fx(() -> lookup("#kernel-namespaces").queryAs(TableView.class).getParent().isVisible())).isFalse();
    }

    @Test
    void aRealPodsNamespacesCgroupsAndRulesAreShownAndUsageTicksOnlyWhileShown() {
        FakeKernel fake = new FakeKernel();
        interact(() -> viewModel.inspector().kernel().setSource(fake));
        selectPod("duo");
        interact(() -> view.inspectorView().tabs().getSelectionModel().select(kernelTab()));
        waitFor(() -> lookup("#kernel-namespaces").queryAs(TableView.class).getItems().size() == 7);
        assertThat(lookup("#kernel-message").queryAs(Label.class).isVisible()).isFalse();
        assertThat(lookup("#kernel-iptables").queryAs(Label.class).getText()).contains("KUBE-SEP-DUO");
        assertThat(lookup("#kernel-network").queryAs(Label.class).getText()).contains("veth1a2b3c4d");
        assertThat(lookup(".kernel-memory").queryAs(Label.class).getText()).startsWith("memory ");
        // the numbers are read again each second while the tab is shown, and not once it is hidden
        assertThat(fx(() -> view.inspectorView().kernelView().ticking())).isTrue();
        waitFor(() -> fake.usageReads() >= 1
                && !lookup(".kernel-memory").queryAs(Label.class).getText().startsWith("memory 16.0 MiB"));
        interact(() -> view.inspectorView().tabs().getSelectionModel().select(0));
        assertThat(fx(() -> view.inspectorView().kernelView().ticking())).isFalse();
        assertThat(fx(() -> viewModel.inspector().kernel().shownProperty().get())).isFalse();
    }
}
