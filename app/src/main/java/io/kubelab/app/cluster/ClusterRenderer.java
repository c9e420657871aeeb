package io.kubelab.app.cluster;

import io.kubelab.app.i18n.I18n;
import io.kubelab.app.session.ComponentId;
import io.kubelab.app.session.Selection;
import io.kubelab.engine.model.ResourceTypes;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

import java.util.List;

/**
 * Draws the cluster view on a canvas: only what intersects the viewport, at the level of detail
 * the zoom allows (a heat map of nodes far away; boxes; pods with their containers, STATUS and IP
 * near). Stateless apart from cached fonts: everything comes from the view model and the palette.
 *
 * <p>Threading: the UI thread, once per frame that needs it.
 */
public final class ClusterRenderer {
    private static final double TEXT = 12;
    private static final double SMALL = 10.5;
    private static final double TITLE = 14;
    /** Text smaller than this on screen is not drawn: it would be noise. */
    private static final double MIN_SCREEN_TEXT = 6;

    private final I18n i18n;
    private Font text;
    private Font textBold;
    private Font small;
    private Font title;
    private double fontScale = -1;

    public ClusterRenderer(I18n i18n) {
        this.i18n = i18n;
    }

    private void fonts(double scale) {
        if (scale == fontScale) {
            return;
        }
        fontScale = scale;
        String family = Font.getDefault().getFamily();
        text = Font.font(family, FontWeight.NORMAL, TEXT * scale);
        textBold = Font.font(family, FontWeight.BOLD, TEXT * scale);
        small = Font.font(family, FontWeight.NORMAL, SMALL * scale);
        title = Font.font(family, FontWeight.BOLD, TITLE * scale);
    }

    /** Draws one frame on a canvas of {@code w × h} pixels. */
    public void draw(GraphicsContext g, ClusterViewModel vm, Palette p, long now, double w, double h) {
        fonts(p.fontScale());
        Camera cam = vm.camera();
        ClusterLayout layout = vm.layout();
        ClusterModel model = vm.model();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setGlobalAlpha(1);
        g.setFill(p.get(Palette.Key.BACKGROUND));
        g.fillRect(0, 0, w, h);
        double s = cam.scale();
        g.setTransform(s, 0, 0, s, -cam.originX() * s, -cam.originY() * s);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        Rect view = cam.view(w, h);
        ClusterViewModel.Detail detail = vm.detail();
        boolean words = s * TEXT * p.fontScale() >= MIN_SCREEN_TEXT;

        if (layout.clientBox().intersects(view) || layout.controlPlaneBox().intersects(view)) {
            drawControlPlane(g, vm, p, now, words);
        }
        if (layout.servicesArea().intersects(view)) {
            drawServices(g, vm, p, words);
        }
        if (layout.pendingArea().intersects(view)) {
            drawPending(g, vm, p, detail, words, now);
        }
        int[] cells = layout.visibleCells(view);
        NodeInfo[] nodes = model.nodes();
        for (int r = cells[2]; r <= cells[3]; r++) {
            for (int c = cells[0]; c <= cells[1]; c++) {
                int i = r * layout.cols() + c;
                if (i < nodes.length) {
                    drawNode(g, vm, p, nodes[i], detail, words, now, view);
                }
            }
        }
        if (detail != ClusterViewModel.Detail.HEAT_MAP) {
            drawServiceLines(g, vm, p, view, cells, detail);
        }
        for (ClusterViewModel.Move m : vm.moves()) {
            drawMove(g, vm, p, m, now, words, detail);
        }
        drawPath(g, vm, p, now, s);
        drawTraffic(g, vm, p, now, s);
        drawSelection(g, vm, p, s);
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setGlobalAlpha(1);
    }

    // ---- control plane ----------------------------------------------------------------------

    private void drawControlPlane(GraphicsContext g, ClusterViewModel vm, Palette p, long now, boolean words) {
        ClusterLayout layout = vm.layout();
        panel(g, p, layout.clientBox(), p.get(Palette.Key.AREA));
        panel(g, p, layout.controlPlaneBox(), p.get(Palette.Key.AREA));
        if (words) {
            title(g, p, i18n.get("cluster.client"), layout.clientBox());
            title(g, p, i18n.get("cluster.controlPlane"), layout.controlPlaneBox());
        }
        component(g, vm, p, ComponentId.CLIENT, layout.component(ComponentId.CLIENT, -1),
                i18n.get("component.client.detail"), now, words);
        for (ComponentId c : ClusterLayout.CONTROL_PLANE) {
            String detail = c.kind() == ComponentId.Kind.ETCD
                    ? i18n.get("component.etcd.detail", Long.toString(vm.model().revision()))
                    : i18n.get("component." + c.kind().name().toLowerCase(java.util.Locale.ROOT) + ".detail");
            component(g, vm, p, c, layout.component(c, -1), detail, now, words);
        }
    }

    private void component(GraphicsContext g, ClusterViewModel vm, Palette p, ComponentId id, Rect r, String detail,
                           long now, boolean words) {
        boolean stopped = vm.isStopped(id);
        g.setFill(stopped ? p.get(Palette.Key.AREA) : p.get(Palette.Key.COMPONENT));
        g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
        g.setStroke(stopped ? p.get(Palette.Key.FAILED) : p.get(Palette.Key.PANEL_BORDER));
        g.setLineWidth(1.5);
        if (stopped) {
            g.setLineDashes(6, 4);
        }
        g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
        g.setLineDashes();
        glow(g, p, vm.path().glow(id, now), r);
        if (!words) {
            return;
        }
        g.setFill(p.get(Palette.Key.COMPONENT_TEXT));
        g.setFont(textBold);
        String name = id.kind().displayName();
        boolean tall = r.h() > 40;
        g.fillText(fit(name, r.w() - 12, textBold), r.x() + 8, r.y() + (tall ? 18 : r.h() / 2));
        if (tall) {
            g.setFont(small);
            g.setFill(stopped ? p.get(Palette.Key.FAILED) : p.get(Palette.Key.MUTED));
            g.fillText(fit(stopped ? i18n.get("component.stopped") : detail, r.w() - 12, small), r.x() + 8, r.y() + 40);
        }
    }

    private void glow(GraphicsContext g, Palette p, double amount, Rect r) {
        if (amount <= 0) {
            return;
        }
        g.setGlobalAlpha(amount);
        g.setStroke(p.get(Palette.Key.ACCENT));
        g.setLineWidth(5);
        g.strokeRoundRect(r.x() - 3, r.y() - 3, r.w() + 6, r.h() + 6, 14, 14);
        g.setGlobalAlpha(1);
    }

    // ---- services -----------------------------------------------------------------------------

    private void drawServices(GraphicsContext g, ClusterViewModel vm, Palette p, boolean words) {
        ClusterLayout layout = vm.layout();
        ServiceInfo[] services = vm.model().services();
        Rect area = layout.servicesArea();
        if (words) {
            g.setFill(p.get(Palette.Key.MUTED));
            g.setFont(title);
            g.fillText(i18n.get("cluster.services", services.length), area.x() + 8, area.y() + HEAD_TEXT);
        }
        for (ServiceInfo svc : services) {
            Rect r = layout.service(svc.slot);
            g.setFill(p.get(Palette.Key.SERVICE));
            g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 12, 12);
            g.setStroke(p.get(Palette.Key.SERVICE_LINE));
            g.setLineWidth(1.5);
            g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 12, 12);
            if (!words) {
                continue;
            }
            g.setFill(p.get(Palette.Key.TEXT));
            g.setFont(textBold);
            g.fillText(fit("svc/" + svc.name, r.w() - 40, textBold), r.x() + 8, r.y() + 14);
            g.setFont(small);
            g.setFill(p.get(Palette.Key.MUTED));
            g.fillText(fit(svc.type + "  " + svc.clusterIp, r.w() - 12, small), r.x() + 8, r.y() + 32);
            g.fillText(fit(svc.ports, r.w() - 12, small), r.x() + 8, r.y() + 48);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(svc.readyEndpoints > 0 ? p.get(Palette.Key.RUNNING) : p.get(Palette.Key.MUTED));
            g.fillText("\u25CF " + svc.readyEndpoints, r.right() - 8, r.y() + 14);
            g.setTextAlign(TextAlignment.LEFT);
        }
    }

    private void drawServiceLines(GraphicsContext g, ClusterViewModel vm, Palette p, Rect view, int[] cells,
                                  ClusterViewModel.Detail detail) {
        ClusterLayout layout = vm.layout();
        ServiceInfo[] services = vm.model().services();
        if (services.length == 0) {
            return;
        }
        ServiceInfo only = null;
        if (detail != ClusterViewModel.Detail.FULL) {
            // Far away, a line per pod would hide everything: only the selected service's lines.
            if (vm.selectionProperty().get() instanceof Selection.ObjectRef ref && ref.type() == ResourceTypes.SERVICES) {
                only = vm.model().service(ref.key());
            }
            if (only == null) {
                return;
            }
        }
        g.setStroke(p.get(Palette.Key.SERVICE_LINE));
        g.setLineWidth(1.2);
        g.setGlobalAlpha(0.55);
        NodeInfo[] nodes = vm.model().nodes();
        int drawn = 0;
        for (int r = cells[2]; r <= cells[3]; r++) {
            for (int c = cells[0]; c <= cells[1]; c++) {
                int i = r * layout.cols() + c;
                if (i >= nodes.length) {
                    continue;
                }
                int[] slots = layout.visibleSlots(i, view);
                for (int k = slots[0]; k <= Math.min(slots[1], nodes[i].visible.length - 1); k++) {
                    PodInfo pod = nodes[i].visible[k];
                    if (drawn > 2000) {
                        break;
                    }
                    for (ServiceInfo svc : services) {
                        if ((only == null || only == svc) && svc.selects(pod)) {
                            Rect from = layout.service(svc.slot);
                            Rect to = layout.pod(i, pod.slot);
                            g.strokeLine(from.centerX(), from.bottom(), to.centerX(), to.y());
                            drawn++;
                        }
                    }
                }
            }
        }
        for (PodInfo pod : vm.model().pending()) {
            for (ServiceInfo svc : services) {
                if ((only == null || only == svc) && svc.selects(pod)) {
                    Rect from = layout.service(svc.slot);
                    Rect to = layout.pod(-1, pod.slot);
                    g.setLineDashes(4, 4);
                    g.strokeLine(from.centerX(), from.bottom(), to.centerX(), to.y());
                    g.setLineDashes();
                }
            }
        }
        g.setGlobalAlpha(1);
    }

    // ---- pending area -------------------------------------------------------------------------

    private static final double HEAD_TEXT = 18;

    private void drawPending(GraphicsContext g, ClusterViewModel vm, Palette p, ClusterViewModel.Detail detail,
                             boolean words, long now) {
        ClusterLayout layout = vm.layout();
        Rect area = layout.pendingArea();
        g.setFill(p.get(Palette.Key.AREA));
        g.fillRoundRect(area.x(), area.y(), area.w(), area.h(), 12, 12);
        g.setStroke(p.get(Palette.Key.PENDING));
        g.setLineWidth(1.5);
        g.setLineDashes(8, 6);
        g.strokeRoundRect(area.x(), area.y(), area.w(), area.h(), 12, 12);
        g.setLineDashes();
        PodInfo[] pending = vm.model().pending();
        if (words) {
            g.setFill(p.get(Palette.Key.PENDING));
            g.setFont(title);
            g.fillText(i18n.get("cluster.pendingArea", pending.length), area.x() + 10, area.y() + HEAD_TEXT);
        }
        Rect view = vm.camera().view(vm.viewportWidth(), vm.viewportHeight());
        for (PodInfo pod : pending) {
            Rect r = layout.pod(-1, pod.slot);
            if (r.intersects(view)) {
                drawPod(g, vm, p, pod, r, detail, words);
            }
        }
    }

    // ---- nodes ------------------------------------------------------------------------------

    private void drawNode(GraphicsContext g, ClusterViewModel vm, Palette p, NodeInfo n, ClusterViewModel.Detail detail,
                          boolean words, long now, Rect view) {
        ClusterLayout layout = vm.layout();
        Rect r = layout.node(n.index);
        if (detail == ClusterViewModel.Detail.HEAT_MAP) {
            g.setFill(heat(p, n));
            g.fillRect(r.x(), r.y(), r.w(), r.h());
            return;
        }
        boolean down = n.registered && !n.ready;
        if (detail == ClusterViewModel.Detail.BOXES) {
            // Far enough that corners do not show: plain rectangles are cheaper to rasterize.
            g.setFill(p.get(Palette.Key.PANEL));
            g.fillRect(r.x(), r.y(), r.w(), r.h());
            g.setStroke(down || !n.registered ? p.get(Palette.Key.NOT_READY) : p.get(Palette.Key.PANEL_BORDER));
            g.setLineWidth(down ? 6 : 3);
            g.strokeRect(r.x(), r.y(), r.w(), r.h());
            g.setFill(heat(p, n));
            g.fillRect(r.x(), r.y(), r.w() * Math.max(0.02, n.load()), 10);
            if (words) {
                g.setFill(p.get(Palette.Key.TEXT));
                g.setFont(title);
                g.fillText(fit(n.name, r.w() - 20, title), r.x() + 10, r.y() + 24);
            }
            boolean moving = !vm.moves().isEmpty();
            int[] slots = layout.visibleSlots(n.index, view);
            for (int i = slots[0]; i <= Math.min(slots[1], n.visible.length - 1); i++) {
                PodInfo pod = n.visible[i];
                if (moving && vm.moveOf(pod) != null) {
                    continue;
                }
                Rect pr = layout.pod(n.index, pod.slot);
                g.setFill(p.status(pod.category));
                g.fillRect(pr.x(), pr.y(), pr.w(), pr.h());
            }
            return;
        }
        g.setFill(p.get(Palette.Key.PANEL));
        g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
        g.setStroke(down ? p.get(Palette.Key.NOT_READY) : p.get(Palette.Key.PANEL_BORDER));
        g.setLineWidth(down ? 3 : 1.5);
        if (!n.registered || down) {
            g.setLineDashes(10, 6);
        }
        g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
        g.setLineDashes();
        // A thin heat bar under the header: how full the node is.
        g.setFill(heat(p, n));
        g.fillRect(r.x() + 8, r.y() + 3, (r.w() - 16) * Math.max(0.02, n.load()), 3);
        if (words) {
            g.setFill(p.get(Palette.Key.TEXT));
            g.setFont(title);
            g.fillText(fit(n.name, r.w() * 0.55, title), r.x() + 10, r.y() + 17);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(!n.registered || !n.readyKnown ? p.get(Palette.Key.UNKNOWN)
                    : n.ready ? p.get(Palette.Key.RUNNING) : p.get(Palette.Key.FAILED));
            g.setFont(textBold);
            g.fillText(n.statusText(), r.right() - 10, r.y() + 17);
            g.setTextAlign(TextAlignment.LEFT);
            if (detail == ClusterViewModel.Detail.FULL) {
                g.setFont(small);
                g.setFill(p.get(Palette.Key.MUTED));
                String role = n.controlPlane ? "control-plane  " : "";
                g.fillText(fit(role + (n.ip == null ? "" : n.ip + "  ") + i18n.get("cluster.podsOnNode", n.visible.length, n.capacityPods),
                        r.w() - 20, small), r.x() + 10, r.y() + 33);
            }
        }
        if (detail == ClusterViewModel.Detail.FULL) {
            component(g, vm, p, ComponentId.kubelet(n.name), layout.component(ComponentId.kubelet(n.name), n.index), "", now, words);
            component(g, vm, p, ComponentId.kubeProxy(n.name), layout.component(ComponentId.kubeProxy(n.name), n.index), "", now, words);
            ComponentId rt = ComponentId.runtime(n.name);
            Rect rr = layout.component(rt, n.index);
            component(g, vm, p, rt, rr, "", now, false);
            if (words) {
                g.setFill(p.get(Palette.Key.COMPONENT_TEXT));
                g.setFont(textBold);
                g.fillText(fit(n.runtime, rr.w() - 12, textBold), rr.x() + 8, rr.centerY());
            }
        }
        int[] slots = layout.visibleSlots(n.index, view);
        int last = Math.min(slots[1], n.visible.length - 1);
        drawGroups(g, vm, p, n, slots[0], last);
        for (int i = slots[0]; i <= last; i++) {
            PodInfo pod = n.visible[i];
            if (!vm.moves().isEmpty() && vm.moveOf(pod) != null) {
                continue;
            }
            drawPod(g, vm, p, pod, layout.pod(n.index, pod.slot), detail, words);
        }
    }

    /** Pods of one Deployment sit side by side in a node: a tinted band behind each run of them. */
    private void drawGroups(GraphicsContext g, ClusterViewModel vm, Palette p, NodeInfo n, int first, int last) {
        ClusterLayout layout = vm.layout();
        PodInfo[] v = n.visible;
        int start = first;
        while (start <= last) {
            GroupInfo group = vm.model().groupOf(v[start]);
            int end = start + 1;
            while (end <= last && vm.model().groupOf(v[end]) == group) {
                end++;
            }
            if (group != null) {
                g.setFill(p.group(group.color()));
                g.setGlobalAlpha(0.22);
                // One rectangle per row the run covers; expanded by half a gap so they merge.
                for (int row = start / 2; row <= (end - 1) / 2; row++) {
                    int a = Math.max(start, row * 2);
                    int b = Math.min(end - 1, row * 2 + 1);
                    Rect ra = layout.pod(n.index, a);
                    Rect rb = layout.pod(n.index, b);
                    double e = ClusterLayout.GAP / 2;
                    g.fillRoundRect(ra.x() - e, ra.y() - e, rb.right() - ra.x() + 2 * e, ra.h() + 2 * e, 12, 12);
                }
                g.setGlobalAlpha(1);
            }
            start = end;
        }
    }

    private Color heat(Palette p, NodeInfo n) {
        if (!n.registered || (n.readyKnown && !n.ready) || !n.readyKnown) {
            return p.get(Palette.Key.NOT_READY);
        }
        if (n.pressure) {
            return p.get(Palette.Key.HEAT_HIGH);
        }
        return p.heat(n.load());
    }

    // ---- pods -------------------------------------------------------------------------------

    private void drawPod(GraphicsContext g, ClusterViewModel vm, Palette p, PodInfo pod, Rect r,
                         ClusterViewModel.Detail detail, boolean words) {
        Color status = p.status(pod.category);
        if (detail != ClusterViewModel.Detail.FULL) {
            g.setFill(status);
            g.fillRect(r.x(), r.y(), r.w(), r.h());
            return;
        }
        g.setFill(p.get(Palette.Key.POD));
        g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
        g.setStroke(status);
        g.setLineWidth(2);
        if (pod.deleting) {
            g.setLineDashes(5, 4);
        }
        g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
        g.setLineDashes();
        GroupInfo group = vm.model().groupOf(pod);
        if (group != null) {
            g.setFill(p.group(group.color()));
            g.fillRect(r.x() + 2, r.y() + 6, 5, r.h() - 12);
        }
        badge(g, status, pod.category, r.x() + 16, r.y() + 14, 5.5);
        if (!words) {
            return;
        }
        g.setFill(p.get(Palette.Key.TEXT));
        g.setFont(textBold);
        // The estimate may run a little long for a bold face: fillText's maxWidth squeezes the rest in.
        g.fillText(fitMiddle(pod.name, r.w() - 34, textBold), r.x() + 26, r.y() + 14, r.w() - 32);
        g.setFill(status);
        g.fillText(fit(pod.status, r.w() - 20, textBold), r.x() + 12, r.y() + 31, r.w() - 20);
        g.setFont(small);
        g.setFill(p.get(Palette.Key.MUTED));
        g.fillText(pod.ip == null ? i18n.get("cluster.noIp") : "IP " + pod.ip, r.x() + 12, r.y() + 47);
        // kubectl's READY and RESTARTS columns.
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(pod.ready + (pod.restarts > 0 ? "  \u21BB" + pod.restarts : ""), r.right() - 8, r.y() + 47);
        g.setTextAlign(TextAlignment.LEFT);
        // The sandbox (pause) and the containers, as chips (plain rectangles: cheap to rasterize).
        double cy = r.bottom() - 22;
        double cx = r.x() + 10;
        double pauseW = 38;
        g.setFill(p.get(Palette.Key.AREA));
        g.fillRect(cx, cy, pauseW, 16);
        g.setStroke(p.get(Palette.Key.PANEL_BORDER));
        g.setLineWidth(1);
        g.strokeRect(cx, cy, pauseW, 16);
        g.setFill(p.get(Palette.Key.MUTED));
        g.fillText("pause", cx + 4, cy + 8);
        cx += pauseW + 4;
        List<PodInfo.ContainerInfo> cs = pod.containers;
        int shown = Math.min(cs.size(), 3);
        double avail = r.right() - 8 - cx;
        double cw = shown == 0 ? 0 : (avail - (shown - 1) * 4) / shown;
        for (int i = 0; i < shown; i++) {
            PodInfo.ContainerInfo c = cs.get(i);
            g.setFill(p.statusTint(c.state()));
            g.fillRect(cx, cy, cw, 16);
            g.setStroke(p.status(c.state()));
            g.strokeRect(cx, cy, cw, 16);
            g.setFill(p.get(Palette.Key.TEXT));
            String label = i == 2 && cs.size() > 3 ? "+" + (cs.size() - 2) : c.name();
            g.fillText(fit(label, cw - 8, small), cx + 4, cy + 8);
            cx += cw + 4;
        }
    }

    /**
     * A status badge: the colour says the family, the shape says it again for colour-blind eyes —
     * a disc (running), a ring (pending), a ring with a dot (creating), a triangle (failed), a
     * crossed ring (terminating), a square (completed), a diamond (unknown).
     */
    static void badge(GraphicsContext g, Color c, PodStatusText.Category cat, double x, double y, double rad) {
        g.setFill(c);
        g.setStroke(c);
        g.setLineWidth(2);
        switch (cat) {
            case RUNNING -> g.fillOval(x - rad, y - rad, 2 * rad, 2 * rad);
            case PENDING -> g.strokeOval(x - rad + 1, y - rad + 1, 2 * rad - 2, 2 * rad - 2);
            case CREATING -> {
                g.strokeOval(x - rad + 1, y - rad + 1, 2 * rad - 2, 2 * rad - 2);
                g.fillOval(x - rad / 2.5, y - rad / 2.5, rad / 1.25, rad / 1.25);
            }
            case FAILED -> g.fillPolygon(new double[] {x, x + rad * 1.15, x - rad * 1.15},
                    new double[] {y - rad * 1.1, y + rad * 0.9, y + rad * 0.9}, 3);
            case TERMINATING -> {
                g.strokeOval(x - rad + 1, y - rad + 1, 2 * rad - 2, 2 * rad - 2);
                g.strokeLine(x - rad * 0.6, y + rad * 0.6, x + rad * 0.6, y - rad * 0.6);
            }
            case COMPLETED -> g.fillRect(x - rad * 0.85, y - rad * 0.85, rad * 1.7, rad * 1.7);
            case UNKNOWN -> g.fillPolygon(new double[] {x, x + rad, x, x - rad}, new double[] {y - rad, y, y + rad, y}, 4);
        }
    }

    private void drawMove(GraphicsContext g, ClusterViewModel vm, Palette p, ClusterViewModel.Move m, long now,
                          boolean words, ClusterViewModel.Detail detail) {
        if (m.start() == Long.MIN_VALUE || m.pod().node == null) {
            return;
        }
        Rect to = vm.layout().pod(m.pod());
        double t = Math.min(1, (now - m.start()) / (double) ClusterViewModel.MOVE_NANOS);
        double e = 1 - Math.pow(1 - t, 3);
        Rect at = new Rect(m.fromX() + (to.x() - m.fromX()) * e, m.fromY() + (to.y() - m.fromY()) * e, to.w(), to.h());
        g.setStroke(p.get(Palette.Key.ACCENT));
        g.setLineWidth(2);
        g.setLineDashes(6, 6);
        g.setGlobalAlpha(0.6);
        g.strokeLine(m.fromX() + to.w() / 2, m.fromY() + to.h() / 2, at.centerX(), at.centerY());
        g.setGlobalAlpha(1);
        g.setLineDashes();
        drawPod(g, vm, p, m.pod(), at, detail == ClusterViewModel.Detail.HEAT_MAP ? ClusterViewModel.Detail.BOXES : detail, words);
        glow(g, p, 1 - t * 0.5, at);
    }

    // ---- path, traffic, selection -----------------------------------------------------------

    private Rect componentBox(ClusterViewModel vm, ComponentId id) {
        if (id.kind().onNode()) {
            NodeInfo n = vm.model().node(id.node());
            return n == null ? null : vm.layout().component(id, n.index);
        }
        return vm.layout().component(id, -1);
    }

    private void drawPath(GraphicsContext g, ClusterViewModel vm, Palette p, long now, double s) {
        PathStep step = vm.path().current();
        if (step == null) {
            return;
        }
        List<PathStep.Arrow> arrows = step.arrows();
        double progress = vm.path().progress(now) * arrows.size();
        g.setStroke(p.get(Palette.Key.ACCENT));
        g.setFill(p.get(Palette.Key.ACCENT));
        for (int i = 0; i < arrows.size(); i++) {
            Rect a = componentBox(vm, arrows.get(i).from());
            Rect b = componentBox(vm, arrows.get(i).to());
            if (a == null || b == null) {
                continue;
            }
            double lw = Math.max(2, 3 / s);
            g.setLineWidth(lw);
            g.setGlobalAlpha(0.75);
            g.strokeLine(a.centerX(), a.centerY(), b.centerX(), b.centerY());
            arrowHead(g, a.centerX(), a.centerY(), b.centerX(), b.centerY(), lw * 4);
            g.setGlobalAlpha(1);
            double local = progress - i;
            if (local >= 0 && local <= 1) {
                double x = a.centerX() + (b.centerX() - a.centerX()) * local;
                double y = a.centerY() + (b.centerY() - a.centerY()) * local;
                double rad = Math.max(6, 7 / s);
                g.fillOval(x - rad, y - rad, 2 * rad, 2 * rad);
            }
        }
    }

    private static void arrowHead(GraphicsContext g, double x1, double y1, double x2, double y2, double size) {
        double angle = Math.atan2(y2 - y1, x2 - x1);
        // Stop short of the centre, at the middle of the line's last third, so the head is visible.
        double hx = x1 + (x2 - x1) * 0.7;
        double hy = y1 + (y2 - y1) * 0.7;
        g.fillPolygon(new double[] {hx, hx - size * Math.cos(angle - 0.45), hx - size * Math.cos(angle + 0.45)},
                new double[] {hy, hy - size * Math.sin(angle - 0.45), hy - size * Math.sin(angle + 0.45)}, 3);
    }

    private void drawTraffic(GraphicsContext g, ClusterViewModel vm, Palette p, long now, double s) {
        if (vm.dots().isEmpty()) {
            return;
        }
        g.setFill(p.get(Palette.Key.TRAFFIC));
        double rad = Math.max(5, 6 / s);
        for (ClusterViewModel.Dot d : vm.dots()) {
            double t = Math.min(1, (now - d.start()) / (double) ClusterViewModel.TRAFFIC_NANOS);
            double seg = t * (d.xs().length - 1);
            int i = Math.min(d.xs().length - 2, (int) seg);
            double f = seg - i;
            double x = d.xs()[i] + (d.xs()[i + 1] - d.xs()[i]) * f;
            double y = d.ys()[i] + (d.ys()[i + 1] - d.ys()[i]) * f;
            g.fillOval(x - rad, y - rad, 2 * rad, 2 * rad);
        }
    }

    private void drawSelection(GraphicsContext g, ClusterViewModel vm, Palette p, double s) {
        Selection sel = vm.selectionProperty().get();
        Rect r = null;
        if (sel instanceof Selection.ComponentRef c) {
            r = componentBox(vm, c.component());
        } else if (sel instanceof Selection.ObjectRef ref) {
            if (ref.type() == ResourceTypes.PODS) {
                PodInfo pod = vm.model().pod(ref.namespace(), ref.name());
                if (pod != null && pod.slot >= 0) {
                    r = vm.layout().pod(pod);
                }
            } else if (ref.type() == ResourceTypes.NODES) {
                r = vm.nodeBox(ref.name());
            } else if (ref.type() == ResourceTypes.SERVICES) {
                ServiceInfo svc = vm.model().service(ref.key());
                if (svc != null && svc.slot >= 0) {
                    r = vm.layout().service(svc.slot);
                }
            }
        }
        if (r == null) {
            return;
        }
        g.setStroke(p.get(Palette.Key.SELECTION));
        g.setLineWidth(Math.max(3, 3 / s));
        double e = Math.max(3, 3 / s);
        g.strokeRoundRect(r.x() - e, r.y() - e, r.w() + 2 * e, r.h() + 2 * e, 14, 14);
    }

    // ---- text -------------------------------------------------------------------------------

    private void title(GraphicsContext g, Palette p, String s, Rect r) {
        g.setFill(p.get(Palette.Key.MUTED));
        g.setFont(title);
        g.fillText(fit(s, r.w() - 16, title), r.x() + 8, r.y() + HEAD_TEXT);
    }

    private void panel(GraphicsContext g, Palette p, Rect r, Color fill) {
        g.setFill(fill);
        g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
        g.setStroke(p.get(Palette.Key.PANEL_BORDER));
        g.setLineWidth(1.5);
        g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
    }

    /**
     * Shortens {@code s} in the middle, keeping its end: a pod's name ends with what tells it
     * apart ({@code nginx-de…9b7-4xkqp}, not {@code nginx-deployment-…}).
     */
    static String fitMiddle(String s, double width, Font font) {
        if (s == null || fit(s, width, font).equals(s)) {
            return s == null ? "" : s;
        }
        int room = Math.max(2, (int) (width / (font.getSize() * 0.6)) - 1);
        int tail = Math.min(s.length() - 1, (room + 1) / 2 + 1);
        int head = Math.max(1, room - tail);
        return s.substring(0, head) + "\u2026" + s.substring(s.length() - tail);
    }

    /**
     * Shortens {@code s} with an ellipsis to about {@code width}, estimating a character at 0.6 of
     * the font size (measuring text every frame would cost more than drawing it). Wide (CJK)
     * characters count double.
     */
    static String fit(String s, double width, Font font) {
        if (s == null) {
            return "";
        }
        double unit = font.getSize() * 0.6;
        double used = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            used += ch >= 0x2E80 ? 2 * unit : unit;
            if (used > width) {
                return i <= 1 ? s.substring(0, Math.min(1, s.length())) : s.substring(0, i - 1) + "\u2026";
            }
        }
        return s;
    }
}
