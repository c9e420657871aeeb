package io.kubelab.linux.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.engine.runtime.ImagePullException;
import io.kubelab.engine.runtime.ImageRef;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The node's local images, unpacked under {@code <dir>/<64 hex>/rootfs} with an {@code image.json}
 * beside each: the built-in {@code busybox} (from the host's busybox-static) and whatever was
 * imported from {@code docker save} or OCI-layout tarballs. There is no registry: an image not
 * here fails with a message saying how to import it.
 *
 * <p>Thread-safe (every method synchronized): imports run on executor threads while the engine
 * thread reads.
 */
public final class ImageStore {
    /** How much an import may unpack to, unless configured otherwise. */
    public static final long DEFAULT_MAX_BYTES = 4L << 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long maxBytes;
    private final Map<String, LocalImage> images = new LinkedHashMap<>();

    private ImageStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Opens (creating) the store in {@code dir}, loading what earlier runs imported. */
    public static ImageStore open(Path dir, long maxBytes) throws IOException {
        ImageStore store = new ImageStore(dir, maxBytes);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.endsWith(".partial") || n.startsWith("import-")) {
                    LayerExtractor.delete(p); // an import that died half-way
                } else if (Files.isRegularFile(p.resolve("image.json"))) {
                    LocalImage img = store.read(p);
                    store.images.put(img.id(), img);
                }
            }
        }
        return store;
    }

    public static ImageStore open(Path dir) throws IOException {
        return open(dir, DEFAULT_MAX_BYTES);
    }

    public Path dir() {
        return dir;
    }

    // ---- lookup -------------------------------------------------------------------------

    /** The familiar {@code name:tag} of a reference ({@code nginx} → {@code nginx:latest}). */
    public static String tagOf(String reference) {
        ImageRef ref = ImageRef.parse(reference);
        return ref.familiarName() + ":" + (ref.tag() == null ? "latest" : ref.tag());
    }

    /**
     * The image a reference names (tag, {@code name@sha256:…}, or an ID prefix of 6+ digits). A miss
     * looks at the disk again: {@code kubelab image import} in another process (beside a running
     * {@code kubelab serve}) adds images there, and the kubelet's next pull should find them.
     */
    public synchronized Optional<LocalImage> find(String reference) {
        Optional<LocalImage> found = lookup(reference);
        if (found.isEmpty() && reload()) {
            found = lookup(reference);
        }
        return found;
    }

    /** Re-reads the images on disk (what other processes imported or removed); true when something changed. */
    private boolean reload() {
        Map<String, LocalImage> now = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.endsWith(".partial") && !n.startsWith("import-") && Files.isRegularFile(p.resolve("image.json"))) {
                    LocalImage img = read(p);
                    now.put(img.id(), img);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // an import writing meanwhile: the next miss looks again
        }
        if (now.equals(images)) {
            return false;
        }
        images.clear();
        images.putAll(now);
        return true;
    }

    private Optional<LocalImage> lookup(String reference) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(reference);
        } catch (IllegalArgumentException e) {
            ref = null;
        }
        if (ref != null) {
            String tagged = ref.familiarName() + ":" + (ref.tag() == null ? "latest" : ref.tag());
            String digested = ref.digest() == null ? null : ref.familiarName() + "@" + ref.digest();
            for (LocalImage img : images.values()) {
                if (digested != null ? img.repoDigests().contains(digested) : img.repoTags().contains(tagged)) {
                    return Optional.of(img);
                }
            }
        }
        if (reference.matches("(sha256:)?[0-9a-f]{6,64}")) {
            String hex = reference.startsWith("sha256:") ? reference.substring(7) : reference;
            return images.values().stream().filter(i -> i.id().startsWith("sha256:" + hex)).findFirst();
        }
        return Optional.empty();
    }

    /**
     * The image, or the failure a pull of it gives in real mode: Kubelab pulls from no registry,
     * so the message says how to bring the image in.
     */
    public LocalImage require(String reference) {
        return find(reference).orElseThrow(() -> new ImagePullException(notFoundMessage(reference)));
    }

    public static String notFoundMessage(String reference) {
        String shown;
        try {
            shown = tagOf(reference);
        } catch (IllegalArgumentException e) {
            return "Error response from daemon: " + e.getMessage();
        }
        return "Error response from daemon: image " + shown + " is not in Kubelab's local image store and real mode "
                + "pulls from no registry; on a machine with docker run `docker save " + shown + " -o image.tar`, then "
                + "import it here with `kubelab image import image.tar` (docker save and OCI-layout tarballs work)";
    }

    /** Every image, largest first. */
    public synchronized List<LocalImage> list() {
        reload();
        List<LocalImage> out = new ArrayList<>(images.values());
        out.sort(Comparator.comparingLong(LocalImage::sizeBytes).reversed());
        return out;
    }

    /** Removes an image from disk; false when absent. */
    public boolean remove(String reference) throws IOException {
        LocalImage img;
        synchronized (this) {
            img = find(reference).orElse(null);
            if (img == null) {
                return false;
            }
            images.remove(img.id());
        }
        LayerExtractor.delete(img.rootfs().getParent());
        return true;
    }

    // ---- built-in busybox ---------------------------------------------------------------------

    /** Makes sure {@code busybox:latest} exists, built from the host's busybox-static. */
    public LocalImage ensureBusybox() throws IOException {
        Optional<LocalImage> present = find("busybox:latest");
        if (present.isPresent()) {
            return present.get();
        }
        BusyboxImage.Built built = BusyboxImage.build(dir);
        return add(built.workDir(), built.id(), built.tags(), List.of(), built.created(), built.config());
    }

    // ---- import --------------------------------------------------------------------------

    /**
     * Imports a {@code docker save} tarball or an OCI image layout tarball (gzip'd or not): every
     * image in it, layers applied in order. Safe against hostile archives (see
     * {@link LayerExtractor}); the whole import is refused with an {@link ArchiveRejectedException}.
     *
     * @return the images imported
     */
    public List<LocalImage> importArchive(Path archive) throws IOException {
        Path work = Files.createTempDirectory(dir, "import-");
        try {
            Map<String, Path> files = new HashMap<>();
            Map<String, String> links = new HashMap<>();
            readOuter(archive, work, files, links);
            List<LocalImage> out = new ArrayList<>();
            if (has(files, links, "manifest.json")) {
                for (JsonNode m : JSON.readTree(blob(files, links, "manifest.json").toFile())) {
                    List<String> layers = new ArrayList<>();
                    m.path("Layers").forEach(l -> layers.add(l.asText()));
                    List<String> tags = new ArrayList<>();
                    m.path("RepoTags").forEach(t -> tags.add(tagOf(t.asText())));
                    out.add(unpack(work, files, links, m.path("Config").asText(), layers, tags, List.of()));
                }
            } else if (has(files, links, "index.json")) {
                for (JsonNode desc : JSON.readTree(blob(files, links, "index.json").toFile()).path("manifests")) {
                    ociManifest(work, files, links, desc, out);
                }
            } else {
                throw new ArchiveRejectedException(archive.getFileName()
                        + ": neither a docker save tarball (manifest.json) nor an OCI image layout (index.json)");
            }
            return out;
        } finally {
            LayerExtractor.delete(work);
        }
    }

    private void ociManifest(Path work, Map<String, Path> files, Map<String, String> links, JsonNode desc,
                             List<LocalImage> out) throws IOException {
        String digest = desc.path("digest").asText();
        JsonNode doc = JSON.readTree(blob(files, links, blobPath(digest)).toFile());
        String mediaType = desc.path("mediaType").asText(doc.path("mediaType").asText());
        if (mediaType.contains("index") || doc.has("manifests")) {
            for (JsonNode d : doc.path("manifests")) {
                String arch = d.path("platform").path("architecture").asText("");
                if (arch.isEmpty() || arch.equals(hostArchitecture())) {
                    ociManifest(work, files, links, d, out);
                    return;
                }
            }
            throw new ArchiveRejectedException("the image index has no manifest for " + hostArchitecture());
        }
        List<String> layers = new ArrayList<>();
        doc.path("layers").forEach(l -> layers.add(blobPath(l.path("digest").asText())));
        List<String> tags = new ArrayList<>();
        JsonNode ann = desc.path("annotations");
        String name = ann.path("io.containerd.image.name").asText(ann.path("org.opencontainers.image.ref.name").asText(""));
        if (!name.isEmpty()) {
            // a bare ref.name is a tag only ("1.25"); a full name ("docker.io/library/nginx:1.25") parses as one
            tags.add(name.contains("/") || name.contains(":") ? tagOf(name) : "imported:" + name);
        }
        List<String> digests = new ArrayList<>();
        for (String t : tags) {
            digests.add(t.substring(0, t.lastIndexOf(':')) + "@" + digest);
        }
        out.add(unpack(work, files, links, blobPath(doc.path("config").path("digest").asText()), layers, tags, digests));
    }

    private static String hostArchitecture() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    private static String blobPath(String digest) {
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }

    private LocalImage unpack(Path work, Map<String, Path> files, Map<String, String> links, String configName,
                              List<String> layers, List<String> tags, List<String> digests) throws IOException {
        Path configFile = blob(files, links, configName);
        byte[] configBytes = Files.readAllBytes(configFile);
        String id = "sha256:" + sha256(configBytes);
        JsonNode cfg = JSON.readTree(configBytes);
        JsonNode c = cfg.path("config");
        ImageConfig config = new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")),
                strings(c.path("Env")), c.path("WorkingDir").asText(""), c.path("User").asText(""),
                c.path("StopSignal").asText(""));
        Instant created = cfg.hasNonNull("created") ? Instant.parse(cfg.get("created").asText()) : Instant.EPOCH;
        Optional<LocalImage> existing;
        synchronized (this) {
            existing = Optional.ofNullable(images.get(id));
        }
        if (existing.isPresent()) {
            return retag(existing.get(), tags, digests);
        }
        Path image = work.resolve(id.substring(7));
        Path rootfs = image.resolve("rootfs");
        Files.createDirectories(rootfs);
        LayerExtractor x = new LayerExtractor(rootfs, maxBytes);
        for (String layer : layers) {
            try (InputStream in = Files.newInputStream(blob(files, links, layer))) {
                x.apply(in);
            }
        }
        return add(image, id, tags, digests, created, config);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Moves an unpacked image into the store; other images lose the tags it takes. */
    private synchronized LocalImage add(Path unpacked, String id, List<String> tags, List<String> digests, Instant created,
                                        ImageConfig config) throws IOException {
        Path target = dir.resolve(id.substring(7));
        LayerExtractor.delete(target);
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        long size = size(target.resolve("rootfs"));
        LocalImage img = new LocalImage(id, tags, digests, size, created, config, target.resolve("rootfs"));
        untag(tags);
        images.put(id, img);
        write(img);
        return img;
    }

    private synchronized LocalImage retag(LocalImage img, List<String> tags, List<String> digests) throws IOException {
        untag(tags);
        Set<String> t = new LinkedHashSet<>(images.get(img.id()).repoTags());
        t.addAll(tags);
        Set<String> d = new LinkedHashSet<>(img.repoDigests());
        d.addAll(digests);
        LocalImage updated = new LocalImage(img.id(), List.copyOf(t), List.copyOf(d), img.sizeBytes(), img.created(),
                img.config(), img.rootfs());
        images.put(img.id(), updated);
        write(updated);
        return updated;
    }

    private void untag(List<String> tags) throws IOException {
        for (LocalImage other : List.copyOf(images.values())) {
            if (other.repoTags().stream().anyMatch(tags::contains)) {
                List<String> left = other.repoTags().stream().filter(t -> !tags.contains(t)).toList();
                LocalImage u = new LocalImage(other.id(), left, other.repoDigests(), other.sizeBytes(), other.created(),
                        other.config(), other.rootfs());
                images.put(u.id(), u);
                write(u);
            }
        }
    }

    private void write(LocalImage img) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", img.id());
        ArrayNode tags = o.putArray("repoTags");
        img.repoTags().forEach(tags::add);
        ArrayNode digests = o.putArray("repoDigests");
        img.repoDigests().forEach(digests::add);
        o.put("size", img.sizeBytes());
        o.put("created", img.created().toString());
        o.set("config", JSON.valueToTree(img.config()));
        Path file = img.rootfs().getParent().resolve("image.json");
        Path tmp = file.resolveSibling("image.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), o);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private LocalImage read(Path imageDir) throws IOException {
        JsonNode o = JSON.readTree(imageDir.resolve("image.json").toFile());
        return new LocalImage(o.path("id").asText(), strings(o.path("repoTags")), strings(o.path("repoDigests")),
                o.path("size").asLong(), Instant.parse(o.path("created").asText()),
                JSON.treeToValue(o.path("config"), ImageConfig.class), imageDir.resolve("rootfs"));
    }

    private static long size(Path root) throws IOException {
        long[] total = {0};
        try (var walk = Files.walk(root)) {
            walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                try {
                    total[0] += Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return total[0];
    }

    // ---- the outer archive ------------------------------------------------------------------

    /**
     * Reads the outer tarball's regular files into {@code work} (under numbered names: nothing of
     * the archive's naming reaches the file system) and remembers its symbolic links, which
     * {@code docker save} uses between layer folders.
     */
    private void readOuter(Path archive, Path work, Map<String, Path> files, Map<String, String> links) throws IOException {
        long total = 0;
        int n = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 65536)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 65536) : raw;
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = String.join("/", LayerExtractor.safeParts(e.getName()));
                if (e.isSymbolicLink()) { // before isFile(): a symlink entry counts as a file there
                    links.put(name, e.getLinkName());
                } else if (e.isFile() && !e.isLink()) {
                    Path f = work.resolve("entry-" + n++);
                    total += Files.copy(tar, f);
                    if (total > 2 * maxBytes + (1L << 20)) {
                        throw new ArchiveRejectedException(archive.getFileName() + " is larger than "
                                + LayerExtractor.human(2 * maxBytes + (1L << 20)) + " (twice the import limit and 1 MiB)");
                    }
                    files.put(name, f);
                }
            }
        }
    }

    private static boolean has(Map<String, Path> files, Map<String, String> links, String name) {
        return files.containsKey(name) || links.containsKey(name);
    }

    /** A file of the outer archive by name, following its symlinks inside the archive. */
    private static Path blob(Map<String, Path> files, Map<String, String> links, String name) throws IOException {
        String current = String.join("/", LayerExtractor.safeParts(name));
        for (int hops = 0; hops < 16; hops++) {
            Path f = files.get(current);
            if (f != null) {
                return f;
            }
            String link = links.get(current);
            if (link == null) {
                throw new ArchiveRejectedException("the archive names " + name + " but does not contain it");
            }
            List<String> parts = new ArrayList<>(List.of(current.split("/")));
            parts.remove(parts.size() - 1);
            for (String p : link.split("/")) {
                if (p.equals("..")) {
                    if (parts.isEmpty()) {
                        throw new ArchiveRejectedException(name + " -> " + link + ": a link pointing outside the archive");
                    }
                    parts.remove(parts.size() - 1);
                } else if (!p.isEmpty() && !p.equals(".")) {
                    parts.add(p);
                }
            }
            current = String.join("/", parts);
        }
        throw new ArchiveRejectedException(name + ": too many levels of symbolic links");
    }

    /** Deletes a folder tree without following symbolic links. */
    public static void deleteTree(Path dir) throws IOException {
        LayerExtractor.delete(dir);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
