package io.kubelab.engine.server;

import io.kubelab.engine.model.ApiException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the handlers see it: method, decoded path, query parameters, headers and the
 * whole body (at most {@link ApiServer#MAX_BODY_BYTES}).
 */
record ApiRequest(HttpMethod method, String uri, String path, Map<String, List<String>> params, HttpHeaders headers,
                  byte[] body) {

    String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        List<String> values = params.get(name);
        return values == null ? List.of() : values;
    }

    /**
     * A boolean query parameter the way the API server converts it: absent, {@code 0}, {@code f} and
     * {@code false} (any case) are false; anything else is true. So every spelling Go's
     * {@code strconv.ParseBool} accepts means the same here: kubectl's {@code watch=true}, the
     * Python client's {@code watch=True}, {@code watch=1}, {@code watch=T}, and {@code False}/{@code 0}.
     */
    boolean bool(String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return false;
        }
        String v = values.get(0);
        return !(v.equals("0") || v.equalsIgnoreCase("f") || v.equalsIgnoreCase("false"));
    }

    /** An integer query parameter, or {@code null} when absent. */
    Long longParam(String name) {
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }

    String header(CharSequence name) {
        return headers.get(name);
    }

    /** The media type of the body, lower-case and without parameters ({@code application/json}). */
    String contentType() {
        String ct = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    boolean hasBody() {
        return body != null && body.length > 0;
    }

    /**
     * The Table version the {@code Accept} header asks for ({@code meta.k8s.io/v1} or
     * {@code meta.k8s.io/v1beta1}), or {@code null} for plain JSON. kubectl sends
     * {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json}:
     * the first acceptable offer wins.
     */
    String tableVersion() {
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        if (accept == null || !accept.contains("Table")) {
            return null;
        }
        for (String offer : accept.split(",")) {
            String[] parts = offer.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String as = null;
            String g = null;
            String v = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0].trim()) {
                    case "as" -> as = kv[1].trim();
                    case "g" -> g = kv[1].trim();
                    case "v" -> v = kv[1].trim();
                    default -> { }
                }
            }
            if (!type.equals("application/json") && !type.equals("*/*")) {
                continue;
            }
            if (as == null) {
                // A plain JSON offer before any Table offer: the client prefers objects.
                return null;
            }
            if ("Table".equals(as) && "meta.k8s.io".equals(g) && ("v1".equals(v) || "v1beta1".equals(v))) {
                return "meta.k8s.io/" + v;
            }
        }
        return null;
    }
}
