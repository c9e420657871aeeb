package io.kubelab.engine.runtime.sim.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's file system: a tree of directories, text files and "binaries" (files that stand
 * for a command of the simulated shell, the way {@code /bin/ls} stands for an ELF program).
 *
 * <p>Layered as overlayfs layers a container's root: an image's tree is built once and then
 * {@link #freeze() frozen}; every container of that image gets an {@link #overlay()} of it — the
 * image's tree as the shared, read-only lower layer, plus an upper layer of its own that holds
 * what the container wrote, and whiteouts for what it deleted. So one container's
 * {@code touch /tmp/healthy} is invisible to another's, yet a container that writes only its
 * {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf} costs three entries
 * instead of a copy of the image's 75 (at 150,000 pods × 2 containers: 300,000 small maps
 * instead of 22.5 million entries).
 *
 * <p>Volumes are {@link #mount mounted} over a container's tree as bind mounts are: under a mount
 * path, reads and writes go to the volume's own tree (built from scratch, shared by the pod's
 * containers that mount it) and the image's files there are hidden; a read-only mount refuses
 * writes ({@link #isReadOnly}). A file system without mounts pays one null check per access.
 *
 * <p>Paths are absolute and normalized ({@code /usr/share/nginx/html/index.html}). Not
 * thread-safe: used on the engine thread; a frozen tree is never written and may be shared by
 * every thread.
 */
public final class SimFileSystem {
    /** What {@code cat /bin/ls} shows of a binary: the start of an ELF header. */
    public static final String ELF = "\u007fELF\u0002\u0001\u0001";

    /**
     * One entry of the tree. {@code command} is set for binaries; {@code program} marks a script an
     * image ships in place of a compiled program (it may use every simulated command, as a binary
     * would not need a shell's tools).
     */
    public record Entry(boolean directory, String content, Instant modified, String command, boolean program) {
        public boolean isBinary() {
            return command != null;
        }

        public boolean isScript() {
            return !directory && command == null && content.startsWith("#!");
        }

        public long size() {
            return directory ? 4096 : content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    /** What a search found: the entry and its path. */
    public record Located(String path, Entry entry) {}

    /**
     * A volume's tree seen at {@code path}, as a bind mount: {@code /usr/share/nginx/html/index.html}
     * is the volume's {@code /index.html}, and whatever the image had under the path is hidden.
     */
    private record Mounted(String path, SimFileSystem volume, boolean readOnly) {
        /** The volume's path of {@code p}, which is at or under {@link #path}. */
        String inner(String p) {
            return p.length() == path.length() ? "/" : path.equals("/") ? p : p.substring(path.length());
        }
    }

    /** A write to a read-only mount ({@code EROFS}); the shell words it, this guards what does not ask first. */
    public static final class ReadOnlyException extends RuntimeException {
        public ReadOnlyException(String path) {
            super(path + ": Read-only file system", null, false, false);
        }
    }

    /** The image's tree, shared and never written (empty for a tree built from scratch). */
    private final NavigableMap<String, Entry> lower;
    /** What this file system wrote (every entry of a tree built from scratch); null until the first write. */
    private NavigableMap<String, Entry> upper;
    /** Paths of {@link #lower} removed here: each hides its own entry and everything under it. Null: none. */
    private Set<String> whiteouts;
    /** Set once frozen: the read-only view of this tree that its overlays share as their lower layer. */
    private NavigableMap<String, Entry> frozen;
    /** The frozen tree {@link #lower} belongs to (an overlay's image), or null. */
    private final SimFileSystem image;
    /**
     * On a frozen tree: where each command name is found along each {@code PATH} in this tree alone
     * ({@link #NOT_IN_PATH} when nowhere), filled as its overlays look names up. Each nginx
     * container looks up {@code nginx}, {@code date}, {@code uname} and {@code httpd} along a PATH of
     * six directories: 21 paths built, normalized and looked up (at 150,000 containers, 3 million),
     * where this answers with two lookups of texts whose hashes are already known. Safe to share:
     * the tree never changes once frozen, and an overlay asks only while nothing of its own can
     * change the answer (see {@link #findInPath}).
     */
    private java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<String, Located>> pathCache;
    private static final Located NOT_IN_PATH = new Located("", null);
    /** Names (or PATHs) remembered per tree at most; students type commands of their own, so it is bounded. */
    private static final int MAX_PATH_CACHE = 256;
    /**
     * Volumes mounted over this tree, or null (nearly every container: a pod without volumes costs
     * no more than this one reference, which fits in the object's padding).
     */
    private Mounted[] mounts;
    /** Up to this many entries of its own, an overlay checks them for a name before it asks its image's cache. */
    private static final int MAX_SHADOW_SCAN = 32;

    public SimFileSystem(Instant created) {
        this.lower = Collections.emptyNavigableMap();
        this.upper = new TreeMap<>();
        this.image = null;
        upper.put("/", new Entry(true, "", created, null, false));
    }

    private SimFileSystem(SimFileSystem image, NavigableMap<String, Entry> lower, NavigableMap<String, Entry> upper,
                          Set<String> whiteouts) {
        this.image = image;
        this.lower = lower;
        this.upper = upper;
        this.whiteouts = whiteouts;
    }

    /**
     * Makes this tree read-only, so that it can be the shared lower layer of {@link #overlay()}s
     * (an image's tree). Returns this.
     */
    public SimFileSystem freeze() {
        if (frozen == null) {
            if (!lower.isEmpty() || whiteouts != null) {
                throw new IllegalStateException("only a tree built from scratch can be frozen");
            }
            frozen = Collections.unmodifiableNavigableMap(upper);
            pathCache = new java.util.concurrent.ConcurrentHashMap<>();
        }
        return this;
    }

    public boolean isFrozen() {
        return frozen != null;
    }

    /**
     * A container's file system on this frozen tree: reads fall through to it, writes and deletes
     * stay in the new file system's own layer.
     */
    public SimFileSystem overlay() {
        if (frozen == null) {
            throw new IllegalStateException("overlay() needs a frozen tree; freeze() it first");
        }
        return new SimFileSystem(this, frozen, null, null);
    }

    /** A private copy that shares nothing writable with this one. */
    public SimFileSystem copy() {
        SimFileSystem c = new SimFileSystem(image, lower, upper == null ? null : new TreeMap<>(upper),
                whiteouts == null ? null : new HashSet<>(whiteouts));
        c.mounts = mounts; // the volumes are shared, as a pod's containers share them
        return c;
    }

    // ---- mounts ---------------------------------------------------------------------------

    /**
     * Mounts {@code volume} (a tree built from scratch, maybe shared with other containers' file
     * systems: an emptyDir of the pod) at {@code path}, creating the mount point as runc does. Later
     * mounts go over earlier ones ({@code /data/logs} inside {@code /data}).
     */
    public void mount(String path, SimFileSystem volume, boolean readOnly, Instant when) {
        if (volume.image != null || volume.isFrozen()) {
            throw new IllegalArgumentException("a volume is a tree built from scratch");
        }
        mkdirs(path, when);
        Mounted m = new Mounted(path, volume, readOnly);
        if (mounts == null) {
            mounts = new Mounted[] {m};
        } else {
            mounts = java.util.Arrays.copyOf(mounts, mounts.length + 1);
            mounts[mounts.length - 1] = m;
        }
    }

    /** The mount {@code path} is at or under (the innermost; the last mounted of equal paths), or null. */
    private Mounted mountOf(String path) {
        Mounted found = null;
        for (Mounted m : mounts) {
            String mp = m.path;
            boolean under = mp.equals("/") || (path.startsWith(mp) && (path.length() == mp.length() || path.charAt(mp.length()) == '/'));
            if (under && (found == null || mp.length() >= found.path.length())) {
                found = m;
            }
        }
        return found;
    }

    /** Whether a write at {@code path} would fail with "Read-only file system" (it is on a read-only mount). */
    public boolean isReadOnly(String path) {
        Mounted m = mounts == null ? null : mountOf(path);
        return m != null && m.readOnly;
    }

    /** The writable mount of {@code path}, or null when it is not on a mount; throws on a read-only one. */
    private Mounted writeMount(String path) {
        if (mounts == null) {
            return null;
        }
        Mounted m = mountOf(path);
        if (m != null && m.readOnly) {
            throw new ReadOnlyException(path);
        }
        return m;
    }

    /** How many entries this file system holds of its own (the upper layer): what it costs beyond its image. */
    public int ownEntries() {
        return upper == null ? 0 : upper.size();
    }

    // ---- paths ----------------------------------------------------------------------------

    /**
     * Normalizes {@code path} against {@code cwd}: resolves {@code .}, {@code ..} and double
     * slashes. {@code resolve("/usr/share", "nginx/../html/./")} is {@code /usr/share/html}. An
     * absolute path that is already normal (the usual case: {@code /usr/bin/env} looked up in
     * {@code PATH}) comes back as it is, without a copy.
     */
    public static String resolve(String cwd, String path) {
        if (path.startsWith("/")) {
            return isNormal(path) ? path : normalize(path);
        }
        String full = cwd.endsWith("/") ? cwd + path : cwd + "/" + path;
        return isNormal(full) ? full : normalize(full);
    }

    /** Whether an absolute path has no empty, {@code .} or {@code ..} segment and no trailing slash (but {@code /}). */
    private static boolean isNormal(String p) {
        int n = p.length();
        if (n == 0 || p.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return true;
        }
        int start = 1;
        for (int i = 1; i <= n; i++) {
            if (i == n || p.charAt(i) == '/') {
                int len = i - start;
                if (len == 0) {
                    return false; // "//" or a trailing "/"
                }
                if (p.charAt(start) == '.' && (len == 1 || (len == 2 && p.charAt(start + 1) == '.'))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    private static String normalize(String full) {
        // Segment boundaries kept as offsets into `out`: ".." truncates to the previous boundary.
        StringBuilder out = new StringBuilder(full.length() + 1);
        int[] marks = new int[full.length() / 2 + 2];
        int depth = 0;
        int n = full.length();
        int i = 0;
        while (i < n) {
            while (i < n && full.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < n && full.charAt(i) != '/') {
                i++;
            }
            int len = i - start;
            if (len == 0 || (len == 1 && full.charAt(start) == '.')) {
                continue;
            }
            if (len == 2 && full.charAt(start) == '.' && full.charAt(start + 1) == '.') {
                if (depth > 0) {
                    out.setLength(marks[--depth]);
                }
                continue;
            }
            marks[depth++] = out.length();
            out.append('/').append(full, start, i);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    public static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    // ---- reading ----------------------------------------------------------------------------

    private Entry entry(String path) {
        if (mounts != null) {
            Mounted m = mountOf(path);
            if (m != null) {
                return m.volume.entry(m.inner(path));
            }
        }
        if (upper != null) {
            Entry e = upper.get(path);
            if (e != null) {
                return e;
            }
        }
        Entry e = lower.get(path);
        return e == null || hidden(path) ? null : e;
    }

    /** Whether a lower entry at {@code path} was removed here (itself or a directory above it). */
    private boolean hidden(String path) {
        if (whiteouts == null) {
            return false;
        }
        String p = path;
        while (true) {
            if (whiteouts.contains(p)) {
                return true;
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                return false;
            }
            p = p.substring(0, slash);
        }
    }

    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entry(path));
    }

    public boolean exists(String path) {
        return entry(path) != null;
    }

    public boolean isDirectory(String path) {
        Entry e = entry(path);
        return e != null && e.directory();
    }

    /**
     * Searches {@code path}'s directories in order for {@code name} as a shell does: the first
     * entry there that is a binary or a script. A directory of {@code path} that is relative is
     * taken from {@code /}; empty ones are skipped.
     *
     * @param name a command name without {@code /}
     * @return the entry and its path, or null when no directory has it
     */
    public Located findInPath(String path, String name) {
        // An overlay's answer is its image's while nothing of its own can change it: no whiteouts,
        // and no entry of its own named `name` (a candidate dir/name of its own, file, script or
        // directory, would hide the image's). Its own entries are few (a pod's container writes
        // /etc/hostname, /etc/hosts and /etc/resolv.conf), so they are checked one by one.
        if (image != null && whiteouts == null && mounts == null && !name.equals(".") && !name.equals("..") && !ownsName(name)) {
            return image.findInPathCached(path, name);
        }
        return searchPath(path, name);
    }

    private boolean ownsName(String name) {
        if (upper == null) {
            return false;
        }
        if (upper.size() > MAX_SHADOW_SCAN) {
            return true;
        }
        int n = name.length();
        for (String p : upper.keySet()) {
            int k = p.length() - n;
            if (k > 0 && p.charAt(k - 1) == '/' && p.endsWith(name)) {
                return true;
            }
        }
        return false;
    }

    /** On a frozen tree: {@link #searchPath}, remembered. */
    private Located findInPathCached(String path, String name) {
        java.util.concurrent.ConcurrentHashMap<String, Located> names = pathCache.get(path);
        if (names == null) {
            if (pathCache.size() >= MAX_PATH_CACHE) {
                pathCache.clear();
            }
            names = pathCache.computeIfAbsent(path, p -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        Located found = names.get(name);
        if (found == null) {
            Located l = searchPath(path, name);
            found = l == null ? NOT_IN_PATH : l;
            if (names.size() >= MAX_PATH_CACHE) {
                names.clear();
            }
            names.put(name, found);
        }
        return found == NOT_IN_PATH ? null : found;
    }

    private Located searchPath(String path, String name) {
        // PATH's directories in order, read in place (no split).
        int start = 0;
        while (start <= path.length()) {
            int colon = path.indexOf(':', start);
            int end = colon < 0 ? path.length() : colon;
            if (end > start) {
                String p = resolve("/", path.substring(start, end) + "/" + name);
                Entry e = entry(p);
                if (e != null && (e.isBinary() || e.isScript())) {
                    return new Located(p, e);
                }
            }
            start = end + 1;
        }
        return null;
    }

    /** The names directly inside a directory, sorted: this layer's and the image's, less what was removed. */
    public List<String> list(String dir) {
        if (mounts != null) {
            Mounted m = mountOf(dir);
            if (m != null) {
                return m.volume.list(m.inner(dir));
            }
        }
        String prefix = dir.equals("/") ? "/" : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        if (upper != null) {
            children(upper, prefix, names, false);
        }
        if (!lower.isEmpty()) {
            children(lower, prefix, names, true);
        }
        return new ArrayList<>(names);
    }

    private void children(NavigableMap<String, Entry> layer, String prefix, Set<String> names, boolean isLower) {
        for (String p : layer.subMap(prefix, false, prefix + "\uffff", true).keySet()) {
            String rest = p.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0 && (!isLower || !hidden(p))) {
                names.add(rest);
            }
        }
    }

    // ---- writing ----------------------------------------------------------------------------

    private void put(String path, Entry e) {
        if (frozen != null) {
            throw new IllegalStateException("a frozen file system (an image's) is read-only: write to an overlay()");
        }
        if (upper == null) {
            upper = new TreeMap<>();
        }
        upper.put(path, e);
    }

    /** Creates a directory and its parents ({@code mkdir -p}). */
    public void mkdirs(String path, Instant when) {
        if (path.equals("/") || isDirectory(path)) {
            return;
        }
        Mounted m = writeMount(path);
        if (m != null) {
            m.volume.mkdirs(m.inner(path), when);
            return;
        }
        mkdirs(parent(path), when);
        put(path, new Entry(true, "", when, null, false));
    }

    /** Writes (or appends to) a text file, creating its parent directories. */
    public void write(String path, String content, boolean append, Instant when) {
        Mounted m = writeMount(path);
        if (m != null) {
            m.volume.write(m.inner(path), content, append, when);
            return;
        }
        mkdirs(parent(path), when);
        Entry old = append ? entry(path) : null;
        String text = old != null && !old.directory() ? old.content() + content : content;
        put(path, new Entry(false, text, when, null, false));
    }

    /** Places a program script (see {@link Entry#program()}). */
    public void writeProgram(String path, String content, Instant when) {
        Mounted m = writeMount(path);
        if (m != null) {
            m.volume.writeProgram(m.inner(path), content, when);
            return;
        }
        mkdirs(parent(path), when);
        put(path, new Entry(false, content, when, null, true));
    }

    /** Places a binary that runs the shell command {@code command}. */
    public void putBinary(String path, String command, Instant when) {
        Mounted m = writeMount(path);
        if (m != null) {
            m.volume.putBinary(m.inner(path), command, when);
            return;
        }
        mkdirs(parent(path), when);
        put(path, new Entry(false, ELF, when, command, false));
    }

    /** Updates a file's time, creating an empty one if absent ({@code touch}). */
    public void touch(String path, Instant when) {
        Mounted m = writeMount(path);
        if (m != null) {
            m.volume.touch(m.inner(path), when);
            return;
        }
        Entry old = entry(path);
        if (old == null) {
            write(path, "", false, when);
        } else {
            put(path, new Entry(old.directory(), old.content(), when, old.command(), old.program()));
        }
    }

    /** Removes a file, or a directory with everything under it. */
    public boolean remove(String path) {
        if (path.equals("/") || entry(path) == null) {
            return false;
        }
        Mounted m = writeMount(path);
        if (m != null) {
            String inner = m.inner(path);
            if (inner.equals("/")) {
                // The mount point itself stays (busy); what is in the volume goes, as rm -rf empties it.
                for (String name : m.volume.list("/")) {
                    m.volume.remove("/" + name);
                }
                return true;
            }
            return m.volume.remove(inner);
        }
        if (frozen != null) {
            throw new IllegalStateException("a frozen file system (an image's) is read-only: write to an overlay()");
        }
        if (upper != null) {
            upper.remove(path);
            upper.subMap(path + "/", true, path + "/\uffff", true).clear();
        }
        if (lower.containsKey(path)) {
            if (whiteouts == null) {
                whiteouts = new HashSet<>();
            }
            whiteouts.add(path);
        }
        return true;
    }
}
