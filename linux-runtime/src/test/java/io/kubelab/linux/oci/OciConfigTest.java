package io.kubelab.linux.oci;

import io.kubelab.engine.runtime.LinuxContainerResources;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciConfigTest {

    private static ContainerSpec container(Long sandboxPid, String hostname) {
        return new ContainerSpec("/r", false, List.of("sh"), List.of(), "/", 0, 0, hostname, sandboxPid, List.of(),
                ContainerSpec.Resources.NONE, "/kubelab/n/p/c", Map.of());
    }

    @Test
    void containerJoinsTheSandboxNetIpcUtsButOwnsPidAndMount() {
        JsonNode ns = OciConfig.generate(container(77L, null)).at("/linux/namespaces");
        List<String> joined = new ArrayList<>();
        List<String> own = new ArrayList<>();
        ns.forEach(n -> (n.has("path") ? joined : own).add(n.get("type").asText() + (n.has("path") ? "=" + n.get("path").asText() : "")));
        assertThat(joined).containsExactly("network=/proc/77/ns/net", "ipc=/proc/77/ns/ipc", "uts=/proc/77/ns/uts");
        assertThat(own).containsExactly("pid", "mount");
    }

    @Test
    void sandboxOwnsEveryNamespace() {
        JsonNode ns = OciConfig.generate(container(null, "web")).at("/linux/namespaces");
        ns.forEach(n -> assertThat(n.has("path")).isFalse());
        assertThat(ns).hasSize(5);
    }

    @Test
    void containerInASandboxCannotSetAHostname() {
        assertThatThrownBy(() -> container(77L, "web")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox's hostname");
    }

    @Test
    void noDangerousCapabilityAndNoNewPrivileges() {
        JsonNode spec = OciConfig.generate(container(77L, null));
        assertThat(spec.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(spec.at("/process/capabilities/bounding").toString())
                .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_MODULE", "CAP_SYS_PTRACE")
                .contains("CAP_NET_RAW", "CAP_NET_BIND_SERVICE");
        assertThat(spec.at("/linux/seccomp/syscalls/0/names").toString()).contains("\"mount\"", "\"unshare\"",
                "\"kexec_load\"", "\"bpf\"", "\"ptrace\"");
        assertThat(spec.at("/linux/maskedPaths").toString()).contains("/proc/kcore");
    }

    @ParameterizedTest(name = "request {0}m limit {1}m -> shares {2}, quota {3} per {4}")
    @CsvSource({"250,500,256,50000,100000", "1000,2000,1024,200000,100000", "1,1,2,1000,100000", "0,0,2,0,0",
            "100,0,102,0,0", "0,500,512,50000,100000"})
    void cpuMillisToSharesAndQuota(long request, long limit, long shares, long quota, long period) {
        ContainerSpec.Resources r = ContainerSpec.Resources.of(LinuxContainerResources.fromKubernetes(request, limit, 0));
        assertThat(r.cpuShares()).isEqualTo(shares);
        assertThat(r.cpuQuotaMicros()).isEqualTo(quota);
        assertThat(r.cpuPeriodMicros()).isEqualTo(period);
        assertThat(r.pidsLimit()).as("the PID limit is the pod's, on its cgroup").isZero();
    }
}
