package io.kubelab.engine.runtime;

import java.time.Instant;
import java.util.List;

/**
 * A local image.
 *
 * @param id          the image ID ({@code sha256:<64 hex>}), what {@code docker images} shortens to 12 digits
 * @param repoTags    {@code nginx:1.25} (the familiar form, as docker lists it)
 * @param repoDigests {@code nginx@sha256:<64 hex>}
 * @param sizeBytes   the unpacked size
 * @param created     when the image was built
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, Instant created) {

    /** {@code docker-pullable://nginx@sha256:…}: the {@code imageID} kubelet reports over cri-dockerd. */
    public String imageRef() {
        return repoDigests.isEmpty() ? id : "docker-pullable://" + repoDigests.get(0);
    }
}
