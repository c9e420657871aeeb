package io.kubelab.app.fx;

import io.kubelab.app.cluster.PodInfo;
import io.kubelab.app.cluster.ServiceInfo;
import io.kubelab.app.console.ConsoleViewModel;
import io.kubelab.engine.console.Consoles;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console pane in the real window over a whole cluster that runs by itself (scheduler,
 * kubelets, controllers; 20× wall time): the deck's nginx flow typed as a student types it.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleFxTest extends AppFixture {

    @Start
    void start(Stage stage) {
        ClusterSession s = ClusterSession.running(() -> Cluster.create(ClusterConfig.defaults()), Consoles::standard, 20, true);
        s.setSpeed(20);
        startApp(stage, s);
    }

    /** Time runs once the window is up (a busy engine thread would slow the window's start). */
    @BeforeEach
    void runTheClock() {
        session.setPaused(false);
    }

    /** Types {@code line} into the console's input line and presses Enter. */
    private void run(String line) {
        clickOn("#console-input");
        write(line);
        type(KeyCode.ENTER);
    }

    private void ctrl(KeyCode key) {
        press(KeyCode.CONTROL).press(key).release(key).release(KeyCode.CONTROL);
    }

    private String transcript() {
        return fx(() -> viewModel.console().transcriptText());
    }

    /** The nginx pods the cluster view shows, on their nodes or waiting for one; terminating ones too. */
    private List<PodInfo> nginxPods() {
        return fx(() -> {
            List<PodInfo> pods = new ArrayList<>();
            var model = viewModel.cluster().model();
            Arrays.stream(model.nodes()).forEach(n -> pods.addAll(Arrays.asList(n.visiblePods())));
            pods.addAll(Arrays.asList(model.pending()));
            pods.removeIf(p -> !"my-nginx".equals(p.labels().get("run")));
            return pods;
        });
    }

    private List<PodInfo> runningNginxPods() {
        List<PodInfo> pods = new ArrayList<>(nginxPods());
        pods.removeIf(p -> !"Running".equals(p.status()));
        return pods;
    }

    @Test
    void theDeckNginxFlowTypedInTheConsoleShowsInTheClusterView() {
        run("kubectl apply -f run-my-nginx.yaml");
        waitFor(() -> runningNginxPods().size() == 2);
        assertThat(transcript()).contains("$ kubectl apply -f run-my-nginx.yaml\ndeployment.apps/nginx-deployment created\n");

        run("kubectl apply -f nginx-svc-nodeport.yaml");
        waitFor(() -> viewModel.cluster().model().service("default/my-nginx") != null);
        ServiceInfo svc = fx(() -> viewModel.cluster().model().service("default/my-nginx"));
        assertThat(svc.type()).isEqualTo("NodePort");
        assertThat(svc.ports()).contains("80:31000/TCP");
        waitFor(() -> viewModel.cluster().model().service("default/my-nginx").readyEndpoints() == 2);

        // Delete a pod: its ReplicaSet replaces it.
        String victim = runningNginxPods().get(0).name();
        run("kubectl delete pod " + victim);
        waitFor(() -> transcript().contains("pod \"" + victim + "\" deleted"));
        waitFor(() -> nginxPods().stream().noneMatch(p -> p.name().equals(victim)) && runningNginxPods().size() == 2);

        // Up recalls the last line, twice the one before.
        clickOn("#console-input");
        type(KeyCode.UP);
        assertThat(fx(() -> view.consoleView().input().getText())).isEqualTo("kubectl delete pod " + victim);
        type(KeyCode.UP);
        assertThat(fx(() -> view.consoleView().input().getText())).isEqualTo("kubectl apply -f nginx-svc-nodeport.yaml");
        type(KeyCode.DOWN);
        type(KeyCode.DOWN);
        assertThat(fx(() -> view.consoleView().input().getText())).isEmpty();
        assertThat(viewModel.console().console().history()).containsExactly("kubectl apply -f run-my-nginx.yaml",
                "kubectl apply -f nginx-svc-nodeport.yaml", "kubectl delete pod " + victim);
    }

    /** The nodes whose boxes show a Running nginx pod. */
    private List<String> nodesWithRunningNginx() {
        return fx(() -> {
            List<String> nodes = new ArrayList<>();
            for (var n : viewModel.cluster().model().nodes()) {
                for (PodInfo p : n.visiblePods()) {
                    if ("my-nginx".equals(p.labels().get("run")) && "Running".equals(p.status())) {
                        nodes.add(n.name());
                    }
                }
            }
            return nodes;
        });
    }

    @Test
    void aStoppedNodesPodsComeBackOnTheOtherNodes() throws Exception {
        session.setSpeed(100);
        run("kubectl apply -f run-my-nginx.yaml");
        waitFor(() -> runningNginxPods().size() == 2);
        String node = nodesWithRunningNginx().get(0);
        // The node's context menu runs this action ("Stop node").
        interact(() -> viewModel.faults().stopNode(node));
        // NotReady after the 40 s grace, then the taint's 300 s toleration: about 6 simulated minutes.
        org.testfx.util.WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> fx(() -> {
            List<String> nodes = nodesWithRunningNginx();
            return nodes.size() == 2 && !nodes.contains(node);
        }));
        assertThat(nodesWithRunningNginx()).doesNotContain(node).hasSize(2);
    }

    @Test
    void ctrlCStopsAWatchAndTheInputStaysUsableMeanwhile() {
        run("kubectl apply -f run-my-nginx.yaml");
        waitFor(() -> transcript().contains("deployment.apps/nginx-deployment created"));
        run("kubectl get pods -w");
        waitFor(() -> viewModel.console().runningProperty().get());
        assertThat(lookup("#console-hint").queryAs(Label.class).getText()).isEqualTo("Running… Ctrl+C stops it");
        assertThat(fx(() -> view.consoleView().input().isDisabled())).isFalse();
        waitFor(() -> transcript().contains("Running"));
        ctrl(KeyCode.C);
        waitFor(() -> !viewModel.console().runningProperty().get());
        assertThat(transcript()).contains("^C\n");
        assertThat(lookup("#console-hint").queryAs(Label.class).getText()).startsWith("Enter runs");
        // After Ctrl-C the console takes the next line.
        run("kubectl apply -f nginx-svc.yaml");
        waitFor(() -> transcript().contains("service/my-nginx created"));
    }

    @Test
    void ctrlLInTheConsoleClearsTheScreenAndTheShortcutBringsTheConsoleBack() {
        run("kubectl apply -f nginx-svc.yaml");
        waitFor(() -> transcript().contains("service/my-nginx created"));
        clickOn("#console-input");
        ctrl(KeyCode.L);
        waitFor(() -> fx(() -> view.consoleView().output().getText()).isEmpty());
        assertThat(viewModel.i18n().locale().getLanguage()).as("Ctrl+L in the console is not the language switch").isEqualTo("en");

        interact(() -> view.bottomTabs().getSelectionModel().select(2));
        clickOn("#subtitle");
        ctrl(KeyCode.BACK_QUOTE);
        waitFor(() -> view.bottomTabs().getSelectionModel().getSelectedIndex() == 0
                && scene.getFocusOwner() == view.consoleView().input());
    }

    @Test
    void switchingTheLanguageRelabelsTheConsoleAndTheEditor() {
        assertThat(fx(() -> view.bottomTabs().getTabs().stream().map(t -> t.getText()).toList()))
                .containsExactly("Console", "YAML", "Events");
        assertThat(lookup("#console-files").queryAs(Label.class).getText())
                .isEqualTo("Working folder: run-my-nginx.yaml  ·  nginx-svc.yaml  ·  nginx-svc-nodeport.yaml");
        clickOn("#language-button");
        waitFor(() -> fx(() -> view.bottomTabs().getTabs().get(0).getText()).equals("主控台"));
        assertThat(fx(() -> view.bottomTabs().getTabs().get(2).getText())).isEqualTo("事件");
        assertThat(lookup("#console-files").queryAs(Label.class).getText()).startsWith("工作資料夾：run-my-nginx.yaml");
        assertThat(lookup("#console-hint").queryAs(Label.class).getText()).startsWith("Enter 執行");
        assertThat(lookup("#console-clear").queryButton().getText()).isEqualTo("清除");
        assertThat(lookup("#editor-apply").queryButton().getText()).isEqualTo("套用");
        assertThat(lookup("#editor-origin").queryAs(Label.class).getText()).isEqualTo("新的 manifest · Ctrl+Enter 套用");
    }

    @Test
    void theYamlEditorAppliesAFileAndAnObjectFromTheInspector() {
        ctrl(KeyCode.E);
        waitFor(() -> view.bottomTabs().getSelectionModel().getSelectedIndex() == 1);
        clickOn("#editor-open");
        clickOn("run-my-nginx.yaml");
        waitFor(() -> view.editorView().editor().getText().contains("name: nginx-deployment"));
        int key = fx(() -> view.editorView().editor().getText().indexOf("replicas"));
        assertThat(fx(() -> List.copyOf(view.editorView().editor().getStyleOfChar(key + 1)))).containsExactly("yaml-key");
        clickOn("#editor-apply");
        waitFor(() -> lookup("#editor-result").queryAs(Label.class).getText().equals("deployment.apps/nginx-deployment created"));

        // The inspector's "YAML editor" opens the object as a manifest.
        interact(() -> viewModel.cluster().selectionProperty().set(new io.kubelab.app.session.Selection.ObjectRef(
                io.kubelab.engine.model.ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")));
        interact(() -> view.bottomTabs().getSelectionModel().select(0));
        waitFor(() -> !lookup("#inspector-open-editor").queryButton().isDisabled());
        clickOn("#inspector-open-editor");
        waitFor(() -> view.bottomTabs().getSelectionModel().getSelectedIndex() == 1
                && lookup("#editor-origin").queryAs(Label.class).getText().startsWith("From deployment/nginx-deployment"));
        assertThat(fx(() -> view.editorView().editor().getText())).doesNotContain("resourceVersion");
        interact(() -> view.editorView().editor().replaceText(view.editorView().editor().getText().replace("replicas: 2", "replicas: -1")));
        clickOn("#editor-apply");
        waitFor(() -> lookup("#editor-error").queryAs(Label.class).getText().startsWith(
                "Error from server (Invalid): Deployment.apps \"nginx-deployment\" is invalid: spec.replicas"));
    }

    @Test
    void aMultiLinePasteRunsLineByLine() {
        interact(() -> {
            var content = new javafx.scene.input.ClipboardContent();
            content.putString("kubectl apply -f run-my-nginx.yaml\nkubectl apply -f nginx-svc.yaml\n");
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        clickOn("#console-input");
        ctrl(KeyCode.V);
        waitFor(() -> transcript().contains("service/my-nginx created"));
        assertThat(transcript()).containsSubsequence("$ kubectl apply -f run-my-nginx.yaml\n", "deployment.apps/nginx-deployment created\n",
                "$ kubectl apply -f nginx-svc.yaml\n", "service/my-nginx created\n");
        assertThat(fx(() -> viewModel.console().transcript().stream()
                .filter(c -> c.stream() == ConsoleViewModel.Stream.OUT).count())).isEqualTo(2L);
    }
}
