package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.nodeInfo;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class NodeNameTest {

    @ParameterizedTest(name = "pod asks for ''{0}'' on {1}: fits={2}")
    @CsvSource({
            "'', minikube, true",
            "minikube, minikube, true",
            "minikube, minikube-m02, false",
    })
    void fits(String wanted, String node, boolean fits) {
        Pod pod = podBuilder("p", null, null).editSpec().withNodeName(wanted.isEmpty() ? null : wanted).endSpec().build();
        assertThat(NodeName.fits(pod, node)).isEqualTo(fits);

        var status = new NodeName().filter(new CycleState(), info(pod), nodeInfo(node(node, "2", "4Gi", 110, Map.of())));
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(status.reasons()).containsExactly("node(s) didn't match the requested node name");
        }
    }
}
