package io.kubelab.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelab.engine.model.Kube;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    private static final Pattern LISTENING =
            Pattern.compile("Kubelab API server listening on (http://127\\.0\\.0\\.1:\\d+) \\(kubeconfig: (.+)\\)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A {@code kubelab serve} running on its own thread. */
    private static final class Serving {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final ServeCommand serve;
        final CompletableFuture<Integer> exit;

        Serving(String... args) {
            CommandLine cli = new CommandLine(new KubelabCommand(a -> { }, args));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            serve = cli.getSubcommands().get("serve").getCommand();
            serve.handleSignals = false;
            exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
        }

        Matcher awaitListening() throws Exception {
            for (int i = 0; i < 600; i++) {
                Matcher m = LISTENING.matcher(out.toString());
                if (m.find()) {
                    return m;
                }
                if (exit.isDone()) {
                    throw new AssertionError("serve ended: " + exit.get() + " " + err);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("serve did not start: " + out + err);
        }

        int stop() throws Exception {
            serve.requestStop();
            return exit.get(30, TimeUnit.SECONDS);
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void servesWritesAKubeconfigPrintsOneLineAndKeepsStateAcrossRestarts(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        Serving first = new Serving("serve", "--port", "0", "--state", state.toString(), "--nodes", "1");
        Matcher m = first.awaitListening();
        String url = m.group(1);
        assertThat(Path.of(m.group(2))).isEqualTo(state.resolve("kubeconfig").toAbsolutePath());
        assertThat(first.out.toString().lines().count()).isEqualTo(1);
        assertThat(Kube.JSON.readTree(get(url + "/version")).path("gitVersion").asText()).isEqualTo("v1.31.4");

        JsonNode config = Kube.YAML.readTree(state.resolve("kubeconfig").toFile());
        assertThat(config.path("current-context").asText()).isEqualTo("kubelab");
        assertThat(config.path("clusters").get(0).path("cluster").path("server").asText()).isEqualTo(url);
        assertThat(config.path("contexts").get(0).path("context").path("user").asText()).isEqualTo("kubelab");

        assertThat(post(url + "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"kept\"}}"))
                .isEqualTo(201);

        // The same state folder cannot be served twice.
        StringWriter err = new StringWriter();
        int second = KubelabCommand.execute(new String[] {"serve", "--port", "0", "--state", state.toString()},
                a -> { }, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(second).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("kubelab: the state folder " + state + " is in use by another "
                + "Kubelab; stop it first or choose another --state folder");

        assertThat(first.stop()).isZero();

        Serving again = new Serving("serve", "--port", "0", "--state", state.toString());
        String url2 = again.awaitListening().group(1);
        assertThat(get(url2 + "/api/v1/namespaces/default/configmaps/kept")).contains("\"name\":\"kept\"");
        assertThat(again.stop()).isZero();
    }

    @Test
    void aPortInUseIsAClearMessage(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            StringWriter err = new StringWriter();
            int rc = KubelabCommand.execute(new String[] {"serve", "--port", Integer.toString(port),
                    "--kubeconfig", dir.resolve("k").toString()}, a -> { },
                    new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            assertThat(rc).isEqualTo(1);
            assertThat(err.toString()).contains("kubelab: cannot listen on 127.0.0.1:" + port + ": the port is in use");
            assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** As root: a real cluster behind the API; stopping it (as SIGTERM does) leaves no namespace or node folder. */
    @Test
    @org.junit.jupiter.api.Tag("root")
    void theLinuxRuntimeServesARealClusterAndLeavesNothing(@TempDir Path dir) throws Exception {
        try {
            io.kubelab.linux.runc.HostCheck.require();
        } catch (io.kubelab.linux.runc.RealModeUnavailableException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
        }
        Serving serving = new Serving("serve", "--runtime", "linux", "--nodes", "2", "--port", "0",
                "--kubeconfig", dir.resolve("kubeconfig").toString(), "--linux-dir", dir.resolve("linux").toString());
        String url = serving.awaitListening().group(1);
        Matcher real = Pattern.compile("network namespaces kubelab-([a-z0-9]+)-<node>").matcher(serving.out.toString());
        assertThat(real.find()).as(serving.out.toString()).isTrue();
        String id = real.group(1);
        assertThat(io.kubelab.linux.net.Cleanup.netnsOf(id))
                .containsExactlyInAnyOrder("kubelab-" + id + "-wire", "kubelab-" + id + "-minikube", "kubelab-" + id + "-minikube-m02");
        for (int i = 0; i < 200 && !get(url + "/api/v1/nodes").contains("runc://"); i++) {
            Thread.sleep(50);
        }
        assertThat(get(url + "/api/v1/nodes")).contains("\"containerRuntimeVersion\":\"runc://");

        assertThat(serving.stop()).isZero();
        assertThat(io.kubelab.linux.net.Cleanup.netnsOf(id)).isEmpty();
        assertThat(dir.resolve("linux").resolve("nodes").resolve(id)).doesNotExist();
    }

    @Test
    void withoutRootTheLinuxRuntimeSaysWhy() {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.kubelab.linux.runc.HostCheck.isRoot(),
                "skipped: as root, --runtime linux starts a real cluster (the root tests of linux-runtime cover it)");
        StringWriter err = new StringWriter();
        int rc = KubelabCommand.execute(new String[] {"serve", "--runtime", "linux"}, a -> { },
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).startsWith("kubelab: real mode needs").doesNotContain("Exception");
    }

    @Test
    void anExistingKubeconfigIsMergedNotReplaced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster: {server: https://prod.example.com}
                  name: prod
                contexts:
                - context: {cluster: prod, user: admin}
                  name: prod
                current-context: prod
                users:
                - name: admin
                  user: {token: secret}
                """);
        Kubeconfig.write(file, "http://127.0.0.1:6443");
        Kubeconfig.write(file, "http://127.0.0.1:7000");
        JsonNode config = Kube.YAML.readTree(file.toFile());
        assertThat(config.path("clusters")).hasSize(2);
        assertThat(config.path("clusters").get(1).path("cluster").path("server").asText()).isEqualTo("http://127.0.0.1:7000");
        assertThat(config.path("users").get(0).path("user").path("token").asText()).isEqualTo("secret");
        assertThat(config.path("current-context").asText()).isEqualTo("kubelab");
    }

    @Test
    void noArgumentsOpensTheAppAndHelpAndVersionDoNot() {
        AtomicBoolean opened = new AtomicBoolean();
        StringWriter out = new StringWriter();
        assertThat(KubelabCommand.execute(new String[] {}, a -> opened.set(true), new PrintWriter(out, true),
                new PrintWriter(new StringWriter()))).isZero();
        assertThat(opened).isTrue();
        opened.set(false);
        assertThat(KubelabCommand.execute(new String[] {"--version"}, a -> opened.set(true), new PrintWriter(out, true),
                new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString()).contains("Kubernetes API v1.31.4");
        assertThat(KubelabCommand.execute(new String[] {"--help"}, a -> opened.set(true), new PrintWriter(out, true),
                new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString()).contains("Usage: kubelab").contains("serve");
        assertThat(opened).isFalse();
        assertThat(KubelabCommand.execute(new String[] {"serve", "--bogus"}, a -> { }, new PrintWriter(out, true),
                new PrintWriter(new StringWriter()))).isEqualTo(2);
    }

    @Test
    void defaultKubeconfigPath() {
        assertThat(Kubeconfig.defaultPath(Path.of("/var/lib/kubelab"))).isEqualTo(Path.of("/var/lib/kubelab/kubeconfig"));
        assertThat(Kubeconfig.defaultPath(null).toString()).endsWith("kubelab/kubeconfig");
    }
}
