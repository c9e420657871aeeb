package io.kubelab.app.slides;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubelab.app.cluster.TrafficRecord;
import io.kubelab.app.cluster.TrafficSink;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.app.session.FeedListener;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The state of a slide's "service traffic" widget for one Service: its ClusterIP and ports, the last
 * {@link #LAST} requests kube-proxy routed to it, and how many each pod answered. With 3 ready pods
 * and round robin, 6 requests show 2-2-2, which is what the slide wants the audience to see.
 *
 * <p>Threading: {@link #traffic} from any thread (only enqueues); {@link #onBatch} and {@link #tick}
 * on the UI thread (or a test's thread).
 */
public final class ServiceTrafficViewModel implements FeedListener, TrafficSink {
    /** How many recent requests the panel lists. */
    public static final int LAST = 8;

    /** One routed request. {@code number} counts from 1 since the widget appeared. */
    public record Request(int number, String pod, String node) {}

    /** How many requests one pod answered. */
    public record PodCount(String pod, int count) {}

    private final String namespace;
    private final String name;
    private final ConcurrentLinkedQueue<TrafficRecord> queue = new ConcurrentLinkedQueue<>();
    private final ReadOnlyStringWrapper clusterIp = new ReadOnlyStringWrapper(this, "clusterIp", "");
    private final ReadOnlyStringWrapper ports = new ReadOnlyStringWrapper(this, "ports", "");
    private final ObservableList<Request> recent = FXCollections.observableArrayList();
    private final ObservableList<PodCount> counts = FXCollections.observableArrayList();
    private final Map<String, Integer> perPod = new LinkedHashMap<>();
    private int total;
    /** Whether a batch of the widget's watch has come (its first is a reset that only catches up). */
    private boolean synced;

    /** @param service {@code name} (namespace {@code default}) or {@code namespace/name}, as a slide writes it */
    public ServiceTrafficViewModel(String service) {
        int slash = service.indexOf('/');
        this.namespace = slash < 0 ? "default" : service.substring(0, slash);
        this.name = slash < 0 ? service : service.substring(slash + 1);
    }

    /** {@code namespace/name}, as kube-proxy's records name the Service. */
    public String serviceKey() {
        return namespace + "/" + name;
    }

    @Override
    public void onBatch(FeedBatch batch) {
        if (batch.reset()) {
            clusterIp.set("");
            ports.set("");
            // A later reset is a new cluster: its predecessor's requests go. The first one is only
            // the widget's own watch catching up with this cluster, whose requests may already be queued.
            if (synced) {
                clearTraffic();
            }
        }
        synced = true;
        for (WatchEvent e : batch.events()) {
            if (e.resource() != ResourceTypes.SERVICES || !(e.object() instanceof Service svc)
                    || !namespace.equals(svc.getMetadata().getNamespace()) || !name.equals(svc.getMetadata().getName())) {
                continue;
            }
            if (e.type() == WatchEvent.Type.DELETED) {
                clusterIp.set("");
                ports.set("");
            } else {
                clusterIp.set(svc.getSpec().getClusterIP() == null ? "<none>" : svc.getSpec().getClusterIP());
                ports.set(portsText(svc));
            }
        }
    }

    @Override
    public void traffic(TrafficRecord record) {
        queue.add(record);
    }

    /** Takes in the requests queued since the last frame. UI thread. */
    public void tick() {
        TrafficRecord r;
        boolean changed = false;
        while ((r = queue.poll()) != null) {
            if (!serviceKey().equals(r.service())) {
                continue;
            }
            total++;
            perPod.merge(r.pod(), 1, Integer::sum);
            recent.add(0, new Request(total, r.pod(), r.node()));
            if (recent.size() > LAST) {
                recent.remove(LAST, recent.size());
            }
            changed = true;
        }
        if (changed) {
            List<PodCount> rows = new ArrayList<>();
            perPod.forEach((pod, n) -> rows.add(new PodCount(pod, n)));
            counts.setAll(rows);
        }
    }

    private void clearTraffic() {
        queue.clear();
        perPod.clear();
        total = 0;
        recent.clear();
        counts.clear();
    }

    /** kubectl's PORT(S) column: {@code 80/TCP}, or {@code 80:31000/TCP} with a NodePort. */
    static String portsText(Service svc) {
        List<ServicePort> list = svc.getSpec().getPorts();
        if (list == null || list.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        for (ServicePort p : list) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            parts.add(p.getPort() + (p.getNodePort() == null ? "" : ":" + p.getNodePort()) + "/" + proto);
        }
        return String.join(",", parts);
    }

    public ReadOnlyStringProperty clusterIpProperty() {
        return clusterIp.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty portsProperty() {
        return ports.getReadOnlyProperty();
    }

    /** The last requests, newest first. */
    public ObservableList<Request> recent() {
        return FXCollections.unmodifiableObservableList(recent);
    }

    /** Requests per pod, in the order pods first answered. */
    public ObservableList<PodCount> counts() {
        return FXCollections.unmodifiableObservableList(counts);
    }

    /** All requests to this Service since the widget appeared. */
    public int total() {
        return total;
    }
}
