package io.kubelab.lessons.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * Keeps each user's {@link Progress} in a JSON file of its own, {@code <folder>/<user>.json}.
 *
 * <p>A save never leaves a half-written file where the progress was: it writes a temporary file in
 * the same folder, forces it to disk, then renames it over the old file with
 * {@link StandardCopyOption#ATOMIC_MOVE} — a rename within one file system is atomic, so after a
 * crash (power cut, kill -9) the file is either the old progress or the new one. A temporary file a
 * crash left behind is never read and is removed by the next save.
 *
 * <p>Thread-safe: saves of one store are serialized.
 */
public final class ProgressStore {
    static final String SUFFIX = ".json";
    static final String TEMP_SUFFIX = ".tmp";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    /** Wraps the temporary file's stream; tests use it to tear a write half-way. */
    private final UnaryOperator<OutputStream> writeWrapper;

    public ProgressStore(Path folder) {
        this(folder, UnaryOperator.identity());
    }

    ProgressStore(Path folder, UnaryOperator<OutputStream> writeWrapper) {
        this.folder = folder;
        this.writeWrapper = writeWrapper;
    }

    /** The user's file: the name made safe for any file system ({@code 王小明} → {@code %E7%8E%8B….json}). */
    public Path fileOf(String user) {
        return folder.resolve(fileName(user) + SUFFIX);
    }

    /** Letters, digits, '-' and '_' stay; every other byte of the UTF-8 name becomes {@code %XX}. */
    static String fileName(String user) {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("a user needs a name");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    /**
     * The user's saved progress, or empty progress for a new user.
     *
     * @throws IOException when the file exists but cannot be read or is not progress (it is left
     *                     alone for a person to look at)
     */
    public Progress load(String user) throws IOException {
        Path file = fileOf(user);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Progress.empty(user);
        }
        try {
            Progress p = JSON.readValue(bytes, Progress.class);
            if (p.version() > Progress.VERSION) {
                throw new IOException(file + " was written by a newer Kubelab (format " + p.version() + ")");
            }
            return p;
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a progress file: " + e.getOriginalMessage(), e);
        }
    }

    /** Saves the user's progress, all or nothing. */
    public synchronized void save(Progress progress) throws IOException {
        Files.createDirectories(folder);
        String base = fileName(progress.user());
        removeLeftovers(base);
        Path tmp = Files.createTempFile(folder, base + ".", TEMP_SUFFIX);
        try {
            byte[] bytes = JSON.writeValueAsBytes(progress);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = writeWrapper.apply(java.nio.channels.Channels.newOutputStream(channel))) {
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, fileOf(progress.user()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the progress folder " + folder + " cannot rename files atomically", e);
            }
            forceFolder();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files of this user that an earlier crash left: never read, removed here. */
    private void removeLeftovers(String base) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, glob(base) + ".*" + TEMP_SUFFIX)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String glob(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    /** Makes the rename itself durable; not every platform can open a folder for that, and then it is the OS's job. */
    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
