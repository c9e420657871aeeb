package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.FeedBatch;
import io.kubelab.app.session.FeedListener;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The cluster view's state and behaviour, without controls: the model fed by watch batches, the
 * layout, the camera, selection, the namespace filter, and the animations (a pod moving into its
 * node when it is bound, the command path, service traffic). The view only draws it and forwards
 * the mouse.
 *
 * <p>Threading: {@link #onBatch} and {@link #tick} run on the UI thread (or a test's thread);
 * {@link #traffic} may be called from any thread.
 */
public final class ClusterViewModel implements FeedListener, TrafficSink {
    /** Zoom below which nodes are drawn as a heat map, and above which pods show their text. */
    public static final double HEAT_MAP_BELOW = 0.10;
    public static final double DETAIL_FROM = 0.42;
    static final long MOVE_NANOS = 700_000_000L;
    static final long TRAFFIC_NANOS = 1_100_000_000L;
    static final int MAX_DOTS = 400;

    /** Level of detail for a zoom. */
    public enum Detail { HEAT_MAP, BOXES, FULL }

    /** A pod travelling from the Pending area to its node. */
    public record Move(PodInfo pod, double fromX, double fromY, long start) {}

    /** A request travelling service → kube-proxy → pod, along {@code xs/ys}. */
    public record Dot(double[] xs, double[] ys, long start) {}

    /** One row of the Deployments legend. */
    public record LegendRow(String namespace, String name, int ready, int desired, int color) {}

    /** The counts of the status line. */
    public record Counts(int nodes, int pods, int pending, int services) {}

    private final ClusterModel model = new ClusterModel();
    private final Camera camera = new Camera();
    private final PathPlayer path = new PathPlayer();
    private final List<Move> moves = new ArrayList<>();
    private final List<Dot> dots = new ArrayList<>();
    private final ConcurrentLinkedQueue<TrafficRecord> trafficQueue = new ConcurrentLinkedQueue<>();
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>(this, "selection");
    private final StringProperty namespaceFilter = new SimpleStringProperty(this, "namespaceFilter", "");
    private final ObservableList<String> namespaces = FXCollections.observableArrayList();
    private final ObservableList<LegendRow> legend = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Counts> counts = new ReadOnlyObjectWrapper<>(this, "counts", new Counts(0, 0, 0, 0));
    private final ReadOnlyObjectWrapper<List<PathPlayer.Shown>> pathHistory =
            new ReadOnlyObjectWrapper<>(this, "pathHistory", List.of());
    private ClusterLayout layout = new ClusterLayout(0, 0, 0, 0);
    private double viewportW = 800;
    private double viewportH = 600;
    private boolean autoFit = true;
    private long drawnModelVersion = -1;
    private long drawnCameraVersion = -1;
    private long layoutVersion;
    private boolean forceRedraw = true;
    private final java.util.Set<ComponentId> stopped = new java.util.HashSet<>();

    public ClusterViewModel() {
        namespaceFilter.addListener((o, a, b) -> {
            model.setNamespaceFilter(b);
            if (selection.get() instanceof Selection.ObjectRef ref && ref.namespace() != null && b != null && !b.isEmpty()
                    && !b.equals(ref.namespace())) {
                selection.set(null);
            }
            afterChange();
        });
        selection.addListener((o, a, b) -> forceRedraw = true);
    }

    // ---- input -----------------------------------------------------------------------------

    /** Applies one frame's watch events. UI thread. */
    @Override
    public void onBatch(FeedBatch batch) {
        if (batch.reset()) {
            stopped.clear();
            moves.clear();
            dots.clear();
            path.clear();
            selection.set(null);
        }
        ClusterLayout before = layout;
        ClusterModel.Changes changes = model.apply(batch);
        for (ClusterModel.Bound b : changes.bound()) {
            Rect from = before.pod(-1, Math.max(0, b.pendingSlot()));
            moves.add(new Move(b.pod(), from.x(), from.y(), Long.MIN_VALUE));
        }
        path.offer(changes.steps());
        afterChange();
    }

    /** Shows a request routed by kube-proxy. Any thread: queued for the next frame. */
    @Override
    public void traffic(TrafficRecord record) {
        trafficQueue.add(record);
    }

    private void afterChange() {
        if (model.refresh()) {
            layout = ClusterLayout.of(model);
            layoutVersion++;
            if (autoFit) {
                fit();
            }
        }
        if (!namespaces.equals(new ArrayList<>(model.namespaces()))) {
            namespaces.setAll(model.namespaces());
        }
        List<LegendRow> rows = new ArrayList<>();
        for (GroupInfo g : model.deployments()) {
            rows.add(new LegendRow(g.namespace, g.name, g.ready, g.desired, g.color()));
        }
        if (!legend.equals(rows)) {
            legend.setAll(rows);
        }
        Counts c = new Counts(model.nodes().length, model.podCount(), model.pending().length, model.services().length);
        if (!c.equals(counts.get())) {
            counts.set(c);
        }
    }

    /**
     * Advances the animations to {@code now}.
     *
     * @return whether the view must redraw this frame
     */
    public boolean tick(long now) {
        TrafficRecord r;
        while ((r = trafficQueue.poll()) != null) {
            Dot d = dotFor(r, now);
            if (d != null && dots.size() < MAX_DOTS) {
                dots.add(d);
            }
        }
        boolean animating = false;
        for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            if (m.start() == Long.MIN_VALUE) {
                moves.set(i, new Move(m.pod(), m.fromX(), m.fromY(), now));
            }
        }
        moves.removeIf(m -> now - m.start() > MOVE_NANOS || m.pod().node == null || m.pod().slot < 0);
        dots.removeIf(d -> now - d.start() > TRAFFIC_NANOS);
        animating |= !moves.isEmpty() || !dots.isEmpty();
        long hv = path.historyVersion();
        animating |= path.tick(now);
        if (hv != path.historyVersion()) {
            pathHistory.set(path.history());
        }
        boolean redraw = forceRedraw || animating || drawnModelVersion != model.version()
                || drawnCameraVersion != camera.version();
        drawnModelVersion = model.version();
        drawnCameraVersion = camera.version();
        forceRedraw = false;
        return redraw;
    }

    /** Asks for a redraw at the next frame (the theme changed, the canvas was resized). */
    public void invalidate() {
        forceRedraw = true;
    }

    private Dot dotFor(TrafficRecord r, long now) {
        ServiceInfo svc = model.service(r.service());
        NodeInfo node = model.node(r.node());
        int slash = r.pod().indexOf('/');
        PodInfo pod = slash < 0 ? null : model.pod(r.pod().substring(0, slash), r.pod().substring(slash + 1));
        if (svc == null || svc.slot < 0 || node == null || pod == null || pod.slot < 0 || pod.node == null) {
            return null;
        }
        Rect s = layout.service(svc.slot);
        Rect proxy = layout.component(ComponentId.kubeProxy(node.name), node.index);
        Rect p = layout.pod(pod);
        return new Dot(new double[] {s.centerX(), proxy.centerX(), p.centerX()},
                new double[] {s.bottom(), proxy.centerY(), p.centerY()}, now);
    }

    // ---- camera ----------------------------------------------------------------------------

    public void setViewport(double w, double h) {
        if (w == viewportW && h == viewportH) {
            return;
        }
        viewportW = w;
        viewportH = h;
        if (autoFit) {
            fit();
        }
        forceRedraw = true;
    }

    /** Shows the whole cluster and follows it as it grows, until the user pans or zooms. */
    public void fit() {
        autoFit = true;
        camera.fit(layout.world(), viewportW, viewportH, 1.0);
    }

    public void pan(double dx, double dy) {
        autoFit = false;
        camera.pan(dx, dy);
    }

    public void zoom(double sx, double sy, double factor) {
        autoFit = false;
        camera.zoomAt(sx, sy, factor);
    }

    /** Zooms in on a node (or the Pending area) so that its pods are readable. */
    public void focus(Rect r) {
        autoFit = false;
        double s = Math.min(1.2, Math.min(viewportW / (r.w() + 80), viewportH / (r.h() + 80)));
        camera.centerOn(r.centerX(), r.centerY(), Math.max(DETAIL_FROM, s), viewportW, viewportH);
    }

    public Detail detail() {
        double s = camera.scale();
        return s < HEAT_MAP_BELOW ? Detail.HEAT_MAP : s < DETAIL_FROM ? Detail.BOXES : Detail.FULL;
    }

    // ---- picking ---------------------------------------------------------------------------

    /** What is drawn at screen point {@code (sx, sy)}, or {@code null}. */
    public Selection hitTest(double sx, double sy) {
        double x = camera.toWorldX(sx);
        double y = camera.toWorldY(sy);
        if (layout.clientBox().contains(x, y)) {
            return new Selection.ComponentRef(ComponentId.CLIENT);
        }
        for (ComponentId c : ClusterLayout.CONTROL_PLANE) {
            if (layout.component(c, -1).contains(x, y)) {
                return new Selection.ComponentRef(c);
            }
        }
        int svc = layout.serviceAt(x, y);
        if (svc >= 0 && svc < model.services().length) {
            ServiceInfo s = model.services()[svc];
            return new Selection.ObjectRef(ResourceTypes.SERVICES, s.namespace, s.name);
        }
        if (layout.pendingArea().contains(x, y)) {
            int slot = layout.slotAt(-1, x, y);
            if (slot >= 0 && slot < model.pending().length) {
                PodInfo p = model.pending()[slot];
                return new Selection.ObjectRef(ResourceTypes.PODS, p.namespace, p.name);
            }
            return null;
        }
        int ni = layout.nodeAt(x, y);
        if (ni < 0 || ni >= model.nodes().length) {
            return null;
        }
        NodeInfo n = model.nodes()[ni];
        if (detail() == Detail.FULL) {
            for (ComponentId c : List.of(ComponentId.kubelet(n.name), ComponentId.kubeProxy(n.name), ComponentId.runtime(n.name))) {
                if (layout.component(c, ni).contains(x, y)) {
                    return new Selection.ComponentRef(c);
                }
            }
        }
        if (detail() != Detail.HEAT_MAP) {
            int slot = layout.slotAt(ni, x, y);
            if (slot >= 0 && slot < n.visible.length) {
                PodInfo p = n.visible[slot];
                return new Selection.ObjectRef(ResourceTypes.PODS, p.namespace, p.name);
            }
        }
        return new Selection.ObjectRef(ResourceTypes.NODES, null, n.name);
    }

    /** The world box of the node named {@code name}, or {@code null}. */
    public Rect nodeBox(String name) {
        NodeInfo n = model.node(name);
        return n == null ? null : layout.node(n.index);
    }

    /** Marks a component stopped (drawn greyed with a dashed red border) or running. UI thread. */
    public void setStopped(ComponentId id, boolean isStopped) {
        if (isStopped ? stopped.add(id) : stopped.remove(id)) {
            forceRedraw = true;
        }
    }

    public boolean isStopped(ComponentId id) {
        return !stopped.isEmpty() && stopped.contains(id);
    }

    // ---- reads for the view -----------------------------------------------------------------

    public ClusterModel model() {
        return model;
    }

    public ClusterLayout layout() {
        return layout;
    }

    public Camera camera() {
        return camera;
    }

    public PathPlayer path() {
        return path;
    }

    /** Moves in progress. Do not modify. */
    public List<Move> moves() {
        return moves;
    }

    /** Traffic dots in flight. Do not modify. */
    public List<Dot> dots() {
        return dots;
    }

    public double viewportWidth() {
        return viewportW;
    }

    public double viewportHeight() {
        return viewportH;
    }

    /** The Move of a pod, or {@code null}; linear scan of the (few) moves in flight. */
    public Move moveOf(PodInfo p) {
        for (Iterator<Move> it = moves.iterator(); it.hasNext(); ) {
            Move m = it.next();
            if (m.pod() == p) {
                return m;
            }
        }
        return null;
    }

    public ObjectProperty<Selection> selectionProperty() {
        return selection;
    }

    /** The namespace shown; empty for all namespaces. */
    public StringProperty namespaceFilterProperty() {
        return namespaceFilter;
    }

    /** The namespaces that exist, sorted. */
    public ObservableList<String> namespaces() {
        return namespaces;
    }

    public ObservableList<LegendRow> legend() {
        return legend;
    }

    public ReadOnlyObjectProperty<Counts> countsProperty() {
        return counts.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<PathPlayer.Shown>> pathHistoryProperty() {
        return pathHistory.getReadOnlyProperty();
    }

    public long layoutVersion() {
        return layoutVersion;
    }
}
