package io.kubelab.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Watch streams: start resourceVersions, selectors on events, tables, timeouts, many watchers. */
class WatchTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** A watch read line by line on a background thread. */
    private final class Stream implements AutoCloseable {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final CompletableFuture<HttpResponse<InputStream>> response;
        volatile boolean ended;

        Stream(String path, String accept) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path));
            if (accept != null) {
                b.header("Accept", accept);
            }
            response = f.http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.get().body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // closed
                } finally {
                    ended = true;
                }
            });
            t.setDaemon(true);
            t.start();
        }

        JsonNode next() throws Exception {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a watch event").isNotNull();
            return Kube.JSON.readTree(line);
        }

        void assertQuiet() throws Exception {
            assertThat(lines.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }

        @Override
        public void close() {
            response.thenAccept(r -> {
                try {
                    r.body().close();
                } catch (Exception ignored) {
                    // gone
                }
            });
        }
    }

    private static String type(JsonNode e) {
        return e.path("type").asText();
    }

    private static String name(JsonNode e) {
        return e.path("object").path("metadata").path("name").asText();
    }

    private ConfigMap cm(String name, String app) {
        return f.cluster.api().create(new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("app", app)
                .endMetadata().addToData("v", "0").build(), "default");
    }

    private void relabel(String name, String app) {
        f.cluster.api().modify(ResourceTypes.CONFIGMAPS, "default", name, (ConfigMap c) -> {
            c.getMetadata().getLabels().put("app", app);
            return c;
        }, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"watch=true", "watch=True", "watch=1", "watch=t"})
    void withoutResourceVersionExistingObjectsComeAsAddedThenLiveChanges(String watch) throws Exception {
        cm("a", "web");
        try (Stream s = new Stream("/api/v1/namespaces/default/configmaps?" + watch, null)) {
            JsonNode first = s.next();
            assertThat(type(first)).isEqualTo("ADDED");
            assertThat(name(first)).isEqualTo("a");
            relabel("a", "db");
            JsonNode modified = s.next();
            assertThat(type(modified)).isEqualTo("MODIFIED");
            assertThat(modified.path("object").path("metadata").path("labels").path("app").asText()).isEqualTo("db");
            f.cluster.api().delete(ResourceTypes.CONFIGMAPS, "default", "a", null);
            assertThat(type(s.next())).isEqualTo("DELETED");
        }
    }

    @Test
    void fromAResourceVersionOnlyLaterChanges() throws Exception {
        cm("a", "web");
        ConfigMap b = cm("b", "web");
        cm("c", "web");
        try (Stream s = new Stream("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
                + b.getMetadata().getResourceVersion(), null)) {
            JsonNode e = s.next();
            assertThat(type(e)).isEqualTo("ADDED");
            assertThat(name(e)).isEqualTo("c");
            s.assertQuiet();
        }
    }

    @Test
    void namespaceScopedWatchSeesOnlyItsNamespace() throws Exception {
        f.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"dev\"}}");
        try (Stream s = new Stream("/api/v1/namespaces/dev/configmaps?watch=true", null);
             Stream all = new Stream("/api/v1/configmaps?watch=true", null)) {
            cm("in-default", "web");
            f.cluster.api().create(new ConfigMapBuilder().withNewMetadata().withName("in-dev").endMetadata().build(), "dev");
            assertThat(name(s.next())).isEqualTo("in-dev");
            assertThat(name(all.next())).isEqualTo("in-default");
            assertThat(name(all.next())).isEqualTo("in-dev");
            s.assertQuiet();
        }
    }

    @Test
    void labelSelectorOnEventsIncludingObjectsThatStartOrStopMatching() throws Exception {
        cm("a", "web");
        cm("b", "db");
        try (Stream s = new Stream("/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dweb", null)) {
            assertThat(name(s.next())).isEqualTo("a");
            s.assertQuiet();
            relabel("b", "web");
            JsonNode in = s.next();
            assertThat(type(in)).isEqualTo("ADDED");
            assertThat(name(in)).isEqualTo("b");
            relabel("a", "db");
            JsonNode out = s.next();
            assertThat(type(out)).isEqualTo("DELETED");
            assertThat(name(out)).isEqualTo("a");
            relabel("a", "cache");
            s.assertQuiet();
            f.cluster.api().delete(ResourceTypes.CONFIGMAPS, "default", "a", null);
            s.assertQuiet();
            f.cluster.api().delete(ResourceTypes.CONFIGMAPS, "default", "b", null);
            assertThat(type(s.next())).isEqualTo("DELETED");
        }
    }

    @Test
    void resumedWatchWithASelectorKnowsTheObjectsMatchingAtItsStart() throws Exception {
        ConfigMap a = cm("a", "web");
        try (Stream s = new Stream("/api/v1/namespaces/default/configmaps?watch=true&labelSelector=app%3Dweb"
                + "&resourceVersion=" + a.getMetadata().getResourceVersion(), null)) {
            s.assertQuiet();
            relabel("a", "db");
            assertThat(type(s.next())).isEqualTo("DELETED");
        }
    }

    @Test
    void fieldSelectorOfRolloutStatusAndDeleteWait() throws Exception {
        cm("a", "web");
        cm("b", "web");
        try (Stream s = new Stream("/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&fieldSelector="
                + "metadata.name%3Db&watch=true&timeoutSeconds=300", null)) {
            assertThat(name(s.next())).isEqualTo("b");
            relabel("a", "x");
            relabel("b", "x");
            JsonNode e = s.next();
            assertThat(type(e)).isEqualTo("MODIFIED");
            assertThat(name(e)).isEqualTo("b");
        }
    }

    @Test
    void tableWatchOfKubectlGetW() throws Exception {
        f.post("/apis/apps/v1/namespaces/default/deployments", ServerFixture.DEPLOYMENT);
        JsonNode list = f.getTable("/apis/apps/v1/namespaces/default/deployments?limit=500").json();
        String rv = list.path("metadata").path("resourceVersion").asText();
        try (Stream s = new Stream("/apis/apps/v1/namespaces/default/deployments?resourceVersion=" + rv + "&watch=true",
                ServerFixture.TABLE)) {
            f.patch("/apis/apps/v1/namespaces/default/deployments/nginx-deployment/scale", "application/merge-patch+json",
                    "{\"spec\":{\"replicas\":5}}");
            JsonNode first = s.next();
            assertThat(type(first)).isEqualTo("MODIFIED");
            JsonNode table = first.path("object");
            assertThat(table.path("kind").asText()).isEqualTo("Table");
            assertThat(table.path("columnDefinitions")).hasSize(8);
            assertThat(table.path("rows")).hasSize(1);
            assertThat(table.path("rows").get(0).path("cells").get(1).asText()).isEqualTo("0/5");
            assertThat(table.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
            assertThat(table.path("metadata").path("resourceVersion").asText()).isNotEqualTo(rv);
            f.delete("/apis/apps/v1/namespaces/default/deployments/nginx-deployment", null);
            JsonNode deleted = s.next();
            assertThat(type(deleted)).isEqualTo("DELETED");
            assertThat(deleted.path("object").path("columnDefinitions").isNull()).isTrue();
            assertThat(deleted.path("object").path("rows").get(0).path("cells").get(0).asText())
                    .isEqualTo("nginx-deployment");
        }
    }

    @Test
    void timeoutSecondsEndsTheStreamAndTheConnectionIsReused() throws Exception {
        long start = System.nanoTime();
        ServerFixture.Response r = f.get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body()).isEmpty();
        assertThat(millis).isBetween(900L, 10_000L);
        assertThat(f.get("/version").code()).isEqualTo(200);
    }

    /**
     * Many watchers, many changes: every watcher gets every event, in order, none twice. (The full
     * benchmark, 200 watchers and 10,000 changes, runs elsewhere; this is its small brother.)
     */
    @Test
    void manyWatchersMissNothing() throws Exception {
        // -Dkubelab.watchers=200 -Dkubelab.changes=10000 runs the full-size case.
        int watchers = Integer.getInteger("kubelab.watchers", 100);
        int changes = Integer.getInteger("kubelab.changes", 1000);
        cm("counter", "web");
        long startRv = f.cluster.store().revision();
        CountDownLatch done = new CountDownLatch(watchers);
        List<AtomicReference<String>> failures = new ArrayList<>();
        List<CompletableFuture<?>> responses = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(watchers);
        for (int w = 0; w < watchers; w++) {
            AtomicReference<String> failure = new AtomicReference<>();
            failures.add(failure);
            AtomicLong lastRv = new AtomicLong(startRv);
            AtomicLong seen = new AtomicLong();
            HttpRequest req = HttpRequest.newBuilder(URI.create(f.base()
                    + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + startRv)).build();
            responses.add(f.http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    connected.countDown();
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    try {
                        // Cheaper than parsing: the object's resourceVersion is the only one in the line.
                        int at = line.indexOf("\"resourceVersion\":\"") + 19;
                        long rv = Long.parseLong(line.substring(at, line.indexOf('"', at)));
                        if (rv != lastRv.get() + 1) {
                            failure.compareAndSet(null, "after " + lastRv.get() + " came " + rv);
                        }
                        lastRv.set(rv);
                        if (seen.incrementAndGet() == changes) {
                            done.countDown();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e.toString());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failure.compareAndSet(null, t.toString());
                }

                @Override
                public void onComplete() {
                }
            })));
        }
        assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
        // Each watch starts at startRv: changes made before its registration come from the store's history.
        for (int i = 1; i <= changes; i++) {
            int value = i;
            f.cluster.api().modify(ResourceTypes.CONFIGMAPS, "default", "counter", (ConfigMap c) -> {
                c.getData().put("v", Integer.toString(value));
                return c;
            }, false);
        }
        assertThat(done.await(Math.max(120, changes / 10), TimeUnit.SECONDS)).as("every watcher got all %d events", changes).isTrue();
        for (AtomicReference<String> failure : failures) {
            assertThat(failure.get()).isNull();
        }
        responses.forEach(r -> r.cancel(true));
    }
}
