package io.kubelab.app.demo;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.app.cluster.PodStatusText;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DemoScenarioTest {

    @Test
    void theShowcaseHasAPodInEveryStateTheViewShows() {
        // With the kubelets held, the showcase writes the states itself.
        try (Cluster c = io.kubelab.app.TestClusters.withNodes()) {
            DemoScenario.run(DemoScenario.SHOWCASE, c);
            Map<String, String> status = new TreeMap<>();
            for (Pod p : c.store().<Pod>list(ResourceTypes.PODS, "default").items()) {
                status.put(p.getMetadata().getName(), PodStatusText.of(p));
            }
            assertThat(status).containsEntry("crashy", "CrashLoopBackOff").containsEntry("redis", "ContainerCreating")
                    .containsEntry("migrate-db", "Completed").containsEntry("old-web", "Terminating")
                    .containsEntry("big-job", "Pending");
            // The Deployment's 3 pods come from the real ReplicaSet controller (the scheduler is held here).
            assertThat(status.keySet()).filteredOn(n -> n.startsWith("nginx-deployment-")).hasSize(3);
            assertThat(c.store().count(ResourceTypes.NODES)).isEqualTo(3);
            // Play scheduler and kubelet for the Deployment's pods, so the demo traffic has endpoints.
            int ip = 20;
            for (String name : status.keySet()) {
                if (name.startsWith("nginx-deployment-")) {
                    io.kubelab.app.TestClusters.bind(c, "default", name, "minikube-m02");
                    io.kubelab.app.TestClusters.running(c, "default", name, "10.244.1." + ip++);
                }
            }
            c.settle();
            assertThat(DemoScenario.nextRequest(c, 0)).isNotNull();
        }
    }

    @Test
    void theNginxScenarioAppliesTheDecksManifests() {
        try (Cluster c = Cluster.create(ClusterConfig.defaults())) {
            DemoScenario.run(DemoScenario.NGINX, c);
            assertThat(c.store().<io.fabric8.kubernetes.api.model.HasMetadata>get(ResourceTypes.DEPLOYMENTS, "default",
                    "nginx-deployment")).isNotNull();
            io.fabric8.kubernetes.api.model.Service svc = c.store().get(ResourceTypes.SERVICES, "default", "my-nginx");
            assertThat(svc.getSpec().getPorts().get(0).getNodePort()).isEqualTo(31000);
        }
    }
}
