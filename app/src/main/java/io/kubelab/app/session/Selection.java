package io.kubelab.app.session;

import io.kubelab.engine.model.ResourceType;

/** What the user selected in the cluster view: an API object or a component of the cluster. */
public sealed interface Selection {

    /** An API object: a pod, a node, a service, a deployment, … */
    record ObjectRef(ResourceType type, String namespace, String name) implements Selection {
        /** {@code namespace/name} or {@code name}: the store's key. */
        public String key() {
            return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        }

        /** kubectl's {@code kind/name} form, e.g. {@code pod/nginx-7d5b-abcde}. */
        public String kindName() {
            return type.singular() + "/" + name;
        }
    }

    /** A component: {@code kube-scheduler}, or {@code kubelet} of node {@code minikube-m02}. */
    record ComponentRef(ComponentId component) implements Selection {}
}
