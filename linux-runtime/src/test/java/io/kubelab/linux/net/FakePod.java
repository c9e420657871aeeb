package io.kubelab.linux.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for a pod sandbox (the container plane is not part of these tests): a
 * {@code busybox httpd} in a fresh network namespace ({@code unshare --net}), serving an
 * {@code index.html} that names the pod. Its pid plays the pause process's.
 */
final class FakePod implements AutoCloseable {
    final String name;
    final Process process;
    final Path dir;

    private FakePod(String name, Process process, Path dir) {
        this.name = name;
        this.process = process;
        this.dir = dir;
    }

    static FakePod start(String name) throws IOException {
        Path dir = Files.createTempDirectory("kubelab-fakepod-");
        Files.writeString(dir.resolve("index.html"), name + "\n");
        // unshare without --fork execs busybox in the new namespace: the pid is the "pause" pid.
        Process p = new ProcessBuilder(List.of("unshare", "--net", "busybox", "httpd", "-f", "-p", "80", "-h", dir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // Wait until the process runs in its own namespace (unshare has switched before exec).
        Path self = Path.of("/proc/self/ns/net");
        for (int i = 0; i < 200; i++) {
            Path mine = Path.of("/proc/" + p.pid() + "/ns/net");
            try {
                if (Files.exists(mine) && !Files.readSymbolicLink(mine).equals(Files.readSymbolicLink(self))
                        && Files.readString(Path.of("/proc/" + p.pid() + "/comm")).strip().equals("busybox")) {
                    return new FakePod(name, p, dir);
                }
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        p.destroyForcibly();
        throw new IOException("fake pod " + name + " did not start");
    }

    long pid() {
        return process.pid();
    }

    /** Runs a command inside the pod's network namespace. */
    Cmd.Result exec(String... command) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("nsenter", "--net=/proc/" + pid() + "/ns/net", "--"));
        argv.addAll(List.of(command));
        return Cmd.run(argv, null, 30);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(dir.resolve("index.html"));
        Files.deleteIfExists(dir);
    }
}
