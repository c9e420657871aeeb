package io.kubelab.app.inspector;

import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.PodKernelView;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the Kernel tab gets a pod's kernel objects from: real mode's {@code LinuxPlatform}
 * ({@link LinuxKernelSource}), or nothing in a simulated cluster ({@link #SIMULATED}).
 *
 * <p>Threading: any thread may call; the work runs on a background executor (never the UI or the
 * engine thread) and the futures complete there.
 */
public interface KernelSource {
    /** False in a simulated cluster: there are no kernel objects to show. */
    boolean real();

    /** The pod's kernel objects, empty when no node runs it (yet). */
    CompletableFuture<Optional<PodKernelView>> inspect(String namespace, String pod);

    /** The containers' cgroup numbers read again: cheap, for once a second. */
    CompletableFuture<Map<String, CgroupUsage>> usage(PodKernelView view);

    /** The simulated runtime: no processes, no namespaces, no cgroups. */
    KernelSource SIMULATED = new KernelSource() {
        @Override
        public boolean real() {
            return false;
        }

        @Override
        public CompletableFuture<Optional<PodKernelView>> inspect(String namespace, String pod) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Map<String, CgroupUsage>> usage(PodKernelView view) {
            return CompletableFuture.completedFuture(Map.of());
        }
    };
}
