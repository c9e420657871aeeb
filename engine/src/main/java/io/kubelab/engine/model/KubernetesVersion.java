package io.kubelab.engine.model;

/**
 * The Kubernetes version Kubelab's cluster reports everywhere (API server {@code /version},
 * kubelet and kube-proxy versions, probes' user agent). 1.31 keeps kubectl 1.30–1.32 within the
 * supported skew (so ≥1.30 clients use WebSocket exec without a warning) and matches the event
 * wording the controllers use ({@code Scaled up replica set x from 0 to 2}, new in 1.31).
 */
public final class KubernetesVersion {
    private KubernetesVersion() {}

    public static final String MAJOR = "1";
    public static final String MINOR = "31";
    public static final String GIT_VERSION = "v1.31.4";
    public static final String GIT_COMMIT = "a78aa47129b8539636eb86a9d00e31b2720fe06b";
    public static final String BUILD_DATE = "2024-12-10T18:36:27Z";
    public static final String GO_VERSION = "go1.22.10";
}
