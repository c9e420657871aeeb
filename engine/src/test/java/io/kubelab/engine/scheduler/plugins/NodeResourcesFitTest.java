package io.kubelab.engine.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Resources;
import io.kubelab.engine.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.kubelab.engine.scheduler.Fixtures.info;
import static io.kubelab.engine.scheduler.Fixtures.node;
import static io.kubelab.engine.scheduler.Fixtures.pod;
import static io.kubelab.engine.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

class NodeResourcesFitTest {
    private static final long GI = 1024L * 1024 * 1024;
    private static final long MI = 1024L * 1024;

    @ParameterizedTest(name = "pod {0}m/{1}Mi on node with {2}m/{3}Mi used of 2000m/4096Mi, {4}/{5} pods → {6}")
    @CsvSource({
            // pod cpu, pod mem (Mi), used cpu, used mem (Mi), pods, max pods, reasons
            "500, 512, 1500, 1024, 3, 110, ''",
            "600, 512, 1500, 1024, 3, 110, Insufficient cpu",
            "500, 4000, 0, 1024, 3, 110, Insufficient memory",
            "3000, 8192, 0, 0, 0, 110, Insufficient cpu|Insufficient memory",
            "100, 100, 0, 0, 110, 110, Too many pods",
            "3000, 100, 0, 0, 110, 110, Too many pods|Insufficient cpu",
            "0, 0, 2000, 4096, 3, 110, ''",          // asks nothing: only a pod slot is needed
            "2000, 4096, 0, 0, 0, 110, ''",          // exactly full is fine
    })
    void insufficientResources(long cpu, long memMi, long usedCpu, long usedMi, int pods, long maxPods, String reasons) {
        var got = NodeResourcesFit.insufficientResources(Resources.of(cpu, memMi * MI), Resources.of(usedCpu, usedMi * MI),
                Resources.of(2000, 4 * GI), pods, maxPods);
        assertThat(String.join("|", got)).isEqualTo(reasons);
    }

    @Test
    void theFilterCountsTheRequestsOfThePodsBoundToTheNode() {
        NodeInfo node = NodeInfo.of(node("minikube-m02", "2", "4Gi", 110),
                info(pod("a", "1", "1Gi")), info(pod("b", "500m", "1Gi")));
        assertThat(node.requested()).isEqualTo(Resources.of(1500, 2 * GI));
        Status s = new NodeResourcesFit().filter(new CycleState(), info(pod("c", "600m", "100Mi")), node);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("Insufficient cpu");
        node.removePod("uid-b");
        assertThat(new NodeResourcesFit().filter(new CycleState(), info(pod("c", "600m", "100Mi")), node).isSuccess()).isTrue();
    }

    private static io.fabric8.kubernetes.api.model.ResourceRequirements requests(String cpu, String mem) {
        return new ResourceRequirementsBuilder().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(mem))).build();
    }

    @Test
    void initContainersCountByTheMaxRule() {
        // PodInfo's worked example: containers 2/1G + 1/1G, init containers 2/1G and 2/3G → 3 CPU, 3G.
        Pod pod = podBuilder("p", null, null).editSpec()
                .withContainers()
                .addNewContainer().withName("c1").withResources(requests("2", "1G")).endContainer()
                .addNewContainer().withName("c2").withResources(requests("1", "1G")).endContainer()
                .addNewInitContainer().withName("i1").withResources(requests("2", "1G")).endInitContainer()
                .addNewInitContainer().withName("i2").withResources(requests("2", "3G")).endInitContainer()
                .endSpec().build();
        assertThat(PodInfo.podRequests(pod.getSpec(), false)).isEqualTo(Resources.of(3000, 3_000_000_000L));
    }

    @Test
    void sidecarsAddToTheSumAndToEveryLaterInitContainer() {
        // Sidecar 500m runs alongside; init 2 CPU after it needs 2.5; containers 1 + sidecar 0.5 = 1.5 → 2.5.
        Pod pod = podBuilder("p", null, null).editSpec()
                .withContainers().addNewContainer().withName("c").withResources(requests("1", "100Mi")).endContainer()
                .addNewInitContainer().withName("proxy").withRestartPolicy("Always").withResources(requests("500m", "100Mi")).endInitContainer()
                .addNewInitContainer().withName("migrate").withResources(requests("2", "100Mi")).endInitContainer()
                .endSpec().build();
        assertThat(PodInfo.podRequests(pod.getSpec(), false).milliCpu()).isEqualTo(2500);
    }

    @Test
    void aLimitWithoutARequestRequestsTheLimitAndScoringFillsMissingRequests() {
        Pod limitsOnly = podBuilder("p", null, null).editSpec().editFirstContainer()
                .withResources(new ResourceRequirementsBuilder().withLimits(Map.of("cpu", new Quantity("250m"))).build())
                .endContainer().endSpec().build();
        PodInfo p = info(limitsOnly);
        assertThat(p.requests()).isEqualTo(Resources.of(250, 0));
        assertThat(p.nonZeroRequests()).isEqualTo(Resources.of(250, 200 * MI));
        assertThat(info(pod("be", null, null)).nonZeroRequests()).isEqualTo(Resources.of(100, 200 * MI));
    }

    @ParameterizedTest(name = "{0}m/{1}Mi requested of {2}m/{3}Mi → {4}")
    @CsvSource({
            "500, 512, 2000, 4096, 81",     // (75 + 87) / 2
            "0, 0, 2000, 4096, 100",
            "2000, 4096, 2000, 4096, 0",
            "3000, 1024, 2000, 4096, 37",   // over-committed cpu scores 0: (0 + 75) / 2
            "1000, 0, 2000, 0, 50",         // no memory capacity: cpu alone
    })
    void leastAllocated(long cpu, long memMi, long allocCpu, long allocMi, long expected) {
        assertThat(NodeResourcesFit.leastAllocatedScore(cpu, allocCpu, memMi * MI, allocMi * MI)).isEqualTo(expected);
    }

    @Test
    void scoreUsesNonZeroRequestsOfNodeAndPod() {
        NodeInfo empty = NodeInfo.of(node("n", "2", "4Gi", 110));
        // A BestEffort pod counts 100m / 200Mi: cpu (2000-100)*100/2000 = 95, memory (4096-200)*100/4096 = 95.
        assertThat(new NodeResourcesFit().score(new CycleState(), info(pod("be", null, null)), empty)).isEqualTo(95);
    }
}
