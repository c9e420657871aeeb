package io.kubelab.engine.bench;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.Scheduler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The scheduler alone: N nodes, P pending pods of R ReplicaSets (nginx-like, 10m / 16Mi, default
 * spreading by their ReplicaSet), every other component stopped, so the figure is the cost of
 * scheduling cycles plus the bind writes and Scheduled events. As a baseline in the same run it
 * reports the cost of storing the same pods (the API create path), so runs on different machines
 * compare as a ratio.
 *
 * <p>Run after {@code test-compile}:
 * {@code java -cp engine/target/test-classes:engine/target/classes:<test classpath>
 * io.kubelab.engine.bench.SchedulerBenchmark 5000 20000 100}
 */
public final class SchedulerBenchmark {
    private SchedulerBenchmark() {}

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int perOwner = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("nodes=%d pods=%d podsPerReplicaSet=%d rounds=%d cores=%d%n", nodes, pods, perOwner, rounds,
                Runtime.getRuntime().availableProcessors());
        Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(nodes).withNodeResources("64", "256Gi", 110));
        cluster.events().setEnabled(true);
        cluster.start();
        for (String name : cluster.components().keySet()) {
            if (!Scheduler.NAME.equals(name)) {
                cluster.setRunning(name, false);
            }
        }
        cluster.setRunning(Scheduler.NAME, false);
        // Round 0 warms the JIT up; later rounds are measured and add to the pods already bound.
        for (int round = 0; round < rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < pods; i++) {
                int owner = i / perOwner;
                String rsName = "r" + round + "-rs-" + owner;
                if (i % perOwner == 0) {
                    ReplicaSet rs = cluster.api().create(replicaSet(rsName, perOwner), "default");
                    uids.put(rsName, rs.getMetadata().getUid());
                }
                cluster.api().create(pod(rsName + "-" + i, rsName, uids.get(rsName)), "default");
            }
            long c1 = threads.getCurrentThreadCpuTime();
            cluster.setRunning(Scheduler.NAME, true);
            cluster.settle();
            cluster.setRunning(Scheduler.NAME, false);
            long c2 = threads.getCurrentThreadCpuTime();
            long bound = cluster.store().list(ResourceTypes.PODS, "default",
                    o -> ((Pod) o).getSpec().getNodeName() != null).items().size();
            double create = (c1 - c0) / 1e9;
            double sched = (c2 - c1) / 1e9;
            System.out.printf("%s %d: stored %d pods in %.2f CPU-s (baseline); scheduled them in %.2f CPU-s = %.0f pods/CPU-s, "
                            + "%.1f µs per pod, ratio to baseline %.2f; bound in total %d%n",
                    round == 0 ? "warm-up" : "RESULT round", round, pods, create, sched, pods / sched,
                    sched * 1e6 / pods, sched / create, bound);
        }
        System.exit(0);
    }

    private static final java.util.Map<String, String> uids = new java.util.HashMap<>();

    private static ReplicaSet replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static Pod pod(String name, String rsName, String rsUid) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", rsName)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(rsName).withUid(rsUid).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25")
                .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi"))
                .endResources().endContainer().endSpec().build();
    }
}
