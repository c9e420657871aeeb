package io.kubelab.linux.net;
public interface PodNetwork {
    /** Moves a veth end into the sandbox's netns (the pause process's /proc/<pid>/ns/net), assigns the next IP of the node's pod CIDR, default route via the bridge; returns the pod IP. */
    String attach(String node, String sandboxId, long pausePid) throws java.io.IOException;
    /** Removes the sandbox's veth and releases its IP, and its pinned namespace if it has one; idempotent. */
    void detach(String node, String sandboxId) throws java.io.IOException;
    /** The node's network namespace path (/run/netns/kubelab-<node>), for running commands inside it. */
    java.nio.file.Path netnsPath(String node);

    /**
     * Makes and pins (under /run/netns) a new network namespace for a sandbox, which its pause then
     * joins, so that {@link #attachPinned} can plug it in while runc starts the pause rather than
     * after; {@code null} when this network does not pin (then runc makes the namespace and
     * {@link #attach} plugs it in through the pause's PID). {@link #detach} removes it.
     */
    default java.nio.file.Path pinNetns(String node, String sandboxId) throws java.io.IOException {
        return null;
    }

    /** As {@link #attach}, into the namespace {@link #pinNetns} made for the sandbox; returns the pod IP. */
    default String attachPinned(String node, String sandboxId) throws java.io.IOException {
        throw new UnsupportedOperationException("this pod network does not pin namespaces");
    }
}
