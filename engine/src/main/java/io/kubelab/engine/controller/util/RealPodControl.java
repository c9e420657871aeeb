package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Validation;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code RealPodControl}: pods from a template through the API, with the events
 * {@code SuccessfulCreate} ({@code Created pod: nginx-deployment-6c8b449b8f-x2kqz}),
 * {@code FailedCreate} ({@code Error creating: …}), {@code SuccessfulDelete}
 * ({@code Deleted pod: …}) and {@code FailedDelete} ({@code Error deleting: …}) on the parent.
 */
public final class RealPodControl implements PodControl {
    public static final String SUCCESSFUL_CREATE = "SuccessfulCreate";
    public static final String FAILED_CREATE = "FailedCreate";
    public static final String SUCCESSFUL_DELETE = "SuccessfulDelete";
    public static final String FAILED_DELETE = "FailedDelete";

    private final KubeApi api;
    private final EventRecorder events;
    private final String component;

    public RealPodControl(KubeApi api, EventRecorder events, String component) {
        this.api = api;
        this.events = events;
        this.component = component;
    }

    @Override
    public Pod createPod(String namespace, PodTemplateSpec template, HasMetadata parent, OwnerReference controllerRef) {
        Pod pod = podFromTemplate(template, parent, controllerRef);
        if (pod.getMetadata().getLabels() == null || pod.getMetadata().getLabels().isEmpty()) {
            throw ApiException.badRequest("unable to create pods, no labels");
        }
        Pod created;
        try {
            created = api.create(pod, namespace);
        } catch (ApiException e) {
            events.warning(parent, FAILED_CREATE, "Error creating: " + e.getMessage(), component, null);
            throw e;
        }
        events.normal(parent, SUCCESSFUL_CREATE, "Created pod: " + created.getMetadata().getName(), component, null);
        return created;
    }

    @Override
    public void deletePod(String namespace, String name, HasMetadata parent) {
        try {
            api.delete(ResourceTypes.PODS, namespace, name, null);
        } catch (ApiException e) {
            if (e.code() != 404) {
                events.warning(parent, FAILED_DELETE, "Error deleting: " + e.getMessage(), component, null);
            }
            throw e;
        }
        events.normal(parent, SUCCESSFUL_DELETE, "Deleted pod: " + name, component, null);
    }

    /**
     * {@code GetPodFromTemplate}: the template's labels, annotations and finalizers, a generated
     * name {@code <parent>-}, the controller reference, and a copy of the template's spec.
     */
    public static Pod podFromTemplate(PodTemplateSpec template, HasMetadata parent, OwnerReference controllerRef) {
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setLabels(tm.getLabels() == null ? null : new LinkedHashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null || tm.getAnnotations().isEmpty() ? null
                : new LinkedHashMap<>(tm.getAnnotations()));
        meta.setFinalizers(tm.getFinalizers() == null || tm.getFinalizers().isEmpty() ? null
                : new ArrayList<>(tm.getFinalizers()));
        meta.setGenerateName(podsPrefix(parent.getMetadata().getName()));
        if (controllerRef != null) {
            meta.setOwnerReferences(new ArrayList<>(List.of(Kube.copy(controllerRef))));
        }
        Pod pod = new Pod();
        pod.setMetadata(meta);
        pod.setSpec(Kube.copy(template.getSpec()));
        return pod;
    }

    /** {@code <name>-}, unless that is no valid name prefix (then the name itself). */
    static String podsPrefix(String controllerName) {
        String prefix = controllerName + "-";
        // Validated as a generateName is: with its trailing dash masked ("x-" checks as "xa").
        return Validation.dns1123SubdomainErrors(controllerName + "a").isEmpty() ? prefix : controllerName;
    }
}
