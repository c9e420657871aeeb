package io.kubelab.engine.runtime.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.runtime.ImageInfo;
import io.kubelab.engine.runtime.ImageRef;
import io.kubelab.engine.runtime.sim.shell.SimFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images the simulated runtime knows, read from {@code images.yaml}: per repository, what a
 * pull costs, what the image holds and runs, and which tags exist. {@link #resolve} turns a
 * reference into an {@link ImageSpec} or the registry's refusal.
 */
public final class ImageCatalog {
    private static final String RESOURCE = "images.yaml";
    private static volatile ImageCatalog standard;

    private final RuntimeInfo runtime;
    private final Map<String, Rootfs> rootfs = new LinkedHashMap<>();
    private final Map<String, JsonNode> images = new LinkedHashMap<>();
    /** Resolutions by reference text (bounded: references are typed by students). */
    private final Map<String, Resolution> resolved = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_RESOLVED = 1024;
    /**
     * Each image's tree, frozen (keyed by the spec's value, as a spec is rebuilt when the resolution
     * cache is cleared). Bounded as {@link #resolved}: one entry per image in use.
     */
    private final Map<ImageSpec, SimFileSystem> imageTrees = new java.util.concurrent.ConcurrentHashMap<>();

    /** The runtime's identity and timings. */
    public record RuntimeInfo(String name, String version, String kernel, String osImage, String sandboxImage,
                              Duration sandbox, Duration create, Duration failedPull, Duration registryCheck) {}

    /** A base file system: directories, binaries (directory → name → program) and files. */
    public record Rootfs(List<String> dirs, Map<String, Map<String, String>> binaries, Map<String, String> files) {}

    /**
     * One pullable image, with its tag's overrides applied.
     *
     * @param ref        the reference as pulled (normalized)
     * @param id         {@code sha256:…} image ID
     * @param digest     {@code sha256:…} repo digest
     * @param size       bytes
     * @param pull       how long a pull takes
     * @param start      how long the container takes from start to running
     * @param created    when the image was built
     * @param rootfs     the base file system's name
     * @param env        the image's ENV
     * @param entrypoint the image's ENTRYPOINT
     * @param cmd        the image's CMD
     * @param stopSignal what {@code docker stop} sends first
     * @param ports      exposed ports ({@code 80/tcp})
     * @param binaries   binaries beyond the base file system's
     * @param files      files beyond the base file system's (contents, resources already read)
     * @param preload    whether minikube's node has it from the start
     */
    public record ImageSpec(ImageRef ref, String id, String digest, long size, Duration pull, Duration start,
                            Instant created, String rootfs, Map<String, String> env, List<String> entrypoint,
                            List<String> cmd, String stopSignal, List<String> ports,
                            Map<String, Map<String, String>> binaries, Map<String, String> files, boolean preload) {

        /**
         * The image ID and digest only: equal specs have equal IDs, so this agrees with
         * {@link #equals}, and it is what {@link #fileSystem} looks a spec up by for every new
         * container, where the record's own hash would walk its maps (the files' texts, the binaries).
         */
        @Override
        public int hashCode() {
            return id.hashCode() * 31 + digest.hashCode();
        }

        /** The local image this spec becomes once pulled, tagged as pulled. */
        public ImageInfo info() {
            return new ImageInfo(id, List.of(ref.familiarName() + ":" + (ref.tag() == null ? "latest" : ref.tag())),
                    List.of(ref.familiarName() + "@" + digest), size, created);
        }
    }

    /** What a pull of a reference meets at the registry. */
    public sealed interface Resolution {
        record Found(ImageSpec spec) implements Resolution {}

        /** @param message the daemon's words */
        record NotFound(String message) implements Resolution {}
    }

    private ImageCatalog(JsonNode root) {
        JsonNode rt = root.path("runtime");
        JsonNode t = rt.path("timings");
        this.runtime = new RuntimeInfo(rt.path("name").asText(), rt.path("version").asText(), rt.path("kernel").asText(),
                rt.path("osImage").asText(), rt.path("sandboxImage").asText(), duration(t.path("sandbox"), "400ms"),
                duration(t.path("create"), "100ms"), duration(t.path("failedPull"), "1s"),
                duration(t.path("registryCheck"), "600ms"));
        root.path("rootfs").properties().forEach(e -> rootfs.put(e.getKey(), new Rootfs(
                strings(e.getValue().path("dirs")), binaries(e.getValue().path("binaries")), files(e.getValue().path("files")))));
        for (JsonNode image : root.path("images")) {
            ImageRef ref = ImageRef.parse(image.path("name").asText());
            images.put(ref.repository(), image);
        }
    }

    /** The catalog shipped with the engine. */
    public static ImageCatalog standard() {
        ImageCatalog c = standard;
        if (c == null) {
            try (InputStream in = ImageCatalog.class.getResourceAsStream(RESOURCE)) {
                c = new ImageCatalog(Kube.YAML.readTree(Objects.requireNonNull(in, RESOURCE)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = c;
        }
        return c;
    }

    /** A catalog from YAML text (tests, custom scenarios). */
    public static ImageCatalog parse(String yaml) {
        try {
            return new ImageCatalog(Kube.YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RuntimeInfo runtime() {
        return runtime;
    }

    public Rootfs rootfs(String name) {
        return rootfs.getOrDefault(name, new Rootfs(List.of(), Map.of(), Map.of()));
    }

    /** Every image minikube's node holds from the start. */
    public List<ImageSpec> preloaded() {
        List<ImageSpec> out = new ArrayList<>();
        for (JsonNode image : images.values()) {
            if (image.path("preload").asBoolean(false)) {
                ImageRef ref = ImageRef.parse(image.path("name").asText());
                String tag = literalTag(image.path("tags").get(0).path("match").asText());
                if (resolve(ref.familiarName() + ":" + tag) instanceof Resolution.Found f) {
                    out.add(f.spec());
                }
            }
        }
        return out;
    }

    /** {@code v1\.30\.0} → {@code v1.30.0}: the tag a simple pattern stands for. */
    private static String literalTag(String pattern) {
        return pattern.replace("\\", "");
    }

    /**
     * Looks an image reference up as a registry would.
     *
     * @throws IllegalArgumentException when the reference itself is malformed
     */
    public Resolution resolve(String image) {
        // The catalog never changes once read, so a reference always resolves the same way: every
        // pod of a 100-replica Deployment on its own node pulls the same image, and building the
        // spec (regexes, YAML layers) each time cost about 5% of a big cluster's start-up.
        Resolution cached = resolved.get(image);
        if (cached != null) {
            return cached;
        }
        Resolution r = resolveUncached(image);
        if (resolved.size() >= MAX_RESOLVED) {
            resolved.clear();
        }
        resolved.put(image, r);
        return r;
    }

    private Resolution resolveUncached(String image) {
        ImageRef ref = ImageRef.parse(image);
        JsonNode entry = images.get(ref.repository());
        if (entry == null) {
            if (ref.domain().equals("docker.io")) {
                return new Resolution.NotFound("Error response from daemon: pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': denied: requested access to the resource is denied");
            }
            return new Resolution.NotFound("Error response from daemon: manifest for " + ref.familiar()
                    + " not found: manifest unknown: manifest unknown");
        }
        String tag = ref.tag() != null ? ref.tag() : "latest";
        JsonNode tags = entry.path("tags");
        for (int i = 0; i < tags.size(); i++) {
            JsonNode rule = tags.get(i);
            Matcher m = Pattern.compile(rule.path("match").asText()).matcher(tag);
            if (m.matches()) {
                ImageSpec spec = build(ref, entry, rule, i, m);
                if (ref.digest() != null && !ref.digest().equals(spec.digest())) {
                    break;
                }
                return new Resolution.Found(spec);
            }
        }
        return new Resolution.NotFound("Error response from daemon: manifest for " + ref.familiar()
                + " not found: manifest unknown: manifest unknown");
    }

    private ImageSpec build(ImageRef ref, JsonNode base, JsonNode rule, int ruleIndex, Matcher m) {
        List<JsonNode> layers = new ArrayList<>();
        layers.add(base);
        if (rule.has("variant")) {
            JsonNode variant = base.path("variants").path(rule.path("variant").asText());
            if (variant.isMissingNode()) {
                throw new IllegalStateException("images.yaml: " + ref.repository() + " has no variant " + rule.path("variant"));
            }
            layers.add(variant);
        }
        layers.add(rule);
        long size = 0;
        Duration pull = Duration.ofSeconds(1);
        Duration start = Duration.ofMillis(200);
        Instant created = Instant.parse("2024-01-01T00:00:00Z");
        String rootfsName = "scratch";
        Map<String, String> env = new LinkedHashMap<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        String stopSignal = "SIGTERM";
        List<String> ports = List.of();
        Map<String, Map<String, String>> bins = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        boolean preload = base.path("preload").asBoolean(false);
        for (JsonNode l : layers) {
            if (l.has("size")) {
                size = l.path("size").asLong();
            }
            if (l.has("pull")) {
                pull = duration(l.path("pull"), "1s");
            }
            if (l.has("start")) {
                start = duration(l.path("start"), "200ms");
            }
            if (l.has("created")) {
                created = Instant.parse(l.path("created").asText());
            }
            if (l.has("rootfs")) {
                rootfsName = l.path("rootfs").asText();
            }
            l.path("env").properties().forEach(e -> env.put(e.getKey(), substitute(e.getValue().asText(), m)));
            if (l.has("entrypoint")) {
                entrypoint = strings(l.path("entrypoint"));
            }
            if (l.has("cmd")) {
                cmd = strings(l.path("cmd"));
            }
            if (l.has("stopSignal")) {
                stopSignal = l.path("stopSignal").asText();
            }
            if (l.has("ports")) {
                ports = strings(l.path("ports"));
            }
            binaries(l.path("binaries")).forEach((dir, names) -> bins.computeIfAbsent(dir, d -> new LinkedHashMap<>()).putAll(names));
            files.putAll(files(l.path("files")));
        }
        StringBuilder identity = new StringBuilder(ref.repository()).append('#').append(ruleIndex);
        env.forEach((k, v) -> identity.append('|').append(k).append('=').append(v));
        String digest = rule.has("digest") ? rule.path("digest").asText() : "sha256:" + sha256(identity + "#manifest");
        String id = rule.has("id") ? rule.path("id").asText() : "sha256:" + sha256(identity + "#config");
        return new ImageSpec(ref, id, digest, size, pull, start, created, rootfsName, env, entrypoint, cmd, stopSignal,
                ports, bins, files, preload);
    }

    private static String substitute(String value, Matcher m) {
        String out = value;
        for (int g = m.groupCount(); g >= 1; g--) {
            out = out.replace("$" + g, m.group(g) == null ? "" : m.group(g));
        }
        return out;
    }

    /**
     * A new container's file system: an {@link SimFileSystem#overlay() overlay} of its image's
     * tree, which is built once per image and shared, read-only, by all its containers (as docker's
     * overlay2 shares an image's layers). What the container writes stays in its own layer.
     */
    public SimFileSystem fileSystem(ImageSpec spec) {
        SimFileSystem image = imageTrees.get(spec);
        if (image == null) {
            image = buildFileSystem(spec).freeze();
            if (imageTrees.size() >= MAX_RESOLVED) {
                imageTrees.clear();
            }
            imageTrees.put(spec, image);
        }
        return image.overlay();
    }

    /**
     * Builds the file system an image's containers start from: its root file system's directories,
     * binaries and files, then the image's own, with the image's build time on every entry.
     */
    private SimFileSystem buildFileSystem(ImageSpec spec) {
        Instant when = spec.created();
        SimFileSystem fs = new SimFileSystem(when);
        Rootfs base = rootfs(spec.rootfs());
        for (String d : base.dirs()) {
            fs.mkdirs(d, when);
        }
        base.binaries().forEach((dir, names) -> names.forEach((name, program) ->
                fs.putBinary(SimFileSystem.resolve(dir, name), program, when)));
        base.files().forEach((path, content) -> fs.write(path, content, false, when));
        spec.binaries().forEach((dir, names) -> names.forEach((name, program) ->
                fs.putBinary(SimFileSystem.resolve(dir, name), program, when)));
        spec.files().forEach((path, content) -> {
            if (content.startsWith("#!")) {
                fs.writeProgram(path, content, when);
            } else {
                fs.write(path, content, false, when);
            }
        });
        return fs;
    }

    // ---- reading the YAML ---------------------------------------------------------------------

    /** {@code 2.1s}, {@code 400ms}, {@code 1m}. */
    static Duration duration(JsonNode node, String fallback) {
        String text = node.isMissingNode() || node.isNull() ? fallback : node.asText();
        if (text.endsWith("ms")) {
            return Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 2)) * 1_000_000L));
        }
        if (text.endsWith("s")) {
            return Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1_000_000_000L));
        }
        if (text.endsWith("m")) {
            return Duration.ofSeconds((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 60));
        }
        return Duration.ofNanos((long) (Double.parseDouble(text) * 1_000_000_000L));
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            out.add(n.asText());
        }
        return out;
    }

    private static Map<String, Map<String, String>> binaries(JsonNode node) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            Map<String, String> names = new LinkedHashMap<>();
            if (e.getValue().isArray()) {
                for (JsonNode n : e.getValue()) {
                    names.put(n.asText(), n.asText());
                }
            } else {
                e.getValue().properties().forEach(b -> names.put(b.getKey(), b.getValue().asText()));
            }
            out.put(e.getKey(), names);
        });
        return out;
    }

    private static Map<String, String> files(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("resource")) {
                out.put(e.getKey(), readResource(v.path("resource").asText()));
            } else {
                out.put(e.getKey(), v.asText());
            }
        });
        return out;
    }

    private static String readResource(String name) {
        try (InputStream in = ImageCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("images.yaml names a missing resource: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
