package io.kubelab.app.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each request kube-proxy routed to every sink that shows traffic: the main cluster view
 * always, and any live widget of the slide on screen while it is shown.
 */
public final class TrafficHub implements TrafficSink {
    private final List<TrafficSink> sinks = new CopyOnWriteArrayList<>();

    public void add(TrafficSink sink) {
        sinks.add(sink);
    }

    public void remove(TrafficSink sink) {
        sinks.remove(sink);
    }

    /** How many sinks listen (tests check that a widget left on an old slide let go). */
    public int size() {
        return sinks.size();
    }

    /** Any thread; each sink only enqueues. */
    @Override
    public void traffic(TrafficRecord record) {
        for (TrafficSink s : sinks) {
            s.traffic(record);
        }
    }
}
