package io.kubelab.engine.runtime.sim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimFileSystemTest {
    private static final Instant BUILT = Instant.parse("2024-04-16T14:29:59Z");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:05Z");

    /** A small image: /etc/os-release, /usr/share/nginx/html/{index,50x}.html, /bin/ls. */
    private static SimFileSystem image() {
        SimFileSystem fs = new SimFileSystem(BUILT);
        fs.write("/etc/os-release", "ID=debian\n", false, BUILT);
        fs.write("/usr/share/nginx/html/index.html", "<h1>Welcome</h1>\n", false, BUILT);
        fs.write("/usr/share/nginx/html/50x.html", "<h1>Error</h1>\n", false, BUILT);
        fs.putBinary("/bin/ls", "ls", BUILT);
        return fs.freeze();
    }

    @Test
    void aWriteInOneContainerIsNotSeenInAnotherOfTheSameImage() {
        SimFileSystem image = image();
        SimFileSystem a = image.overlay();
        SimFileSystem b = image.overlay();

        a.write("/usr/share/nginx/html/index.html", "hello from a\n", false, NOW);
        a.write("/tmp/healthy", "", false, NOW);
        a.write("/etc/os-release", "PRETTY_NAME=x\n", true, NOW);

        assertThat(a.get("/usr/share/nginx/html/index.html").orElseThrow().content()).isEqualTo("hello from a\n");
        assertThat(a.get("/usr/share/nginx/html/index.html").orElseThrow().modified()).isEqualTo(NOW);
        assertThat(a.get("/etc/os-release").orElseThrow().content()).isEqualTo("ID=debian\nPRETTY_NAME=x\n");
        assertThat(a.isDirectory("/tmp")).isTrue();
        assertThat(b.get("/usr/share/nginx/html/index.html").orElseThrow().content()).isEqualTo("<h1>Welcome</h1>\n");
        assertThat(b.get("/usr/share/nginx/html/index.html").orElseThrow().modified()).isEqualTo(BUILT);
        assertThat(b.get("/etc/os-release").orElseThrow().content()).isEqualTo("ID=debian\n");
        assertThat(b.exists("/tmp/healthy")).isFalse();
        assertThat(b.exists("/tmp")).isFalse();
        assertThat(image.get("/usr/share/nginx/html/index.html").orElseThrow().content()).isEqualTo("<h1>Welcome</h1>\n");
        // a's layer holds what it wrote (index.html, /tmp, /tmp/healthy, os-release), b's nothing.
        assertThat(a.ownEntries()).isEqualTo(4);
        assertThat(b.ownEntries()).isZero();
    }

    @Test
    void aDeletedImageFileIsHiddenOnlyInTheContainerThatDeletedIt() {
        SimFileSystem image = image();
        SimFileSystem a = image.overlay();
        SimFileSystem b = image.overlay();

        assertThat(a.remove("/usr/share/nginx/html/50x.html")).isTrue();
        assertThat(a.remove("/usr/share/nginx/html/50x.html")).isFalse();

        assertThat(a.exists("/usr/share/nginx/html/50x.html")).isFalse();
        assertThat(a.get("/usr/share/nginx/html/50x.html")).isEmpty();
        assertThat(a.list("/usr/share/nginx/html")).containsExactly("index.html");
        assertThat(b.list("/usr/share/nginx/html")).containsExactly("50x.html", "index.html");

        // Written again after the delete: the new file, not the image's.
        a.write("/usr/share/nginx/html/50x.html", "new\n", false, NOW);
        assertThat(a.get("/usr/share/nginx/html/50x.html").orElseThrow().content()).isEqualTo("new\n");
        assertThat(a.list("/usr/share/nginx/html")).containsExactly("50x.html", "index.html");
    }

    @Test
    void aDeletedImageDirectoryHidesEverythingUnderItEvenWhenMadeAgain() {
        SimFileSystem a = image().overlay();
        a.write("/usr/share/nginx/html/mine.txt", "x", false, NOW);

        assertThat(a.remove("/usr/share/nginx")).isTrue();
        assertThat(a.exists("/usr/share/nginx/html/index.html")).isFalse();
        assertThat(a.exists("/usr/share/nginx/html/mine.txt")).isFalse();
        assertThat(a.exists("/usr/share/nginx/html")).isFalse();
        assertThat(a.list("/usr/share")).isEmpty();

        a.mkdirs("/usr/share/nginx/html", NOW);
        assertThat(a.isDirectory("/usr/share/nginx/html")).isTrue();
        assertThat(a.list("/usr/share/nginx/html")).isEmpty();
        assertThat(a.list("/usr/share")).containsExactly("nginx");
    }

    @Test
    void lsMergesTheImagesEntriesWithTheContainersSorted() {
        SimFileSystem a = image().overlay();
        a.write("/usr/share/nginx/html/about.html", "about\n", false, NOW);
        a.write("/usr/share/nginx/html/zz.html", "zz\n", false, NOW);
        a.touch("/usr/share/nginx/html/index.html", NOW);
        a.mkdirs("/usr/share/nginx/html/img/icons", NOW);

        assertThat(a.list("/usr/share/nginx/html")).containsExactly("50x.html", "about.html", "img", "index.html", "zz.html");
        assertThat(a.list("/")).containsExactly("bin", "etc", "usr");
        assertThat(a.get("/usr/share/nginx/html/index.html").orElseThrow().modified()).isEqualTo(NOW);
        assertThat(a.get("/usr/share/nginx/html/index.html").orElseThrow().content()).isEqualTo("<h1>Welcome</h1>\n");
        assertThat(a.get("/bin/ls").orElseThrow().isBinary()).isTrue();
    }

    @Test
    void anImagesTreeIsReadOnlyOnceFrozen() {
        SimFileSystem image = image();
        assertThatThrownBy(() -> image.write("/x", "", false, NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> image.remove("/bin/ls")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SimFileSystem(BUILT).overlay()).isInstanceOf(IllegalStateException.class);
        assertThat(image.exists("/bin/ls")).isTrue();
    }

    @Test
    void aCopyOfAContainersFileSystemGoesItsOwnWay() {
        SimFileSystem a = image().overlay();
        a.write("/tmp/one", "1", false, NOW);
        a.remove("/etc/os-release");
        SimFileSystem c = a.copy();
        c.write("/tmp/two", "2", false, NOW);
        c.write("/etc/os-release", "again", false, NOW);

        assertThat(c.list("/tmp")).containsExactly("one", "two");
        assertThat(a.list("/tmp")).containsExactly("one");
        assertThat(a.exists("/etc/os-release")).isFalse();
        assertThat(c.get("/etc/os-release").orElseThrow().content()).isEqualTo("again");
    }

    @ParameterizedTest
    @CsvSource({
            "/, etc, /etc",
            "/usr/share, nginx/../html/./, /usr/share/html",
            "/usr/share/, nginx, /usr/share/nginx",
            "/root, /usr/bin/env, /usr/bin/env",
            "/root, //usr///bin/, /usr/bin",
            "/root, ../.., /",
            "/a/b, ../../../c, /c",
            "/, ., /",
            "/, '', /",
            "/a, '', /a",
            "/a, ..., /a/...",
            "/a, .b/..c, /a/.b/..c",
            "/a/b, /x/./y/../z, /x/z",
            "/, /., /",
            "/, /.., /",
    })
    void pathsAreNormalizedAsTheShellDoes(String cwd, String path, String expected) {
        assertThat(SimFileSystem.resolve(cwd, path)).isEqualTo(expected);
    }

    @Test
    void aNormalAbsolutePathComesBackAsItIs() {
        String p = "/usr/share/nginx/html/index.html";
        assertThat(SimFileSystem.resolve("/", p)).isSameAs(p);
    }

    @Test
    void aMountShowsTheVolumesTreeInsteadOfTheImagesAndTwoFileSystemsShareIt() {
        SimFileSystem volume = new SimFileSystem(NOW);
        volume.write("/index.html", "<h1>Mine</h1>\n", false, NOW);
        SimFileSystem a = image().overlay();
        SimFileSystem b = image().overlay();
        a.mount("/usr/share/nginx/html", volume, false, NOW);
        b.mount("/srv", volume, false, NOW);

        assertThat(a.list("/usr/share/nginx/html")).containsExactly("index.html"); // 50x.html hidden
        assertThat(a.get("/usr/share/nginx/html/index.html").orElseThrow().content()).isEqualTo("<h1>Mine</h1>\n");
        assertThat(a.exists("/usr/share/nginx/html/50x.html")).isFalse();
        assertThat(a.isDirectory("/usr/share/nginx/html")).isTrue();
        a.write("/usr/share/nginx/html/sub/new.txt", "n", false, NOW);
        assertThat(b.list("/srv")).containsExactly("index.html", "sub");
        assertThat(b.get("/srv/sub/new.txt").orElseThrow().content()).isEqualTo("n");
        assertThat(b.list("/")).contains("srv"); // the mount point was made
        assertThat(a.ownEntries()).isZero();     // nothing written to a's own layer: the mount point existed
        assertThat(b.remove("/srv/sub")).isTrue();
        assertThat(a.exists("/usr/share/nginx/html/sub/new.txt")).isFalse();
        assertThat(image().overlay().list("/usr/share/nginx/html")).containsExactly("50x.html", "index.html");
    }

    @Test
    void aReadOnlyMountRefusesWritesAndAProgramOnAMountIsFoundInPath() {
        SimFileSystem tools = new SimFileSystem(NOW);
        tools.putBinary("/hello", "echo", NOW);
        SimFileSystem a = image().overlay();
        a.mount("/opt/bin", tools, true, NOW);
        assertThat(a.isReadOnly("/opt/bin/x")).isTrue();
        assertThat(a.isReadOnly("/opt/binary")).isFalse();
        assertThat(a.isReadOnly("/tmp/x")).isFalse();
        assertThatThrownBy(() -> a.write("/opt/bin/x", "x", false, NOW)).isInstanceOf(SimFileSystem.ReadOnlyException.class)
                .hasMessage("/opt/bin/x: Read-only file system");
        assertThatThrownBy(() -> a.remove("/opt/bin/hello")).isInstanceOf(SimFileSystem.ReadOnlyException.class);
        assertThat(a.findInPath("/usr/bin:/opt/bin", "hello").path()).isEqualTo("/opt/bin/hello");
        assertThat(a.findInPath("/usr/bin:/opt/bin", "ls")).isNull();
        assertThat(a.findInPath("/bin", "ls").path()).isEqualTo("/bin/ls");
    }
}
