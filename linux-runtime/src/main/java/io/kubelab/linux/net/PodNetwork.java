package io.kubelab.linux.net;
public interface PodNetwork {
    /** Moves a veth end into the sandbox's netns (the pause process's /proc/<pid>/ns/net), assigns the next IP of the node's pod CIDR, default route via the bridge; returns the pod IP. */
    String attach(String node, String sandboxId, long pausePid) throws java.io.IOException;
    /** Removes the sandbox's veth and releases its IP; idempotent. */
    void detach(String node, String sandboxId) throws java.io.IOException;
    /** The node's network namespace path (/run/netns/kubelab-<node>), for running commands inside it. */
    java.nio.file.Path netnsPath(String node);
}
