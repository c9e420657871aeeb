package io.kubelab.app.controls;

import io.fabric8.kubernetes.api.model.Service;
import io.kubelab.app.TestClusters;
import io.kubelab.app.demo.DemoScenario;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSnapshotTest {

    @Test
    void exportsWhatTheUserAskedForAndRestoresItIntoAFreshCluster() {
        String yaml;
        String clusterIp;
        try (Cluster c = TestClusters.withNodes()) {
            c.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
            c.apply(DemoScenario.nginxYaml());
            c.apply(TestClusters.pod("cart", "shop", "cart"));
            c.events().normal(c.api().get(ResourceTypes.PODS, "shop", "cart"), "Scheduled", "x", "s", null);
            // An owned pod is the controller's business, not the snapshot's.
            var d = c.api().<io.fabric8.kubernetes.api.model.apps.Deployment>get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
            c.api().create(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("owned")
                    .withNamespace("default").addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                    .withName("rs").withUid(d.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build(), "default");
            clusterIp = c.api().<Service>get(ResourceTypes.SERVICES, "default", "my-nginx").getSpec().getClusterIP();
            yaml = ClusterSnapshot.export(c);
        }
        assertThat(yaml).startsWith("apiVersion: v1\nkind: List\n");
        assertThat(yaml).contains("name: shop", "name: nginx-deployment", "name: my-nginx", "name: cart", "nodePort: 31000");
        assertThat(yaml).doesNotContain("name: owned", "kind: Event", "kind: Node", "uid:", "resourceVersion:",
                "creationTimestamp:", "status:", "name: kube-dns", "name: kube-system");

        try (Cluster fresh = TestClusters.withNodes()) {
            assertThat(ClusterSnapshot.restore(fresh, yaml)).isEmpty();
            assertThat(fresh.store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment")).isNotNull();
            assertThat(fresh.store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.PODS, "shop", "cart")).isNotNull();
            Service svc = fresh.store().get(ResourceTypes.SERVICES, "default", "my-nginx");
            assertThat(svc.getSpec().getClusterIP()).isEqualTo(clusterIp);
            assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
        }
    }

    @Test
    void aBadObjectIsReportedAndTheOthersStillApply() {
        try (Cluster fresh = TestClusters.withNodes()) {
            var errors = ClusterSnapshot.restore(fresh, """
                    apiVersion: v1
                    kind: List
                    items:
                    - apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: broken}
                      spec: {replicas: -1, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: settings}
                      data: {a: b}
                    """);
            assertThat(errors).containsExactly("deployment/broken: Error from server (Invalid): Deployment.apps \"broken\" "
                    + "is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
            assertThat(fresh.store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.CONFIGMAPS, "default", "settings")).isNotNull();
        }
    }
}
