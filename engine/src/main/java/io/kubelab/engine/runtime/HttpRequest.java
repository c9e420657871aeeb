package io.kubelab.engine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request to an address of the pod network.
 *
 * @param clientIp the source address the app sees (in its access log)
 * @param ip       the destination address (a pod IP)
 * @param port     the destination port
 * @param method   {@code GET}, {@code HEAD}, …
 * @param path     {@code /}, {@code /healthz}
 * @param headers  request headers ({@code Host}, {@code User-Agent})
 */
public record HttpRequest(String clientIp, String ip, int port, String method, String path, Map<String, String> headers) {

    public static HttpRequest get(String clientIp, String ip, int port, String path, String userAgent) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", port == 80 ? ip : ip + ":" + port);
        h.put("User-Agent", userAgent);
        h.put("Accept", "*/*");
        return new HttpRequest(clientIp, ip, port, "GET", path, h);
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
