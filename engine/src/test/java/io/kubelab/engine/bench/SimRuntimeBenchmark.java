package io.kubelab.engine.bench;

import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.runtime.ContainerConfig;
import io.kubelab.engine.runtime.ContainerStatus;
import io.kubelab.engine.runtime.SandboxConfig;
import io.kubelab.engine.runtime.sim.ImageCatalog;
import io.kubelab.engine.runtime.sim.SimContainerRuntime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The simulated container runtime alone: N nodes × P pods, each a sandbox and an nginx container
 * started as the kubelet starts them (the kubernetes Service's variables in its environment), in
 * rounds; prints this thread's CPU time per container and the median of the later rounds. What
 * the scale run spends in the runtime, without the rest of the cluster's noise.
 *
 * <p>Run with a heap that is touched up front (first-touch page faults otherwise land on this
 * thread's CPU time at random):
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp … io.kubelab.engine.bench.SimRuntimeBenchmark 100 150 20}
 */
public final class SimRuntimeBenchmark {
    private SimRuntimeBenchmark() {}

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perNode = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        env.put("KUBERNETES_SERVICE_PORT", "443");
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", "443");
        env.put("KUBERNETES_PORT", "tcp://10.0.0.1:443");
        env.put("KUBERNETES_PORT_443_TCP", "tcp://10.0.0.1:443");
        env.put("KUBERNETES_PORT_443_TCP_PROTO", "tcp");
        env.put("KUBERNETES_PORT_443_TCP_PORT", "443");
        env.put("KUBERNETES_PORT_443_TCP_ADDR", "10.0.0.1");
        double[] perContainer = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z"));
            List<SimContainerRuntime> runtimes = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                SimContainerRuntime rt = new SimContainerRuntime("node-" + n, n, clock, ImageCatalog.standard(), 1, 4L << 30);
                rt.pullImage("nginx:1.25");
                runtimes.add(rt);
            }
            clock.advance(Duration.ofSeconds(3));
            long start = threads.getCurrentThreadCpuTime();
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                SimContainerRuntime rt = runtimes.get(n);
                for (int p = 0; p < perNode; p++) {
                    String pod = "web-" + n + "-" + p;
                    String uid = "uid-" + n + "-" + p;
                    started.add(rt.runPodSandbox(new SandboxConfig(pod, "default", uid, 0, Map.of()))
                            .thenCompose(sb -> rt.createContainer(sb.id(), new ContainerConfig("nginx", "nginx:1.25", null,
                                    null, env, null, 0, pod, "default", uid, 0, null)))
                            .thenCompose(rt::startContainer));
                }
            }
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMillis(100));
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            int lines = 0;
            for (CompletableFuture<Void> f : started) {
                f.join();
            }
            for (SimContainerRuntime rt : runtimes) {
                for (ContainerStatus s : rt.containers()) {
                    lines += rt.logs(s.id()).size();
                }
            }
            perContainer[r] = cpu / 1e3 / (nodes * perNode);
            System.out.printf("round %d: %d pods, %.3f s CPU, %.2f us per pod, %d log lines%n", r, nodes * perNode,
                    cpu / 1e9, perContainer[r], lines);
        }
        double[] later = Arrays.copyOfRange(perContainer, rounds / 2, rounds);
        Arrays.sort(later);
        System.out.printf("RESULT median of the last %d rounds: %.2f us of CPU per pod (sandbox + nginx container)%n",
                later.length, later[later.length / 2]);
    }
}
