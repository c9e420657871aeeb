package io.kubelab.engine;

import java.nio.file.Path;
import java.time.Instant;

/**
 * How a cluster is made.
 *
 * @param nodes       how many nodes: the first is the control-plane node ({@code minikube}); with more
 *                    than one it is tainted {@code NoSchedule} like kubeadm's, the others are workers
 *                    ({@code minikube-m02}, …)
 * @param seed        makes names, uids and choices repeatable
 * @param stateDir    the state folder (snapshot + journal), or {@code null} for a cluster in memory
 * @param start       the simulation clock's start
 * @param nodeCpu     each node's CPU capacity, e.g. {@code "2"}
 * @param nodeMemory  each node's memory capacity, e.g. {@code "4Gi"}
 * @param maxPods     each node's pod capacity
 * @param platform    what the nodes run on: {@link NodePlatform#SIMULATED}, or real containers
 * @param podPidsLimit the kubelets' {@code podPidsLimit}: the most processes one pod may run, put on
 *                    the pod's cgroup in real mode (the simulated runtime runs no processes). Kubernetes'
 *                    default is -1 (none); Kubelab's is {@value #DEFAULT_POD_PIDS_LIMIT}, as operators are
 *                    advised to set one: a fork bomb typed in a lesson stops there instead of taking the
 *                    student's laptop down, and no lesson's pod comes near it. -1 for none.
 */
public record ClusterConfig(int nodes, long seed, Path stateDir, Instant start, String nodeCpu, String nodeMemory,
                            int maxPods, NodePlatform platform, long podPidsLimit) {
    /** Kubelab's kubelet {@code podPidsLimit}. */
    public static final long DEFAULT_POD_PIDS_LIMIT = 4096;

    public ClusterConfig {
        platform = platform == null ? NodePlatform.SIMULATED : platform;
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(3, 42L, null, Instant.parse("2026-01-01T00:00:00Z"), "2", "4Gi", 110, NodePlatform.SIMULATED,
                DEFAULT_POD_PIDS_LIMIT);
    }

    public ClusterConfig withNodes(int n) {
        return new ClusterConfig(n, seed, stateDir, start, nodeCpu, nodeMemory, maxPods, platform, podPidsLimit);
    }

    public ClusterConfig withSeed(long s) {
        return new ClusterConfig(nodes, s, stateDir, start, nodeCpu, nodeMemory, maxPods, platform, podPidsLimit);
    }

    public ClusterConfig withStateDir(Path dir) {
        return new ClusterConfig(nodes, seed, dir, start, nodeCpu, nodeMemory, maxPods, platform, podPidsLimit);
    }

    public ClusterConfig withStart(Instant t) {
        return new ClusterConfig(nodes, seed, stateDir, t, nodeCpu, nodeMemory, maxPods, platform, podPidsLimit);
    }

    public ClusterConfig withNodeResources(String cpu, String memory, int pods) {
        return new ClusterConfig(nodes, seed, stateDir, start, cpu, memory, pods, platform, podPidsLimit);
    }

    public ClusterConfig withPlatform(NodePlatform p) {
        return new ClusterConfig(nodes, seed, stateDir, start, nodeCpu, nodeMemory, maxPods, p, podPidsLimit);
    }

    public ClusterConfig withPodPidsLimit(long limit) {
        return new ClusterConfig(nodes, seed, stateDir, start, nodeCpu, nodeMemory, maxPods, platform, limit);
    }

    /** The name of node {@code i} (0-based), minikube's way: {@code minikube}, {@code minikube-m02}, … */
    public static String nodeName(int i) {
        return i == 0 ? "minikube" : String.format("minikube-m%02d", i + 1);
    }
}
