package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.ResourceTypes;

import java.util.List;

/**
 * The store's standard secondary indexes, so that controllers find "the pods of this ReplicaSet"
 * or "the pods on this node" in the time of the answer — at 150,000 pods, listing the namespace
 * on every sync would make a rollout quadratic.
 */
public final class Indexes {
    private Indexes() {}

    /** Pods and ReplicaSets by their controller's uid; those without one under {@link #orphans}. */
    public static final String CONTROLLER = "controller";
    /** Pods by {@code spec.nodeName}. */
    public static final String NODE = "node";

    /** The index value of the objects in {@code namespace} that have no controller. */
    public static String orphans(String namespace) {
        return "orphan/" + namespace;
    }

    public static void register(Store store) {
        store.addIndex(ResourceTypes.PODS, CONTROLLER, Indexes::controller);
        store.addIndex(ResourceTypes.REPLICASETS, CONTROLLER, Indexes::controller);
        store.addIndex(ResourceTypes.PODS, NODE, o -> {
            Pod p = (Pod) o;
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            return node == null || node.isEmpty() ? List.of() : List.of(node);
        });
    }

    private static List<String> controller(HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference r : refs) {
                if (Boolean.TRUE.equals(r.getController()) && r.getUid() != null) {
                    return List.of(r.getUid());
                }
            }
        }
        return List.of(orphans(o.getMetadata().getNamespace()));
    }
}
