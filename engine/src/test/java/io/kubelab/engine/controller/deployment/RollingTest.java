package io.kubelab.engine.controller.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.deployment.util.DeploymentUtil;
import io.kubelab.engine.controller.replicaset.ReplicaSetController;
import io.kubelab.engine.controller.util.OwnerRefs;
import io.kubelab.engine.controller.util.Pods;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RollingTest {

    static String deployment(int replicas, String maxSurge, String maxUnavailable) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: %d
                  strategy:
                    type: RollingUpdate
                    rollingUpdate: {maxSurge: %s, maxUnavailable: %s}
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "nginx:1.24"}]
                """.formatted(replicas, quote(maxSurge), quote(maxUnavailable));
    }

    private static String quote(String v) {
        return v.endsWith("%") ? "\"" + v + "\"" : v;
    }

    // ---- the worked examples of rolling.go's reconcileOldReplicaSets ---------------------------

    /**
     * 10 replicas, maxSurge 3, maxUnavailable 2 (minAvailable 8, at most 13 pods). ReplicaSets are
     * {@code name:replicas:available}, the first one the new ReplicaSet.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // 13 − 8 − 5 = 0: nothing old may go, even with an old pod lost to a node failure.
            "case 1, new pods crash-loop;                   new:5:0 old:8:7;          false; new:5 old:8",
            // After rollout undo the good ReplicaSet is new: 13 − 8 − 1 = 4 crash-looping pods go.
            "case 1 after rollout undo;                     good:8:7 bad:5:0;         true;  good:8 bad:1",
            // Roll over to a third template: 13 − 8 − 0 = 5, taken from the unhealthy ReplicaSet.
            "case 2, roll over;                             third:0:0 first:8:8 second:5:0; true; third:0 first:8 second:0",
            // A healthy step: 13 available, 8 needed: 5 old pods may go.
            "healthy step;                                  new:5:5 old:8:8;          true;  new:5 old:3",
    })
    void reconcileOldReplicaSets(String name, String replicaSets, boolean scaled, String expected) {
        DeploymentController dc = new DeploymentController();
        ControllerTestKit kit = new ControllerTestKit(dc);
        Deployment d = kit.create(deployment(10, "3", "2"));
        List<ReplicaSet> rss = new ArrayList<>();
        int i = 0;
        for (String spec : replicaSets.trim().split(" ")) {
            String[] f = spec.split(":");
            rss.add(seedReplicaSet(kit, d, f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), i++));
        }
        ReplicaSet newRS = rss.get(0);
        List<ReplicaSet> oldRSs = rss.subList(1, rss.size());
        Deployment fresh = Kube.copy(kit.deployment("web"));

        assertThat(dc.rolling.reconcileOldReplicaSets(rss, DeploymentUtil.active(oldRSs), newRS, fresh)).isEqualTo(scaled);
        for (String e : expected.trim().split(" ")) {
            String[] f = e.split(":");
            assertThat(kit.replicaSet(f[0]).getSpec().getReplicas()).as(f[0]).isEqualTo(Integer.parseInt(f[1]));
        }
        if (name.contains("roll over")) {
            // ... which then allows the new ReplicaSet to grow by 5.
            List<ReplicaSet> now = new ArrayList<>();
            for (ReplicaSet rs : rss) {
                now.add(kit.replicaSet(rs.getMetadata().getName()));
            }
            assertThat(DeploymentUtil.newRSNewReplicas(fresh, now, now.get(0))).isEqualTo(5);
        }
    }

    static ReplicaSet seedReplicaSet(ControllerTestKit kit, Deployment d, String name, int replicas, int available, int image) {
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        rs.getMetadata().setName(name);
        Map<String, String> labels = new LinkedHashMap<>(Map.of("app", "web", "pod-template-hash", name));
        rs.getMetadata().setLabels(labels);
        rs.getMetadata().setOwnerReferences(List.of(OwnerRefs.newControllerRef(d, "apps/v1", "Deployment")));
        rs.setSpec(new io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec());
        rs.getSpec().setReplicas(replicas);
        rs.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelector(null, new LinkedHashMap<>(labels)));
        var template = Kube.copy(d.getSpec().getTemplate());
        template.getMetadata().setLabels(new LinkedHashMap<>(labels));
        template.getSpec().getContainers().get(0).setImage("nginx:1." + (20 + image));
        rs.getSpec().setTemplate(template);
        kit.api.create(rs, "default");
        ReplicaSet stored = Kube.copy(kit.replicaSet(name));
        ReplicaSetStatus s = new ReplicaSetStatus();
        s.setReplicas(replicas);
        s.setReadyReplicas(available);
        s.setAvailableReplicas(available);
        s.setObservedGeneration(1L);
        stored.setStatus(s);
        return Kube.copy(kit.api.updateStatus(stored));
    }

    // ---- whole rollouts ------------------------------------------------------------------------

    /**
     * A rolling update from nginx:1.24 to nginx:1.25, the kubelet's part played by marking every
     * new pod ready between steps. At every step: at most replicas + maxSurge pods, at least
     * replicas − maxUnavailable available.
     */
    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @CsvSource({
            "2,  25%, 25%",
            "3,  25%, 25%",
            "4,  25%, 25%",
            "10, 25%, 25%",
            "10, 3,   2",
            "3,  0,   1",
            "5,  1,   0",
            "5,  100%, 0",
    })
    void rollingUpdateStaysWithinSurgeAndAvailability(int replicas, String surge, String unavailable) {
        ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());
        kit.create(deployment(replicas, surge, unavailable));
        kit.settle();
        kit.markAllReady("app=web");
        kit.settle();
        Deployment d = kit.deployment("web");
        int maxSurge = DeploymentUtil.maxSurge(d);
        int maxUnavailable = DeploymentUtil.maxUnavailable(d);
        List<String> violations = new ArrayList<>();
        if (replicas <= 3 && maxSurge > 0) {
            // With a surge, few replicas: the bounds also hold at every single pod change, not only
            // between steps. (Without a surge, the new ReplicaSet's first pod is made in the same
            // round as the old one's deletion, and the ReplicaSet controller, like upstream's
            // parallel workers, does not promise to delete first: one pod too many for a moment.)
            kit.store.watch(ResourceTypes.PODS, kit.store.revision(), o -> true,
                    e -> check(kit, replicas, maxSurge, maxUnavailable, "at " + e.type() + " " + e.object().getMetadata().getName(), violations));
        }

        kit.setImage("web", "web", "nginx:1.25");
        int steps = 0;
        while (!complete(kit.deployment("web"))) {
            kit.settle();
            check(kit, replicas, maxSurge, maxUnavailable, "step " + steps, violations);
            kit.clock.advance(java.time.Duration.ofSeconds(1));
            kit.markAllReady("app=web");
            kit.settle();
            check(kit, replicas, maxSurge, maxUnavailable, "step " + steps + " after ready", violations);
            assertThat(++steps).as("steps").isLessThan(50);
        }
        assertThat(violations).isEmpty();
        assertThat(kit.activePods("app=web")).hasSize(replicas)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25"));
        List<ReplicaSet> rss = kit.replicaSets();
        assertThat(rss).hasSize(2);
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
        assertThat(rss.get(1).getSpec().getReplicas()).isEqualTo(replicas);
        assertThat(rss.get(1).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(kit.deployment("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    private static void check(ControllerTestKit kit, int replicas, int maxSurge, int maxUnavailable, String when,
                              List<String> violations) {
        List<Pod> active = new ArrayList<>();
        for (Pod p : kit.api.<Pod>list(ResourceTypes.PODS, "default")) {
            if (Pods.isActive(p)) {
                active.add(p);
            }
        }
        long ready = active.stream().filter(Pods::isReady).count();
        if (active.size() > replicas + maxSurge) {
            violations.add(when + ": " + active.size() + " pods > " + (replicas + maxSurge));
        }
        if (ready < replicas - maxUnavailable) {
            violations.add(when + ": " + ready + " available < " + (replicas - maxUnavailable));
        }
    }

    static boolean complete(Deployment d) {
        return d.getStatus() != null && d.getStatus().getConditions() != null && DeploymentUtil.deploymentComplete(d, d.getStatus())
                && "NewReplicaSetAvailable".equals(DeploymentUtil.condition(d.getStatus(), "Progressing").getReason());
    }

    @Test
    void threeReplicasRollOutAsTheKubernetesDocsShowIt() {
        ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());
        kit.create(deployment(3, "25%", "25%"));
        kit.settle();
        kit.markAllReady("app=web");
        kit.settle();
        String old = kit.replicaSets().get(0).getMetadata().getName();
        kit.setImage("web", "web", "nginx:1.25");
        kit.settle();
        String neu = kit.replicaSets().get(1).getMetadata().getName();
        while (!complete(kit.deployment("web"))) {
            kit.markAllReady("app=web");
            kit.settle();
        }
        assertThat(kit.eventMessages("web", "ScalingReplicaSet")).containsExactly(
                "Scaled up replica set " + old + " from 0 to 3",
                "Scaled up replica set " + neu + " from 0 to 1",
                "Scaled down replica set " + old + " from 3 to 2",
                "Scaled up replica set " + neu + " from 1 to 2",
                "Scaled down replica set " + old + " from 2 to 1",
                "Scaled up replica set " + neu + " from 2 to 3",
                "Scaled down replica set " + old + " from 1 to 0");
        assertThat(kit.replicaSet(old).getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
    }

    @Test
    void midRolloutTheProgressingConditionSaysReplicaSetUpdated() {
        ControllerTestKit kit = new ControllerTestKit(new DeploymentController(), new ReplicaSetController());
        kit.create(deployment(3, "25%", "25%"));
        kit.settle();
        kit.markAllReady("app=web");
        kit.settle();
        kit.setImage("web", "web", "nginx:1.25");
        kit.settle();
        Deployment d = kit.deployment("web");
        String neu = kit.replicaSets().get(1).getMetadata().getName();
        var progressing = DeploymentUtil.condition(d.getStatus(), "Progressing");
        assertThat(progressing.getReason()).isEqualTo("ReplicaSetUpdated");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + neu + "\" is progressing.");
        // What `kubectl rollout status` reads: 1 of 3 updated, 4 pods, generation observed.
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(d.getStatus().getReplicas()).isEqualTo(4);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
    }
}
