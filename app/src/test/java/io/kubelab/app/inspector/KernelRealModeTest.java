package io.kubelab.app.inspector;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.runtime.ClusterFactories;
import io.kubelab.app.runtime.ClusterRuntime;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.runc.HostCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** As root: the Kernel tab's view model over a real-mode cluster made as the window makes it ({@link ClusterFactories}, {@link LinuxKernelSource}). */
@Tag("root")
class KernelRealModeTest {

    @Test
    void theKernelTabShowsARealPodsSharedNetNamespaceAndMemoryLimit(@TempDir Path dir) throws Exception {
        assumeTrue(HostCheck.isRoot(), "skipped: real-mode tests need root (run the build as root, as CI does)");
        Cluster cluster;
        try {
            cluster = ClusterFactories.of(ClusterRuntime.LINUX,
                    ClusterConfig.defaults().withNodes(1).withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                    nodes -> LinuxPlatform.create(nodes, dir)).get();
        } catch (ClusterFactories.RealModeFailure e) {
            assumeTrue(!e.unavailable(), "skipped: " + e.getMessage());
            throw e;
        }
        LinuxPlatform real = (LinuxPlatform) cluster.config().platform();
        EngineLoop loop = null;
        try {
            loop = new EngineLoop(cluster, 50);
            loop.start();
            cluster.apply("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: duo
                    spec:
                      containers:
                      - name: app
                        image: busybox
                        command: ["sleep", "3600"]
                        resources:
                          limits:
                            memory: 48Mi
                      - name: sidecar
                        image: busybox
                        command: ["sleep", "3600"]
                    """);
            // The "UI thread" of this test: answers queue up here and run when the test takes them.
            LinkedBlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();
            Executor uiExecutor = ui::add;
            KernelViewModel vm = new KernelViewModel(new I18n(Locale.ENGLISH), uiExecutor);
            vm.setSource(new LinuxKernelSource(() -> real));
            vm.selectionProperty().set(new Selection.ObjectRef(ResourceTypes.PODS, "default", "duo"));
            vm.shownProperty().set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (vm.containerNames().size() < 2 && System.nanoTime() < deadline) {
                Runnable r = ui.poll(500, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                } else {
                    vm.refresh(); // the pod changing would make the inspector ask again
                }
            }
            assertThat(vm.availableProperty().get()).as(vm.messageProperty().get()).isTrue();
            assertThat(vm.containerNames()).containsExactly("app", "sidecar");
            KernelViewModel.NamespaceLine net = vm.namespaces().get(0);
            assertThat(net.kind()).isEqualTo("net");
            assertThat(net.verdict()).isEqualTo("shared");
            assertThat(net.containers()).containsOnly(net.pod());
            assertThat(net.host()).isNotEqualTo(net.pod());
            assertThat(vm.namespaces().get(3).verdict()).as("pid").isEqualTo("own");
            assertThat(vm.cgroups().get(0).memory()).contains(" of 48.0 MiB");
            assertThat(vm.networkProperty().get()).contains("cbr0  10.244.0.1/24");
            assertThat(vm.securityProperty().get()).contains("Seccomp: 2 (filter)");
        } finally {
            if (loop != null) {
                loop.close();
            }
            cluster.close();
            real.close();
        }
    }
}
