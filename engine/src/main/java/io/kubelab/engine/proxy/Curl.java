package io.kubelab.engine.proxy;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.runtime.HttpResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code curl} as run on a minikube node ({@code minikube ssh}, Ubuntu 22.04's curl 7.81.0) or on
 * the host, over a {@link ServiceProxy}: the same output, error messages and exit codes, e.g.
 * {@code curl: (7) Failed to connect to 10.0.0.5 port 80 after 0 ms: Connection refused} (exit 7)
 * for a Service without endpoints, {@code curl: (6) Could not resolve host: my-nginx} for a
 * Service name (the node does not use cluster DNS).
 */
public final class Curl {
    private Curl() {}

    public static final String VERSION = "7.81.0";
    public static final String USER_AGENT = "curl/" + VERSION;

    /**
     * What curl printed and returned.
     *
     * @param elapsed how long curl took before it gave up (130 s without an answer; zero otherwise):
     *                a console may wait that long in simulated time before printing
     * @param traffic the request as kube-proxy saw it, or null when it never left curl
     */
    public record Output(int exitCode, String stdout, String stderr, Duration elapsed, TrafficEvent traffic) {}

    private record Options(boolean silent, boolean showErrors, boolean include, boolean head, boolean fail, boolean verbose,
                           String method, Duration maxTime, String url) {}

    /**
     * Runs {@code curl args…} on node {@code fromNode} ({@code null}: the host machine).
     */
    public static CompletableFuture<Output> run(ServiceProxy proxy, String fromNode, List<String> args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            return done(new Output(2, "", "curl: " + e.getMessage() + "\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
                    Duration.ZERO, null));
        }
        if (o.url() == null) {
            return done(new Output(2, "", "curl: try 'curl --help' or 'curl --manual' for more information\n", Duration.ZERO, null));
        }
        String rest = o.url();
        int port = 80;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            if (rest.substring(0, scheme).equalsIgnoreCase("https")) {
                port = 443;
            }
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String host = hostPort;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return done(error(o, 3, "URL using bad/illegal format or missing URL", Duration.ZERO, null));
            }
        }
        Optional<String> ip = resolve(host);
        if (ip.isEmpty()) {
            return done(error(o, 6, "Could not resolve host: " + host, Duration.ZERO, null));
        }
        String shownHost = host;
        int shownPort = port;
        String method = o.head() ? "HEAD" : o.method();
        return proxy.http(fromNode, ip.get(), port, method, path, USER_AGENT).thenApply(routed -> {
            HttpResult r = routed.result();
            if (r instanceof HttpResult.Refused) {
                return error(o, 7, "Failed to connect to " + shownHost + " port " + shownPort + " after 0 ms: Connection refused",
                        Duration.ZERO, routed.traffic());
            }
            if (r instanceof HttpResult.Unreachable) {
                if (o.maxTime() != null) {
                    return error(o, 28, "Connection timed out after " + (o.maxTime().toMillis() + 1) + " milliseconds",
                            o.maxTime(), routed.traffic());
                }
                Duration t = SimServiceProxy.connectTimeout();
                return error(o, 28, "Failed to connect to " + shownHost + " port " + shownPort + " after " + t.toMillis()
                        + " ms: Connection timed out", t, routed.traffic());
            }
            HttpResult.Response resp = (HttpResult.Response) r;
            if (o.fail() && resp.status() >= 400) {
                return error(o, 22, "The requested URL returned error: " + resp.status(), Duration.ZERO, routed.traffic());
            }
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            if (o.verbose()) {
                err.append("*   Trying ").append(ip.get()).append(':').append(shownPort).append("...\n");
                err.append("* Connected to ").append(shownHost).append(" (").append(ip.get()).append(") port ")
                        .append(shownPort).append(" (#0)\n");
                err.append("> ").append(method).append(' ').append(path).append(" HTTP/1.1\n");
                err.append("> Host: ").append(shownPort == 80 ? shownHost : shownHost + ":" + shownPort).append('\n');
                err.append("> User-Agent: ").append(USER_AGENT).append("\n> Accept: */*\n>\n");
                err.append("* Mark bundle as not supporting multiuse\n");
                err.append("< HTTP/1.1 ").append(resp.status()).append(' ').append(resp.reason()).append('\n');
                resp.headers().forEach((k, v) -> err.append("< ").append(k).append(": ").append(v).append('\n'));
                err.append("<\n");
            }
            if (o.include() || o.head()) {
                out.append("HTTP/1.1 ").append(resp.status()).append(' ').append(resp.reason()).append("\r\n");
                for (Map.Entry<String, String> h : resp.headers().entrySet()) {
                    out.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
                }
                out.append("\r\n");
            }
            if (!o.head()) {
                out.append(resp.body());
            }
            if (o.verbose()) {
                err.append("* Connection #0 to host ").append(shownHost).append(" left intact\n");
            }
            return new Output(0, out.toString(), err.toString(), Duration.ZERO, routed.traffic());
        });
    }

    private static CompletableFuture<Output> done(Output o) {
        return CompletableFuture.completedFuture(o);
    }

    private static Output error(Options o, int code, String message, Duration elapsed, TrafficEvent traffic) {
        boolean quiet = o.silent() && !o.showErrors();
        return new Output(code, "", quiet ? "" : "curl: (" + code + ") " + message + "\n", elapsed, traffic);
    }

    /** An address, {@code localhost}, a node's name or minikube's well-known names. */
    static Optional<String> resolve(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.equals("localhost")) {
            return Optional.of(host);
        }
        if (host.equals("control-plane.minikube.internal") || host.equals("minikube")) {
            return Optional.of(Cluster.nodeIp(0));
        }
        if (host.equals("host.minikube.internal")) {
            return Optional.of(SimServiceProxy.HOST_IP);
        }
        if (host.matches("minikube-m\\d\\d")) {
            return Optional.of(Cluster.nodeIp(Integer.parseInt(host.substring("minikube-m".length())) - 1));
        }
        return Optional.empty();
    }

    private static Options parse(List<String> args) {
        boolean silent = false;
        boolean showErrors = false;
        boolean include = false;
        boolean head = false;
        boolean fail = false;
        boolean verbose = false;
        String method = "GET";
        Duration maxTime = null;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-s", "--silent" -> silent = true;
                case "-S", "--show-error" -> showErrors = true;
                case "-i", "--include" -> include = true;
                case "-I", "--head" -> head = true;
                case "-f", "--fail" -> fail = true;
                case "-v", "--verbose" -> verbose = true;
                case "-L", "--location", "-k", "--insecure" -> { }
                case "-X", "--request" -> method = next(args, ++i, a);
                case "-m", "--max-time", "--connect-timeout" -> maxTime = Duration.ofMillis(
                        Math.round(Double.parseDouble(next(args, ++i, a)) * 1000));
                case "-H", "--header", "-o", "--output", "-d", "--data", "-A", "--user-agent", "-w", "--write-out" ->
                        next(args, ++i, a);
                default -> {
                    if (a.startsWith("-") && a.length() > 1 && !a.startsWith("--")) {
                        for (char c : a.substring(1).toCharArray()) {
                            switch (c) {
                                case 's' -> silent = true;
                                case 'S' -> showErrors = true;
                                case 'i' -> include = true;
                                case 'I' -> head = true;
                                case 'f' -> fail = true;
                                case 'v' -> verbose = true;
                                case 'L', 'k' -> { }
                                default -> throw new IllegalArgumentException("option " + a + ": is unknown");
                            }
                        }
                    } else if (a.startsWith("--")) {
                        throw new IllegalArgumentException("option " + a + ": is unknown");
                    } else {
                        url = a;
                    }
                }
            }
        }
        return new Options(silent, showErrors, include, head, fail, verbose, method, maxTime, url);
    }

    private static String next(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + option + ": requires parameter");
        }
        return args.get(i);
    }
}
