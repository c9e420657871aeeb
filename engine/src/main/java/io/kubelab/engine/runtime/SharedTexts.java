package io.kubelab.engine.runtime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of texts that repeat across containers: log lines ({@code /docker-entrypoint.sh:
 * Configuration complete; ready for start up} is written by every nginx container, and its start-up
 * lines carry a time to the second, so 150,000 containers write a few hundred distinct lines), the
 * {@code /etc/resolv.conf} of every pod of a namespace, the environment every pod gets for the
 * {@code kubernetes} Service. Strings are immutable, so sharing changes nothing a student sees.
 *
 * <p>Bounded: when {@link #MAX} texts are held the table starts afresh (texts already shared stay
 * shared; unique texts such as access-log lines only cost a slot until then). Any thread.
 */
public final class SharedTexts {
    /** Texts held at most; at about 100 bytes a text, a few MB. */
    static final int MAX = 32_768;
    /** Longer texts are rarely repeated word for word; they are kept as they are. */
    static final int MAX_LENGTH = 512;

    private static final ConcurrentHashMap<String, String> TEXTS = new ConcurrentHashMap<>();

    private SharedTexts() {}

    /** The shared copy of {@code text} (equal to it), or {@code text} itself. */
    public static String share(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return text;
        }
        // Looked up first: most texts are already held (nginx's start-up lines, 17 a container), and
        // a get takes no lock where putIfAbsent locks the text's bin even when it finds the text.
        String shared = TEXTS.get(text);
        if (shared != null) {
            return shared;
        }
        shared = TEXTS.putIfAbsent(text, text);
        if (shared != null) {
            return shared;
        }
        if (TEXTS.size() > MAX) {
            TEXTS.clear();
        }
        return text;
    }
}
