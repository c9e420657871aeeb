package io.kubelab.engine.runtime;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference normalized as docker does ({@code distribution/reference}): {@code nginx}
 * is {@code docker.io/library/nginx:latest}; {@code registry.k8s.io/pause:3.9} keeps its
 * registry. The "familiar" form drops {@code docker.io/} and {@code library/} again, which is how
 * docker (and the kubelet over cri-dockerd) shows images: {@code nginx:1.25}.
 *
 * @param domain     {@code docker.io}
 * @param path       {@code library/nginx}
 * @param tag        {@code 1.25} ({@code latest} when neither tag nor digest is given)
 * @param digest     {@code sha256:…} or null
 */
public record ImageRef(String domain, String path, String tag, String digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException with docker's words ({@code invalid reference format: repository
     *                                  name (library/NGINX) must be lowercase})
     */
    public static ImageRef parse(String text) {
        // A reference always parses alike, and a cluster names few images: every pod of a
        // 100-replica Deployment names the same one, parsed by the kubelet and the runtime several
        // times per container (regular expressions). Bounded: students type references too.
        ImageRef cached = text == null ? null : PARSED.get(text);
        if (cached != null) {
            return cached;
        }
        ImageRef ref = parseUncached(text);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(text, ref);
        return ref;
    }

    private static final int MAX_PARSED = 1024;
    private static final java.util.Map<String, ImageRef> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static ImageRef parseUncached(String text) {
        if (text == null || text.isEmpty() || text.contains(" ") || text.startsWith(":") || text.endsWith(":")) {
            throw new IllegalArgumentException("invalid reference format");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid reference format");
            }
        }
        String domain = "docker.io";
        String path = rest;
        int first = rest.indexOf('/');
        if (first >= 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                domain = head;
                path = rest.substring(first + 1);
            }
        }
        if (domain.equals("docker.io") && !path.contains("/")) {
            path = "library/" + path;
        }
        for (String c : path.split("/")) {
            if (!COMPONENT.matcher(c).matches()) {
                if (!c.toLowerCase(Locale.ROOT).equals(c)) {
                    throw new IllegalArgumentException("invalid reference format: repository name (" + path
                            + ") must be lowercase");
                }
                throw new IllegalArgumentException("invalid reference format");
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(domain, path, tag, digest);
    }

    /** {@code docker.io/library/nginx}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** {@code nginx}, {@code kicbase/echo-server}, {@code registry.k8s.io/pause}. */
    public String familiarName() {
        if (domain.equals("docker.io")) {
            return path.startsWith("library/") ? path.substring("library/".length()) : path;
        }
        return repository();
    }

    /** {@code nginx:1.25} (or {@code nginx@sha256:…}). */
    public String familiar() {
        return familiarName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** {@code docker.io/library/nginx:1.25}. */
    public String full() {
        return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return familiar();
    }
}
