package io.kubelab.app.inspector;

import io.kubelab.linux.LinuxPlatform;
import io.kubelab.linux.inspect.CgroupUsage;
import io.kubelab.linux.inspect.PodKernelView;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Kernel tab over real mode: asks the current cluster's {@link LinuxPlatform} on a thread of its
 * own, since inspecting starts {@code ip} and {@code iptables-save} (tens of milliseconds) and
 * neither the UI nor the engine thread may wait for that.
 */
public final class LinuxKernelSource implements KernelSource {
    /** One thread: the tab asks one thing at a time, and a slow answer must not pile up more. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernel-inspector");
        t.setDaemon(true);
        return t;
    });
    private final Supplier<LinuxPlatform> platform;

    /** @param platform the current cluster's platform (a reset makes a new one), {@code null} on a simulated cluster */
    public LinuxKernelSource(Supplier<LinuxPlatform> platform) {
        this.platform = platform;
    }

    /** Whether the session runs on real containers now (the runtime menu switches it). */
    @Override
    public boolean real() {
        return platform.get() != null;
    }

    @Override
    public CompletableFuture<Optional<PodKernelView>> inspect(String namespace, String pod) {
        return CompletableFuture.supplyAsync(() -> {
            LinuxPlatform p = platform.get();
            if (p == null) {
                return Optional.empty();
            }
            try {
                return p.inspect(namespace, pod);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    @Override
    public CompletableFuture<Map<String, CgroupUsage>> usage(PodKernelView view) {
        return CompletableFuture.supplyAsync(() -> {
            LinuxPlatform p = platform.get();
            return p == null ? Map.<String, CgroupUsage>of() : p.usage(view);
        }, background);
    }
}
