package io.kubelab.engine.controller.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.kubelab.engine.controller.ControllerTestKit;
import io.kubelab.engine.controller.util.PodControl;
import io.kubelab.engine.controller.util.RealPodControl;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaSetSyncTest {

    /** A pod control with a pod quota: the calls after the first {@code quota} successes fail. */
    static final class QuotaPodControl implements PodControl {
        RealPodControl real;
        int quota;
        int calls;

        QuotaPodControl(int quota) {
            this.quota = quota;
        }

        @Override
        public Pod createPod(String namespace, PodTemplateSpec template, HasMetadata parent, OwnerReference ref) {
            calls++;
            if (quota <= 0) {
                throw ApiException.forbidden(ResourceTypes.PODS, parent.getMetadata().getName() + "-",
                        "exceeded quota: pods-quota, requested: pods=1, used: pods=4, limited: pods=4");
            }
            quota--;
            return real.createPod(namespace, template, parent, ref);
        }

        @Override
        public void deletePod(String namespace, String name, HasMetadata parent) {
            real.deletePod(namespace, name, parent);
        }
    }

    @ParameterizedTest(name = "{0} calls, {1} succeed → {2} made, {3} tried")
    @CsvSource({
            // count, successes allowed, successes, calls: batches are 1, 2, 4, 8, …
            "10, 100, 10, 10",  // 1 + 2 + 4 + 3
            "10,   0,  0,  1",  // the first batch of 1 fails: 9 never tried
            "10,   4,  4,  7",  // 1 + 2 ok, then the batch of 4 has 1 success and 3 failures
            " 3,   1,  1,  3",  // 1 ok, then the batch of 2 fails as a whole
            " 1,   1,  1,  1",
            " 0,   5,  0,  0",
    })
    void slowStartBatchStartsWithOneAndDoubles(int count, int allowed, int successes, int calls) {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger tried = new AtomicInteger();
        ReplicaSetSync.BatchResult r = ReplicaSetSync.slowStartBatch(count, 1, () -> {
            tried.incrementAndGet();
            if (made.get() >= allowed) {
                throw new IllegalStateException("quota");
            }
            made.incrementAndGet();
        });
        assertThat(r.successes()).isEqualTo(successes);
        assertThat(tried.get()).isEqualTo(calls);
        assertThat(r.error() != null).isEqualTo(successes < count);
    }

    @Test
    void createFailuresStopTheSlowStartAndShowAsReplicaFailure() {
        QuotaPodControl quota = new QuotaPodControl(4);
        ReplicaSetController rsc = new ReplicaSetController(quota);
        ControllerTestKit kit = new ControllerTestKit(rsc);
        quota.real = new RealPodControl(kit.api, kit.events, ReplicaSetController.NAME);
        kit.create(ReplicaSetControllerTest.FRONTEND.replace("replicas: 3", "replicas: 10"));

        assertThatThrownBy(() -> rsc.sync("default/frontend")).isInstanceOf(ApiException.class)
                .hasMessageContaining("exceeded quota");
        assertThat(quota.calls).isEqualTo(7);
        assertThat(kit.pods("tier=frontend")).hasSize(4);
        // Neither the 3 failed nor the 3 skipped creations will be seen: none is expected any more.
        assertThat(rsc.expectations().pending("default/frontend")[0]).isEqualTo(0);
        ReplicaSet rs = kit.replicaSet("frontend");
        ReplicaSetCondition failure = ReplicaSetStatuses.condition(rs.getStatus(), "ReplicaFailure");
        assertThat(failure.getStatus()).isEqualTo("True");
        assertThat(failure.getReason()).isEqualTo("FailedCreate");
        assertThat(failure.getMessage()).isEqualTo("pods \"frontend-\" is forbidden: exceeded quota: pods-quota, "
                + "requested: pods=1, used: pods=4, limited: pods=4");
        assertThat(rs.getStatus().getReplicas()).isEqualTo(0); // counted before the creations

        // Retried while the quota is still full: one call (a batch of 1), one more failure.
        assertThatThrownBy(() -> rsc.sync("default/frontend")).isInstanceOf(ApiException.class);
        assertThat(quota.calls).isEqualTo(8);
        assertThat(kit.eventMessages("frontend", "SuccessfulCreate")).hasSize(4);

        // The quota is raised: the next sync makes the other 6 (batches 1, 2, 3) and the failure goes.
        quota.quota = 100;
        rsc.sync("default/frontend");
        kit.settle();
        assertThat(quota.calls).isEqualTo(14);
        assertThat(kit.pods("tier=frontend")).hasSize(10);
        assertThat(ReplicaSetStatuses.condition(kit.replicaSet("frontend").getStatus(), "ReplicaFailure")).isNull();
    }

    @Test
    void realPodControlRecordsFailedCreate() {
        ReplicaSetController rsc = new ReplicaSetController();
        ControllerTestKit kit = new ControllerTestKit(rsc);
        kit.create(ReplicaSetControllerTest.FRONTEND);
        // A template the API refuses pods of (a container without an image).
        RealPodControl control = new RealPodControl(kit.api, kit.events, ReplicaSetController.NAME);
        ReplicaSet rs = kit.replicaSet("frontend");
        PodTemplateSpec broken = io.kubelab.engine.model.Kube.copy(rs.getSpec().getTemplate());
        broken.getSpec().getContainers().get(0).setImage(null);
        assertThatThrownBy(() -> control.createPod("default", broken, rs, null)).isInstanceOf(ApiException.class);
        assertThat(kit.events("frontend")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("FailedCreate");
            assertThat(e.getMessage()).startsWith("Error creating: ");
        });
    }

    @Test
    void doesNotActAgainBeforeTheWatchHasReportedWhatItAskedFor() {
        ReplicaSetController rsc = new ReplicaSetController();
        ControllerTestKit kit = new ControllerTestKit(rsc);
        kit.create(ReplicaSetControllerTest.FRONTEND);
        // As if a previous sync had asked for 2 pods that the watch has not delivered yet.
        rsc.expectations().expectCreations("default/frontend", 2);
        rsc.sync("default/frontend");
        assertThat(kit.pods("tier=frontend")).isEmpty();
        // The status is still written (observedGeneration), only pods are not made.
        assertThat(kit.replicaSet("frontend").getStatus().getObservedGeneration()).isEqualTo(1L);

        rsc.expectations().creationObserved("default/frontend");
        rsc.sync("default/frontend");
        assertThat(kit.pods("tier=frontend")).isEmpty();
        rsc.expectations().creationObserved("default/frontend");
        rsc.sync("default/frontend");
        assertThat(kit.pods("tier=frontend")).hasSize(3);
        // The watch delivered the 3 creations during the sync: nothing is pending.
        assertThat(rsc.expectations().pending("default/frontend")).containsExactly(0, 0);
        assertThat(rsc.expectations().satisfied("default/frontend")).isTrue();
    }

    @Test
    void deletionsAreExpectedByPodAndObservedOnceWhenTerminatingThenGone() {
        ReplicaSetController rsc = new ReplicaSetController();
        ControllerTestKit kit = new ControllerTestKit(rsc);
        kit.create(ReplicaSetControllerTest.FRONTEND);
        kit.settle();
        for (Pod p : kit.pods("tier=frontend")) {
            kit.bind(p, "minikube");
        }
        kit.settle();
        kit.api.modify(ResourceTypes.REPLICASETS, "default", "frontend", (ReplicaSet rs) -> {
            rs.getSpec().setReplicas(1);
            return rs;
        }, false);
        rsc.sync("default/frontend");
        // Bound pods terminate gracefully: the deletions were observed when they began.
        assertThat(rsc.expectations().pending("default/frontend")).containsExactly(0, 0);
        assertThat(kit.activePods("tier=frontend")).hasSize(1);
        for (Pod p : kit.pods("tier=frontend")) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                kit.finishTermination(p);
            }
        }
        assertThat(rsc.expectations().pending("default/frontend")).containsExactly(0, 0);
        kit.settle();
        assertThat(kit.pods("tier=frontend")).hasSize(1);
        assertThat(kit.replicaSet("frontend").getStatus().getReplicas()).isEqualTo(1);
    }
}
