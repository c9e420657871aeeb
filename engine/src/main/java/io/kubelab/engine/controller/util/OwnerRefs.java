package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.ArrayList;
import java.util.List;

/** Controller references ({@code metav1.GetControllerOf}, {@code NewControllerRef}, {@code IsControlledBy}). Pure. */
public final class OwnerRefs {
    private OwnerRefs() {}

    /** The owner reference with {@code controller: true}, or {@code null}. */
    public static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference r : refs) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    /**
     * The reference a controller puts on what it creates: {@code controller: true} and
     * {@code blockOwnerDeletion: true}, so that foreground deletion of the owner waits for it.
     */
    public static OwnerReference newControllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** Whether {@code object}'s controller is {@code owner} (same uid). */
    public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        OwnerReference ref = controllerOf(object);
        return ref != null && ref.getUid() != null && ref.getUid().equals(owner.getMetadata().getUid());
    }

    /** Adds {@code ref} to {@code object}'s owner references (mutates the object: pass a copy). */
    public static void addOwnerRef(HasMetadata object, OwnerReference ref) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(object.getMetadata().getOwnerReferences());
        refs.removeIf(r -> r.getUid() != null && r.getUid().equals(ref.getUid()));
        refs.add(ref);
        object.getMetadata().setOwnerReferences(refs);
    }

    /** Removes the reference to the owner with {@code uid} (mutates the object: pass a copy). */
    public static void removeOwnerRef(HasMetadata object, String uid) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return;
        }
        List<OwnerReference> kept = new ArrayList<>(refs);
        kept.removeIf(r -> uid.equals(r.getUid()));
        object.getMetadata().setOwnerReferences(kept);
    }
}
