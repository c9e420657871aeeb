package io.kubelab.engine.model;

/**
 * A manifest that cannot be read: not YAML, not an object, or of an unknown kind. These are the
 * errors kubectl reports itself, before it sends anything; {@link #kubectlMessage(String)} gives
 * kubectl's text for a named file, e.g. {@code error parsing web.yaml: error converting YAML to
 * JSON: yaml: line 5: mapping values are not allowed in this context}.
 */
public final class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kubectlFormat;

    public ManifestException(String message) {
        this(message, "%s: " + message.replace("%", "%%"));
    }

    /**
     * @param kubectlFormat kubectl's message with {@code %s} where it names the file
     */
    public ManifestException(String message, String kubectlFormat) {
        super(message);
        this.kubectlFormat = kubectlFormat;
    }

    /** kubectl's message (without its {@code error: } prefix) for a manifest read from {@code source}. */
    public String kubectlMessage(String source) {
        return String.format(kubectlFormat, source);
    }
}
