package io.kubelab.app.cluster;

import io.kubelab.app.session.ComponentId;

/**
 * Where everything sits in the cluster view's world, as arithmetic instead of stored positions:
 * node {@code i} is at column {@code i % cols}, row {@code i / cols}; a pod's slot {@code s} inside its
 * node is at column {@code s % 2}, row {@code s / 2}. So finding what is visible, or what is under the
 * mouse, costs O(visible) and O(1), with no object per pod.
 *
 * <pre>
 *  [kubectl] [control plane: apiserver etcd controller-manager scheduler] [services …]
 *  [Pending: pods not bound to a node …]
 *  [node] [node] [node] …        each: name, kubelet | kube-proxy | runtime, pods in 2 columns
 *  [node] …
 * </pre>
 *
 * <p>Worked numbers: 5,000 nodes of 30 pods each → 16 rows of pods (15 rounded up to even), node
 * boxes 352 × 1,560 units; {@code cols = ⌈√(5000 · (1560+28)/(352+28) · 16/9)⌉ = 191} columns ×
 * 27 rows, about 72,500 × 42,600 units. Up to 6 nodes sit on one row.
 */
public final class ClusterLayout {
    public static final double MARGIN = 24;
    public static final double GAP = 8;
    public static final double NODE_GAP = 28;
    public static final double HEAD = 34;
    public static final double POD_W = 168;
    public static final double POD_H = 84;
    public static final int POD_COLS = 2;
    public static final double NODE_W = POD_COLS * POD_W + (POD_COLS + 1) * GAP;
    public static final double NODE_HEAD = 80;
    public static final double AGENT_H = 26;
    public static final double COMP_W = 176;
    public static final double COMP_H = 64;
    public static final double CLIENT_W = 120;
    public static final double SVC_W = 216;
    public static final double SVC_H = 64;

    /** The control plane's components, left to right. */
    public static final ComponentId[] CONTROL_PLANE = {
            ComponentId.API_SERVER, ComponentId.ETCD, ComponentId.CONTROLLER_MANAGER, ComponentId.SCHEDULER};

    private final int nodeCount;
    private final int cols;
    private final int rows;
    private final int podRows;
    private final double nodeH;
    private final Rect client;
    private final Rect controlPlane;
    private final Rect services;
    private final int serviceCols;
    private final Rect pendingArea;
    private final int pendingCols;
    private final double gridX;
    private final double gridY;
    private final Rect world;

    /**
     * @param nodeCount    how many nodes
     * @param maxPods      the most pods on one node (sets every node box's height)
     * @param serviceCount how many services
     * @param pendingCount how many pods wait in the Pending area
     */
    public ClusterLayout(int nodeCount, int maxPods, int serviceCount, int pendingCount) {
        this.nodeCount = nodeCount;
        // Rows of pods per node: at least 2, and in steps of 2 so a growing deployment does not
        // reflow the whole grid at every pod.
        int needed = (maxPods + POD_COLS - 1) / POD_COLS;
        podRows = Math.max(2, needed + (needed % 2));
        nodeH = NODE_HEAD + podRows * (POD_H + GAP) + GAP;
        int n = Math.max(1, nodeCount);
        // cols ≈ sqrt(n · (nodeH + gap) / (nodeW + gap) · 16/9): a 16:9 grid.
        double ratio = (nodeH + NODE_GAP) / (NODE_W + NODE_GAP) * 16.0 / 9.0;
        // A classroom cluster (up to 6 nodes) stays on one row: all nodes side by side.
        cols = n <= 6 ? n : Math.max(1, Math.min(n, (int) Math.ceil(Math.sqrt(n * ratio))));
        rows = (n + cols - 1) / cols;
        double gridW = cols * NODE_W + (cols - 1) * NODE_GAP;

        double cpW = CONTROL_PLANE.length * COMP_W + (CONTROL_PLANE.length + 1) * GAP;
        double cpH = HEAD + Math.max(COMP_H, SVC_H) + GAP;
        client = new Rect(MARGIN, MARGIN, CLIENT_W, cpH);
        controlPlane = new Rect(client.right() + NODE_GAP, MARGIN, cpW, cpH);
        double topW = controlPlane.right() - MARGIN;
        double width = Math.max(gridW, topW + NODE_GAP + SVC_W + 2 * GAP);
        double y = controlPlane.bottom() + NODE_GAP;

        // Services beside the control plane when they all fit there; else in the next row, which
        // they share with the Pending area when both fit side by side (a classroom cluster), else
        // each in a row of its own.
        double besideX = controlPlane.right() + NODE_GAP;
        double besideW = MARGIN + width - besideX;
        int besideCols = (int) Math.floor((besideW - GAP) / (SVC_W + GAP));
        int svc = Math.max(1, serviceCount);
        double pendingMinW = 2 * (POD_W + GAP) + GAP;
        double svcRowW = svc * (SVC_W + GAP) + GAP;
        double svcAreaH = HEAD + SVC_H + GAP;
        if (besideCols >= 1 && svc <= besideCols) {
            serviceCols = besideCols;
            services = new Rect(besideX, MARGIN, besideW, cpH);
            pendingArea = pendingRect(MARGIN, y, width, pendingCount, 0);
        } else if (svcRowW + NODE_GAP + pendingMinW <= width) {
            serviceCols = svc;
            pendingArea = pendingRect(MARGIN + svcRowW + NODE_GAP, y, width - svcRowW - NODE_GAP, pendingCount, svcAreaH);
            services = new Rect(MARGIN, y, svcRowW, pendingArea.h());
        } else {
            serviceCols = Math.max(1, (int) Math.floor((width - GAP) / (SVC_W + GAP)));
            int svcRows = (svc + serviceCols - 1) / serviceCols;
            services = new Rect(MARGIN, y, width, HEAD + svcRows * (SVC_H + GAP));
            pendingArea = pendingRect(MARGIN, services.bottom() + NODE_GAP, width, pendingCount, 0);
        }
        pendingCols = columns(pendingArea.w());
        gridX = MARGIN;
        gridY = Math.max(services.bottom(), pendingArea.bottom()) + NODE_GAP;
        world = new Rect(0, 0, width + 2 * MARGIN, gridY + rows * (nodeH + NODE_GAP) - NODE_GAP + MARGIN);
    }

    private static int columns(double areaWidth) {
        return Math.max(1, (int) Math.floor((areaWidth - GAP) / (POD_W + GAP)));
    }

    /** The Pending area at {@code (x, y)}, {@code w} wide, tall enough for its pods (and at least {@code minH}). */
    private static Rect pendingRect(double x, double y, double w, int pendingCount, double minH) {
        int cols = columns(w);
        int rows = (pendingCount + cols - 1) / cols;
        double h = HEAD + (rows == 0 ? 24 : rows * (POD_H + GAP));
        return new Rect(x, y, w, Math.max(minH, h));
    }

    /** The layout of a model after {@link ClusterModel#refresh()}. */
    public static ClusterLayout of(ClusterModel model) {
        return new ClusterLayout(model.nodes().length, model.maxPodsPerNode(), model.services().length,
                model.pending().length);
    }

    public Rect world() {
        return world;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public double nodeHeight() {
        return nodeH;
    }

    public Rect clientBox() {
        return client;
    }

    public Rect controlPlaneBox() {
        return controlPlane;
    }

    public Rect servicesArea() {
        return services;
    }

    public Rect pendingArea() {
        return pendingArea;
    }

    public Rect node(int index) {
        int c = index % cols;
        int r = index / cols;
        return new Rect(gridX + c * (NODE_W + NODE_GAP), gridY + r * (nodeH + NODE_GAP), NODE_W, nodeH);
    }

    /** A pod's box inside node {@code nodeIndex}, or in the Pending area when {@code nodeIndex < 0}. */
    public Rect pod(int nodeIndex, int slot) {
        if (nodeIndex < 0) {
            int c = slot % pendingCols;
            int r = slot / pendingCols;
            return new Rect(pendingArea.x() + GAP + c * (POD_W + GAP), pendingArea.y() + HEAD + r * (POD_H + GAP), POD_W, POD_H);
        }
        Rect n = node(nodeIndex);
        int c = slot % POD_COLS;
        int r = slot / POD_COLS;
        return new Rect(n.x() + GAP + c * (POD_W + GAP), n.y() + NODE_HEAD + r * (POD_H + GAP), POD_W, POD_H);
    }

    public Rect pod(PodInfo p) {
        return pod(p.node == null ? -1 : p.node.index, p.slot);
    }

    public Rect service(int slot) {
        int c = slot % serviceCols;
        int r = slot / serviceCols;
        return new Rect(services.x() + GAP + c * (SVC_W + GAP), services.y() + HEAD + r * (SVC_H + GAP), SVC_W, SVC_H);
    }

    /** Where a component is drawn; a node agent needs its node's index. */
    public Rect component(ComponentId id, int nodeIndex) {
        switch (id.kind()) {
            case CLIENT:
                return new Rect(client.x() + GAP, client.y() + HEAD, client.w() - 2 * GAP, COMP_H);
            case KUBELET:
            case KUBE_PROXY:
            case RUNTIME: {
                Rect n = node(nodeIndex);
                double w = (NODE_W - 4 * GAP) / 3;
                int i = id.kind() == ComponentId.Kind.KUBELET ? 0 : id.kind() == ComponentId.Kind.KUBE_PROXY ? 1 : 2;
                return new Rect(n.x() + GAP + i * (w + GAP), n.y() + NODE_HEAD - AGENT_H - GAP, w, AGENT_H);
            }
            default: {
                int i = 0;
                while (!CONTROL_PLANE[i].equals(id)) {
                    i++;
                }
                return new Rect(controlPlane.x() + GAP + i * (COMP_W + GAP), controlPlane.y() + HEAD, COMP_W, COMP_H);
            }
        }
    }

    /** The first and last node column and row that {@code view} touches: {@code {c0, c1, r0, r1}}, empty when c0 > c1. */
    public int[] visibleCells(Rect view) {
        double cw = NODE_W + NODE_GAP;
        double rh = nodeH + NODE_GAP;
        int c0 = Math.max(0, (int) Math.floor((view.x() - gridX) / cw));
        int c1 = Math.min(cols - 1, (int) Math.floor((view.right() - gridX) / cw));
        int r0 = Math.max(0, (int) Math.floor((view.y() - gridY) / rh));
        int r1 = Math.min(rows - 1, (int) Math.floor((view.bottom() - gridY) / rh));
        return new int[] {c0, c1, r0, r1};
    }

    /**
     * The slots of node {@code nodeIndex} whose rows {@code view} touches: {@code {first, last}}
     * (empty when first > last). A node of 100 pods shown 10 rows high draws 20 pods, not 100.
     */
    public int[] visibleSlots(int nodeIndex, Rect view) {
        Rect n = node(nodeIndex);
        double top = n.y() + NODE_HEAD;
        double rh = POD_H + GAP;
        int r0 = Math.max(0, (int) Math.floor((view.y() - top) / rh));
        int r1 = (int) Math.floor((view.bottom() - top) / rh);
        if (r1 < 0) {
            return new int[] {0, -1};
        }
        return new int[] {r0 * POD_COLS, r1 * POD_COLS + POD_COLS - 1};
    }

    /** The node index under a world point, or -1. */
    public int nodeAt(double x, double y) {
        double cw = NODE_W + NODE_GAP;
        double rh = nodeH + NODE_GAP;
        if (x < gridX || y < gridY) {
            return -1;
        }
        int c = (int) ((x - gridX) / cw);
        int r = (int) ((y - gridY) / rh);
        if (c >= cols || (x - gridX) - c * cw > NODE_W || (y - gridY) - r * rh > nodeH) {
            return -1;
        }
        int i = r * cols + c;
        return i < nodeCount ? i : -1;
    }

    /** The pod slot under a world point inside node {@code nodeIndex} (or the Pending area for -1), or -1. */
    public int slotAt(int nodeIndex, double x, double y) {
        double ox;
        double oy;
        int perRow;
        if (nodeIndex < 0) {
            ox = pendingArea.x() + GAP;
            oy = pendingArea.y() + HEAD;
            perRow = pendingCols;
        } else {
            Rect n = node(nodeIndex);
            ox = n.x() + GAP;
            oy = n.y() + NODE_HEAD;
            perRow = POD_COLS;
        }
        if (x < ox || y < oy) {
            return -1;
        }
        int c = (int) ((x - ox) / (POD_W + GAP));
        int r = (int) ((y - oy) / (POD_H + GAP));
        if (c >= perRow || (x - ox) - c * (POD_W + GAP) > POD_W || (y - oy) - r * (POD_H + GAP) > POD_H) {
            return -1;
        }
        return r * perRow + c;
    }

    /** The service slot under a world point, or -1. */
    public int serviceAt(double x, double y) {
        double ox = services.x() + GAP;
        double oy = services.y() + HEAD;
        if (!services.contains(x, y) || x < ox || y < oy) {
            return -1;
        }
        int c = (int) ((x - ox) / (SVC_W + GAP));
        int r = (int) ((y - oy) / (SVC_H + GAP));
        if (c >= serviceCols || (x - ox) - c * (SVC_W + GAP) > SVC_W || (y - oy) - r * (SVC_H + GAP) > SVC_H) {
            return -1;
        }
        return r * serviceCols + c;
    }
}
