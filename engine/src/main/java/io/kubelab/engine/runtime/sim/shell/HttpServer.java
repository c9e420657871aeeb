package io.kubelab.engine.runtime.sim.shell;

import io.kubelab.engine.runtime.HttpRequest;
import io.kubelab.engine.runtime.HttpResult;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Invocation;
import io.kubelab.engine.runtime.sim.shell.ShellProcess.Outcome;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code httpd}: busybox's static file server ({@code httpd -f -p 8080 -h /www}), with options the
 * image catalog uses to build apps out of it:
 * <ul>
 *   <li>{@code --server nginx/1.25.5}: the {@code Server} header, and nginx's error pages;</li>
 *   <li>{@code --access-log nginx}: one line per request on stdout in nginx's {@code combined}
 *       format ({@code 10.244.0.1 - - [01/Jan/2026:00:00:05 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.81.0" "-"});</li>
 *   <li>{@code --reply FILE}: every path answers with FILE as text (the {@code hello-app} of the tutorials);</li>
 *   <li>{@code --echo}: answers with the request it got (minikube's {@code echo-server});</li>
 *   <li>{@code --healthz-fail-after N}: {@code /healthz} answers 200 for N seconds, then 500
 *       (agnhost {@code liveness}, the Kubernetes liveness-probe example).</li>
 * </ul>
 */
final class HttpServer {
    private HttpServer() {}

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Options(int port, String home, boolean foreground, String server, String accessLog, String reply,
                           boolean echo, Duration healthzFailAfter) {}

    static Outcome run(Invocation inv) {
        int port = 80;
        String home = inv.process().cwd();
        boolean foreground = false;
        String server = null;
        String accessLog = "none";
        String reply = null;
        boolean echo = false;
        Duration failAfter = null;
        var a = inv.args();
        try {
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                switch (arg) {
                    case "-f" -> foreground = true;
                    case "-p" -> {
                        String p = a.get(++i);
                        port = Integer.parseInt(p.contains(":") ? p.substring(p.lastIndexOf(':') + 1) : p);
                    }
                    case "-h" -> home = SimFileSystem.resolve(inv.process().cwd(), a.get(++i));
                    case "--server" -> server = a.get(++i);
                    case "--access-log" -> accessLog = a.get(++i);
                    case "--reply" -> reply = SimFileSystem.resolve(inv.process().cwd(), a.get(++i));
                    case "--echo" -> echo = true;
                    case "--healthz-fail-after" -> failAfter = Duration.ofSeconds(Long.parseLong(a.get(++i)));
                    case "-v", "-vv" -> { }
                    default -> {
                        if (arg.startsWith("-f") && arg.length() > 2) {
                            foreground = true;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            inv.err("httpd: invalid option\n");
            return new Outcome.Done(1);
        }
        Options o = new Options(port, home, foreground, server, accessLog, reply, echo, failAfter);
        Instant started = inv.host().now();
        Function<HttpRequest, HttpResult.Response> handler = req -> {
            HttpResult.Response r = respond(o, req, inv.host(), started);
            if (!o.accessLog().equals("none")) {
                inv.out(accessLogLine(o.accessLog(), req, r, inv.host().now()) + "\n");
            }
            return r;
        };
        ShellProcess owner = foreground ? inv.process() : null;
        if (!inv.host().listen(port, handler, owner)) {
            if (server != null && server.startsWith("nginx")) {
                inv.err(Commands.strftime("%Y/%m/%d %H:%M:%S", inv.host().now())
                        + " [emerg] 1#1: bind() to 0.0.0.0:" + port + " failed (98: Address already in use)\n");
            } else {
                inv.err("httpd: bind: Address in use\n");
            }
            return new Outcome.Done(1);
        }
        if (!foreground) {
            return new Outcome.Done(0); // daemonized: the server outlives this process
        }
        int listenPort = port;
        return new Outcome.Block(() -> inv.host().unlisten(listenPort, inv.process()));
    }

    /** nginx's {@code combined} log format. */
    static final String NGINX_FORMAT =
            "$remote_addr - - [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"-\"";

    /**
     * One access log line: {@code nginx}, or a template with nginx's variables ({@code $remote_addr},
     * {@code $time_local}, {@code $request}, {@code $status}, {@code $body_bytes_sent},
     * {@code $http_referer}, {@code $http_user_agent}) and {@code $method}, {@code $path},
     * {@code $time_go} (Go's log time, {@code 2026/01/01 00:00:05}).
     */
    static String accessLogLine(String format, HttpRequest req, HttpResult.Response r, Instant now) {
        String template = format.equals("nginx") ? NGINX_FORMAT : format;
        int bytes = req.method().equals("HEAD") ? 0 : r.body().getBytes(StandardCharsets.UTF_8).length;
        String ua = req.header("User-Agent");
        Map<String, String> values = Commands.headers(
                "remote_addr", req.clientIp(),
                "time_local", Commands.nginxLogTime(now),
                "time_go", Commands.strftime("%Y/%m/%d %H:%M:%S", now),
                "request", req.method() + " " + req.path() + " HTTP/1.1",
                "status", Integer.toString(r.status()),
                "body_bytes_sent", Integer.toString(bytes),
                "http_referer", "-",
                "http_user_agent", ua == null ? "-" : ua,
                "method", req.method(),
                "path", req.path());
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$') {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                String v = values.get(template.substring(i + 1, j));
                if (v != null) {
                    sb.append(v);
                    i = j;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static HttpResult.Response respond(Options o, HttpRequest req, ProcessHost host, Instant started) {
        Instant now = host.now();
        String path = req.path();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        boolean nginx = o.server() != null && o.server().startsWith("nginx");
        if (o.healthzFailAfter() != null && path.equals("/healthz")) {
            Duration up = Duration.between(started, now);
            if (up.compareTo(o.healthzFailAfter()) < 0) {
                return text(o, now, 200, "OK", "ok");
            }
            return text(o, now, 500, "Internal Server Error", "error: " + up.toSeconds() + ".0s");
        }
        if (o.echo()) {
            StringBuilder sb = new StringBuilder();
            sb.append("Request served by ").append(host.hostname()).append("\n\n");
            sb.append("HTTP/1.1 ").append(req.method()).append(' ').append(req.path()).append("\n\n");
            req.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            return text(o, now, 200, "OK", sb.toString());
        }
        if (o.reply() != null) {
            String body = host.fs().get(o.reply()).filter(e -> !e.directory()).map(SimFileSystem.Entry::content).orElse("");
            return text(o, now, 200, "OK", body);
        }
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return error(o, nginx, now, 405, "Not Allowed");
        }
        String file = SimFileSystem.resolve(o.home(), path.startsWith("/") ? path.substring(1) : path);
        if (!file.startsWith(o.home())) {
            file = o.home();
        }
        if (host.fs().isDirectory(file)) {
            file = SimFileSystem.resolve(file, "index.html");
        }
        Optional<SimFileSystem.Entry> e = host.fs().get(file).filter(x -> !x.directory());
        if (e.isEmpty()) {
            return error(o, nginx, now, 404, "Not Found");
        }
        String body = e.get().content();
        long size = body.getBytes(StandardCharsets.UTF_8).length;
        Map<String, String> h = Commands.headers();
        if (o.server() != null) {
            h.put("Server", o.server());
        }
        h.put("Date", HTTP_DATE.format(Commands.utc(now)));
        h.put("Content-Type", contentType(file));
        h.put("Content-Length", Long.toString(size));
        h.put("Last-Modified", HTTP_DATE.format(Commands.utc(e.get().modified())));
        h.put("Connection", "keep-alive");
        h.put("ETag", "\"" + Long.toHexString(e.get().modified().getEpochSecond()) + "-" + Long.toHexString(size) + "\"");
        h.put("Accept-Ranges", "bytes");
        return new HttpResult.Response(200, "OK", h, req.method().equals("HEAD") ? "" : body);
    }

    private static HttpResult.Response text(Options o, Instant now, int status, String reason, String body) {
        Map<String, String> h = Commands.headers();
        if (o.server() != null) {
            h.put("Server", o.server());
        }
        h.put("Date", HTTP_DATE.format(Commands.utc(now)));
        h.put("Content-Type", "text/plain; charset=utf-8");
        h.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return new HttpResult.Response(status, reason, h, body);
    }

    private static HttpResult.Response error(Options o, boolean nginx, Instant now, int status, String reason) {
        String body = nginx
                ? "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>" + status
                  + " " + reason + "</h1></center>\r\n<hr><center>" + o.server() + "</center>\r\n</body>\r\n</html>\r\n"
                : "<HTML><HEAD><TITLE>" + status + " " + reason + "</TITLE></HEAD>\n<BODY><H1>" + status + " " + reason
                  + "</H1>\nThe requested URL was not found\n</BODY></HTML>\n";
        Map<String, String> h = Commands.headers();
        if (o.server() != null) {
            h.put("Server", o.server());
        }
        h.put("Date", HTTP_DATE.format(Commands.utc(now)));
        h.put("Content-Type", "text/html");
        h.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        h.put("Connection", "keep-alive");
        return new HttpResult.Response(status, reason, h, body);
    }

    private static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".html") || f.endsWith(".htm")) {
            return "text/html";
        }
        if (f.endsWith(".json")) {
            return "application/json";
        }
        if (f.endsWith(".css")) {
            return "text/css";
        }
        if (f.endsWith(".js")) {
            return "application/javascript";
        }
        return "text/plain";
    }
}
