package io.kubelab.engine.store;

/** Another process holds the state folder. */
public final class StateLockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateLockedException(String message) {
        super(message);
    }
}
