package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.ResourceType;

/**
 * One change in the store, as a watch delivers it. {@code object} is the stored object after the
 * change (for {@code DELETED}, its last state); it must not be mutated.
 */
public record WatchEvent(Type type, ResourceType resource, HasMetadata object, long revision) {

    /** The watch event types of {@code watch.EventType}. */
    public enum Type { ADDED, MODIFIED, DELETED }
}
