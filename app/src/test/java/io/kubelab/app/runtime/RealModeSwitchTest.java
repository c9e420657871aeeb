package io.kubelab.app.runtime;

import io.kubelab.app.MainViewModel;
import io.kubelab.app.controls.ClusterFaultInjector;
import io.kubelab.app.inspector.SchedulingExplainer;
import io.kubelab.app.lessons.BundledContent;
import io.kubelab.app.lessons.LessonsSettings;
import io.kubelab.app.session.ClusterSession;
import io.kubelab.app.theme.Theme;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.net.Cleanup;
import io.kubelab.linux.runc.HostCheck;
import io.kubelab.linux.runc.RealModeUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * As root: the app's runtime switch, through its view models (a single thread stands in for the FX
 * thread). Simulated → real containers: the console of the window runs the deck's commands against
 * runc pods (kubectl run, get -o wide, minikube ssh with curl to a ClusterIP and docker ps); real →
 * simulated: nothing of the real cluster is left on the machine.
 */
@Tag("root")
class RealModeSwitchTest {
    @TempDir
    Path linuxDir;
    private ExecutorService fx;
    private ClusterSession session;
    private MainViewModel vm;

    @BeforeEach
    void realModeOrSkip() {
        try {
            HostCheck.require();
        } catch (RealModeUnavailableException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
        }
        fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        ClusterConfig config = ClusterConfig.defaults().withNodes(2);
        PlatformFactory platforms = nodes -> LinuxPlatform.create(nodes, linuxDir);
        session = ClusterSession.running(ClusterFactories.of(ClusterRuntime.SIMULATED, config, platforms), 50, false);
        vm = on(() -> new MainViewModel(session, Locale.ENGLISH, Theme.LIGHT, SchedulingExplainer.NONE,
                ClusterFaultInjector::new, fx, BundledContent.lessons(), LessonsSettings.inMemory(), InstantSource.system(),
                r -> ClusterFactories.of(r, config, platforms), Executors.newSingleThreadExecutor()));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
            fx.shutdownNow();
        }
    }

    @Test
    void switchesToRealContainersRunsTheDecksCommandsAndLeavesNothingWhenSwitchingBack() throws Exception {
        on(() -> {
            vm.controls().speedProperty().set(10);
            return null;
        });
        ClusterRuntime now = on(() -> vm.runtime().switchTo(ClusterRuntime.LINUX)).get(120, TimeUnit.SECONDS);
        assertThat(now).isEqualTo(ClusterRuntime.LINUX);
        assertThat(on(() -> vm.controls().wallTimeProperty().get())).isTrue();
        assertThat(on(() -> vm.controls().speedProperty().get())).isEqualTo(1.0);
        assertThat(on(() -> vm.title().get())).isEqualTo("Kubelab — real containers (Linux)");
        assertThat(on(() -> vm.lessons().realModeProperty().get())).isTrue();
        LinuxPlatform platform = (LinuxPlatform) session.cluster().config().platform();
        String id = platform.id();
        LinuxPlatform first = platform;
        assertThat(on(() -> vm.runtime().statusProperty().get())).isEqualTo("Real containers · kubelab-" + id);
        assertThat(Cleanup.netnsOf(id)).contains("kubelab-" + id + "-minikube", "kubelab-" + id + "-minikube-m02");

        // The console pane over the real cluster, as a student types.
        String run = type("kubectl run web --image=busybox -- httpd -f -p 80 -h /etc");
        assertThat(run).contains("pod/web created");
        waitFor(180, () -> type("kubectl get po web").matches("(?s).*web\\s+1/1\\s+Running.*"), "web Running");
        String wide = type("kubectl get po -o wide");
        Matcher ip = Pattern.compile("web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+(10\\.244\\.1\\.\\d+)\\s+minikube-m02").matcher(wide);
        assertThat(ip.find()).as(wide).isTrue();
        assertThat(type("kubectl expose po web --port=80")).contains("service/web exposed");
        io.fabric8.kubernetes.api.model.Service svc =
                on(() -> session.cluster().api().get(io.kubelab.engine.model.ResourceTypes.SERVICES, "default", "web"));
        String clusterIp = svc.getSpec().getClusterIP();

        // The pod is on the worker (the control plane is tainted): its node's docker shows the
        // pod's pause container beside its app container, and curl from the node reaches the ClusterIP.
        type("minikube ssh -n minikube-m02");
        assertThat(on(() -> vm.console().promptProperty().get())).isEqualTo("docker@minikube-m02:~$ ");
        String docker = type("docker ps");
        print("docker ps inside minikube ssh -n minikube-m02", docker);
        assertThat(docker).containsPattern("k8s_POD_web_default_\\S+_0").containsPattern("k8s_web_web_default_\\S+_0");
        String curl = type("curl -s --max-time 3 http://" + clusterIp + "/hostname");
        assertThat(curl.strip()).isEqualTo("web");
        type("exit");
        assertThat(on(() -> vm.console().promptProperty().get())).isEqualTo("$ ");

        // What the lesson 02-kernel-features shows in real mode: the pod's own namespaces and cgroups.
        String cgroup = type("kubectl exec web -- cat /proc/1/cgroup");
        print("kubectl exec web -- cat /proc/1/cgroup", cgroup);
        assertThat(cgroup).contains("/kubelab/" + id + "-minikube-m02/default_web_");
        String ps = type("kubectl exec web -- ps");
        print("kubectl exec web -- ps", ps);
        assertThat(ps).containsPattern("(?m)^\\s+1 root\\s+httpd -f -p 80 -h /etc$");
        String addr = type("kubectl exec web -- ip addr");
        print("kubectl exec web -- ip addr", addr);
        assertThat(addr).contains("inet " + ip.group(1) + "/24");
        print("kubectl exec web -- hostname", type("kubectl exec web -- hostname"));

        // Reset on real containers: a fresh real cluster (another id), the old one's containers gone.
        Path firstState = platform.stateDir();
        on(() -> {
            vm.controls().reset();
            return null;
        });
        waitFor(120, () -> !on(() -> vm.runtime().busyProperty().get()) && session.cluster().config().platform() != first,
                "a fresh real cluster");
        waitFor(30, () -> !on(() -> vm.runtime().busyProperty().get()), "the old cluster removed");
        assertThat(vm.runtime().runtime()).isEqualTo(ClusterRuntime.LINUX);
        assertNothingLeft(id, firstState);
        platform = (LinuxPlatform) session.cluster().config().platform();
        id = platform.id();
        assertThat(Cleanup.netnsOf(id)).contains("kubelab-" + id + "-minikube");

        // Back to the simulation: the real cluster's namespaces, cgroups and node state go.
        Path state = platform.stateDir();
        now = on(() -> vm.runtime().switchTo(ClusterRuntime.SIMULATED)).get(120, TimeUnit.SECONDS);
        assertThat(now).isEqualTo(ClusterRuntime.SIMULATED);
        waitFor(30, () -> !on(() -> vm.runtime().busyProperty().get()), "the old cluster removed");
        assertThat(on(() -> vm.controls().wallTimeProperty().get())).isFalse();
        assertNothingLeft(id, state);
    }

    static void assertNothingLeft(String id, Path state) throws Exception {
        assertThat(Cleanup.netnsOf(id)).isEmpty();
        assertThat(state).doesNotExist();
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 3, (p, a) -> a.isDirectory()
                && p.getFileName().toString().startsWith(id + "-"))) {
            assertThat(s.map(Path::toString)).isEmpty();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            // Zombies are out of their cgroup already (it could be removed) but may still name it until reaped.
            assertThat(procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("cgroup")).contains("/kubelab/" + id + "-")
                            && !Files.readString(p.resolve("stat")).matches("\\d+ \\(.*\\) Z .*(?s).*");
                } catch (Exception e) {
                    return false;
                }
            }).map(p -> p + " " + cmdline(p))).as("processes in the cluster's cgroups").isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(state.toString());
    }

    private static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        } catch (Exception e) {
            return "";
        }
    }

    private static void print(String what, String output) {
        System.out.println("---- " + what + " (real mode):\n" + output);
    }

    /** Types {@code line} into the console pane and returns what it printed once it finished. */
    private String type(String line) {
        int before = on(() -> vm.console().transcriptText().length());
        on(() -> {
            vm.console().inputProperty().set(line);
            vm.console().submit();
            return null;
        });
        waitFor(60, () -> !on(() -> vm.console().runningProperty().get()), line);
        String all = on(() -> vm.console().transcriptText());
        String out = all.substring(before);
        // Drop the echoed command line.
        return out.substring(out.indexOf('\n') + 1);
    }

    private <T> T on(Callable<T> c) {
        try {
            return fx.submit(c).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Real containers run on wall time: polls {@code condition} every 200 ms, at most {@code seconds}. */
    private static void waitFor(int seconds, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
