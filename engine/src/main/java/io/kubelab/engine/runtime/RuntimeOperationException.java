package io.kubelab.engine.runtime;

/**
 * A runtime operation that failed, in the runtime's words (e.g. {@code Error response from daemon:
 * No such container: 3b9c…}, or an OCI start error).
 */
public final class RuntimeOperationException extends RuntimeException {
    public RuntimeOperationException(String message) {
        super(message, null, false, false);
    }
}
