package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.nodeInfo;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class NodeUnschedulableTest {

    @Test
    void aSchedulableNodeTakesAnyPod() {
        assertThat(NodeUnschedulable.fits(false, List.of())).isTrue();
    }

    @Test
    void aCordonedNodeRejectsAnOrdinaryPodUnresolvably() {
        Node cordoned = node("minikube-m02", "2", "4Gi", 110);
        cordoned.getSpec().setUnschedulable(true);
        Status s = new NodeUnschedulable().filter(new CycleState(), info(pod("web", null, null)), nodeInfo(cordoned));
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
    }

    @Test
    void aPodToleratingTheUnschedulableTaintMayStillGoThere() {
        Toleration t = new TolerationBuilder().withKey("node.kubernetes.io/unschedulable").withOperator("Exists")
                .withEffect("NoSchedule").build();
        assertThat(NodeUnschedulable.fits(true, List.of(t))).isTrue();
        Node cordoned = node("minikube-m02", "2", "4Gi", 110);
        cordoned.getSpec().setUnschedulable(true);
        var pod = podBuilder("ds", null, null).editSpec().withTolerations(t).endSpec().build();
        assertThat(new NodeUnschedulable().filter(new CycleState(), info(pod), nodeInfo(cordoned)).isSuccess()).isTrue();
    }
}
