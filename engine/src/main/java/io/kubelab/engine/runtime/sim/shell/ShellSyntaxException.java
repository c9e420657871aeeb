package io.kubelab.engine.runtime.sim.shell;

/** A script the shell cannot parse; the message is what {@code sh} prints after {@code sh: }. */
public final class ShellSyntaxException extends RuntimeException {
    public ShellSyntaxException(String message) {
        super(message, null, false, false);
    }
}
