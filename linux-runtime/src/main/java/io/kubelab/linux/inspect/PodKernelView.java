package io.kubelab.linux.inspect;

import java.util.List;
import java.util.Map;

/**
 * What the kernel says about one pod of real mode: plain data, read once by {@link KernelInspector#inspect}
 * (the cgroup numbers again by {@link KernelInspector#usage}).
 *
 * @param namespace   the pod's namespace
 * @param pod         the pod's name
 * @param node        the node it runs on ({@code minikube})
 * @param pausePid    the sandbox's pause process on the host
 * @param namespaces  one row per namespace kind: net, ipc, uts, pid, mnt, cgroup, user
 * @param containers  the running containers, by name
 * @param network     the pod's interface, its veth and bridge
 * @param services    the NAT rules of each Service port that reaches the pod
 * @param seccomp     the seccomp profile Kubelab gave the containers
 */
public record PodKernelView(String namespace, String pod, String node, long pausePid, List<NamespaceRow> namespaces,
                            List<ContainerKernel> containers, Network network, List<ServiceRules> services,
                            SeccompProfile seccomp) {

    /** The namespace kinds of {@code /proc/<pid>/ns/}, in the order they are shown. */
    public static final List<String> KINDS = List.of("net", "ipc", "uts", "pid", "mnt", "cgroup", "user");

    /**
     * One kind of namespace: its inode number ({@code readlink /proc/<pid>/ns/net} = {@code net:[4026532286]})
     * for the host, the pause process and each container. Equal numbers are one namespace.
     *
     * @param containers container name to inode, by name
     */
    public record NamespaceRow(String kind, long host, long pause, Map<String, Long> containers) {
        /** Whether every container is in the pause process's namespace (the pod shares it). */
        public boolean sharedInPod() {
            return containers.values().stream().allMatch(i -> i == pause);
        }

        /** Whether the pod's processes are in the host's namespace (not isolated at all). */
        public boolean sameAsHost() {
            return pause == host && containers.values().stream().allMatch(i -> i == host);
        }
    }

    /**
     * One running container as the kernel sees it.
     *
     * @param cgroupPath  the path a student would call its cgroup (v2's, or v1's memory one)
     * @param cgroupPaths every controller's path ({@code /proc/<pid>/cgroup}), to read the usage again
     */
    public record ContainerKernel(String name, long pid, String cgroupPath, Map<String, String> cgroupPaths,
                                  CgroupUsage usage, ProcStatus security) {}

    /**
     * The pod's side and the node's side of its network.
     *
     * @param podIp          eth0's address in the pod ({@code 10.244.0.5/24})
     * @param podInterface   {@code eth0}
     * @param podIfindex     eth0's interface index inside the pod
     * @param hostVeth       the node's end of the veth pair ({@code veth1a2b3c4d}), "" when not found
     * @param hostIfindex    its interface index in the node (eth0's {@code link_index})
     * @param bridge         the bridge the veth is a port of ({@code cbr0})
     * @param bridgeAddress  the bridge's address ({@code 10.244.0.1/24}), the pod's gateway
     * @param nodeNetns      the node's network namespace ({@code kubelab-<id>-minikube})
     * @param gateway        the pod's default gateway
     * @param routes         the pod's routes, as {@code ip route} prints them
     */
    public record Network(String podIp, String podInterface, int podIfindex, String hostVeth, int hostIfindex,
                          String bridge, String bridgeAddress, String nodeNetns, String gateway, List<String> routes) {}

    /**
     * The seccomp profile of the OCI config Kubelab wrote ({@code linux.seccomp}).
     *
     * @param defaultAction  {@code SCMP_ACT_ALLOW}
     * @param blockedAction  what the listed calls get ({@code SCMP_ACT_ERRNO})
     * @param blockedSyscalls how many system calls the profile names for that action
     */
    public record SeccompProfile(String defaultAction, String blockedAction, int blockedSyscalls) {
        public static final SeccompProfile NONE = new SeccompProfile("", "", 0);
    }
}
