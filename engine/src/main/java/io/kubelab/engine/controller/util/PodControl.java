package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * How a workload controller creates and deletes its pods ({@code controller.PodControlInterface}).
 * The real one goes through the API and records events; tests may fail on purpose.
 */
public interface PodControl {
    /**
     * Creates a pod from {@code template}, named {@code <parent>-<5 random chars>}, owned by
     * {@code controllerRef}.
     *
     * @throws io.kubelab.engine.model.ApiException when the API refuses it
     */
    Pod createPod(String namespace, PodTemplateSpec template, HasMetadata parent, OwnerReference controllerRef);

    /**
     * Deletes a pod the parent owns.
     *
     * @throws io.kubelab.engine.model.ApiException when the API refuses it (404 when it is gone already)
     */
    void deletePod(String namespace, String name, HasMetadata parent);
}
