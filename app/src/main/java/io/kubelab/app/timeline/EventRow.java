package io.kubelab.app.timeline;

import io.fabric8.kubernetes.api.model.Event;
import io.kubelab.engine.model.Kube;

import java.time.Instant;

/**
 * One line of the timeline: a core/v1 Event as {@code kubectl get events} shows it.
 *
 * @param key       the Event's {@code namespace/name} (a repeated event updates its line)
 * @param time      its last occurrence (simulated time)
 * @param type      {@code Normal} or {@code Warning}
 * @param reason    e.g. {@code Scheduled}, {@code Pulled}, {@code BackOff}
 * @param object    the involved object in kubectl's {@code kind/name} form, e.g. {@code pod/nginx-abc12}
 * @param message   the message
 * @param count     how often it happened
 * @param namespace the Event's namespace
 * @param uid       the involved object's uid, to find an object's events
 */
public record EventRow(String key, Instant time, String type, String reason, String object, String message, int count,
                       String namespace, String uid) {

    public static EventRow of(Event e) {
        String ts = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime().getTime() : e.getFirstTimestamp();
        Instant time;
        try {
            time = ts == null ? Instant.EPOCH : Kube.parseTimestamp(ts);
        } catch (RuntimeException ex) {
            time = Instant.EPOCH;
        }
        var ref = e.getInvolvedObject();
        String kind = ref == null || ref.getKind() == null ? "" : ref.getKind().toLowerCase(java.util.Locale.ROOT);
        String object = ref == null ? "" : kind + "/" + ref.getName();
        return new EventRow(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), time,
                e.getType() == null ? "Normal" : e.getType(), e.getReason() == null ? "" : e.getReason(), object,
                e.getMessage() == null ? "" : e.getMessage(), e.getCount() == null ? 1 : e.getCount(),
                e.getMetadata().getNamespace(), ref == null ? null : ref.getUid());
    }

    public boolean warning() {
        return "Warning".equals(type);
    }
}
