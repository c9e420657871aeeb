package io.kubelab.engine.controller.util;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@code ControllerRefManager.ClaimObjects}: a controller takes what its selector matches and
 * nobody controls (adoption), keeps what it controls and still matches, and lets go of what it
 * controls but no longer matches (release, e.g. after {@code kubectl label pod x app-}).
 * Adoption and release are writes of {@code metadata.ownerReferences} through the API.
 */
public final class ControllerRefManager {
    private final KubeApi api;
    private final HasMetadata controller;
    private final OwnerReference controllerRef;

    /**
     * @param controller    the owner, as read at the start of the sync
     * @param controllerRef the reference adoption adds ({@link OwnerRefs#newControllerRef})
     */
    public ControllerRefManager(KubeApi api, HasMetadata controller, OwnerReference controllerRef) {
        this.api = api;
        this.controller = controller;
        this.controllerRef = controllerRef;
    }

    /**
     * The objects this controller owns after adopting and releasing.
     *
     * @param type    the type of {@code objects}
     * @param matches the controller's selector
     */
    public <T extends HasMetadata> List<T> claim(ResourceType type, List<T> objects, Predicate<? super T> matches) {
        List<T> claimed = new ArrayList<>();
        boolean controllerDeleting = controller.getMetadata().getDeletionTimestamp() != null;
        for (T o : objects) {
            OwnerReference ref = OwnerRefs.controllerOf(o);
            if (ref != null) {
                if (!Objects.equals(ref.getUid(), controller.getMetadata().getUid())) {
                    continue; // someone else's
                }
                if (matches.test(o)) {
                    claimed.add(o);
                } else if (!controllerDeleting) {
                    release(type, o);
                }
                continue;
            }
            if (controllerDeleting || !matches.test(o) || o.getMetadata().getDeletionTimestamp() != null
                    || !Objects.equals(o.getMetadata().getNamespace(), controller.getMetadata().getNamespace())) {
                continue;
            }
            T adopted = adopt(type, o);
            if (adopted != null) {
                claimed.add(adopted);
            }
        }
        return claimed;
    }

    /**
     * {@code RecheckDeletionTimestamp}: a fresh read of the controller; one that is gone,
     * replaced (another uid) or being deleted adopts nothing.
     */
    private boolean canAdopt() {
        HasMetadata fresh = api.find(io.kubelab.engine.model.ResourceTypes.of(controller),
                controller.getMetadata().getNamespace(), controller.getMetadata().getName());
        return fresh != null && Objects.equals(fresh.getMetadata().getUid(), controller.getMetadata().getUid())
                && fresh.getMetadata().getDeletionTimestamp() == null;
    }

    private <T extends HasMetadata> T adopt(ResourceType type, T o) {
        if (!canAdopt()) {
            return null;
        }
        String uid = o.getMetadata().getUid();
        try {
            return api.modify(type, o.getMetadata().getNamespace(), o.getMetadata().getName(), (T copy) -> {
                if (!Objects.equals(copy.getMetadata().getUid(), uid) || OwnerRefs.controllerOf(copy) != null) {
                    // Replaced or taken meanwhile: the precondition of upstream's adoption patch.
                    throw ApiException.conflict(type, copy.getMetadata().getName(), "the object has been modified; "
                            + "please apply your changes to the latest version and try again");
                }
                OwnerRefs.addOwnerRef(copy, controllerRef);
                return copy;
            }, false);
        } catch (ApiException e) {
            if (e.code() == 404 || e.code() == 409) {
                return null;
            }
            throw e;
        }
    }

    private <T extends HasMetadata> void release(ResourceType type, T o) {
        String uid = o.getMetadata().getUid();
        try {
            api.modify(type, o.getMetadata().getNamespace(), o.getMetadata().getName(), (T copy) -> {
                if (Objects.equals(copy.getMetadata().getUid(), uid)) {
                    OwnerRefs.removeOwnerRef(copy, controller.getMetadata().getUid());
                }
                return copy;
            }, false);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
