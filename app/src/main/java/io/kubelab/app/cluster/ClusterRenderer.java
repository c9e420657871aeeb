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
    /** The fonts at their size on screen (world size × camera scale), for text drawn in screen space. */
    private Font textScreen;
    private Font textBoldScreen;
    private Font smallScreen;
    private Font titleScreen;
    private double screenFontsScale = -1;
    private double screenFontsFor = -1;
    /** The font the next {@link #fillText} uses (a world font). */
    private Font font;
    private double scale = 1;
    private double originX;
    private double originY;

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

    private void screenFonts(double s) {
        if (s == screenFontsScale && fontScale == screenFontsFor) {
            return;
        }
        screenFontsScale = s;
        screenFontsFor = fontScale;
        String family = text.getFamily();
        textScreen = Font.font(family, FontWeight.NORMAL, text.getSize() * s);
        textBoldScreen = Font.font(family, FontWeight.BOLD, textBold.getSize() * s);
        smallScreen = Font.font(family, FontWeight.NORMAL, small.getSize() * s);
        titleScreen = Font.font(family, FontWeight.BOLD, title.getSize() * s);
    }

    private void setFont(GraphicsContext g, Font f) {
        font = f;
    }

    private void fillText(GraphicsContext g, String str, double x, double y) {
        fillText(g, str, x, y, -1);
    }

    /**
     * Draws text in screen space: the world transform off, the font at its size on screen, the
     * position transformed by hand. Text under a scaling transform is drawn by JavaFX's software
     * pipeline as glyph outlines through the path rasterizer (in a profile of the near view at 0.8
     * zoom, 42 % of the render thread); with a plain translation it blits cached glyph images.
     */
    private void fillText(GraphicsContext g, String str, double x, double y, double maxWidth) {
        screenFonts(scale);
        Font f = font == textBold ? textBoldScreen : font == small ? smallScreen : font == title ? titleScreen : textScreen;
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFont(f);
        double sx = (x - originX) * scale;
        double sy = (y - originY) * scale;
        if (maxWidth > 0) {
            g.fillText(str, sx, sy, maxWidth * scale);
        } else {
            g.fillText(str, sx, sy);
        }
        g.setTransform(scale, 0, 0, scale, -originX * scale, -originY * scale);
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
        scale = s;
        originX = cam.originX();
        originY = cam.originY();
        g.setTransform(s, 0, 0, s, -originX * s, -originY * s);
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
        if (stopped) {
            g.setFill(p.get(Palette.Key.AREA));
            g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
            g.setStroke(p.get(Palette.Key.FAILED));
            g.setLineWidth(1.5);
            g.setLineDashes(6, 4);
            g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
            g.setLineDashes();
        } else {
            framedRoundRect(g, r.x(), r.y(), r.w(), r.h(), 10, 1.5, p.get(Palette.Key.PANEL_BORDER), p.get(Palette.Key.COMPONENT));
        }
        glow(g, p, vm.path().glow(id, now), r);
        if (!words) {
            return;
        }
        g.setFill(p.get(Palette.Key.COMPONENT_TEXT));
        setFont(g, textBold);
        String name = id.kind().displayName();
        boolean tall = r.h() > 40;
        fillText(g, fit(name, r.w() - 12, textBold), r.x() + 8, r.y() + (tall ? 18 : r.h() / 2));
        if (tall) {
            setFont(g, small);
            g.setFill(stopped ? p.get(Palette.Key.FAILED) : p.get(Palette.Key.MUTED));
            fillText(g, fit(stopped ? i18n.get("component.stopped") : detail, r.w() - 12, small), r.x() + 8, r.y() + 40);
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
            setFont(g, title);
            fillText(g, i18n.get("cluster.services", services.length), area.x() + 8, area.y() + HEAD_TEXT);
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
            setFont(g, textBold);
            fillText(g, fit("svc/" + svc.name, r.w() - 40, textBold), r.x() + 8, r.y() + 14);
            setFont(g, small);
            g.setFill(p.get(Palette.Key.MUTED));
            fillText(g, fit(svc.type + "  " + svc.clusterIp, r.w() - 12, small), r.x() + 8, r.y() + 32);
            fillText(g, fit(svc.ports, r.w() - 12, small), r.x() + 8, r.y() + 48);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(svc.readyEndpoints > 0 ? p.get(Palette.Key.RUNNING) : p.get(Palette.Key.MUTED));
            fillText(g, "\u25CF " + svc.readyEndpoints, r.right() - 8, r.y() + 14);
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
            setFont(g, title);
            fillText(g, i18n.get("cluster.pendingArea", pending.length), area.x() + 10, area.y() + HEAD_TEXT);
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
            framedRect(g, r.x(), r.y(), r.w(), r.h(), down ? 6 : 3,
                    down || !n.registered ? p.get(Palette.Key.NOT_READY) : p.get(Palette.Key.PANEL_BORDER), p.get(Palette.Key.PANEL));
            g.setFill(heat(p, n));
            g.fillRect(r.x(), r.y(), r.w() * Math.max(0.02, n.load()), 10);
            if (words) {
                g.setFill(p.get(Palette.Key.TEXT));
                setFont(g, title);
                fillText(g, fit(n.name, r.w() - 20, title), r.x() + 10, r.y() + 24);
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
        if (!n.registered || down) {
            g.setFill(p.get(Palette.Key.PANEL));
            g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
            g.setStroke(down ? p.get(Palette.Key.NOT_READY) : p.get(Palette.Key.PANEL_BORDER));
            g.setLineWidth(down ? 3 : 1.5);
            g.setLineDashes(10, 6);
            g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 14, 14);
            g.setLineDashes();
        } else {
            framedRoundRect(g, r.x(), r.y(), r.w(), r.h(), 14, 1.5, p.get(Palette.Key.PANEL_BORDER), p.get(Palette.Key.PANEL));
        }
        // A thin heat bar under the header: how full the node is.
        g.setFill(heat(p, n));
        g.fillRect(r.x() + 8, r.y() + 3, (r.w() - 16) * Math.max(0.02, n.load()), 3);
        if (words) {
            g.setFill(p.get(Palette.Key.TEXT));
            setFont(g, title);
            fillText(g, fit(n.name, r.w() * 0.55, title), r.x() + 10, r.y() + 17);
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFill(!n.registered || !n.readyKnown ? p.get(Palette.Key.UNKNOWN)
                    : n.ready ? p.get(Palette.Key.RUNNING) : p.get(Palette.Key.FAILED));
            setFont(g, textBold);
            fillText(g, n.statusText(), r.right() - 10, r.y() + 17);
            g.setTextAlign(TextAlignment.LEFT);
            if (detail == ClusterViewModel.Detail.FULL) {
                setFont(g, small);
                g.setFill(p.get(Palette.Key.MUTED));
                String role = n.controlPlane ? "control-plane  " : "";
                fillText(g, fit(role + (n.ip == null ? "" : n.ip + "  ") + i18n.get("cluster.podsOnNode", n.visible.length, n.capacityPods),
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
                setFont(g, textBold);
                fillText(g, fit(n.runtime, rr.w() - 12, textBold), rr.x() + 8, rr.centerY());
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
        if (pod.deleting) {
            g.setFill(p.get(Palette.Key.POD));
            g.fillRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
            g.setStroke(status);
            g.setLineWidth(2);
            g.setLineDashes(5, 4);
            g.strokeRoundRect(r.x(), r.y(), r.w(), r.h(), 10, 10);
            g.setLineDashes();
        } else {
            framedRoundRect(g, r.x(), r.y(), r.w(), r.h(), 10, 2, status, p.get(Palette.Key.POD));
        }
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
        setFont(g, textBold);
        // The estimate may run a little long for a bold face: fillText's maxWidth squeezes the rest in.
        fillText(g, fitMiddle(pod.name, r.w() - 34, textBold), r.x() + 26, r.y() + 14, r.w() - 32);
        g.setFill(status);
        fillText(g, fit(pod.status, r.w() - 20, textBold), r.x() + 12, r.y() + 31, r.w() - 20);
        setFont(g, small);
        g.setFill(p.get(Palette.Key.MUTED));
        fillText(g, pod.ip == null ? i18n.get("cluster.noIp") : "IP " + pod.ip, r.x() + 12, r.y() + 47);
        // kubectl's READY and RESTARTS columns.
        g.setTextAlign(TextAlignment.RIGHT);
        fillText(g, pod.ready + (pod.restarts > 0 ? "  \u21BB" + pod.restarts : ""), r.right() - 8, r.y() + 47);
        g.setTextAlign(TextAlignment.LEFT);
        // The sandbox (pause) and the containers, as chips (plain rectangles: cheap to rasterize).
        double cy = r.bottom() - 22;
        double cx = r.x() + 10;
        double pauseW = 38;
        framedRect(g, cx, cy, pauseW, 16, 1, p.get(Palette.Key.PANEL_BORDER), p.get(Palette.Key.AREA));
        g.setFill(p.get(Palette.Key.MUTED));
        fillText(g, "pause", cx + 4, cy + 8);
        cx += pauseW + 4;
        List<PodInfo.ContainerInfo> cs = pod.containers;
        int shown = Math.min(cs.size(), 3);
        double avail = r.right() - 8 - cx;
        double cw = shown == 0 ? 0 : (avail - (shown - 1) * 4) / shown;
        for (int i = 0; i < shown; i++) {
            PodInfo.ContainerInfo c = cs.get(i);
            framedRect(g, cx, cy, cw, 16, 1, p.status(c.state()), p.statusTint(c.state()));
            g.setFill(p.get(Palette.Key.TEXT));
            String label = i == 2 && cs.size() > 3 ? "+" + (cs.size() - 2) : c.name();
            fillText(g, fit(label, cw - 8, small), cx + 4, cy + 8);
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
        setFont(g, title);
        fillText(g, fit(s, r.w() - 16, title), r.x() + 8, r.y() + HEAD_TEXT);
    }

    /**
     * What {@code fillRect} then {@code strokeRect} with a solid line of width {@code lw} draw, as two
     * fills: the outer edge of the line in the border colour, then the inside. JavaFX's software
     * pipeline (Xvfb, machines without a usable GPU) rasterizes a stroke by widening the outline
     * into a polygon first; in a profile of the near view at 0.8 zoom, strokes of pod cards and
     * container chips took about three quarters of the render thread, fills a tenth of that.
     */
    static void framedRect(GraphicsContext g, double x, double y, double w, double h, double lw, Color border, Color fill) {
        if (!fill.isOpaque()) {
            // The border would show through a translucent inside: the stroke it is.
            g.setFill(fill);
            g.fillRect(x, y, w, h);
            g.setStroke(border);
            g.setLineWidth(lw);
            g.strokeRect(x, y, w, h);
            return;
        }
        double e = lw / 2;
        g.setFill(border);
        g.fillRect(x - e, y - e, w + lw, h + lw);
        g.setFill(fill);
        g.fillRect(x + e, y + e, Math.max(0, w - lw), Math.max(0, h - lw));
    }

    /** {@link #framedRect} with round corners of diameter {@code arc} (as {@code fillRoundRect}'s arc width). */
    static void framedRoundRect(GraphicsContext g, double x, double y, double w, double h, double arc, double lw,
                                Color border, Color fill) {
        if (!fill.isOpaque()) {
            g.setFill(fill);
            g.fillRoundRect(x, y, w, h, arc, arc);
            g.setStroke(border);
            g.setLineWidth(lw);
            g.strokeRoundRect(x, y, w, h, arc, arc);
            return;
        }
        double e = lw / 2;
        g.setFill(border);
        opaqueRoundRect(g, x - e, y - e, w + lw, h + lw, arc + lw);
        g.setFill(fill);
        opaqueRoundRect(g, x + e, y + e, Math.max(0, w - lw), Math.max(0, h - lw), Math.max(0, arc - lw));
    }

    /**
     * {@code fillRoundRect} for an opaque fill at full alpha, as three rectangles and four corner
     * discs: the path rasterizer's cost grows with the rows a shape spans (a node's panel spans
     * the whole node), a rectangle's does not, and the discs span only the corners' rows. The
     * pieces overlap, so this is only exact where overlapping twice looks like once (opaque).
     */
    /** A shape at least this tall (world units: a node's panel, not a pod's card) is split up. */
    private static final double TALL = 150;

    static void opaqueRoundRect(GraphicsContext g, double x, double y, double w, double h, double arc) {
        double d = Math.min(arc, Math.min(w, h));
        double r = d / 2;
        if (d <= 0) {
            g.fillRect(x, y, w, h);
            return;
        }
        if (h < TALL) {
            // Four discs cost more than one shape of a few dozen rows (a pod card).
            g.fillRoundRect(x, y, w, h, d, d);
            return;
        }
        g.fillRect(x + r, y, w - d, h);
        g.fillRect(x, y + r, r, h - d);
        g.fillRect(x + w - r, y + r, r, h - d);
        g.fillOval(x, y, d, d);
        g.fillOval(x + w - d, y, d, d);
        g.fillOval(x, y + h - d, d, d);
        g.fillOval(x + w - d, y + h - d, d, d);
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
