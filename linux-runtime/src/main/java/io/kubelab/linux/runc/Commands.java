package io.kubelab.linux.runc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host commands (runc, mount, ip) and collects what they print. Blocking: executor threads only. */
final class Commands {
    private Commands() {}

    /** What a command left: exit code and its stdout and stderr merged. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(List<String> argv) throws IOException {
        return run(argv, 60);
    }

    static Result run(List<String> argv, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": no answer in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", argv), e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; its output otherwise becomes the exception's message. */
    static String check(List<String> argv) throws IOException {
        Result r = run(argv);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        }
        return r.output();
    }

    /** The first executable of this name on {@code PATH} (or in the sbin folders root's PATH has). */
    static Path which(String name) {
        String path = System.getenv("PATH");
        String all = (path == null ? "" : path) + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        for (String d : all.split(":")) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
