package io.kubelab.engine.runtime;

import java.util.Map;

/** What an HTTP request to the pod network got: an answer, or no connection. */
public sealed interface HttpResult {

    /**
     * The app's answer.
     *
     * @param status  {@code 200}
     * @param reason  {@code OK}
     * @param headers response headers in order ({@code Server}, {@code Content-Type}, …)
     * @param body    the body
     */
    record Response(int status, String reason, Map<String, String> headers, String body) implements HttpResult {}

    /** Nothing listens on the port (or no pod has the address any more): {@code Connection refused}. */
    record Refused() implements HttpResult {}

    /** The address does not answer at all (its node is down or cut off): the connection times out. */
    record Unreachable() implements HttpResult {}
}
