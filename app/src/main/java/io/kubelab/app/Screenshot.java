package io.kubelab.app;

import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves a scene as a PNG (JavaFX {@code snapshot}, written with ImageIO; no javafx-swing needed). */
public final class Screenshot {
    private Screenshot() {}

    /** Snapshots {@code scene} and writes it to {@code file}. UI thread. */
    public static void save(Scene scene, Path file) throws IOException {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), IntBuffer.wrap(argb), w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
