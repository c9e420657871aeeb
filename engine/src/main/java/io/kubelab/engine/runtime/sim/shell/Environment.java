package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.SharedTexts;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Environments of simulated processes, kept small because every container has one and its main
 * process another: a pod's nginx container has about 14 variables, and a {@link LinkedHashMap} of
 * 14 costs about 750 bytes where two arrays cost about 150; at 150,000 pods with two containers
 * and two processes each, that is about 360 MB against 90 MB.
 *
 * <ul>
 *   <li>{@link #freeze}: a container's environment, immutable, in insertion order, its texts
 *       {@linkplain SharedTexts shared} (every pod of a namespace gets the same
 *       {@code KUBERNETES_SERVICE_HOST=10.96.0.1}).</li>
 *   <li>{@link #variables}: a process's variables on top of it, copy-on-write: reads fall through
 *       to the frozen environment, {@code t=…}, {@code export}, {@code unset} stay in the process.
 *       It iterates exactly as a {@link LinkedHashMap} copy of the environment would after the
 *       same puts and removes (so {@code env} prints the same order).</li>
 * </ul>
 */
public final class Environment {
    private Environment() {}

    /** An immutable copy of {@code env} (in its order), or {@code env} itself when already frozen. */
    public static Map<String, String> freeze(Map<String, String> env) {
        return env instanceof Frozen ? env : new Frozen(env);
    }

    /** A process's variables starting as {@code env}: an overlay when {@code env} is frozen or lent, else a copy. */
    static Map<String, String> variables(Map<String, String> env) {
        return env instanceof Frozen || env instanceof Lent ? new Overlay(env) : new LinkedHashMap<>(env);
    }

    /**
     * A process's variables lent to a {@code $(…)} process: it runs to its end before its parent
     * goes on, so they cannot change under it, and it need not copy them (every nginx container
     * runs {@code t=$(date …)}).
     */
    static Map<String, String> lend(Map<String, String> vars) {
        return new Lent(vars);
    }

    /** A read-only view of variables that do not change while it is used. */
    private static final class Lent extends AbstractMap<String, String> {
        private final Map<String, String> vars;

        Lent(Map<String, String> vars) {
            this.vars = vars;
        }

        @Override
        public String get(Object key) {
            return vars.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return vars.containsKey(key);
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return Collections.unmodifiableMap(vars).entrySet();
        }
    }

    /** An immutable, insertion-ordered map in two arrays; looked up by a scan, or a hash index when large. */
    static final class Frozen extends AbstractMap<String, String> {
        /** Up to this many variables a scan is as fast as hashing. */
        private static final int SCAN = 16;
        private final String[] keys;
        private final String[] values;
        private Map<String, Integer> index;

        Frozen(Map<String, String> env) {
            int n = env.size();
            keys = new String[n];
            values = new String[n];
            int i = 0;
            for (Map.Entry<String, String> e : env.entrySet()) {
                keys[i] = SharedTexts.share(e.getKey());
                values[i] = SharedTexts.share(e.getValue());
                i++;
            }
        }

        private int indexOf(Object key) {
            if (keys.length <= SCAN) {
                // Hashes first: a String keeps its hash, and the names looked up (PATH, a script's
                // variables) are mostly the same few texts, so this is an int compare per variable.
                int h = key == null ? 0 : key.hashCode();
                for (int i = 0; i < keys.length; i++) {
                    if (keys[i].hashCode() == h && keys[i].equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            Map<String, Integer> idx = index;
            if (idx == null) {
                idx = new HashMap<>(keys.length * 2);
                for (int i = 0; i < keys.length; i++) {
                    idx.put(keys[i], i);
                }
                index = idx;
            }
            Integer i = idx.get(key);
            return i == null ? -1 : i;
        }

        @Override
        public String get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < keys.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (i >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, String> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }

    /**
     * A process's variables over a frozen environment. {@code own} holds what the process set: a
     * variable of the environment keeps its place (as a {@code LinkedHashMap} keeps a key's place
     * on {@code put}); one it unset and set again, or a new one, comes after the environment's, in
     * the order set. {@code removed} names the environment's variables unset (even if set again).
     */
    static final class Overlay extends AbstractMap<String, String> {
        private final Map<String, String> base;
        private LinkedHashMap<String, String> own;
        private Set<String> removed;

        Overlay(Map<String, String> base) {
            this.base = base;
        }

        private boolean inBase(Object key) {
            return base.containsKey(key) && (removed == null || !removed.contains(key));
        }

        @Override
        public String get(Object key) {
            if (own != null) {
                String v = own.get(key);
                if (v != null || own.containsKey(key)) {
                    return v;
                }
            }
            // The base's get answers null for a name it lacks: one lookup, not containsKey and get.
            return removed != null && removed.contains(key) ? null : base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return (own != null && own.containsKey(key)) || inBase(key);
        }

        @Override
        public String put(String key, String value) {
            String old = get(key);
            if (own == null) {
                own = new LinkedHashMap<>();
            }
            own.put(key, value);
            return old;
        }

        @Override
        public String remove(Object key) {
            String old = get(key);
            if (own != null) {
                own.remove(key);
            }
            if (base.containsKey(key)) {
                if (removed == null) {
                    removed = new HashSet<>();
                }
                removed.add((String) key);
            }
            return old;
        }

        @Override
        public int size() {
            return snapshot().size();
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return Collections.unmodifiableMap(snapshot()).entrySet();
        }

        /** The variables in the order a {@code LinkedHashMap} would hold them. */
        private Map<String, String> snapshot() {
            LinkedHashMap<String, String> all = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : base.entrySet()) {
                String k = e.getKey();
                if (removed == null || !removed.contains(k)) {
                    all.put(k, own != null && own.containsKey(k) ? own.get(k) : e.getValue());
                }
            }
            if (own != null) {
                own.forEach(all::putIfAbsent);
            }
            return all;
        }
    }
}
