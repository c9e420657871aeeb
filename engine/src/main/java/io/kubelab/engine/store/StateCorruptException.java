package io.kubelab.engine.store;

/**
 * The state folder cannot be trusted: a journal line in the middle fails its checksum, or the
 * snapshot cannot be read. Kubelab refuses to start on it rather than guess; the message names the
 * file and line so a user can move the folder aside.
 */
public final class StateCorruptException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StateCorruptException(String message) {
        super(message);
    }

    public StateCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
