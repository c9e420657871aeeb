package io.kubelab.linux.image;

import io.kubelab.engine.runtime.ImageInfo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An image in the local store: its unpacked root filesystem and how to run it.
 *
 * @param id          {@code sha256:<64 hex>}, the digest of its config
 * @param repoTags    {@code busybox:latest}
 * @param repoDigests {@code nginx@sha256:…} when the archive named a manifest digest
 * @param sizeBytes   bytes unpacked
 * @param created     when the image was built
 * @param config      how to run it
 * @param rootfs      the unpacked layers (never written to: containers get an overlay on top)
 */
public record LocalImage(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, Instant created,
                         ImageConfig config, Path rootfs) {
    public LocalImage {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    public ImageInfo info() {
        return new ImageInfo(id, repoTags, repoDigests, sizeBytes, created);
    }
}
