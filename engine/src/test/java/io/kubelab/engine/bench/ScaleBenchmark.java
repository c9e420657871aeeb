package io.kubelab.engine.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Store;
import io.kubelab.engine.store.WatchEvent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine at Kubernetes' supported limits: N nodes, D Deployments × R replicas, from apply to
 * every pod Running. Reports wall time, peak heap, scheduler throughput, and — as a baseline
 * measured in the same run — how long storing the same number of pods takes with no controller,
 * scheduler or kubelet at all, so the figures can be compared across machines as a ratio.
 *
 * <p>Run (see docs/benchmarks.md):
 * {@code ./mvnw -B -q -pl engine -am test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx4g -XX:+UseTransparentHugePages -cp %classpath io.kubelab.engine.bench.ScaleBenchmark 5000 1500 100"}
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int deployments = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        boolean events = args.length <= 3 || !"--no-events".equals(args[3]);
        int pods = deployments * replicas;
        System.out.printf("nodes=%d deployments=%d replicas=%d pods=%d events=%s cores=%d maxHeap=%dMiB%n",
                nodes, deployments, replicas, pods, events, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        double baselineSeconds = baseline(pods);
        System.out.printf("baseline: %d pods stored directly (no components) in %.2f s%n", pods, baselineSeconds);
        System.gc();
        resetPeaks();

        Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(nodes)
                .withNodeResources("64", "256Gi", 110));
        cluster.events().setEnabled(events);
        long t0 = System.nanoTime();
        cluster.start();
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cluster of %d nodes started in %.2f s%n", nodes, startSeconds);

        AtomicLong bound = new AtomicLong();
        AtomicLong firstBind = new AtomicLong();
        AtomicLong lastBind = new AtomicLong();
        AtomicLong firstBindCpu = new AtomicLong();
        AtomicLong lastBindCpu = new AtomicLong();
        AtomicLong running = new AtomicLong();
        // What the watch has seen of each pod on a node: whether its stored phase is Running. One map
        // lookup per pod write counts both the binding (a pod's first write that shows it on a node)
        // and the Running pods — listing all 150,000 pods every simulated second instead cost the
        // engine thread ~3 % of the run.
        java.util.Map<String, Boolean> onNode = new java.util.HashMap<>();
        // Looked up once: ManagementFactory.getThreadMXBean() walks the platform components with a
        // stream on every call, and the watch below asks for the CPU time at each of 150,000 bindings.
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        cluster.store().watch(ResourceTypes.PODS, cluster.store().revision(), o -> true, e -> {
            Pod pod = (Pod) e.object();
            String uid = pod.getMetadata().getUid();
            Boolean was;
            boolean isRunning = false;
            if (e.type() == WatchEvent.Type.DELETED) {
                was = onNode.remove(uid);
            } else if (pod.getSpec().getNodeName() != null) {
                isRunning = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
                was = onNode.put(uid, isRunning);
            } else {
                return;
            }
            running.addAndGet((isRunning ? 1 : 0) - (Boolean.TRUE.equals(was) ? 1 : 0));
            if (was == null && e.type() == WatchEvent.Type.MODIFIED) {
                long now = System.nanoTime();
                // The engine thread's CPU time too (watchers run on the writer's thread): on a
                // shared machine the window's wall time says more about the neighbours.
                long cpuNow = threads.getCurrentThreadCpuTime();
                if (bound.getAndIncrement() == 0) {
                    firstBind.set(now);
                    firstBindCpu.set(cpuNow);
                }
                lastBind.set(now);
                lastBindCpu.set(cpuNow);
            }
        });
        long revisionAtApply = cluster.store().revision();
        long applyStart = System.nanoTime();
        // CPU time of this thread (the engine runs on it): on a machine shared with other work the
        // wall time says more about the neighbours than about the engine.
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int d = 0; d < deployments; d++) {
            cluster.api().create(deployment("app-" + d, replicas), "default");
        }
        int seconds = 0;
        while (true) {
            cluster.advance(Duration.ofSeconds(1));
            seconds++;
            long n = running.get();
            if (seconds % 5 == 0) {
                System.out.printf("  sim %3ds wall %6.1fs running %d/%d bound %d heap %d MiB%n", seconds,
                        (System.nanoTime() - applyStart) / 1e9, n, pods, bound.get(), usedHeapMiB());
            }
            if (n >= pods || seconds > 600) {
                break;
            }
        }
        double wall = (System.nanoTime() - applyStart) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double schedSeconds = Math.max(1e-9, (lastBind.get() - firstBind.get()) / 1e9);
        System.out.printf("RESULT all %d pods Running: %s; wall %.1f s (sim %d s); peak heap %d MiB; "
                        + "bound %d pods in %.1f s wall = %.0f pods/s; ratio to baseline %.1fx; engine thread CPU %.1f s "
                        + "(%.0f pods/CPU-s)%n",
                pods, running.get() >= pods, wall, seconds, peakHeapMiB(), bound.get(), schedSeconds,
                bound.get() / schedSeconds, wall / baselineSeconds, cpu, pods / cpu);
        // The watch's count, checked once against the store itself (outside the measured time).
        long listed = cluster.store().list(ResourceTypes.PODS, "default",
                o -> "Running".equals(((Pod) o).getStatus().getPhase())).items().size();
        System.out.printf("check: the store lists %d Running pods (the watch counted %d)%n", listed, running.get());
        if (listed != running.get()) {
            throw new IllegalStateException("the watch's count disagrees with the store: " + listed + " != " + running.get());
        }
        double schedCpu = Math.max(1e-9, (lastBindCpu.get() - firstBindCpu.get()) / 1e9);
        System.out.printf("binding window: %d pods bound in %.2f s of engine-thread CPU = %.0f pods per engine CPU-s%n",
                bound.get(), schedCpu, bound.get() / schedCpu);
        System.out.printf("store writes after apply: %d (%.1f per pod); events stored: %d%n",
                cluster.store().revision() - revisionAtApply, (cluster.store().revision() - revisionAtApply) / (double) pods,
                cluster.store().count(ResourceTypes.EVENTS));
        if (Boolean.getBoolean("bench.histogram")) {
            // What the heap holds once everything runs (a full GC first): where the bytes per pod go.
            try {
                Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
                String[] lines = String.valueOf(out).split("\n");
                for (int i = 0; i < Math.min(lines.length, 45); i++) {
                    System.out.println(lines[i]);
                }
                System.out.println(lines[lines.length - 1]);
            } catch (javax.management.JMException e) {
                System.out.println("no histogram: " + e);
            }
        }
        System.exit(running.get() >= pods ? 0 : 1);
    }

    /** Stores the same number of pods straight into a bare store: the cost floor of the data alone. */
    private static double baseline(int pods) {
        Store store = new Store();
        long t = System.nanoTime();
        for (int i = 0; i < pods; i++) {
            store.create(new PodBuilder().withNewMetadata().withName("p-" + i).withNamespace("default")
                    .addToLabels("app", "x").endMetadata()
                    .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.25").endContainer().endSpec()
                    .withNewStatus().withPhase("Running").endStatus().build());
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25")
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    private static long usedHeapMiB() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }

    @SuppressWarnings("unused")
    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }
}
