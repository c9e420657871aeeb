package io.kubelab.app.cluster;

/** A rectangle in world units (1 unit = 1 pixel at zoom 1). */
public record Rect(double x, double y, double w, double h) {
    public double right() {
        return x + w;
    }

    public double bottom() {
        return y + h;
    }

    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }

    public boolean contains(double px, double py) {
        return px >= x && px < x + w && py >= y && py < y + h;
    }

    public boolean intersects(Rect o) {
        return o.x < x + w && o.x + o.w > x && o.y < y + h && o.y + o.h > y;
    }
}
