package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.EngineLoop;
import io.kubelab.engine.kubelet.Kubelet;
import io.kubelab.engine.kubelet.Kubelets;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.runtime.ContainerRuntime;
import io.kubelab.engine.runtime.ExecResult;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link PodIO} over the kubelets of a running cluster: {@code kubectl logs} and {@code kubectl exec}
 * reach the pod's node, as the API server reaches the kubelet. The kubelets live on the engine
 * thread, so every call goes through {@link EngineLoop#submit}.
 */
public final class KubeletPodIO implements PodIO {
    private final EngineLoop loop;

    public KubeletPodIO(EngineLoop loop) {
        this.loop = loop;
    }

    private Kubelet kubelet(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return Kubelets.byNode(loop.cluster(), node == null ? "" : node).orElseThrow(() -> ApiException.badRequest(
                "pod " + pod.getMetadata().getName() + " does not have a host assigned"));
    }

    private <T> T onEngine(java.util.concurrent.Callable<T> task) {
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.internal(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.internal("interrupted");
        } catch (TimeoutException e) {
            throw ApiException.internal("the node did not answer in time");
        }
    }

    private static LogLine line(io.kubelab.engine.runtime.LogLine l) {
        return new LogLine(l.time(), l.text());
    }

    @Override
    public ContainerLog log(Pod pod, String container, boolean previous, boolean follow) {
        Kubelet kubelet = kubelet(pod);
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        // The lines so far and (to follow) the subscription to new ones taken together by the
        // runtime (logsAndFollow), so that no line falls between them or comes twice, also with a
        // runtime that logs on its own threads; lines arriving before the caller's follow() are
        // kept for it.
        io.kubelab.engine.runtime.LogHandOver<LogLine> handOver = new io.kubelab.engine.runtime.LogHandOver<>();
        Taken taken = onEngine(() -> {
            if (follow && !previous) {
                ContainerRuntime.FollowedLogs both = kubelet.logsAndFollow(ns, name, container,
                        l -> handOver.accept(line(l)), handOver::end);
                return new Taken(both.lines().stream().map(KubeletPodIO::line).toList(), both.subscription());
            }
            return new Taken(kubelet.logs(ns, name, container, previous).stream().map(KubeletPodIO::line).toList(),
                    follow ? kubelet.followLogs(ns, name, container, l -> handOver.accept(line(l)), handOver::end) : null);
        });
        return new ContainerLog() {
            @Override
            public List<LogLine> lines() {
                return taken.lines();
            }

            @Override
            public AutoCloseable follow(Consumer<LogLine> onLine, Runnable onEnd) {
                if (taken.subscription() == null) {
                    throw new IllegalStateException("not asked to follow");
                }
                handOver.start(onLine, onEnd);
                return taken.subscription()::close;
            }
        };
    }

    private record Taken(List<LogLine> lines, ContainerRuntime.Subscription subscription) {}

    @Override
    public ExecSession exec(Pod pod, String container, List<String> command, boolean stdin, boolean tty,
                            ExecOutput output) {
        Kubelet kubelet = kubelet(pod);
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        CompletableFuture<ExecResult> result = onEngine(() -> kubelet.exec(ns, name, container, command));
        result.whenComplete((r, err) -> {
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                output.error(String.valueOf(cause.getMessage()));
                return;
            }
            if (!r.stdout().isEmpty()) {
                output.stdout(r.stdout().getBytes(StandardCharsets.UTF_8));
            }
            if (!r.stderr().isEmpty()) {
                output.stderr(r.stderr().getBytes(StandardCharsets.UTF_8));
            }
            output.exit(r.exitCode());
        });
        return new ExecSession() {
            @Override
            public void stdin(byte[] data) {
                // The simulated runtime runs one command without interactive input.
            }

            @Override
            public void closeStdin() {
            }

            @Override
            public void resize(int width, int height) {
            }

            @Override
            public void terminate() {
                result.cancel(false);
            }
        };
    }
}
