package io.kubelab.app.session;

import io.kubelab.engine.store.WatchEvent;

import java.util.List;

/**
 * What changed in the cluster since the previous frame, in revision order.
 *
 * @param reset  the cluster was replaced (reset, snapshot loaded): forget everything seen before;
 *               {@code events} then starts with an {@code ADDED} event for every object of the new cluster
 * @param events the store's watch events, oldest first; immutable
 */
public record FeedBatch(boolean reset, List<WatchEvent> events) {
    public FeedBatch {
        events = List.copyOf(events);
    }
}
