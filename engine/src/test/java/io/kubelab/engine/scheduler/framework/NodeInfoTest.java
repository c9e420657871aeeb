package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;

import static io.kubelab.engine.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class NodeInfoTest {
    @Test
    void replacingAPodWithANewerVersionKeepsItsPlaceAndTheCounts() {
        NodeInfo node = new NodeInfo("minikube");
        PodInfo a = new PodInfo(pod("a", "100m", "128Mi"));
        node.addPod(a);
        node.addPod(new PodInfo(pod("b", "200m", "128Mi")));

        Pod newer = Kube.copy(a.pod());
        newer.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withStartTime("2026-01-01T00:00:05Z").build());
        PodInfo replaced = a.withPod(newer);
        assertThat(node.replacePod(replaced)).isTrue();

        // Still first (the order preemption and affinity walk the pods in), counted once.
        assertThat(node.pods()).extracting(PodInfo::name).containsExactly("a", "b");
        assertThat(node.pod(a.uid()).pod()).isSameAs(newer);
        assertThat(node.podCount()).isEqualTo(2);
        assertThat(node.requested().milliCpu()).isEqualTo(300);
        // What was computed is kept, the start time too (the first version had none).
        assertThat(replaced.requests()).isEqualTo(a.requests());
        assertThat(replaced.labels()).isSameAs(a.labels());
        assertThat(replaced.startTime()).isNull();
        assertThat(new PodInfo(newer).startTime()).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(a.withPod(a.pod())).isSameAs(a);

        assertThat(node.replacePod(new PodInfo(pod("c", "1", "1Gi")))).isFalse();
        assertThat(node.podCount()).isEqualTo(2);
    }
}
