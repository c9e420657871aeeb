package io.kubelab.engine.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubelab.engine.model.ResourceTypes;

import java.util.Map;
import java.util.Random;

/**
 * The write stream of the crash test, shared by the child process that writes it and the test that
 * checks it: given the same seed and the same starting state, both produce the same operations.
 * Sixteen ConfigMaps are created, updated and deleted with values of 0–3000 characters, so the
 * journal grows quickly and snapshots happen often.
 */
final class DurabilityWorkload {
    static final int KEYS = 16;
    static final String NAMESPACE = "default";

    enum Kind { CREATE, UPDATE, DELETE }

    record Op(Kind kind, String name, String value) {}

    private final Random random;

    DurabilityWorkload(long seed) {
        this.random = new Random(seed);
    }

    /** The next operation, given the current values by name (which it does not change). */
    Op next(Map<String, String> model) {
        String name = "cm-" + random.nextInt(KEYS);
        String value = value();
        if (!model.containsKey(name)) {
            return new Op(Kind.CREATE, name, value);
        }
        return random.nextInt(5) == 0 ? new Op(Kind.DELETE, name, null) : new Op(Kind.UPDATE, name, value);
    }

    private String value() {
        int length = random.nextInt(3000);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    static void applyToModel(Map<String, String> model, Op op) {
        if (op.kind() == Kind.DELETE) {
            model.remove(op.name());
        } else {
            model.put(op.name(), op.value());
        }
    }

    /** Performs the operation on the store; returns the revision it got. */
    static long applyToStore(Store store, Op op) {
        return switch (op.kind()) {
            case CREATE -> Long.parseLong(store.create(configMap(op)).getMetadata().getResourceVersion());
            case UPDATE -> Long.parseLong(store.update(configMap(op)).getMetadata().getResourceVersion());
            case DELETE -> Long.parseLong(store.delete(ResourceTypes.CONFIGMAPS, NAMESPACE, op.name(), null, null)
                    .getMetadata().getResourceVersion());
        };
    }

    static ConfigMap configMap(Op op) {
        return new ConfigMapBuilder().withNewMetadata().withName(op.name()).withNamespace(NAMESPACE).endMetadata()
                .addToData("v", op.value()).build();
    }
}
