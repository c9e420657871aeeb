package io.kubelab.linux.image;

import io.kubelab.engine.runtime.ImagePullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ImageStoreTest {
    @TempDir
    Path tmp;

    private static final String CONFIG = """
            {"architecture":"amd64","os":"linux","created":"2024-05-01T10:00:00Z",
             "config":{"Env":["PATH=/usr/bin:/bin","NGINX_VERSION=1.25.5"],"Entrypoint":["/docker-entrypoint.sh"],
                       "Cmd":["nginx","-g","daemon off;"],"WorkingDir":"/srv","StopSignal":"SIGQUIT"},
             "rootfs":{"type":"layers","diff_ids":[]}}""";

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] layer1() {
        return new Tars().dir("etc").file("etc/os-release", "ID=test\n").dir("srv").file("srv/old.txt", "old\n")
                .dir("cache").file("cache/a", "a").file("cache/b", "b").file("bin/tool", "#!/bin/sh\n")
                .hardlink("bin/tool2", "bin/tool").symlink("bin/sh", "/bin/busybox").symlink("lib", "usr/lib").bytes();
    }

    private static byte[] layer2() {
        return new Tars().file("srv/.wh.old.txt", "").dir("cache").file("cache/.wh..wh..opq", "")
                .file("cache/c", "c").file("srv/index.html", "<h1>hi</h1>\n").bytes();
    }

    private Path dockerSave() throws IOException {
        String manifest = "[{\"Config\":\"abc.json\",\"RepoTags\":[\"nginx:1.25\"],"
                + "\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]";
        return write("nginx.tar", new Tars().file("manifest.json", manifest).file("abc.json", CONFIG)
                .file("l1/layer.tar", layer1()).dir("l2").symlink("l2/layer.tar", "../l1b/layer.tar")
                .file("l1b/layer.tar", layer2()).bytes());
    }

    @Test
    void importsADockerSaveTarballLayerByLayerWithWhiteouts() throws IOException {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        List<LocalImage> imported = store.importArchive(dockerSave());

        assertThat(imported).hasSize(1);
        LocalImage img = imported.get(0);
        assertThat(img.repoTags()).containsExactly("nginx:1.25");
        assertThat(img.id()).isEqualTo("sha256:" + ImageStore.sha256(CONFIG.getBytes(StandardCharsets.UTF_8)));
        assertThat(img.config().entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(img.config().cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(img.config().workingDir()).isEqualTo("/srv");
        assertThat(img.config().stopSignal()).isEqualTo("SIGQUIT");
        Path root = img.rootfs();
        assertThat(root.resolve("srv/old.txt")).doesNotExist(); // .wh.old.txt
        assertThat(root.resolve("srv/index.html")).hasContent("<h1>hi</h1>");
        assertThat(root.resolve("cache").toFile().list()).containsExactly("c"); // opaque: a and b gone
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
        assertThat(Files.isSameFile(root.resolve("bin/tool"), root.resolve("bin/tool2"))).isTrue();
        assertThat(store.find("nginx:1.25")).contains(img);
        assertThat(store.find(img.id().substring(7, 19))).contains(img);
        assertThat(store.find("nginx")).isEmpty();

        // a new process finds it again on disk
        assertThat(ImageStore.open(tmp.resolve("store")).find("nginx:1.25").map(LocalImage::id)).contains(img.id());
    }

    @Test
    void importsAnOciLayoutWithGzipLayers() throws IOException {
        byte[] config = CONFIG.getBytes(StandardCharsets.UTF_8);
        byte[] l1 = Tars.gzip(layer1());
        byte[] l2 = Tars.gzip(layer2());
        String c = ImageStore.sha256(config);
        String d1 = ImageStore.sha256(l1);
        String d2 = ImageStore.sha256(l2);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + c + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + d1 + "\"},"
                + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:" + d2 + "\"}]}";
        String m = ImageStore.sha256(manifest.getBytes(StandardCharsets.UTF_8));
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:" + m + "\",\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/web:2\"}}]}";
        Path archive = write("web.oci.tar.gz", Tars.gzip(new Tars().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("index.json", index).file("blobs/sha256/" + m, manifest).file("blobs/sha256/" + c, config)
                .file("blobs/sha256/" + d1, l1).file("blobs/sha256/" + d2, l2).bytes()));

        ImageStore store = ImageStore.open(tmp.resolve("store"));
        LocalImage img = store.importArchive(archive).get(0);

        assertThat(img.repoTags()).containsExactly("web:2");
        assertThat(img.repoDigests()).containsExactly("web@sha256:" + m);
        assertThat(img.rootfs().resolve("cache").toFile().list()).containsExactly("c");
        assertThat(store.find("web@sha256:" + m)).contains(img);
    }

    static Stream<Arguments> hostileLayers() {
        return Stream.of(
                Arguments.of("path traversal", new Tars().file("../../../tmp/kubelab-pwned", "x").bytes(),
                        "../../../tmp/kubelab-pwned: path traversal"),
                Arguments.of("absolute path", new Tars().file("/tmp/kubelab-pwned", "x").bytes(),
                        "/tmp/kubelab-pwned: an absolute path"),
                Arguments.of("symlink escaping", new Tars().symlink("escape", "../../../../etc").bytes(),
                        "escape -> ../../../../etc: a symbolic link pointing outside"),
                Arguments.of("write through a symlink", new Tars().symlink("etc", "/etc").file("etc/kubelab-pwned", "x").bytes(),
                        "etc/kubelab-pwned: written through the symbolic link etc"),
                Arguments.of("hardlink escaping", new Tars().hardlink("shadow", "../../../etc/shadow").bytes(),
                        "shadow => ../../../etc/shadow: a hard link to a file outside"),
                Arguments.of("hardlink absolute", new Tars().hardlink("shadow", "/etc/shadow").bytes(),
                        "shadow => /etc/shadow: a hard link to a file outside"),
                Arguments.of("device node", new Tars().charDevice("dev/mem").bytes(),
                        "dev/mem: a device node"),
                Arguments.of("oversized", new Tars().file("big", new byte[4096]).bytes(),
                        "unpacks to more than 2048 bytes (the import limit)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLayers")
    void refusesAHostileLayerWithAClearMessageAndLeavesNothing(String what, byte[] layer, String message) throws IOException {
        String manifest = "[{\"Config\":\"c.json\",\"RepoTags\":[\"evil:1\"],\"Layers\":[\"l/layer.tar\"]}]";
        Path archive = write("evil.tar", new Tars().file("manifest.json", manifest).file("c.json", CONFIG)
                .file("l/layer.tar", layer).bytes());
        Path storeDir = tmp.resolve("store");
        ImageStore store = ImageStore.open(storeDir, 2048);

        assertThatThrownBy(() -> store.importArchive(archive)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining(message);
        assertThat(store.find("evil:1")).isEmpty();
        assertThat(storeDir.toFile().list()).isEmpty();
        assertThat(Path.of("/tmp/kubelab-pwned")).doesNotExist();
        assertThat(tmp.resolve("kubelab-pwned")).doesNotExist();
    }

    @Test
    void refusesAnArchiveThatIsNoImage() throws IOException {
        Path archive = write("x.tar", new Tars().file("hello.txt", "hi").bytes());
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.importArchive(archive)).isInstanceOf(ArchiveRejectedException.class)
                .hasMessageContaining("neither a docker save tarball (manifest.json) nor an OCI image layout");
    }

    @Test
    void aMissingImageSaysHowToImportIt() throws IOException {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        assertThatThrownBy(() -> store.require("nginx:1.25")).isInstanceOf(ImagePullException.class)
                .hasMessageContaining("image nginx:1.25 is not in Kubelab's local image store")
                .hasMessageContaining("kubelab image import");
    }

    @Test
    void builtInBusyboxHasRelativeAppletLinksAndAWebRoot() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")) || Files.isExecutable(Path.of("/usr/bin/busybox")),
                "busybox is not installed (apt-get install busybox-static)");
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        LocalImage img = store.ensureBusybox();

        Path root = img.rootfs();
        assertThat(root.resolve("bin/busybox")).isRegularFile();
        Path wget = root.resolve("usr/bin/wget");
        if (!Files.exists(wget, LinkOption.NOFOLLOW_LINKS)) {
            wget = root.resolve("bin/wget");
        }
        Path target = Files.readSymbolicLink(wget);
        assertThat(target.isAbsolute()).isFalse();
        assertThat(wget.getParent().resolve(target).normalize()).isEqualTo(root.resolve("bin/busybox"));
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(root.resolve("var/www/index.html")).content().contains("Welcome to busybox httpd!");
        assertThat(img.repoTags()).contains("busybox:latest");
        assertThat(store.find("busybox")).contains(img);
        assertThat(store.ensureBusybox()).isEqualTo(img);
    }
}
