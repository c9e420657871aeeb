package io.kubelab.app.timeline;

import io.fabric8.kubernetes.api.model.Event;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.app.session.FeedListener;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's core/v1 Events as they happen, oldest first, like {@code kubectl get events -w}: a
 * repeated event (count 2, 3, …) moves its line to the end with the new count. Keeps the last
 * {@link #MAX_ROWS}. Filters: namespace, warnings only.
 *
 * <p>Threading: {@link #onBatch} on the UI thread (or a test's thread).
 */
public final class TimelineViewModel implements FeedListener {
    public static final int MAX_ROWS = 5_000;

    private final ObservableList<EventRow> rows = FXCollections.observableArrayList();
    private final FilteredList<EventRow> visible = new FilteredList<>(rows, r -> true);
    private final Map<String, EventRow> byKey = new HashMap<>();
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", "");
    private final BooleanProperty warningsOnly = new SimpleBooleanProperty(this, "warningsOnly");

    public TimelineViewModel() {
        namespace.addListener((o, a, b) -> refilter());
        warningsOnly.addListener((o, a, b) -> refilter());
    }

    private void refilter() {
        String ns = namespace.get();
        boolean warnings = warningsOnly.get();
        visible.setPredicate(r -> (ns == null || ns.isEmpty() || ns.equals(r.namespace())) && (!warnings || r.warning()));
    }

    @Override
    public void onBatch(FeedBatch batch) {
        if (batch.reset()) {
            rows.clear();
            byKey.clear();
        }
        List<EventRow> added = new ArrayList<>();
        for (WatchEvent e : batch.events()) {
            if (e.resource() != ResourceTypes.EVENTS) {
                continue;
            }
            Event ev = (Event) e.object();
            String key = ev.getMetadata().getNamespace() + "/" + ev.getMetadata().getName();
            EventRow old = byKey.remove(key);
            if (old != null) {
                added.remove(old);
                rows.remove(old);
            }
            if (e.type() != WatchEvent.Type.DELETED) {
                EventRow row = EventRow.of(ev);
                byKey.put(key, row);
                added.add(row);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        // Events listed at start come in name order; sort each batch by time (stable).
        added.sort(Comparator.comparing(EventRow::time));
        rows.addAll(added);
        if (rows.size() > MAX_ROWS) {
            List<EventRow> drop = new ArrayList<>(rows.subList(0, rows.size() - MAX_ROWS));
            for (EventRow r : drop) {
                byKey.remove(r.key());
            }
            rows.remove(0, rows.size() - MAX_ROWS);
        }
    }

    /** All rows the filters let through, oldest first. */
    public ObservableList<EventRow> rows() {
        return visible;
    }

    /** The events about one object (by its uid), oldest first. */
    public List<EventRow> eventsOf(String uid) {
        List<EventRow> out = new ArrayList<>();
        if (uid == null) {
            return out;
        }
        for (EventRow r : rows) {
            if (uid.equals(r.uid())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Namespace shown; empty for all. */
    public StringProperty namespaceProperty() {
        return namespace;
    }

    public BooleanProperty warningsOnlyProperty() {
        return warningsOnly;
    }
}
