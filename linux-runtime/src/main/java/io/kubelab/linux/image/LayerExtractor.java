package io.kubelab.linux.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Applies image layers (tar, or gzip'd tar) to a root filesystem, in order, the way overlay
 * layers stack: a later file replaces an earlier one, {@code .wh.<name>} deletes {@code <name>}
 * of the layers below, {@code .wh..wh..opq} empties a directory of what the layers below put there.
 *
 * <p>Extraction never trusts the archive: an entry is refused (the whole import fails, with the
 * entry's name and the reason) when its name is absolute or climbs out with {@code ..}, when it
 * would be written through a symbolic link (a lower layer's {@code etc -> /etc} must not let
 * {@code etc/passwd} reach the host's), when it is a symbolic link whose relative target climbs
 * out of the root, a hard link to anything outside the root, a device node or FIFO, or when the
 * layers together unpack to more than the size limit. Absolute symlink targets
 * ({@code /bin/sh -> /bin/busybox}) are kept: they resolve inside the container, and nothing here
 * ever follows a link of the rootfs.
 */
public final class LayerExtractor {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final long maxBytes;
    private long written;

    /**
     * @param root     the rootfs directory (exists)
     * @param maxBytes the most bytes all layers may unpack to together
     */
    public LayerExtractor(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    /** Bytes unpacked so far. */
    public long written() {
        return written;
    }

    /** Applies one layer; gzip is detected by its magic number. */
    public void apply(InputStream layer) throws IOException {
        BufferedInputStream in = new BufferedInputStream(layer);
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        in.reset();
        InputStream tarStream = in;
        if (b0 == 0x1f && b1 == 0x8b) {
            tarStream = new GZIPInputStream(in, 65536);
        } else if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) {
            throw new ArchiveRejectedException("a zstd-compressed layer: not supported, save the image with gzip or "
                    + "uncompressed layers (docker save does)");
        }
        Set<String> thisLayer = new HashSet<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            entry(tar, e, thisLayer);
        }
    }

    private void entry(TarArchiveInputStream tar, TarArchiveEntry e, Set<String> thisLayer) throws IOException {
        String name = e.getName();
        List<String> parts = safeParts(name);
        if (parts.isEmpty()) {
            return; // "./": the root itself
        }
        String base = parts.get(parts.size() - 1);
        List<String> parentParts = parts.subList(0, parts.size() - 1);
        Path parent = directory(parentParts, name);
        if (base.startsWith(".wh.")) {
            if (base.equals(".wh..wh..opq")) {
                String prefix = String.join("/", parentParts);
                clearExcept(parent, prefix, thisLayer);
            } else {
                delete(parent.resolve(base.substring(4)));
            }
            return;
        }
        Path target = parent.resolve(base);
        String rel = String.join("/", parts);
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw new ArchiveRejectedException(name + ": a device node or FIFO; images may not create them");
        }
        if (e.isDirectory()) {
            if (Files.isSymbolicLink(target) || (Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW))) {
                delete(target);
            }
            if (!Files.isDirectory(target, NOFOLLOW)) {
                Files.createDirectory(target);
            }
            attributes(target, e);
        } else if (e.isSymbolicLink()) {
            String link = e.getLinkName();
            if (!link.startsWith("/")) {
                List<String> resolved = new ArrayList<>(parentParts);
                for (String p : link.split("/")) {
                    if (p.isEmpty() || p.equals(".")) {
                        continue;
                    }
                    if (p.equals("..")) {
                        if (resolved.isEmpty()) {
                            throw new ArchiveRejectedException(name + " -> " + link
                                    + ": a symbolic link pointing outside the image's root filesystem");
                        }
                        resolved.remove(resolved.size() - 1);
                    } else {
                        resolved.add(p);
                    }
                }
            }
            delete(target);
            Files.createSymbolicLink(target, Path.of(link));
            owner(target, e);
        } else if (e.isLink()) {
            List<String> linkParts;
            try {
                linkParts = safeParts(e.getLinkName());
            } catch (ArchiveRejectedException x) {
                throw new ArchiveRejectedException(name + " => " + e.getLinkName()
                        + ": a hard link to a file outside the image's root filesystem");
            }
            if (linkParts.isEmpty()) {
                throw new ArchiveRejectedException(name + " => " + e.getLinkName() + ": a hard link to a directory");
            }
            Path linkParent = directory(linkParts.subList(0, linkParts.size() - 1), e.getLinkName());
            Path source = linkParent.resolve(linkParts.get(linkParts.size() - 1));
            if (!Files.isRegularFile(source, NOFOLLOW)) {
                throw new ArchiveRejectedException(name + " => " + e.getLinkName()
                        + ": a hard link to something that is not a file of the image");
            }
            delete(target);
            Files.createLink(target, source);
        } else if (e.isFile()) {
            delete(target);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = tar.read(buf)) > 0) {
                    written += n;
                    if (written > maxBytes) {
                        throw new ArchiveRejectedException("the image unpacks to more than " + human(maxBytes)
                                + " (the import limit); refusing " + name);
                    }
                    out.write(buf, 0, n);
                }
            }
            attributes(target, e);
        } else {
            throw new ArchiveRejectedException(name + ": an unsupported entry type");
        }
        thisLayer.add(rel);
    }

    /** The path's components, refusing absolute names and {@code ..}. */
    static List<String> safeParts(String name) throws ArchiveRejectedException {
        if (name.startsWith("/")) {
            throw new ArchiveRejectedException(name + ": an absolute path; image layers hold relative paths only");
        }
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new ArchiveRejectedException(name + ": path traversal (\"..\") out of the image's root filesystem");
            }
            if (p.indexOf('\0') >= 0) {
                throw new ArchiveRejectedException(name + ": a NUL byte in the name");
            }
            parts.add(p);
        }
        return parts;
    }

    /** The directory of an entry, created when missing, never reached through a symbolic link. */
    private Path directory(List<String> parts, String entryName) throws IOException {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new ArchiveRejectedException(entryName + ": written through the symbolic link "
                        + root.relativize(p) + "; refusing to follow links while unpacking");
            }
            if (!Files.exists(p, NOFOLLOW)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, NOFOLLOW)) {
                throw new ArchiveRejectedException(entryName + ": " + root.relativize(p) + " is not a directory");
            }
        }
        return p;
    }

    private void clearExcept(Path dir, String prefix, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path c : children) {
                String rel = prefix.isEmpty() ? c.getFileName().toString() : prefix + "/" + c.getFileName();
                if (!keep.contains(rel)) {
                    delete(c);
                }
            }
        }
    }

    /** Deletes a file, link or tree without following links. */
    static void delete(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isDirectory()) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    delete(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    private static void attributes(Path p, TarArchiveEntry e) throws IOException {
        Files.setAttribute(p, "unix:mode", e.getMode() & 07777, NOFOLLOW);
        owner(p, e);
    }

    private static void owner(Path p, TarArchiveEntry e) throws IOException {
        try {
            Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), NOFOLLOW);
            Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), NOFOLLOW);
        } catch (IOException | UnsupportedOperationException x) {
            // not root (unit tests): the files stay ours
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " bytes";
    }
}
