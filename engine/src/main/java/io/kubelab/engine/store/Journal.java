package io.kubelab.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The durable form of a {@link Store}: a state folder holding {@code snapshot.json} (every object at
 * one revision) and {@code journal.log} (every write since, one line each).
 *
 * <p>A journal line is {@code <json>\t<crc32 hex>\n}. A write is acknowledged only after its line
 * was handed to the operating system, so a crash of the process loses nothing acknowledged. A torn
 * last line (a crash in the middle of a write) is detected by its missing newline or bad checksum
 * and cut off with a warning; a bad line followed by good ones is corruption and refuses to load
 * ({@link StateCorruptException}).
 *
 * <p>A snapshot is written to a temporary file, forced to disk and renamed over the old one before
 * the journal is emptied; journal lines at or below the snapshot's revision are skipped on load, so
 * a crash at any point of a snapshot loses nothing. The {@link Store} takes one automatically when
 * the journal grows past a threshold.
 *
 * <p>The folder is locked while open: a second Kubelab on the same folder is refused.
 */
public final class Journal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());
    static final String SNAPSHOT = "snapshot.json";
    static final String LOG_FILE = "journal.log";
    static final String LOCK = "lock";

    /** What a journal line does. */
    public enum Op { PUT, DELETE }

    /** The objects and revision found on disk. */
    public record Loaded(List<HasMetadata> objects, long revision, List<String> warnings) {}

    private final Path dir;
    private final boolean fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel log;

    /**
     * Opens (and locks) a state folder, creating it if needed.
     *
     * @param fsync force every write to the disk, not only to the operating system (survives power loss; slower)
     * @throws StateLockedException when another process holds the folder
     */
    public Journal(Path dir, boolean fsync) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new StateLockedException("the state folder " + dir
                    + " is in use by another Kubelab; stop it first or choose another --state folder");
        }
        lock = l;
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    public Path dir() {
        return dir;
    }

    /** Reads the snapshot and replays the journal; cuts a torn tail. Call once, before appending. */
    public Loaded load() {
        Map<String, HasMetadata> objects = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        long revision = 0;
        try {
            Path snap = dir.resolve(SNAPSHOT);
            if (Files.exists(snap)) {
                try {
                    JsonNode root = Kube.JSON.readTree(snap.toFile());
                    if (root == null || !root.has("revision")) {
                        throw new IOException("no revision");
                    }
                    revision = root.path("revision").asLong();
                    for (JsonNode item : root.path("objects")) {
                        HasMetadata o = decode(item.path("resource").asText(), item.path("object"));
                        objects.put(item.path("resource").asText() + "|" + Kube.key(o), o);
                    }
                } catch (IOException | RuntimeException e) {
                    // The snapshot is written to a temporary file, forced to disk and renamed: a
                    // damaged one was damaged outside Kubelab.
                    throw new StateCorruptException("the state snapshot " + snap + " cannot be read (" + e.getMessage()
                            + "); refusing to load it (move the state folder aside to start afresh)", e);
                }
            }
            Path logPath = dir.resolve(LOG_FILE);
            if (Files.exists(logPath)) {
                byte[] bytes = Files.readAllBytes(logPath);
                int pos = 0;
                long goodEnd = 0;
                int lineNo = 0;
                while (pos < bytes.length) {
                    lineNo++;
                    int nl = indexOf(bytes, (byte) '\n', pos);
                    String problem = null;
                    JsonNode rec = null;
                    if (nl < 0) {
                        problem = "a line without its end (a write cut short)";
                    } else {
                        String line = new String(bytes, pos, nl - pos, StandardCharsets.UTF_8);
                        int tab = line.lastIndexOf('\t');
                        if (tab < 0) {
                            problem = "a line without its checksum";
                        } else {
                            String json = line.substring(0, tab);
                            if (!crc(json).equals(line.substring(tab + 1))) {
                                problem = "a line whose checksum does not match";
                            } else {
                                rec = Kube.JSON.readTree(json);
                            }
                        }
                    }
                    if (problem != null) {
                        boolean last = nl < 0 || nl == bytes.length - 1;
                        if (!last) {
                            throw new StateCorruptException("the state journal " + logPath + " is corrupt at line "
                                    + lineNo + ": " + problem + ", followed by more writes; refusing to load it "
                                    + "(move the state folder aside to start afresh)");
                        }
                        String w = "the state journal ended with " + problem + " at line " + lineNo
                                + "; cut " + (bytes.length - goodEnd) + " bytes of an unacknowledged write";
                        LOG.log(System.Logger.Level.WARNING, w);
                        warnings.add(w);
                        break;
                    }
                    long rev = rec.path("rev").asLong();
                    if (!rec.has("rev") || !rec.has("res") || !rec.has("key")) {
                        throw new StateCorruptException("the state journal " + logPath + " is corrupt at line " + lineNo
                                + ": a record without its revision, resource or key; refusing to load it");
                    }
                    String resource = rec.path("res").asText();
                    String key = resource + "|" + rec.path("key").asText();
                    if (rev > revision || !Files.exists(snap)) {
                        if ("DELETE".equals(rec.path("op").asText())) {
                            objects.remove(key);
                        } else {
                            objects.put(key, decode(resource, rec.path("obj")));
                        }
                        revision = Math.max(revision, rev);
                    }
                    pos = nl + 1;
                    goodEnd = pos;
                }
                log = FileChannel.open(logPath, StandardOpenOption.WRITE);
                if (goodEnd < bytes.length) {
                    log.truncate(goodEnd);
                }
                log.position(goodEnd);
            } else {
                log = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the state folder " + dir + ": " + e.getMessage(), e);
        }
        return new Loaded(new ArrayList<>(objects.values()), revision, warnings);
    }

    private static HasMetadata decode(String resource, JsonNode object) throws IOException {
        ResourceType type = ResourceTypes.byPlural(resource)
                .orElseThrow(() -> new IOException("unknown resource in state: " + resource));
        return Kube.JSON.treeToValue(object, type.type());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /**
     * Appends one write; returns once the operating system has it (and the disk, with fsync). A
     * failed write (disk full) is cut off again, so a half line can never sit in front of later ones.
     */
    void append(Op op, ResourceType type, String key, HasMetadata object, long rev) throws IOException {
        ObjectNode rec = Kube.JSON.createObjectNode();
        rec.put("rev", rev).put("op", op.name()).put("res", type.plural()).put("key", key);
        if (object != null) {
            rec.set("obj", Kube.JSON.valueToTree(object));
        }
        String json = Kube.JSON.writeValueAsString(rec);
        ByteBuffer buf = ByteBuffer.wrap((json + "\t" + crc(json) + "\n").getBytes(StandardCharsets.UTF_8));
        long start = log.position();
        try {
            while (buf.hasRemaining()) {
                log.write(buf);
            }
            if (fsync) {
                log.force(false);
            }
        } catch (IOException e) {
            try {
                log.truncate(start);
                log.position(start);
            } catch (IOException ignored) {
                // The original error is the one to report; a torn tail is cut on the next load.
            }
            throw e;
        }
    }

    /** Writes every object as the new snapshot (atomically), then empties the journal. */
    void snapshot(List<HasMetadata> all, long revision) throws IOException {
        ObjectNode root = Kube.JSON.createObjectNode();
        root.put("revision", revision);
        ArrayNode items = root.putArray("objects");
        for (HasMetadata o : all) {
            ObjectNode item = items.addObject();
            item.put("resource", ResourceTypes.of(o).plural());
            item.set("object", Kube.JSON.valueToTree(o));
        }
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(Kube.JSON.writeValueAsBytes(root));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.REPLACE_EXISTING);
        }
        // Lines already in the snapshot are skipped on load by their revision, so a crash between
        // the rename and this truncation is harmless.
        log.truncate(0);
        log.position(0);
    }

    /** Size of the journal in bytes (for deciding when to snapshot). */
    public long size() throws IOException {
        return log == null ? 0 : log.size();
    }

    @Override
    public void close() throws IOException {
        if (log != null) {
            log.force(true);
            log.close();
        }
        lock.release();
        lockChannel.close();
    }
}
