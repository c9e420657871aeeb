package io.kubelab.app.editor;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.app.console.WorkingFolder;
import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML editor's model over a manual session: Apply reports in kubectl's words. */
class YamlEditorViewModelTest {
    private ClusterSession session;
    private I18n i18n;
    private YamlEditorViewModel vm;

    @BeforeEach
    void setUp() {
        session = ClusterSession.manual(Cluster.create(ClusterConfig.defaults()), () -> Cluster.create(ClusterConfig.defaults()));
        i18n = new I18n(Locale.ENGLISH);
        vm = new YamlEditorViewModel(session, i18n, Runnable::run);
        vm.filesProperty().set(WorkingFolder.deck());
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    @Test
    void applyCreatesThenConfiguresThenFindsNothingToChange() {
        vm.openFile("run-my-nginx.yaml");
        assertThat(vm.originProperty().get()).isEqualTo("From run-my-nginx.yaml · Ctrl+Enter applies it");
        vm.apply().join();
        assertThat(vm.resultProperty().get()).isEqualTo("deployment.apps/nginx-deployment created");
        assertThat(vm.errorProperty().get()).isEmpty();

        vm.apply().join();
        assertThat(vm.resultProperty().get()).isEqualTo("deployment.apps/nginx-deployment unchanged");

        vm.textProperty().set(vm.textProperty().get().replace("replicas: 2", "replicas: 3"));
        vm.apply().join();
        assertThat(vm.resultProperty().get()).isEqualTo("deployment.apps/nginx-deployment configured");
        Deployment d = session.cluster().api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void aRefusedObjectShowsKubernetesErrorAndTheOthersAreStillApplied() {
        vm.textProperty().set(WorkingFolder.deck().get("run-my-nginx.yaml").replace("replicas: 2", "replicas: -1")
                + "---\n" + WorkingFolder.deck().get("nginx-svc-nodeport.yaml"));
        vm.apply().join();
        assertThat(vm.errorProperty().get()).isEqualTo("Error from server (Invalid): Deployment.apps \"nginx-deployment\" is invalid: "
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assertThat(vm.resultProperty().get()).isEqualTo("service/my-nginx created");
        Service svc = session.cluster().api().get(ResourceTypes.SERVICES, "default", "my-nginx");
        assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
    }

    @Test
    void textThatIsNotYamlReadsAsKubectlSaysIt() {
        vm.textProperty().set("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n    labels: a\n");
        vm.apply().join();
        assertThat(vm.errorProperty().get()).isEqualTo(
                "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context");
        assertThat(vm.resultProperty().get()).isEmpty();
    }

    @Test
    void anObjectFromTheClusterOpensAsAManifest() {
        session.cluster().apply(WorkingFolder.deck().get("run-my-nginx.yaml"));
        Deployment d = session.cluster().api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
        vm.openObject(Kube.toYaml(d), "deployment/nginx-deployment");
        String text = vm.textProperty().get();
        assertThat(text).contains("name: nginx-deployment", "replicas: 2")
                .doesNotContain("resourceVersion", "uid:", "creationTimestamp", "status:", "generation");
        assertThat(vm.originProperty().get()).isEqualTo("From deployment/nginx-deployment in the cluster · Ctrl+Enter applies it");
        i18n.setLocale(Locale.forLanguageTag("zh-TW"));
        assertThat(vm.originProperty().get()).isEqualTo("來自叢集中的 deployment/nginx-deployment · Ctrl+Enter 套用");

        vm.textProperty().set(text.replace("replicas: 2", "replicas: 4"));
        vm.apply().join();
        assertThat(vm.resultProperty().get()).isEqualTo("deployment.apps/nginx-deployment configured");
    }
}
