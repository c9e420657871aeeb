package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.Messages;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class KernelViewModelTest {
    private final I18n i18n = new I18n(Locale.ENGLISH);
    private final KernelViewModel vm = new KernelViewModel(i18n, Runnable::run);
    private final FakeKernel kernel = new FakeKernel();

    private void select(String pod) {
        vm.selectionProperty().set(new Selection.ObjectRef(ResourceTypes.PODS, "default", pod));
    }

    @Test
    void aSimulatedClusterSaysItHasNoKernelObjectsAndHowToGetThem() {
        select("duo");
        vm.shownProperty().set(true);
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).contains("simulated").contains("real mode (Linux, as root)");
        i18n.setLocale(Messages.ZH_TW);
        assertThat(vm.messageProperty().get()).contains("模擬").contains("真實模式");
    }

    @Test
    void thePodIsInspectedOnlyOnceTheTabIsShown() {
        vm.setSource(kernel);
        select("duo");
        assertThat(kernel.asked).isEmpty();
        vm.shownProperty().set(true);
        assertThat(kernel.asked).containsExactly("default/duo");
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void namespacesReadAsSharedOwnOrTheHosts() {
        vm.setSource(kernel);
        select("duo");
        vm.shownProperty().set(true);
        assertThat(vm.namespaces()).extracting(KernelViewModel.NamespaceLine::kind, KernelViewModel.NamespaceLine::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("net", "shared"),
                        org.assertj.core.groups.Tuple.tuple("ipc", "shared"),
                        org.assertj.core.groups.Tuple.tuple("uts", "shared"),
                        org.assertj.core.groups.Tuple.tuple("pid", "own"),
                        org.assertj.core.groups.Tuple.tuple("mnt", "own"),
                        org.assertj.core.groups.Tuple.tuple("cgroup", "host's"),
                        org.assertj.core.groups.Tuple.tuple("user", "host's"));
        KernelViewModel.NamespaceLine net = vm.namespaces().get(0);
        assertThat(net.pod()).isEqualTo("4026532300");
        assertThat(vm.containerNames()).containsExactly("app", "sidecar");
        assertThat(net.containers()).containsExactly("4026532300", "4026532300");
        assertThat(net.host()).isEqualTo("4026531840");
    }

    @Test
    void memoryUseIsReadAgainEachSecondWhileShown() {
        vm.setSource(kernel);
        select("duo");
        vm.shownProperty().set(true);
        // 16 MiB of 64 MiB
        assertThat(vm.cgroups().get(0).memory()).isEqualTo("memory 16.0 MiB of 64.0 MiB (25.0 %) · peak 16.0 MiB");
        assertThat(vm.cgroups().get(0).files()).startsWith("cgroup v2: memory.max, memory.current, memory.peak, cpu.max");
        assertThat(vm.cgroups().get(0).memoryFraction()).isEqualTo(0.25);
        assertThat(vm.cgroups().get(0).cpu()).startsWith("CPU limit 0.50 CPU, used 1.25 s, weight 100");
        vm.refreshUsage();
        assertThat(vm.cgroups().get(0).memory()).startsWith("memory 17.0 MiB of 64.0 MiB");
        vm.shownProperty().set(false);
        vm.refreshUsage();
        assertThat(kernel.usageReads()).as("no reads while the tab is hidden").isEqualTo(1);
    }

    @Test
    void networkIptablesAndSecurityAreShownAsTheToolsPrintThem() {
        vm.setSource(kernel);
        select("duo");
        vm.shownProperty().set(true);
        assertThat(vm.networkProperty().get()).contains("eth0  10.244.0.5/24").contains("veth1a2b3c4d")
                .contains("cbr0  10.244.0.1/24").contains("default via 10.244.0.1 dev eth0");
        assertThat(vm.iptablesProperty().get()).startsWith("# Service default/duo\n-A KUBE-SERVICES")
                .contains("-j DNAT --to-destination 10.244.0.5:80");
        assertThat(vm.securityProperty().get()).contains("Seccomp: 2 (filter)").contains("NoNewPrivs: 1")
                .contains("14 of 41 capabilities").contains("CAP_NET_BIND_SERVICE")
                .contains("Seccomp profile: default SCMP_ACT_ALLOW; 62 system calls get SCMP_ACT_ERRNO");
        String missing = vm.securityProperty().get().split("missing:\n")[1].lines().findFirst().orElseThrow();
        assertThat(missing).contains("CAP_SYS_ADMIN").doesNotContain("CAP_CHOWN");
    }

    @Test
    void aPodWithoutSandboxSaysSo() {
        vm.setSource(kernel);
        select("pending");
        vm.shownProperty().set(true);
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo(
                "pod/pending has no sandbox on any node yet (not scheduled, or its pause process has not started).");
    }

    @Test
    void bytesReadAsBinaryUnits() {
        assertThat(KernelViewModel.bytes(900)).isEqualTo("900 B");
        assertThat(KernelViewModel.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(KernelViewModel.bytes(67108864)).isEqualTo("64.0 MiB");
    }
}
