package io.kubelab.engine.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * What plugins compute in PreFilter / PreScore and read back in Filter / Score, for one scheduling
 * attempt of one pod. Engine thread only.
 */
public final class CycleState {
    private final Map<String, Object> data = new HashMap<>();

    public void write(String key, Object value) {
        data.put(key, value);
    }

    /** The value written under {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T read(String key) {
        return (T) data.get(key);
    }
}
