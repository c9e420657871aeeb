package io.kubelab.slides.render;

import io.kubelab.slides.model.Deck;
import io.kubelab.slides.model.Slide;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.transform.Transform;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a deck as a PDF, one page per slide: each slide is rendered, snapshotted by JavaFX and
 * written by PDFBox as a 16:9 page. What the audience saw is what the handout shows (widgets as
 * they looked at the moment of export).
 */
public final class PdfExporter {
    /** A 16:9 page of 960 × 540 points (13.33 × 7.5 in, PowerPoint's widescreen size). */
    public static final PDRectangle PAGE = new PDRectangle(960, 540);

    private PdfExporter() {}

    /**
     * Renders and snapshots every slide. JavaFX application thread only (snapshots need it).
     *
     * @param scale pixels per logical slide pixel: 1 gives 1280 × 720 images, 1.5 gives 1920 × 1080
     */
    public static List<BufferedImage> snapshots(Deck deck, SlideRenderer renderer, double scale) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("snapshots must be taken on the JavaFX application thread");
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Slide slide : deck.slides()) {
            Region node = renderer.render(deck, slide);
            // A scene gives the node its CSS; it is never shown.
            new Scene(node, SlideRenderer.WIDTH, SlideRenderer.HEIGHT);
            node.applyCss();
            node.layout();
            SnapshotParameters params = new SnapshotParameters();
            params.setTransform(Transform.scale(scale, scale));
            WritableImage image = node.snapshot(params, null);
            images.add(toBufferedImage(image));
        }
        return images;
    }

    /**
     * Writes one page per image to {@code out}; any thread. The file appears whole or not at all
     * (written beside it, then moved into place).
     */
    public static void write(List<BufferedImage> pages, String title, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(title);
            info.setCreator("Kubelab");
            doc.setDocumentInformation(info);
            for (BufferedImage image : pages) {
                PDPage page = new PDPage(PAGE);
                doc.addPage(page);
                PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.drawImage(xobject, 0, 0, PAGE.getWidth(), PAGE.getHeight());
                }
            }
            doc.save(tmp.toFile());
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renders, snapshots and writes the deck. JavaFX application thread only. */
    public static void export(Deck deck, SlideRenderer renderer, Path out) throws IOException {
        write(snapshots(deck, renderer, 1.5), deck.title(), out);
    }

    /** JavaFX pixels to AWT without javafx-swing: both are ARGB ints, row by row. */
    static BufferedImage toBufferedImage(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }
}
