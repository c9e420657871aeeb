package io.kubelab.linux.proxy;

import io.kubelab.engine.runtime.HttpResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@code curl -i -w …} (and, after it, {@code /proc/net/nf_conntrack}) printed: the
 * answer, the client's address and port, and — from the connection's conntrack entry — which
 * endpoint a Service's DNAT chose. Pure.
 *
 * <p>A conntrack entry holds the connection as sent and as answered:
 * {@code src=192.168.49.2 dst=10.96.0.5 sport=40112 dport=80 … src=10.244.1.3 dst=192.168.49.2 sport=80 dport=40112};
 * the reply's source is the pod that answered (10.244.1.3:80).
 */
final class CurlOutput {
    /** Printed by {@code -w} after the response: {@code @@KUBELAB@@ <local ip> <local port>}. */
    static final String MARK = "@@KUBELAB@@";
    /** Printed by the wrapping shell before the conntrack table. */
    static final String CONNTRACK_MARK = "@@KUBELAB-CONNTRACK@@";

    private CurlOutput() {}

    /** One request's outcome. */
    record Parsed(HttpResult result, String localIp, int localPort, List<String> conntrack) {}

    /** An endpoint a connection was DNATed to. */
    record Target(String ip, int port) {}

    /** The {@code -w} format that {@link #parse} expects. */
    static String writeOut() {
        return "\n" + MARK + " %{local_ip} %{local_port}\n";
    }

    static Parsed parse(String stdout, String stderr, int exit) {
        String out = stdout;
        List<String> conntrack = new ArrayList<>();
        int ct = out.indexOf(CONNTRACK_MARK);
        if (ct >= 0) {
            for (String line : out.substring(ct + CONNTRACK_MARK.length()).split("\n")) {
                if (!line.isBlank()) {
                    conntrack.add(line.strip());
                }
            }
            out = out.substring(0, ct);
        }
        String localIp = null;
        int localPort = 0;
        int m = out.lastIndexOf("\n" + MARK + " ");
        if (m >= 0) {
            String[] w = out.substring(m + MARK.length() + 2).strip().split("\\s+");
            localIp = w.length > 0 && !w[0].isEmpty() ? w[0] : null;
            try {
                localPort = w.length > 1 ? Integer.parseInt(w[1]) : 0;
            } catch (NumberFormatException e) {
                localPort = 0;
            }
            out = out.substring(0, m);
        }
        return new Parsed(result(out, stderr, exit), localIp, localPort, conntrack);
    }

    private static HttpResult result(String out, String stderr, int exit) {
        if (exit == 0) {
            return response(out);
        }
        // 7: could not connect; refused (nothing listens, or kube-proxy's REJECT) or no route. curl
        // says which only in its verbose lines ("connect to 10.96.0.9 port 80 failed: Connection refused").
        if (exit == 7 && stderr.contains("failed: Connection refused")) {
            return new HttpResult.Refused();
        }
        return new HttpResult.Unreachable();
    }

    /** Parses {@code curl -i} output: status line, headers, body; interim 1xx answers are skipped. */
    static HttpResult response(String raw) {
        String rest = raw;
        while (true) {
            int end = rest.indexOf("\r\n\r\n");
            String head = end < 0 ? rest : rest.substring(0, end);
            String body = end < 0 ? "" : rest.substring(end + 4);
            String[] lines = head.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            int code;
            try {
                code = Integer.parseInt(status[1]);
            } catch (RuntimeException e) {
                return new HttpResult.Unreachable();
            }
            if (code >= 100 && code < 200 && end >= 0) {
                rest = body;
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
            }
            return new HttpResult.Response(code, status.length > 2 ? status[2] : "", headers, body);
        }
    }

    /**
     * The endpoint a connection went to: the reply source of the conntrack entry whose original
     * tuple is {@code srcIp:srcPort → dstIp:dstPort}; empty when there is none or it was not NATed.
     */
    static Optional<Target> natTarget(List<String> conntrack, String srcIp, int srcPort, String dstIp, int dstPort) {
        for (String line : conntrack) {
            List<String[]> kv = new ArrayList<>();
            for (String word : line.split("\\s+")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    kv.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
                }
            }
            // src dst sport dport (original), then src dst sport dport (reply)
            Map<String, String> orig = new LinkedHashMap<>();
            Map<String, String> reply = new LinkedHashMap<>();
            for (String[] p : kv) {
                if (List.of("src", "dst", "sport", "dport").contains(p[0])) {
                    (orig.containsKey(p[0]) ? reply : orig).putIfAbsent(p[0], p[1]);
                }
            }
            if (srcIp.equals(orig.get("src")) && dstIp.equals(orig.get("dst")) && String.valueOf(srcPort).equals(orig.get("sport"))
                    && String.valueOf(dstPort).equals(orig.get("dport")) && reply.containsKey("src")) {
                String ip = reply.get("src");
                int port = Integer.parseInt(reply.get("sport"));
                if (ip.equals(dstIp) && port == dstPort) {
                    return Optional.empty();
                }
                return Optional.of(new Target(ip, port));
            }
        }
        return Optional.empty();
    }
}
