package io.kubelab.app.inspector;

import io.kubelab.app.TestClusters;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.Selection;
import io.kubelab.app.timeline.TimelineViewModel;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The inspector without a window: a manual session runs API calls on the test's thread. */
class InspectorViewModelTest {
    private Cluster cluster;
    private ClusterSession session;
    private final TimelineViewModel timeline = new TimelineViewModel();
    private InspectorViewModel vm;
    private final I18n i18n = new I18n(Locale.ENGLISH);

    @BeforeEach
    void setUp() {
        cluster = TestClusters.withNodes();
        session = ClusterSession.manual(cluster, TestClusters::withNodes);
        vm = new InspectorViewModel(session, i18n, Runnable::run, SchedulingExplainer.NONE, timeline::eventsOf);
        session.feed().addListener(timeline);
        session.feed().addListener(vm);
        cluster.apply(DemoScenario.nginxYaml());
        session.feed().flush();
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private void select(String plural, String ns, String name) {
        vm.selectionProperty().set(new Selection.ObjectRef(ResourceTypes.byPlural(plural).orElseThrow(), ns, name));
    }

    @Test
    void selectingAnObjectShowsItsYaml() {
        select("deployments", "default", "nginx-deployment");
        assertThat(vm.titleProperty().get()).isEqualTo("deployment/nginx-deployment  (default)");
        assertThat(vm.yamlProperty().get()).contains("kind: Deployment", "name: nginx-deployment", "replicas: 3");
        assertThat(vm.editableProperty().get()).isTrue();
        assertThat(vm.podProperty().get()).isFalse();
    }

    @Test
    void applyingAnInvalidChangeShowsKubernetesError() {
        select("deployments", "default", "nginx-deployment");
        vm.yamlProperty().set(vm.yamlProperty().get().replace("replicas: 3", "replicas: -1"));
        vm.apply();
        assertThat(vm.errorProperty().get()).isEqualTo("Error from server (Invalid): Deployment.apps \"nginx-deployment\" "
                + "is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void applyingBrokenYamlShowsTheParserError() {
        select("deployments", "default", "nginx-deployment");
        vm.yamlProperty().set("kind: Deployment\n  bad: [indent\n");
        vm.apply();
        assertThat(vm.errorProperty().get()).startsWith("error: error converting YAML to JSON:");
    }

    @Test
    void renamingTheObjectIsRefusedInKubectlEditsWords() {
        select("deployments", "default", "nginx-deployment");
        vm.yamlProperty().set(vm.yamlProperty().get().replace("name: nginx-deployment", "name: other"));
        vm.apply();
        assertThat(vm.errorProperty().get()).isEqualTo("error: At least one of apiVersion, kind and name was changed");
    }

    @Test
    void aValidChangeIsStoredAndShown() {
        select("deployments", "default", "nginx-deployment");
        vm.yamlProperty().set(vm.yamlProperty().get().replace("replicas: 3", "replicas: 5"));
        vm.apply();
        session.feed().flush();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.infoProperty().get()).isEqualTo("deployment/nginx-deployment edited");
        io.fabric8.kubernetes.api.model.apps.Deployment d = cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getReplicas()).isEqualTo(5);
        assertThat(vm.yamlProperty().get()).contains("replicas: 5", "generation: 2");
    }

    @Test
    void aChangeOnTheServerWhileEditingIsFlaggedAndApplyingThenConflicts() {
        select("deployments", "default", "nginx-deployment");
        vm.yamlProperty().set(vm.yamlProperty().get().replace("replicas: 3", "replicas: 4"));
        cluster.apply("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\nspec:\n  replicas: 2\n");
        session.feed().flush();
        assertThat(vm.staleProperty().get()).isTrue();
        assertThat(vm.yamlProperty().get()).contains("replicas: 4");
        vm.apply();
        assertThat(vm.errorProperty().get()).isEqualTo("Error from server (Conflict): Operation cannot be fulfilled on "
                + "deployments.apps \"nginx-deployment\": the object has been modified; please apply your changes to the "
                + "latest version and try again");
        vm.reload();
        assertThat(vm.yamlProperty().get()).contains("replicas: 2");
        assertThat(vm.staleProperty().get()).isFalse();
    }

    @Test
    void unchangedYamlFollowsTheObject() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        session.feed().flush();
        select("pods", "default", "web");
        assertThat(vm.yamlProperty().get()).doesNotContain("nodeName");
        TestClusters.bind(cluster, "default", "web", "minikube-m02");
        session.feed().flush();
        assertThat(vm.yamlProperty().get()).contains("nodeName: minikube-m02");
        assertThat(vm.staleProperty().get()).isFalse();
    }

    @Test
    void theEventsOfTheObjectAreListed() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        session.feed().flush();
        select("pods", "default", "web");
        cluster.events().normal(cluster.api().get(ResourceTypes.PODS, "default", "web"), "Scheduled",
                "Successfully assigned default/web to minikube-m02", "default-scheduler", null);
        cluster.events().warning(cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment"), "Other", "x", "c", null);
        session.feed().flush();
        assertThat(vm.events()).extracting(e -> e.reason() + ": " + e.message())
                .containsExactly("Scheduled: Successfully assigned default/web to minikube-m02");
    }

    @Test
    void whyExplainsAPodFromTheSchedulersDecision() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        session.feed().flush();
        select("pods", "default", "web");
        assertThat(vm.podProperty().get()).isTrue();
        assertThat(vm.whyProperty().get()).isEqualTo("No scheduling decision is recorded for this pod yet.");
        vm.setExplainer((ns, name) -> Optional.of(new SchedulingExplanation(
                "Successfully assigned " + ns + "/" + name + " to minikube-m02", "minikube-m02", List.of(
                new SchedulingExplanation.NodeVerdict("minikube", false, null, List.of(
                        new SchedulingExplanation.PluginVerdict("TaintToleration", "UnschedulableAndUnresolvable",
                                "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", null))),
                new SchedulingExplanation.NodeVerdict("minikube-m02", true, 87, List.of(
                        new SchedulingExplanation.PluginVerdict("NodeResourcesFit", "Success", "", null),
                        new SchedulingExplanation.PluginVerdict("LeastAllocated", "Success", "", 87)))))));
        assertThat(vm.whyProperty().get()).isEqualTo("""
                Successfully assigned default/web to minikube-m02

                minikube      \u2717  (TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: })
                minikube-m02  \u2713  \u2190 score 87  (NodeResourcesFit \u2713, LeastAllocated 87)
                """);
    }

    @Test
    void aComponentShowsWhatItDoes() {
        vm.selectionProperty().set(new Selection.ComponentRef(ComponentId.SCHEDULER));
        assertThat(vm.titleProperty().get()).isEqualTo("kube-scheduler");
        assertThat(vm.aboutProperty().get()).startsWith("kube-scheduler picks a node");
        assertThat(vm.editableProperty().get()).isFalse();
        i18n.setLocale(Locale.forLanguageTag("zh-TW"));
        assertThat(vm.aboutProperty().get()).startsWith("kube-scheduler 為還沒有節點的 Pod");
    }

    @Test
    void aDeletedObjectSaysSo() {
        cluster.apply(TestClusters.pod("web", "default", "web"));
        session.feed().flush();
        select("pods", "default", "web");
        cluster.api().delete(ResourceTypes.PODS, "default", "web", null);
        session.feed().flush();
        assertThat(vm.infoProperty().get()).isEqualTo("pod/web no longer exists");
        assertThat(vm.editableProperty().get()).isFalse();
    }
}
