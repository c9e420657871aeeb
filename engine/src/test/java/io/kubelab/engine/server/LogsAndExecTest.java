package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** pods/log and pods/exec (WebSocket v5 and v4) over a fake runtime. */
class LogsAndExecTest {
    private FakePodIO io;
    private ServerFixture f;

    @BeforeEach
    void start() {
        io = new FakePodIO();
        f = new ServerFixture(io);
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
        io.log(Instant.parse("2026-01-01T00:00:01Z"), "nginx: starting");
        io.log(Instant.parse("2026-01-01T00:00:02.5Z"), "nginx: ready");
        io.log(Instant.parse("2026-01-01T00:00:03Z"), "sidecar: hello");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void logsOfTheFirstContainerByDefault() {
        ServerFixture.Response r = f.get("/api/v1/namespaces/default/pods/web/log");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(r.body()).isEqualTo("nginx: starting\nnginx: ready\n");
        assertThat(f.get("/api/v1/namespaces/default/pods/web/log?container=sidecar").body()).isEqualTo("sidecar: hello\n");
    }

    @Test
    void tailLinesTimestampsAndLimitBytes() {
        assertThat(f.get("/api/v1/namespaces/default/pods/web/log?tailLines=1").body()).isEqualTo("nginx: ready\n");
        assertThat(f.get("/api/v1/namespaces/default/pods/web/log?timestamps=true").body())
                .isEqualTo("2026-01-01T00:00:01Z nginx: starting\n2026-01-01T00:00:02.5Z nginx: ready\n");
        assertThat(f.get("/api/v1/namespaces/default/pods/web/log?limitBytes=5").body()).isEqualTo("nginx");
    }

    @Test
    void logErrors() {
        ServerFixture.Response r = f.get("/api/v1/namespaces/default/pods/web/log?previous=true");
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.json().path("message").asText())
                .isEqualTo("previous terminated container \"nginx\" in pod \"web\" not found");
        f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("pending", null));
        ServerFixture.Response pending = f.get("/api/v1/namespaces/default/pods/pending/log");
        assertThat(pending.code()).isEqualTo(200);
        assertThat(pending.body()).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a lost line would block readLine forever
    void followStreamsNewLinesUntilTheContainerStops() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.base()
                + "/api/v1/namespaces/default/pods/web/log?follow=true")).build();
        HttpResponse<InputStream> r = f.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("nginx: starting");
            assertThat(in.readLine()).isEqualTo("nginx: ready");
            io.log(Instant.parse("2026-01-01T00:00:04Z"), "nginx: GET / 200");
            assertThat(in.readLine()).isEqualTo("nginx: GET / 200");
            io.endLogs();
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a lost line would block readLine forever
    void aLineLoggedBetweenTheSnapshotAndTheFollowIsNotLost() throws Exception {
        io.afterSnapshot = () -> io.log(Instant.parse("2026-01-01T00:00:03.5Z"), "nginx: in between");
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.base()
                + "/api/v1/namespaces/default/pods/web/log?follow=true")).build();
        HttpResponse<InputStream> r = f.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("nginx: starting");
            assertThat(in.readLine()).isEqualTo("nginx: ready");
            assertThat(in.readLine()).isEqualTo("nginx: in between");
            io.log(Instant.parse("2026-01-01T00:00:04Z"), "nginx: GET / 200");
            assertThat(in.readLine()).isEqualTo("nginx: GET / 200");
            io.endLogs();
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void aHandOverKeepsEarlyLinesInOrderThenPassesLiveOnes() {
        io.kubelab.engine.runtime.LogHandOver<PodIO.LogLine> h = new io.kubelab.engine.runtime.LogHandOver<>();
        h.accept(new PodIO.LogLine(Instant.parse("2026-01-01T00:00:01Z"), "a"));
        h.accept(new PodIO.LogLine(Instant.parse("2026-01-01T00:00:02Z"), "b"));
        java.util.List<String> got = new java.util.ArrayList<>();
        h.start(l -> got.add(l.text()));
        h.accept(new PodIO.LogLine(Instant.parse("2026-01-01T00:00:03Z"), "c"));
        assertThat(got).containsExactly("a", "b", "c");
    }

    /** A WebSocket exec session seen from the client: stream number + data per message. */
    private static final class Session implements WebSocket.Listener {
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
        final CompletableFuture<String> status = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                String text = new String(message, 1, message.length - 1, StandardCharsets.UTF_8);
                switch (message[0]) {
                    case 1 -> stdout.add(text);
                    case 2 -> stderr.add(text);
                    case 3 -> status.complete(text);
                    default -> { }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }
    }

    private WebSocket connect(String query, String protocol, Session session) throws Exception {
        return f.http.newWebSocketBuilder().subprotocols(protocol)
                .buildAsync(URI.create("ws://127.0.0.1:" + f.port + "/api/v1/namespaces/default/pods/web/exec?" + query),
                        session).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.channel.k8s.io", "v4.channel.k8s.io"})
    void execOverWebSocket(String protocol) throws Exception {
        Session s = new Session();
        WebSocket ws = connect("command=echo&command=hello&container=nginx&stderr=true&stdout=true", protocol, s);
        assertThat(ws.getSubprotocol()).isEqualTo(protocol);
        assertThat(s.stdout.poll(10, TimeUnit.SECONDS)).isEqualTo("hello\n");
        JsonNode status = Kube.JSON.readTree(s.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("status").asText()).isEqualTo("Success");
        assertThat(s.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void nonZeroExitCodeComesAsTheStatusKubectlTurnsIntoItsExitCode() throws Exception {
        Session s = new Session();
        connect("command=sh&command=-c&command=exit%203&stderr=True&stdin=False&stdout=True&tty=False",
                "v4.channel.k8s.io", s);
        assertThat(s.stderr.poll(10, TimeUnit.SECONDS)).isEqualTo("bye\n");
        JsonNode status = Kube.JSON.readTree(s.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.path("message").asText()).isEqualTo("command terminated with non-zero exit code: exit status 3");
        assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("ExitCode");
        assertThat(status.path("details").path("causes").get(0).path("message").asText()).isEqualTo("3");
    }

    @Test
    void stdinUntilTheV5CloseSignal() throws Exception {
        Session s = new Session();
        WebSocket ws = connect("command=cat&stdin=true&stdout=true&stderr=true", "v5.channel.k8s.io", s);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'h', 'i', '\n'}), true).get(5, TimeUnit.SECONDS);
        assertThat(s.stdout.poll(10, TimeUnit.SECONDS)).isEqualTo("hi\n");
        ws.sendBinary(ByteBuffer.wrap(new byte[] {4, '{', '"', 'W', 'i', 'd', 't', 'h', '"', ':', '8', '0', ',', '"', 'H',
                'e', 'i', 'g', 'h', 't', '"', ':', '2', '4', '}'}), true).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0}), true).get(5, TimeUnit.SECONDS);
        JsonNode status = Kube.JSON.readTree(s.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("status").asText()).isEqualTo("Success");
        assertThat(io.resizes).containsExactly("80x24");
    }

    @Test
    void aCommandThatCannotStartIsAnInternalError() throws Exception {
        Session s = new Session();
        connect("command=nosuch&stdout=true", "v5.channel.k8s.io", s);
        JsonNode status = Kube.JSON.readTree(s.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("reason").asText()).isEqualTo("InternalError");
        assertThat(status.path("message").asText()).isEqualTo("Internal error occurred: error executing command in "
                + "container: failed to exec in container: exec: \"nosuch\": executable file not found in $PATH");
    }

    @Test
    void execWithoutARuntimeReportsTheContainerIsMissing() throws Exception {
        f.server.setPodIO(PodIO.NONE);
        Session s = new Session();
        connect("command=ls&stdout=true", "v5.channel.k8s.io", s);
        JsonNode status = Kube.JSON.readTree(s.status.get(10, TimeUnit.SECONDS));
        assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
        assertThat(status.path("message").asText()).isEqualTo("container not found (\"nginx\")");
    }

    @Test
    void theClientGoingAwayTerminatesTheCommand() throws Exception {
        Session s = new Session();
        WebSocket ws = connect("command=cat&stdin=true&stdout=true", "v5.channel.k8s.io", s);
        ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        s.closed.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100 && !io.terminated; i++) {
            Thread.sleep(50);
        }
        assertThat(io.terminated).isTrue();
    }
}
