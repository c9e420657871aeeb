package io.kubelab.app.cli;

import io.kubelab.linux.image.ImageStore;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubelab image import|ls} over a store in a temporary folder, with tarballs built here. */
class ImageCommandTest {
    /** An image's config; a different command makes a different image (ID). */
    private static String config(String cmd) {
        return """
                {"architecture":"amd64","os":"linux","created":"%s",
                 "config":{"Env":["PATH=/usr/bin:/bin"],"Cmd":["%s"],"WorkingDir":"/"},
                 "rootfs":{"type":"layers","diff_ids":[]}}""".formatted(
                java.time.Instant.now().minus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), cmd);
    }

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private Run kubelab(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KubelabCommand.execute(args, a -> {
            throw new AssertionError("the app must not open");
        }, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A tarball of name → content, in order. */
    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
                e.setSize(f.getValue().length);
                e.setMode(0100755);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path dockerSave(String name, String tag, String layerFile) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.json", utf8("[{\"Config\":\"c.json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"l/layer.tar\"]}]"));
        files.put("c.json", utf8(config("/" + layerFile)));
        files.put("l/layer.tar", tar(Map.of(layerFile, utf8("#!/bin/sh\necho hello\n"))));
        Path p = tmp.resolve(name);
        Files.write(p, tar(files));
        return p;
    }

    private Path ociLayout(String name, String imageName) throws IOException {
        byte[] config = utf8(config("httpd"));
        byte[] layer = gzip(tar(Map.of("srv/index.html", utf8("<h1>hi</h1>\n"))));
        String c = sha256(config);
        String l = sha256(layer);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + c + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + l + "\"}]}");
        String m = sha256(manifest);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
        files.put("index.json", utf8("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:" + m + "\",\"annotations\":{\"io.containerd.image.name\":\"" + imageName + "\"}}]}"));
        files.put("blobs/sha256/" + m, manifest);
        files.put("blobs/sha256/" + c, config);
        files.put("blobs/sha256/" + l, layer);
        Path p = tmp.resolve(name);
        Files.write(p, gzip(tar(files)));
        return p;
    }

    @Test
    void importsADockerSaveAndAnOciLayoutTarballAndListsThem() throws IOException {
        Path linux = tmp.resolve("linux");
        Run imported = kubelab("image", "import", "--linux-dir", linux.toString(),
                dockerSave("hello.tar", "hello:1.0", "bin/hello").toString(),
                ociLayout("web.oci.tar.gz", "docker.io/library/web:2").toString());
        assertThat(imported).isEqualTo(new Run(0, "Loaded image: hello:1.0\nLoaded image: web:2\n", ""));

        // where real mode's clusters look for them
        ImageStore store = ImageStore.open(linux.resolve("images"));
        assertThat(store.find("hello:1.0").orElseThrow().rootfs().resolve("bin/hello")).isRegularFile();
        assertThat(store.find("web:2")).isPresent();

        Run ls = kubelab("image", "ls", "--linux-dir", linux.toString());
        assertThat(ls.code()).isZero();
        String[] lines = ls.out().split("\n");
        // docker's columns: at least 10 wide, 3 blanks apart; CREATED as wide as "3 days ago" + 3
        assertThat(lines[0]).isEqualTo("REPOSITORY   TAG       IMAGE ID       CREATED      SIZE");
        assertThat(lines).hasSize(3);
        String helloId = store.find("hello:1.0").orElseThrow().id().substring(7, 19);
        assertThat(ls.out()).containsPattern("hello        1\\.0       " + helloId + "   3 days ago   \\d+B\n")
                .containsPattern("web          2         [0-9a-f]{12}   ");
        assertThat(kubelab("image", "ls", "-q", "--linux-dir", linux.toString()).out()).contains(helloId + "\n");
    }

    @Test
    void refusesAHostileArchiveWithExitCode1AndImportsNothingOfIt() throws IOException {
        Path linux = tmp.resolve("linux");
        Path evil = dockerSave("evil.tar", "evil:1", "../../../../tmp/kubelab-cli-pwned");
        Run r = kubelab("image", "import", "--linux-dir", linux.toString(), evil.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Error: evil.tar was refused, nothing of it was imported: ")
                .contains("../../../../tmp/kubelab-cli-pwned: path traversal");
        assertThat(Path.of("/tmp/kubelab-cli-pwned")).doesNotExist();
        assertThat(ImageStore.open(linux.resolve("images")).list()).isEmpty();
    }

    @Test
    void aMissingFileOrNoImageAtAllFails() throws IOException {
        Path linux = tmp.resolve("linux");
        Run missing = kubelab("image", "import", "--linux-dir", linux.toString(), tmp.resolve("nope.tar").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.tar: no such file or directory");
        Path notAnImage = tmp.resolve("notes.tar");
        Files.write(notAnImage, tar(Map.of("hello.txt", utf8("hi"))));
        Run r = kubelab("image", "import", "--linux-dir", linux.toString(), notAnImage.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("neither a docker save tarball (manifest.json) nor an OCI image layout (index.json)");
    }
}
