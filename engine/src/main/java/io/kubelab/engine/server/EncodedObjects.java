package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of stored objects, encoded once and shared by every list and watcher that sends them.
 * Two hundred watchers of a change used to mean two hundred encodings of the same object; with this
 * cache it is one. Stored objects are immutable and each revision is written by exactly one object
 * state, so an object's resourceVersion identifies its bytes; the identity check guards the rare
 * case of two states in one slot.
 *
 * <p>Thread-safety: lock-free; a lost race only costs one extra encoding.
 */
final class EncodedObjects {
    private static final int SIZE = 4096;

    private record Entry(HasMetadata object, byte[] json) {}

    private final AtomicReferenceArray<Entry> ring = new AtomicReferenceArray<>(SIZE);

    byte[] json(HasMetadata object) {
        long rv = revision(object);
        if (rv < 0) {
            return Kube.toJsonBytes(object);
        }
        int slot = (int) (rv & (SIZE - 1));
        Entry e = ring.get(slot);
        if (e != null && e.object() == object) {
            return e.json();
        }
        byte[] json = Kube.toJsonBytes(object);
        ring.set(slot, new Entry(object, json));
        return json;
    }

    private static long revision(HasMetadata o) {
        String rv = o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
        if (rv == null) {
            return -1;
        }
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
