package io.kubelab.app.cluster;

/** Where kube-proxy's traffic events go to be seen. */
@FunctionalInterface
public interface TrafficSink {
    /** Shows one request. Any thread (the engine thread, typically); only enqueues. */
    void traffic(TrafficRecord record);
}
