package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Invocation;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network tools of the simulated images: {@code curl} (Debian bookworm's 7.88.1, in the nginx
 * image), busybox {@code wget} and {@code nslookup}. They reach Services and pods through the
 * {@link SimNetwork} of kube-proxy.
 */
final class NetTools {
    private NetTools() {}

    static final String CURL_AGENT = "curl/7.88.1";
    /** How long a connect to an address nobody answers takes to fail (Linux's SYN retries, about 130 s). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(130);

    /** A parsed {@code [http://]host[:port][/path]}. */
    record Url(String host, int port, String path) {
        static Url parse(String text) {
            String t = text;
            int port = 80;
            int scheme = t.indexOf("://");
            if (scheme >= 0) {
                if (t.substring(0, scheme).equalsIgnoreCase("https")) {
                    port = 443;
                }
                t = t.substring(scheme + 3);
            }
            int slash = t.indexOf('/');
            String hostPort = slash < 0 ? t : t.substring(0, slash);
            String path = slash < 0 ? "/" : t.substring(slash);
            String host = hostPort;
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
            return new Url(host, port, path);
        }
    }

    private static boolean isIp(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Resolves a host name from inside the container; empty when it does not resolve. */
    private static Optional<String> resolve(Invocation inv, String host) {
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            return Optional.of(inv.host().ip());
        }
        if (isIp(host)) {
            return Optional.of(host);
        }
        if (host.equals(inv.host().hostname())) {
            return Optional.of(inv.host().ip());
        }
        SimNetwork net = inv.host().network();
        if (net == null) {
            return Optional.empty();
        }
        return net.resolve(host, inv.host().namespace()).map(SimNetwork.Resolved::ip);
    }

    private static HttpResult request(Invocation inv, String ip, int port, String method, String path, String agent) {
        SimNetwork net = inv.host().network();
        if (net == null) {
            return ip.equals(inv.host().ip()) ? new HttpResult.Refused() : new HttpResult.Unreachable();
        }
        return net.http(inv.host().nodeName(), inv.host().ip(), ip, port, method, path, agent);
    }

    static Outcome curl(Invocation inv) {
        boolean silent = false;
        boolean showErrors = false;
        boolean include = false;
        boolean head = false;
        boolean fail = false;
        String method = "GET";
        String output = null;
        Duration maxTime = null;
        String urlText = null;
        List<String> a = inv.args();
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            switch (arg) {
                case "-s", "--silent" -> silent = true;
                case "-S", "--show-error" -> showErrors = true;
                case "-i", "--include" -> include = true;
                case "-I", "--head" -> {
                    head = true;
                    method = "HEAD";
                }
                case "-f", "--fail" -> fail = true;
                case "-X", "--request" -> method = a.get(++i);
                case "-o", "--output" -> output = a.get(++i);
                case "-m", "--max-time", "--connect-timeout" -> maxTime = Commands.parseSleep(a.get(++i));
                case "-L", "-v", "-k", "--insecure", "-sS", "-Ss" -> {
                    if (arg.equals("-sS") || arg.equals("-Ss")) {
                        silent = true;
                        showErrors = true;
                    }
                }
                case "-H", "-d", "--data", "-A", "-w" -> i++;
                default -> {
                    if (arg.startsWith("-")) {
                        silent |= arg.contains("s");
                        fail |= arg.contains("f");
                        include |= arg.contains("i");
                    } else {
                        urlText = arg;
                    }
                }
            }
        }
        if (urlText == null) {
            inv.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
            return new Outcome.Done(2);
        }
        boolean quietErrors = silent && !showErrors;
        Url url;
        try {
            url = Url.parse(urlText);
        } catch (RuntimeException e) {
            if (!quietErrors) {
                inv.err("curl: (3) URL using bad/illegal format or missing URL\n");
            }
            return new Outcome.Done(3);
        }
        Optional<String> ip = resolve(inv, url.host());
        if (ip.isEmpty()) {
            if (!quietErrors) {
                inv.err("curl: (6) Could not resolve host: " + url.host() + "\n");
            }
            return new Outcome.Done(6);
        }
        HttpResult result = request(inv, ip.get(), url.port(), method, url.path(), CURL_AGENT);
        if (result instanceof HttpResult.Refused) {
            if (!quietErrors) {
                inv.err("curl: (7) Failed to connect to " + url.host() + " port " + url.port()
                        + " after 0 ms: Couldn't connect to server\n");
            }
            return new Outcome.Done(7);
        }
        if (result instanceof HttpResult.Unreachable) {
            Duration wait = maxTime != null ? maxTime : CONNECT_TIMEOUT;
            String message = maxTime != null
                    ? "curl: (28) Connection timed out after " + (wait.toMillis() + 1) + " milliseconds\n"
                    : "curl: (28) Failed to connect to " + url.host() + " port " + url.port() + " after " + wait.toMillis()
                      + " ms: Couldn't connect to server\n";
            return new Outcome.Sleep(wait, () -> {
                if (!quietErrors) {
                    inv.err(message);
                }
                return new Outcome.Done(28);
            });
        }
        HttpResult.Response r = (HttpResult.Response) result;
        if (fail && r.status() >= 400) {
            if (!quietErrors) {
                inv.err("curl: (22) The requested URL returned error: " + r.status() + "\n");
            }
            return new Outcome.Done(22);
        }
        StringBuilder sb = new StringBuilder();
        if (include || head) {
            sb.append(statusAndHeaders(r));
        }
        if (!head) {
            sb.append(r.body());
        }
        if (output != null && !output.equals("-")) {
            String p = SimFileSystem.resolve(inv.process().cwd(), output);
            if (inv.host().fs().isReadOnly(p)) {
                inv.err("Warning: Failed to create the file " + output + ": Read-only file system\n"
                        + "curl: (23) Failure writing output to destination\n");
                return new Outcome.Done(23);
            }
            inv.host().fs().write(p, sb.toString(), false, inv.host().now());
        } else {
            inv.out(sb.toString());
        }
        return new Outcome.Done(0);
    }

    static String statusAndHeaders(HttpResult.Response r) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + r.status() + " " + r.reason() + "\r\n");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    static Outcome wget(Invocation inv) {
        boolean quiet = false;
        String output = null;
        boolean spider = false;
        String urlText = null;
        List<String> a = inv.args();
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            if (arg.equals("-O")) {
                output = a.get(++i);
            } else if (arg.startsWith("-O") && arg.length() > 2) {
                output = arg.substring(2);
            } else if (arg.equals("-qO-") || arg.equals("-qO")) {
                quiet = true;
                output = arg.equals("-qO-") ? "-" : a.get(++i);
            } else if (arg.equals("-q")) {
                quiet = true;
            } else if (arg.equals("--spider")) {
                spider = true;
            } else if (arg.equals("-T") || arg.equals("-U") || arg.equals("--header")) {
                i++;
            } else if (!arg.startsWith("-")) {
                urlText = arg;
            }
        }
        if (urlText == null) {
            inv.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
            return new Outcome.Done(1);
        }
        Url url = Url.parse(urlText);
        Optional<String> ip = resolve(inv, url.host());
        if (ip.isEmpty()) {
            inv.err("wget: bad address '" + url.host() + "'\n");
            return new Outcome.Done(1);
        }
        if (!quiet) {
            inv.err("Connecting to " + url.host() + (url.port() == 80 && !urlText.contains(":" + url.port()) ? "" : "")
                    + " (" + ip.get() + ":" + url.port() + ")\n");
        }
        HttpResult result = request(inv, ip.get(), url.port(), spider ? "HEAD" : "GET", url.path(), "Wget");
        if (result instanceof HttpResult.Refused) {
            inv.err("wget: can't connect to remote host (" + ip.get() + "): Connection refused\n");
            return new Outcome.Done(1);
        }
        if (result instanceof HttpResult.Unreachable) {
            return new Outcome.Sleep(CONNECT_TIMEOUT, () -> {
                inv.err("wget: download timed out\n");
                return new Outcome.Done(1);
            });
        }
        HttpResult.Response r = (HttpResult.Response) result;
        if (r.status() >= 400) {
            inv.err("wget: server returned error: HTTP/1.1 " + r.status() + " " + r.reason() + "\n");
            return new Outcome.Done(1);
        }
        if (spider) {
            if (!quiet) {
                inv.err("remote file exists\n");
            }
            return new Outcome.Done(0);
        }
        int size = r.body().getBytes(StandardCharsets.UTF_8).length;
        if (output == null) {
            String last = url.path().endsWith("/") ? "index.html" : SimFileSystem.baseName(url.path());
            output = last.isEmpty() ? "index.html" : last;
        }
        if (output.equals("-")) {
            if (!quiet) {
                inv.err("writing to stdout\n");
            }
            inv.out(r.body());
            if (!quiet) {
                inv.err(progress("-", size) + "written to stdout\n");
            }
        } else {
            String p = SimFileSystem.resolve(inv.process().cwd(), output);
            if (inv.host().fs().isReadOnly(p)) {
                inv.err("wget: can't open '" + output + "': Read-only file system\n");
                return new Outcome.Done(1);
            }
            if (!quiet) {
                inv.err("saving to '" + output + "'\n");
            }
            inv.host().fs().write(p, r.body(), false, inv.host().now());
            if (!quiet) {
                inv.err(progress(output, size) + "'" + output + "' saved\n");
            }
        }
        return new Outcome.Done(0);
    }

    private static String progress(String name, int size) {
        return String.format("%-20s 100%% |********************************| %5d  0:00:00 ETA%n", name, size);
    }

    static Outcome nslookup(Invocation inv) {
        List<String> args = inv.args().stream().filter(x -> !x.startsWith("-")).toList();
        if (args.isEmpty()) {
            inv.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n");
            return new Outcome.Done(1);
        }
        String name = args.get(0);
        SimNetwork net = inv.host().network();
        String server = net == null ? "10.0.0.10" : net.dnsServer();
        StringBuilder sb = new StringBuilder();
        sb.append("Server:\t\t").append(server).append('\n');
        sb.append("Address:\t").append(server).append(":53\n\n");
        Optional<SimNetwork.Resolved> r = net == null ? Optional.empty() : net.resolve(name, inv.host().namespace());
        if (r.isEmpty()) {
            sb.append("** server can't find ").append(name).append(": NXDOMAIN\n\n");
            inv.out(sb.toString());
            return new Outcome.Done(1);
        }
        sb.append("Name:\t").append(r.get().fqdn()).append('\n');
        sb.append("Address: ").append(r.get().ip()).append("\n\n");
        inv.out(sb.toString());
        return new Outcome.Done(0);
    }
}
