package io.kubelab.app.cluster;

/**
 * Zoom and pan of the cluster view: screen = (world − origin) × scale. Pure arithmetic.
 */
public final class Camera {
    public static final double MAX_SCALE = 3.0;
    public static final double MIN_SCALE = 0.002;

    private double scale = 1;
    private double originX;
    private double originY;
    private long version;

    public double scale() {
        return scale;
    }

    public double originX() {
        return originX;
    }

    public double originY() {
        return originY;
    }

    /** Grows on every move; the view redraws when it changed. */
    public long version() {
        return version;
    }

    public double toWorldX(double sx) {
        return originX + sx / scale;
    }

    public double toWorldY(double sy) {
        return originY + sy / scale;
    }

    public double toScreenX(double wx) {
        return (wx - originX) * scale;
    }

    public double toScreenY(double wy) {
        return (wy - originY) * scale;
    }

    /** The world rectangle a viewport of {@code w × h} pixels shows. */
    public Rect view(double w, double h) {
        return new Rect(originX, originY, w / scale, h / scale);
    }

    /** Moves the view by a drag of {@code dx, dy} screen pixels. */
    public void pan(double dx, double dy) {
        originX -= dx / scale;
        originY -= dy / scale;
        version++;
    }

    /** Zooms by {@code factor} keeping the world point under screen point {@code (sx, sy)} in place. */
    public void zoomAt(double sx, double sy, double factor) {
        double wx = toWorldX(sx);
        double wy = toWorldY(sy);
        scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
        originX = wx - sx / scale;
        originY = wy - sy / scale;
        version++;
    }

    /** Shows all of {@code world} centred in a {@code w × h} viewport, no larger than zoom {@code maxScale}. */
    public void fit(Rect world, double w, double h, double maxScale) {
        if (w <= 0 || h <= 0) {
            return;
        }
        scale = Math.max(MIN_SCALE, Math.min(maxScale, Math.min(w / world.w(), h / world.h())));
        originX = world.x() - (w / scale - world.w()) / 2;
        originY = world.y() - (h / scale - world.h()) / 2;
        version++;
    }

    /** Centres world point {@code (wx, wy)} at zoom {@code s} in a {@code w × h} viewport. */
    public void centerOn(double wx, double wy, double s, double w, double h) {
        scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));
        originX = wx - w / scale / 2;
        originY = wy - h / scale / 2;
        version++;
    }
}
