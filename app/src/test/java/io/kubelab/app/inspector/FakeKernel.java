package io.kubelab.app.inspector;

import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.PodKernelView;
import io.kubelab.linux.inspect.ProcStatus;
import io.kubelab.linux.inspect.ServiceRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A kernel source without a kernel: the pod {@code default/duo} of two containers as real mode
 * shows it, and memory use that grows by 1 MiB each time it is read again.
 */
public final class FakeKernel implements KernelSource {
    public FakeKernel() {}

    static final long MIB = 1024 * 1024;
    final List<String> asked = new ArrayList<>();
    private volatile int usageReads;

    /** How often the cgroup numbers were read again. */
    public int usageReads() {
        return usageReads;
    }

    @Override
    public boolean real() {
        return true;
    }

    @Override
    public CompletableFuture<Optional<PodKernelView>> inspect(String namespace, String pod) {
        asked.add(namespace + "/" + pod);
        return CompletableFuture.completedFuture("duo".equals(pod) ? Optional.of(duo()) : Optional.empty());
    }

    @Override
    public CompletableFuture<Map<String, CgroupUsage>> usage(PodKernelView view) {
        usageReads++;
        Map<String, CgroupUsage> out = new LinkedHashMap<>();
        out.put("app", usage(64 * MIB, (16 + usageReads) * MIB));
        out.put("sidecar", usage(32 * MIB, MIB));
        return CompletableFuture.completedFuture(out);
    }

    static CgroupUsage usage(long max, long current) {
        return new CgroupUsage(2, max, current, current, "50000 100000", 100, 1_250_000, -1, 3);
    }

    static PodKernelView duo() {
        String cg = "/kubelab/abc123-minikube/default_duo_1a2b3c4d/";
        ProcStatus sec = new ProcStatus(2, 1, 1, 0xa80425fbL, 0xa80425fbL);
        List<PodKernelView.NamespaceRow> rows = List.of(
                row("net", 4026531840L, 4026532300L, 4026532300L, 4026532300L),
                row("ipc", 4026531839L, 4026532299L, 4026532299L, 4026532299L),
                row("uts", 4026531838L, 4026532298L, 4026532298L, 4026532298L),
                row("pid", 4026531836L, 4026532301L, 4026532311L, 4026532321L),
                row("mnt", 4026531841L, 4026532297L, 4026532310L, 4026532320L),
                row("cgroup", 4026531835L, 4026531835L, 4026531835L, 4026531835L),
                row("user", 4026531837L, 4026531837L, 4026531837L, 4026531837L));
        return new PodKernelView("default", "duo", "minikube", 4100, rows, List.of(
                new PodKernelView.ContainerKernel("app", 4200, cg + "app_5e6f7a8b", Map.of("", cg + "app_5e6f7a8b"),
                        usage(64 * MIB, 16 * MIB), sec),
                new PodKernelView.ContainerKernel("sidecar", 4300, cg + "sidecar_9c0d1e2f", Map.of("", cg + "sidecar_9c0d1e2f"),
                        usage(32 * MIB, MIB), sec)),
                new PodKernelView.Network("10.244.0.5/24", "eth0", 2, "veth1a2b3c4d", 7, "cbr0", "10.244.0.1/24",
                        "kubelab-abc123-minikube", "10.244.0.1",
                        List.of("default via 10.244.0.1 dev eth0", "10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.5")),
                List.of(new ServiceRules("default/duo", List.of(
                        "-A KUBE-SERVICES -m comment --comment \"default/duo cluster IP\" -m tcp -p tcp -d 10.0.0.37/32 --dport 80 -j KUBE-SVC-DUO",
                        "-A KUBE-SVC-DUO -m comment --comment \"default/duo -> 10.244.0.5:80\" -j KUBE-SEP-DUO",
                        "-A KUBE-SEP-DUO -m comment --comment default/duo -m tcp -p tcp -j DNAT --to-destination 10.244.0.5:80"))),
                new PodKernelView.SeccompProfile("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", 62));
    }

    private static PodKernelView.NamespaceRow row(String kind, long host, long pause, long app, long sidecar) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("app", app);
        c.put("sidecar", sidecar);
        return new PodKernelView.NamespaceRow(kind, host, pause, c);
    }
}
