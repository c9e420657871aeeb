package io.kubelab.app.session;

/**
 * One component drawn in the cluster view: a control-plane component, or a node's agent.
 *
 * @param kind which component
 * @param node the node of a node agent ({@code kubelet}, {@code kube-proxy}, the runtime); {@code null}
 *             for the control plane and for the user's client
 */
public record ComponentId(Kind kind, String node) {

    public enum Kind {
        /** The user's client: kubectl, the console, the HTTP API. */
        CLIENT("kubectl"),
        API_SERVER("kube-apiserver"),
        ETCD("etcd"),
        CONTROLLER_MANAGER("kube-controller-manager"),
        SCHEDULER("kube-scheduler"),
        KUBELET("kubelet"),
        KUBE_PROXY("kube-proxy"),
        RUNTIME("container runtime");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        /** The name Kubernetes uses (not translated). */
        public String displayName() {
            return displayName;
        }

        public boolean onNode() {
            return this == KUBELET || this == KUBE_PROXY || this == RUNTIME;
        }
    }

    public static final ComponentId CLIENT = new ComponentId(Kind.CLIENT, null);
    public static final ComponentId API_SERVER = new ComponentId(Kind.API_SERVER, null);
    public static final ComponentId ETCD = new ComponentId(Kind.ETCD, null);
    public static final ComponentId CONTROLLER_MANAGER = new ComponentId(Kind.CONTROLLER_MANAGER, null);
    public static final ComponentId SCHEDULER = new ComponentId(Kind.SCHEDULER, null);

    public static ComponentId kubelet(String node) {
        return new ComponentId(Kind.KUBELET, node);
    }

    public static ComponentId kubeProxy(String node) {
        return new ComponentId(Kind.KUBE_PROXY, node);
    }

    public static ComponentId runtime(String node) {
        return new ComponentId(Kind.RUNTIME, node);
    }

    /** The engine's component name, for {@code Cluster.setRunning}: {@code scheduler}, {@code kubelet/minikube}, … */
    public String engineName() {
        return switch (kind) {
            case SCHEDULER -> "scheduler";
            case CONTROLLER_MANAGER -> "controller-manager";
            case KUBELET -> "kubelet/" + node;
            case KUBE_PROXY -> "kube-proxy/" + node;
            default -> kind.displayName();
        };
    }

    @Override
    public String toString() {
        return node == null ? kind.displayName() : kind.displayName() + "@" + node;
    }
}
