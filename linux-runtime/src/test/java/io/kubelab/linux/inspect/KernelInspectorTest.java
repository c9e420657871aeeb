package io.kubelab.linux.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelab.linux.oci.ContainerSpec;
import io.kubelab.linux.oci.OciConfig;
import io.kubelab.linux.oci.SecurityDefaults;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KernelInspectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheInodeOfANamespaceLink() {
        assertThat(KernelInspector.parseInode("net:[4026532286]")).isEqualTo(4026532286L);
        assertThat(KernelInspector.parseInode("pid_for_children:[4026531836]")).isEqualTo(4026531836L);
        assertThat(KernelInspector.parseInode("garbage")).isZero();
    }

    @Test
    void theSeccompProfileKubelabWritesAllowsAllButItsDeniedList() throws Exception {
        ContainerSpec spec = new ContainerSpec("/rootfs", false, List.of("/bin/sh"), List.of(), "/", 0, 0, "web", null,
                List.of(), ContainerSpec.Resources.NONE, "/kubelab/x", java.util.Map.of());
        PodKernelView.SeccompProfile p = KernelInspector.seccompOf(JSON.readTree(OciConfig.json(spec)));
        assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(p.blockedAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(p.blockedSyscalls()).isEqualTo(SecurityDefaults.DENIED_SYSCALLS.size());
    }

    @Test
    void printsRoutesAsIpRouteDoes() throws Exception {
        assertThat(KernelInspector.Routes.format(JSON.readTree("""
                {"dst":"default","gateway":"10.244.0.1","dev":"eth0","flags":[]}"""))).isEqualTo("default via 10.244.0.1 dev eth0");
        assertThat(KernelInspector.Routes.format(JSON.readTree("""
                {"dst":"10.244.0.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"10.244.0.2","flags":[]}""")))
                .isEqualTo("10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2");
    }
}
