package io.kubelab.engine.controller.gc;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.controller.ControllerHarness;
import io.kubelab.engine.controller.endpointslice.EndpointSliceController;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kubelab.engine.controller.ControllerHarness.node;
import static io.kubelab.engine.controller.ControllerHarness.renewLease;
import static io.kubelab.engine.controller.ControllerHarness.service;
import static io.kubelab.engine.controller.ControllerHarness.servicePort;
import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectorTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    private Cluster cluster;
    private KubeApi api;

    @BeforeEach
    void setUp() {
        cluster = ControllerHarness.cluster(GarbageCollector.NAME, EndpointSliceController.NAME);
        api = cluster.api();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private Deployment deployment(String name) {
        return api.create(new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(WEB).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(WEB).endMetadata().withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build(), "default");
    }

    private ReplicaSet replicaSet(String name, HasMetadata owner) {
        return api.create(new ReplicaSetBuilder().withNewMetadata().withName(name).withOwnerReferences(controllerRef(owner))
                .endMetadata().withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(WEB).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(WEB).endMetadata().withNewSpec()
                .addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build(), "default");
    }

    private Pod pod(String name, String nodeName, OwnerReference... owners) {
        return api.create(new PodBuilder().withNewMetadata().withName(name).withLabels(WEB).withOwnerReferences(owners)
                .endMetadata().withNewSpec().withNodeName(nodeName).addNewContainer().withName("nginx").withImage("nginx")
                .endContainer().endSpec().build(), "default");
    }

    private <T extends HasMetadata> T find(io.kubelab.engine.model.ResourceType type, String name) {
        return api.find(type, "default", name);
    }

    /** What the kubelet does once the containers stopped: finish the graceful deletion. */
    private void kubeletFinishes(String pod) {
        api.delete(ResourceTypes.PODS, "default", pod, new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    }

    private static DeleteOptions policy(String p) {
        return new DeleteOptionsBuilder().withPropagationPolicy(p).build();
    }

    @Test
    void backgroundDeletionRemovesTheReplicaSetsAndTerminatesTheirPods() {
        Deployment d = deployment("web");
        ReplicaSet rs = replicaSet("web-5d4f8", d);
        pod("web-5d4f8-aaaaa", "node-1", controllerRef(rs));
        pod("web-5d4f8-bbbbb", "node-1", controllerRef(rs));
        pod("web-5d4f8-pending", null, controllerRef(rs));
        cluster.settle();

        api.delete(ResourceTypes.DEPLOYMENTS, "default", "web", policy("Background"));
        cluster.settle();

        assertThat((Deployment) find(ResourceTypes.DEPLOYMENTS, "web")).isNull();
        assertThat((ReplicaSet) find(ResourceTypes.REPLICASETS, "web-5d4f8")).isNull();
        // Bound pods terminate gracefully; a pending one has nothing to stop and goes at once.
        Pod a = find(ResourceTypes.PODS, "web-5d4f8-aaaaa");
        assertThat(a.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(a.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat((Pod) find(ResourceTypes.PODS, "web-5d4f8-pending")).isNull();

        kubeletFinishes("web-5d4f8-aaaaa");
        kubeletFinishes("web-5d4f8-bbbbb");
        cluster.settle();
        assertThat(api.<Pod>list(ResourceTypes.PODS, "default")).isEmpty();
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilTheBlockingDependentsAreGone() {
        Deployment d = deployment("web");
        ReplicaSet rs = replicaSet("web-5d4f8", d);
        pod("web-5d4f8-aaaaa", "node-1", controllerRef(rs));
        pod("web-5d4f8-bbbbb", "node-1", controllerRef(rs));
        cluster.settle();

        api.delete(ResourceTypes.DEPLOYMENTS, "default", "web", policy("Foreground"));
        cluster.settle();

        Deployment marked = find(ResourceTypes.DEPLOYMENTS, "web");
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
        // The ReplicaSet has pods of its own, so it is deleted in the foreground as well.
        ReplicaSet rsMarked = find(ResourceTypes.REPLICASETS, "web-5d4f8");
        assertThat(rsMarked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(rsMarked.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
        assertThat(((Pod) find(ResourceTypes.PODS, "web-5d4f8-aaaaa")).getMetadata().getDeletionTimestamp()).isNotNull();

        kubeletFinishes("web-5d4f8-aaaaa");
        cluster.settle();
        assertThat((ReplicaSet) find(ResourceTypes.REPLICASETS, "web-5d4f8")).isNotNull();

        kubeletFinishes("web-5d4f8-bbbbb");
        cluster.settle();
        assertThat((ReplicaSet) find(ResourceTypes.REPLICASETS, "web-5d4f8")).isNull();
        assertThat((Deployment) find(ResourceTypes.DEPLOYMENTS, "web")).isNull();
    }

    @Test
    void orphanDeletionLeavesTheDependentsWithoutTheReference() {
        Deployment d = deployment("web");
        ReplicaSet rs = replicaSet("web-5d4f8", d);
        pod("web-5d4f8-aaaaa", "node-1", controllerRef(rs));
        cluster.settle();

        api.delete(ResourceTypes.DEPLOYMENTS, "default", "web", policy("Orphan"));
        cluster.settle();

        assertThat((Deployment) find(ResourceTypes.DEPLOYMENTS, "web")).isNull();
        ReplicaSet orphan = find(ResourceTypes.REPLICASETS, "web-5d4f8");
        assertThat(orphan).isNotNull();
        assertThat(orphan.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(orphan.getMetadata().getDeletionTimestamp()).isNull();
        Pod p = find(ResourceTypes.PODS, "web-5d4f8-aaaaa");
        assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(p.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("web-5d4f8");
    }

    @Test
    void anObjectWhoseOwnerNeverExistedIsCollected() {
        OwnerReference ghost = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("ghost").withUid("00000000-0000-4000-8000-000000000000").withController(true).build();
        pod("orphaned", null, ghost);
        cluster.settle();
        assertThat((Pod) find(ResourceTypes.PODS, "orphaned")).isNull();
    }

    @Test
    void anObjectWithAnotherLivingOwnerOnlyLosesTheDanglingReference() {
        ConfigMap keeper = api.create(new ConfigMapBuilder().withNewMetadata().withName("keeper").endMetadata().build(), "default");
        ConfigMap leaver = api.create(new ConfigMapBuilder().withNewMetadata().withName("leaver").endMetadata().build(), "default");
        OwnerReference k = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("keeper")
                .withUid(keeper.getMetadata().getUid()).build();
        OwnerReference l = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("leaver")
                .withUid(leaver.getMetadata().getUid()).build();
        api.create(new ConfigMapBuilder().withNewMetadata().withName("shared").withOwnerReferences(k, l).endMetadata().build(), "default");
        cluster.settle();

        api.delete(ResourceTypes.CONFIGMAPS, "default", "leaver", null);
        cluster.settle();
        ConfigMap shared = find(ResourceTypes.CONFIGMAPS, "shared");
        assertThat(shared).isNotNull();
        assertThat(shared.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("keeper");

        api.delete(ResourceTypes.CONFIGMAPS, "default", "keeper", null);
        cluster.settle();
        assertThat((ConfigMap) find(ResourceTypes.CONFIGMAPS, "shared")).isNull();
    }

    @Test
    void deletingAServiceRemovesItsEndpointSlices() {
        service(api, "default", "web", WEB, servicePort("", 80, new IntOrString(8080)));
        cluster.settle();
        assertThat(slicesOf("web")).hasSize(1);

        api.delete(ResourceTypes.SERVICES, "default", "web", null);
        cluster.settle();
        assertThat(slicesOf("web")).isEmpty();
    }

    @Test
    void deletingANodeRemovesItsLease() {
        node(api, "node-1", null);
        renewLease(api, "node-1");
        cluster.settle();
        api.delete(ResourceTypes.NODES, null, "node-1", null);
        cluster.settle();
        assertThat((Object) api.find(ResourceTypes.LEASES, "kube-node-lease", "node-1")).isNull();
    }

    @Test
    void manyReplicaSetsWithManyPodsOnlyTheDeletedOnesChainIsTouched() {
        Deployment keep = deployment("keep");
        Deployment drop = deployment("drop");
        for (int r = 0; r < 20; r++) {
            ReplicaSet rs = replicaSet((r == 0 ? "drop" : "keep") + "-rs" + r, r == 0 ? drop : keep);
            for (int i = 0; i < 250; i++) {
                pod(rs.getMetadata().getName() + "-" + i, null, controllerRef(rs));
            }
        }
        cluster.settle();
        GarbageCollector gc = (GarbageCollector) cluster.component(GarbageCollector.NAME);
        int before = gc.graphSize();
        assertThat(before).isGreaterThanOrEqualTo(5_000 + 20 + 2);

        api.delete(ResourceTypes.DEPLOYMENTS, "default", "drop", null);
        cluster.settle();
        List<Pod> left = api.list(ResourceTypes.PODS, "default");
        assertThat(left).hasSize(19 * 250);
        assertThat(left).allMatch(p -> p.getMetadata().getName().startsWith("keep-"));
        assertThat(gc.graphSize()).isEqualTo(before - 1 - 1 - 250);
    }

    private List<EndpointSlice> slicesOf(String svc) {
        return api.<EndpointSlice>list(ResourceTypes.ENDPOINTSLICES, "default").stream()
                .filter(s -> svc.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name"))).toList();
    }
}
