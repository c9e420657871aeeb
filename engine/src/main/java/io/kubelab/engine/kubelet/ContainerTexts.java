package io.kubelab.engine.kubelet;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts the kubelet's events say about a container, which depend only on its name and kind:
 * {@code spec.containers{nginx}}, {@code Created container nginx}, {@code Started container nginx},
 * {@code Stopping container nginx}. One shared copy per name rather than a new string per event:
 * at 150,000 pods, each container's Created and Started events built two messages and two field
 * paths, and every fresh string had its hash computed again where the event recorder aggregates
 * and where the store's compactor shares texts. Strings are immutable: the events read the same.
 *
 * <p>Any thread. Bounded: past {@link #MAX} names the tables start afresh.
 */
record ContainerTexts(String fieldPath, String created, String started, String stopping) {
    static final int MAX = 4096;

    private static final ConcurrentHashMap<String, ContainerTexts> CONTAINERS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, ContainerTexts> INIT_CONTAINERS = new ConcurrentHashMap<>();

    /** The texts of a container ({@code init}: of an init container) named {@code name}. */
    static ContainerTexts of(String name, boolean init) {
        ConcurrentHashMap<String, ContainerTexts> table = init ? INIT_CONTAINERS : CONTAINERS;
        ContainerTexts known = table.get(name);
        if (known != null) {
            return known;
        }
        ContainerTexts texts = new ContainerTexts((init ? "spec.initContainers{" : "spec.containers{") + name + "}",
                "Created container " + name, "Started container " + name, "Stopping container " + name);
        if (table.size() >= MAX) {
            table.clear();
        }
        ContainerTexts raced = table.putIfAbsent(name, texts);
        return raced != null ? raced : texts;
    }
}
