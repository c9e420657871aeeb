package io.kubelab.linux.runc;

/** Real mode cannot start on this machine (not root, runc missing…); the message says what to do. */
public final class RealModeUnavailableException extends Exception {
    public RealModeUnavailableException(String message) {
        super(message);
    }
}
