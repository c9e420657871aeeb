package io.kubelab.engine.runtime.sim.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's file system: a tree of directories, text files and "binaries" (files that stand
 * for a command of the simulated shell, the way {@code /bin/ls} stands for an ELF program). Each
 * container gets its own copy of its image's tree ({@link #copy()}), so one container's
 * {@code touch /tmp/healthy} is invisible to another's.
 *
 * <p>Paths are absolute and normalized ({@code /usr/share/nginx/html/index.html}). Not
 * thread-safe: used on the engine thread.
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

    private final NavigableMap<String, Entry> entries = new TreeMap<>();

    public SimFileSystem(Instant created) {
        entries.put("/", new Entry(true, "", created, null, false));
    }

    private SimFileSystem(Map<String, Entry> from) {
        entries.putAll(from);
    }

    /** A private copy (entries are immutable, so a shallow copy of the map is enough). */
    public SimFileSystem copy() {
        return new SimFileSystem(entries);
    }

    /** Normalizes {@code path} against {@code cwd}: resolves {@code .}, {@code ..} and double slashes. */
    public static String resolve(String cwd, String path) {
        String full = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String p : full.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    public static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public Optional<Entry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    public boolean exists(String path) {
        return entries.containsKey(path);
    }

    public boolean isDirectory(String path) {
        Entry e = entries.get(path);
        return e != null && e.directory();
    }

    /** Creates a directory and its parents ({@code mkdir -p}). */
    public void mkdirs(String path, Instant when) {
        if (path.equals("/") || isDirectory(path)) {
            return;
        }
        mkdirs(parent(path), when);
        entries.put(path, new Entry(true, "", when, null, false));
    }

    /** Writes (or appends to) a text file, creating its parent directories. */
    public void write(String path, String content, boolean append, Instant when) {
        mkdirs(parent(path), when);
        Entry old = entries.get(path);
        String text = append && old != null && !old.directory() ? old.content() + content : content;
        entries.put(path, new Entry(false, text, when, null, false));
    }

    /** Places a program script (see {@link Entry#program()}). */
    public void writeProgram(String path, String content, Instant when) {
        mkdirs(parent(path), when);
        entries.put(path, new Entry(false, content, when, null, true));
    }

    /** Places a binary that runs the shell command {@code command}. */
    public void putBinary(String path, String command, Instant when) {
        mkdirs(parent(path), when);
        entries.put(path, new Entry(false, ELF, when, command, false));
    }

    /** Updates a file's time, creating an empty one if absent ({@code touch}). */
    public void touch(String path, Instant when) {
        Entry old = entries.get(path);
        if (old == null) {
            write(path, "", false, when);
        } else {
            entries.put(path, new Entry(old.directory(), old.content(), when, old.command(), old.program()));
        }
    }

    /** Removes a file, or a directory with everything under it. */
    public boolean remove(String path) {
        if (path.equals("/") || !entries.containsKey(path)) {
            return false;
        }
        entries.remove(path);
        entries.subMap(path + "/", true, path + "/\uffff", true).clear();
        return true;
    }

    /** The names directly inside a directory, sorted. */
    public List<String> list(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        List<String> names = new ArrayList<>();
        for (String p : entries.subMap(prefix, false, prefix + "\uffff", true).keySet()) {
            String rest = p.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                names.add(rest);
            }
        }
        return names;
    }
}
