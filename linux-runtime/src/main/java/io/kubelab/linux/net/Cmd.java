package io.kubelab.linux.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool ({@code ip}, {@code iptables-restore}, {@code nsenter}, {@code curl}) and
 * collects what it wrote: the thin layer between the network plane and the kernel. Blocking;
 * never call it on the engine thread.
 */
public final class Cmd {
    /**
     * Readers of the commands' stdout: their own daemon threads, not the common pool, whose one or
     * two threads would make concurrent commands wait on each other's output (a command blocked on
     * a full pipe never exits).
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cmd-stdout");
        t.setDaemon(true);
        return t;
    });

    private Cmd() {}

    /** A finished command: its exit code and what it wrote. */
    public record Result(List<String> argv, int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** This result, or an {@link IOException} naming the command and quoting its stderr. */
        public Result check() throws IOException {
            if (exit != 0) {
                throw new IOException(String.join(" ", argv) + " failed (exit " + exit + "): " + err.strip());
            }
            return this;
        }
    }

    /** Runs {@code argv} with {@code stdin} (or nothing) on its standard input; waits at most {@code timeoutSeconds}. */
    public static Result run(List<String> argv, String stdin, long timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(argv).start();
        // stdout is read on another thread so that a chatty command cannot fill the stderr pipe and stall.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), READERS);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command exited without reading its input; its exit code says why.
        }
        String err = readAll(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(List.copyOf(argv), p.exitValue(), out.join(), err);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
    }

    /** Runs and requires exit code 0. */
    public static Result check(List<String> argv, String stdin) throws IOException {
        return run(argv, stdin, 30).check();
    }

    /** Runs and requires exit code 0. */
    public static Result check(String... argv) throws IOException {
        return check(List.of(argv), null);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
