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
 */
public record ClusterConfig(int nodes, long seed, Path stateDir, Instant start, String nodeCpu, String nodeMemory,
                            int maxPods, NodePlatform platform) {

    public ClusterConfig {
        platform = platform == null ? NodePlatform.SIMULATED : platform;
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(3, 42L, null, Instant.parse("2026-01-01T00:00:00Z"), "2", "4Gi", 110, NodePlatform.SIMULATED);
    }

    public ClusterConfig withNodes(int n) {
        return new ClusterConfig(n, seed, stateDir, start, nodeCpu, nodeMemory, maxPods, platform);
    }

    public ClusterConfig withSeed(long s) {
        return new ClusterConfig(nodes, s, stateDir, start, nodeCpu, nodeMemory, maxPods, platform);
    }

    public ClusterConfig withStateDir(Path dir) {
        return new ClusterConfig(nodes, seed, dir, start, nodeCpu, nodeMemory, maxPods, platform);
    }

    public ClusterConfig withStart(Instant t) {
        return new ClusterConfig(nodes, seed, stateDir, t, nodeCpu, nodeMemory, maxPods, platform);
    }

    public ClusterConfig withNodeResources(String cpu, String memory, int pods) {
        return new ClusterConfig(nodes, seed, stateDir, start, cpu, memory, pods, platform);
    }

    public ClusterConfig withPlatform(NodePlatform p) {
        return new ClusterConfig(nodes, seed, stateDir, start, nodeCpu, nodeMemory, maxPods, p);
    }

    /** The name of node {@code i} (0-based), minikube's way: {@code minikube}, {@code minikube-m02}, … */
    public static String nodeName(int i) {
        return i == 0 ? "minikube" : String.format("minikube-m%02d", i + 1);
    }
}
