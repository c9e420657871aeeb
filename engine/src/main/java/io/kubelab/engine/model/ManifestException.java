package io.kubelab.engine.model;

/** A manifest that cannot be read: not YAML, not an object, or of an unknown kind. */
public final class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }
}
