package io.kubelab.linux.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@code busybox} image: the host's statically linked busybox with a link per applet
 * ({@code sh}, {@code httpd}, {@code wget}, {@code sleep}… about 270), a passwd/group pair and a
 * {@code /var/www/index.html} for web demos ({@code httpd -f -p 80 -h /var/www}).
 *
 * <p>The links are relative ({@code usr/bin/wget -> ../../bin/busybox}): {@code busybox
 * --install -s} would make absolute links to the host's path, which break inside a rootfs.
 */
final class BusyboxImage {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    record Built(Path workDir, String id, List<String> tags, Instant created, ImageConfig config) {}

    private BusyboxImage() {}

    /** The host's busybox: the first on {@code PATH}, then {@code /bin/busybox}. */
    static Path hostBusybox() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "busybox"));
                }
            }
        }
        candidates.add(Path.of("/bin/busybox"));
        candidates.add(Path.of("/usr/bin/busybox"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                Path real = p.toRealPath();
                if (!isStatic(real)) {
                    throw new IOException(real + " is dynamically linked and cannot run inside a container; install "
                            + "the statically linked busybox (Debian/Ubuntu: apt-get install busybox-static)");
                }
                return real;
            }
        }
        throw new IOException("no busybox on this machine: the built-in busybox image is made from it; install "
                + "busybox-static (Debian/Ubuntu: apt-get install busybox-static)");
    }

    /** An ELF executable without a {@code PT_INTERP} program header needs no dynamic loader. */
    static boolean isStatic(Path elf) throws IOException {
        byte[] head = new byte[64];
        try (InputStream in = Files.newInputStream(elf)) {
            if (in.readNBytes(head, 0, 64) < 64 || head[0] != 0x7f || head[1] != 'E' || head[4] != 2) {
                return false; // not a 64-bit ELF
            }
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(head[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long phoff = h.getLong(0x20);
        int phentsize = h.getShort(0x36) & 0xffff;
        int phnum = h.getShort(0x38) & 0xffff;
        byte[] all = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(all).order(h.order());
        for (int i = 0; i < phnum; i++) {
            int type = b.getInt((int) (phoff + (long) i * phentsize));
            if (type == 3) { // PT_INTERP
                return false;
            }
        }
        return true;
    }

    static Built build(Path storeDir) throws IOException {
        Path busybox = hostBusybox();
        byte[] binary = Files.readAllBytes(busybox);
        String version = version(busybox);
        // The ID follows the content: the same busybox gives the same image on every machine.
        String id = "sha256:" + ImageStore.sha256(concat(("kubelab-busybox-1\n" + version + "\n").getBytes(StandardCharsets.UTF_8), binary));
        Path work = Files.createTempDirectory(storeDir, "import-");
        Path root = work.resolve("rootfs");
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "tmp", "var/www", "proc", "sys",
                "dev", "home")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setAttribute(root.resolve("bin/busybox"), "unix:mode", 0755);
        for (String applet : run(busybox, "--list-full").split("\n")) {
            applet = applet.trim();
            if (applet.isEmpty() || applet.equals("bin/busybox") || applet.contains("..")) {
                continue;
            }
            Path link = root.resolve(applet);
            Files.createDirectories(link.getParent());
            // usr/bin/wget -> ../../bin/busybox
            Path target = link.getParent().relativize(root.resolve("bin/busybox"));
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, target);
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n"
                + "nobody:x:65534:65534:nobody:/home:/bin/false\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nnogroup:x:65534:\n");
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n");
        Files.writeString(root.resolve("etc/hostname"), "busybox\n");
        Files.writeString(root.resolve("etc/resolv.conf"), "");
        Files.writeString(root.resolve("var/www/index.html"), "<!DOCTYPE html>\n<html><head><title>Welcome to "
                + "busybox httpd!</title></head>\n<body><h1>Welcome to busybox httpd!</h1>\n<p>Served from a real "
                + "container by Kubelab.</p></body></html>\n");
        Instant created = Files.getLastModifiedTime(busybox).toInstant();
        List<String> tags = new ArrayList<>();
        tags.add("busybox:latest");
        if (!version.isEmpty()) {
            tags.add("busybox:" + version);
        }
        return new Built(work, id, tags, created,
                new ImageConfig(List.of(), List.of("sh"), List.of("PATH=" + PATH), "/", "", "SIGTERM"));
    }

    /** {@code 1.35.0} from {@code BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) multi-call binary.} */
    private static String version(Path busybox) throws IOException {
        Matcher m = Pattern.compile("BusyBox v([0-9][0-9.]*[0-9])").matcher(run(busybox, "--help"));
        return m.find() ? m.group(1) : "";
    }

    private static String run(Path busybox, String arg) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
