package io.kubelab.engine.console.kubectl;

/**
 * A failure kubectl reports before or instead of talking to the server, printed on stderr exactly as
 * {@link #text()} says (kubectl's own wording, e.g. {@code error: the path "x.yaml" does not exist}),
 * ending the command with {@link #exitCode()}.
 */
final class KubectlError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private KubectlError(String text, int exitCode) {
        super(text);
        this.exitCode = exitCode;
    }

    /** {@code error: <message>}, as cmdutil.CheckErr prints an ordinary error. */
    static KubectlError error(String message) {
        return new KubectlError("error: " + message + "\n", 1);
    }

    /** Text printed as it is (it carries its own prefix and lines). */
    static KubectlError raw(String text) {
        return new KubectlError(text.endsWith("\n") ? text : text + "\n", 1);
    }

    /** cobra's usage error: {@code error: unknown flag: --foo} and where to find help. */
    static KubectlError usage(String message, String commandPath) {
        return new KubectlError("error: " + message + "\nSee '" + commandPath + " --help' for usage.\n", 1);
    }

    String text() {
        return getMessage();
    }

    int exitCode() {
        return exitCode;
    }
}
