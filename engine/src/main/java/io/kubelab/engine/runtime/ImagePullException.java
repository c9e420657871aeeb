package io.kubelab.engine.runtime;

/**
 * A pull the registry refused, in the daemon's words, e.g. {@code Error response from daemon:
 * manifest for nginx:doesnotexist not found: manifest unknown: manifest unknown}.
 */
public final class ImagePullException extends RuntimeException {
    public ImagePullException(String message) {
        super(message, null, false, false);
    }
}
