package io.kubelab.linux.image;

import java.io.IOException;

/** An archive refused by the safe extractor, saying which entry and why ({@code ../../etc/passwd: path traversal}). */
public final class ArchiveRejectedException extends IOException {
    public ArchiveRejectedException(String message) {
        super(message);
    }
}
