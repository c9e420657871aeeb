package io.kubelab.engine.runtime;

import java.time.Instant;

/**
 * A running (or stopped) pod sandbox.
 *
 * @param id        the sandbox ID (the pause container's ID)
 * @param podUid    the pod it belongs to
 * @param ip        the pod IP from the node's pod CIDR
 * @param ready     false once stopped
 * @param createdAt when it was created
 */
public record PodSandbox(String id, String podUid, String ip, boolean ready, Instant createdAt) {}
