package io.kubelab.linux.net;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Making and unmaking the network as root: detach, close, and the orphans of a SIGKILLed run. */
@Tag("root")
class NetworkLifecycleTest {
    static final List<String> NODES = List.of("minikube", "minikube-m02");

    @BeforeEach
    void root() {
        Assumptions.assumeTrue(Cleanup.isRoot(), "skipped: real-mode network tests need root (network namespaces, veth, iptables)");
    }

    @Test
    void detachRemovesTheVethAndFreesTheAddressAndIsIdempotent() throws Exception {
        try (ClusterNetwork net = ClusterNetwork.create(ClusterNetwork.newId(), NODES); FakePod pod = FakePod.start("p")) {
            String ip = net.attach("minikube-m02", "s1", pod.pid());
            String veth = net.vethOf("s1");
            assertThat(ip).isEqualTo("10.244.1.2");
            assertThat(net.exec("minikube-m02", List.of("ip", "-o", "link")).out()).contains(veth);
            assertThatThrownBy(() -> net.attach("minikube-m02", "s1", pod.pid())).hasMessageContaining("attached already");

            net.detach("minikube-m02", "s1");
            net.detach("minikube-m02", "s1");
            assertThat(net.exec("minikube-m02", List.of("ip", "-o", "link")).out()).doesNotContain(veth);
            assertThat(pod.exec("ip", "-o", "link").out()).doesNotContain("eth0");
            // host-local hands out the next address rather than the one just freed.
            assertThat(net.attach("minikube-m02", "s2", pod.pid())).isEqualTo("10.244.1.3");
        }
    }

    @Test
    void aPinnedNamespaceIsPluggedInBeforeAnyProcessJoinsAndGoesWithDetachAndClose() throws Exception {
        ClusterNetwork net = ClusterNetwork.create(ClusterNetwork.newId(), NODES);
        String id = net.id();
        try {
            java.nio.file.Path ns = net.pinNetns("minikube", "1a2b3c4d5e6f7a8b9c");
            assertThat(ns).hasToString("/run/netns/kubelab-" + id + "-pod-1a2b3c4d5e6f");
            assertThat(net.attachPinned("minikube", "1a2b3c4d5e6f7a8b9c")).isEqualTo("10.244.0.2");
            String podSide = Cmd.check("ip", "-n", ns.getFileName().toString(), "-o", "addr").out();
            assertThat(podSide).contains("eth0").contains("10.244.0.2/24");
            assertThat(Cmd.check("ip", "-n", ns.getFileName().toString(), "route").out()).contains("default via 10.244.0.1");
            // the node reaches the pod's address through its bridge
            assertThat(net.exec("minikube", List.of("busybox", "ping", "-c", "1", "-W", "5", "10.244.0.2")).ok()).isTrue();

            net.detach("minikube", "1a2b3c4d5e6f7a8b9c");
            net.detach("minikube", "1a2b3c4d5e6f7a8b9c");
            assertThat(Cleanup.netnsOf(id)).doesNotContain(ns.getFileName().toString());
            assertThat(net.exec("minikube", List.of("ip", "-o", "link")).out()).doesNotContain(ClusterNetwork.vethName("1a2b3c4d5e6f7a8b9c"));

            net.pinNetns("minikube", "2b3c4d5e6f7a8b9c0d");
            net.attachPinned("minikube", "2b3c4d5e6f7a8b9c0d");
        } finally {
            net.close();
        }
        assertThat(Cleanup.netnsOf(id)).isEmpty();
    }

    @Test
    void closeLeavesNothingWithTheClustersPrefix() throws Exception {
        ClusterNetwork net = ClusterNetwork.create(ClusterNetwork.newId(), NODES);
        String id = net.id();
        assertThat(Cleanup.netnsOf(id)).containsExactlyInAnyOrder("kubelab-" + id + "-wire", "kubelab-" + id + "-minikube",
                "kubelab-" + id + "-minikube-m02");
        assertThat(Cleanup.ownerAlive(id)).isTrue();
        try (FakePod pod = FakePod.start("p")) {
            net.attach("minikube", "s1", pod.pid());
            net.close();
            assertThat(Cleanup.netnsOf(id)).isEmpty();
            assertThat(Cleanup.ownerAlive(id)).isFalse();
            assertThat(pod.exec("ip", "-o", "link").out()).doesNotContain("eth0");
            assertThatThrownBy(() -> net.attach("minikube", "s2", pod.pid())).hasMessageContaining("closed");
        }
    }

    @Test
    void orphansOfAKilledRunAreRemovedAtTheNextStart() throws Exception {
        String id = ClusterNetwork.newId();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), id)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long podPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).startsWith("ready ");
            podPid = Long.parseLong(line.substring(6));
        }
        // wire, two nodes, and the pinned namespace of a sandbox
        assertThat(Cleanup.netnsOf(id)).hasSize(4).contains("kubelab-" + id + "-pod-0a1b2c3d4e5f");

        child.destroyForcibly(); // SIGKILL: no close(), no shutdown hook
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Cleanup.netnsOf(id)).as("a killed run leaks its namespaces").hasSize(4);
        assertThat(Cleanup.ownerAlive(id)).isFalse();

        try (ClusterNetwork next = ClusterNetwork.create(ClusterNetwork.newId(), NODES)) {
            assertThat(Cleanup.netnsOf(id)).isEmpty();
            assertThat(Cmd.check("ip", "netns", "list").out()).doesNotContain("kubelab-" + id);
            assertThat(Cleanup.netnsOf(next.id())).hasSize(3);
        }
        // The orphan's fake pod (its own namespace, not Kubelab's) is the container plane's to reap.
        ProcessHandle.of(podPid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void anotherProgramsKubelabNamesAreNotOrphans() throws Exception {
        String foreign = "kubelab-zz" + ClusterNetwork.newId().substring(0, 4) + "-pod";
        Cmd.check("ip", "netns", "add", foreign);
        try {
            Cleanup.removeOrphans();
            assertThat(Cleanup.netnsNames()).contains(foreign);
        } finally {
            Cmd.run(List.of("ip", "netns", "delete", foreign), null, 10);
        }
    }

    @Test
    void withoutRootTheMessageSaysWhy() {
        assertThat(Cleanup.notRoot(1000)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("real mode needs root: ").contains("uid 1000", "sudo", "simulated mode"));
        assertThat(Cleanup.notRoot(0)).isEmpty();
    }
}
