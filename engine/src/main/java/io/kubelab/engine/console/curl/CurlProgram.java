package io.kubelab.engine.console.curl;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.Program;
import io.kubelab.engine.proxy.Curl;
import io.kubelab.engine.proxy.ServiceProxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code curl} (7.81.0, as on minikube's Ubuntu node) through the cluster's kube-proxy: from a
 * node ({@code minikube ssh}) a ClusterIP answers with the chosen pod's page, round robin between
 * the endpoints; from the laptop only node IPs answer (a NodePort such as
 * {@code curl 192.168.49.2:31000}), and a ClusterIP is not routed: after Linux's 130 s of SYN
 * retries, {@code curl: (28) Failed to connect to 10.0.0.76 port 80 after 130000 ms: Connection timed out}.
 * The wait is simulated time: the command finishes when the clock gets there.
 *
 * <p>{@code -o FILE} keeps the body out of the terminal and shows curl's progress meter instead
 * (the laptop's files are not touched). Other flags as {@link Curl} reads them.
 *
 * <p>Threading: engine thread. The proxy's future may complete later (or on another thread for a
 * real proxy); the execution finishes from it and never blocks. The simulated wait of an
 * unanswered connection is a timer of the simulation clock, set from the future's callback: the
 * simulated proxy completes on the engine thread; a real proxy (linux-runtime) has waited for real
 * and must report a zero {@code elapsed}, or complete on the engine thread.
 */
public final class CurlProgram implements Program {
    private final String fromNode;

    /** The laptop's curl: outside the cluster. */
    public CurlProgram() {
        this(null);
    }

    /** curl on node {@code fromNode} ({@code minikube ssh}); {@code null} for the laptop. */
    public CurlProgram(String fromNode) {
        this.fromNode = fromNode;
    }

    @Override
    public String name() {
        return "curl";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        Optional<ServiceProxy> proxy = ServiceProxy.of(inv.context().cluster());
        List<String> args = inv.args();
        if (proxy.isEmpty()) {
            out.err("curl: (7) Couldn't connect to server\n");
            return Execution.finished(7);
        }
        boolean toFile = false;
        boolean silent = false;
        for (String a : args) {
            if (a.equals("-o") || a.equals("--output") || a.equals("-O") || a.equals("--remote-name")) {
                toFile = true;
            } else if (a.equals("--silent") || (a.startsWith("-") && !a.startsWith("--") && a.indexOf('s') > 0)) {
                silent = true;
            }
        }
        boolean file = toFile;
        boolean quiet = silent;
        AtomicBoolean interrupted = new AtomicBoolean();
        Execution ex = Execution.running(() -> interrupted.set(true));
        Curl.run(proxy.get(), fromNode, args).whenComplete((result, error) -> {
            if (error != null) {
                out.err("curl: (7) Couldn't connect to server\n");
                ex.finish(7);
                return;
            }
            Runnable print = () -> {
                if (interrupted.get()) {
                    return;
                }
                print(result, file, quiet, out);
                ex.finish(result.exitCode());
            };
            if (result.elapsed().isZero()) {
                print.run();
            } else {
                // A connection that never answers: curl gives up once the simulated clock reaches its timeout.
                inv.context().cluster().clock().after(result.elapsed(), print);
            }
        });
        return ex;
    }

    private static void print(Curl.Output r, boolean toFile, boolean silent, Output out) {
        String err = r.stderr();
        if (toFile) {
            if (!silent) {
                out.err(progressMeter(r.stdout().getBytes(StandardCharsets.UTF_8).length, r.exitCode() == 0));
            }
            if (!err.isEmpty()) {
                out.err(err);
            }
            return;
        }
        // With -v, the request and response headers (stderr) come before the body, and the last
        // "* Connection #0 to host … left intact" after it.
        String tail = "";
        int last = err.lastIndexOf("* Connection #0");
        if (last >= 0 && !r.stdout().isEmpty()) {
            tail = err.substring(last);
            err = err.substring(0, last);
        }
        if (!err.isEmpty()) {
            out.err(err);
        }
        if (!r.stdout().isEmpty()) {
            out.out(r.stdout());
        }
        if (!tail.isEmpty()) {
            out.err(tail);
        }
    }

    /**
     * curl's progress meter when the body goes to a file: the header lines and the final line,
     * e.g. for nginx's 615-byte page
     * {@code 100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k}
     * (a simulated transfer takes about a millisecond, so the speed is the size per millisecond).
     */
    static String progressMeter(long bytes, boolean complete) {
        String speed = complete ? max5(bytes * 1000) : "0";
        String size = max5(bytes);
        int pct = complete ? 100 : 0;
        return "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                + "                                 Dload  Upload   Total   Spent    Left  Speed\n"
                + String.format("%3d %5s  %3d %5s  %3d %5s  %5s  %5s %s %s %s %5s%n", pct, size, pct, size, 0, "0", speed,
                "0", "--:--:--", "--:--:--", "--:--:--", speed).replace(System.lineSeparator(), "\n");
    }

    /** curl's {@code max5data}: a byte count in at most five characters ({@code 615}, {@code 600k}, {@code 12.3M}). */
    static String max5(long bytes) {
        long kb = 1024;
        long mb = kb * 1024;
        if (bytes < 100_000) {
            return Long.toString(bytes);
        }
        if (bytes < 10_000 * kb) {
            return (bytes / kb) + "k";
        }
        if (bytes < 100 * mb) {
            return (bytes / mb) + "." + ((bytes % mb) / (mb / 10)) + "M";
        }
        return (bytes / mb) + "M";
    }
}
