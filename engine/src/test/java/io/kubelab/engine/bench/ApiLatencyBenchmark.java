package io.kubelab.engine.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.server.ApiServer;
import io.kubelab.engine.server.PodIO;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the API server as kubectl meets it: {@code kubectl get pods} in a namespace of 3,000
 * pods and a create/delete loop, p50 and p99, each beside a baseline measured in the same run
 * ({@code GET /version}, the cheapest request; and for the real kubectl, {@code kubectl version
 * --client}, which is the process's own start-up with no request at all).
 *
 * <p>Run (see docs/benchmarks.md):
 * {@code ./mvnw -B -q -pl engine -am test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-cp %classpath io.kubelab.engine.bench.ApiLatencyBenchmark 3000 [kubectl]"}
 */
public final class ApiLatencyBenchmark {
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
            + "g=meta.k8s.io,application/json";

    private ApiLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String kubectl = args.length > 1 ? args[1] : null;
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            ApiServer server = new ApiServer(cluster.api(), PodIO.NONE);
            int port = server.start("127.0.0.1", 0);
            String base = "http://127.0.0.1:" + port;
            try {
                run(cluster, base, pods, kubectl);
            } finally {
                server.close();
            }
        }
    }

    private static void run(Cluster cluster, String base, int pods, String kubectl) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        cluster.api().create(Kube.YAML.readValue("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n",
                io.fabric8.kubernetes.api.model.Namespace.class), null);
        for (int i = 0; i < pods; i++) {
            cluster.api().create(pod("web-" + i), "bench");
        }
        System.out.printf("%d pods in namespace bench; cores=%d%n", pods, Runtime.getRuntime().availableProcessors());

        // Warm-up: JIT and connection pool, so the figures are the steady state kubectl meets.
        for (int i = 0; i < 200; i++) {
            get(http, base + "/version", "application/json");
            get(http, base + "/api/v1/namespaces/bench/pods?limit=500", TABLE);
        }

        report("baseline GET /version", time(500, () -> get(http, base + "/version", "application/json")));
        report("GET pods (Table, limit=500, as kubectl get pods)", time(200,
                () -> get(http, base + "/api/v1/namespaces/bench/pods?limit=500", TABLE)));
        report("GET pods (all " + pods + " as JSON, as kubectl get pods -o json)", time(100,
                () -> get(http, base + "/api/v1/namespaces/bench/pods", "application/json")));

        String body = Kube.toJson(pod("loop"));
        long[] create = new long[500];
        long[] delete = new long[500];
        for (int i = 0; i < create.length; i++) {
            long t0 = System.nanoTime();
            send(http, "POST", base + "/api/v1/namespaces/bench/pods", body, 201);
            long t1 = System.nanoTime();
            send(http, "DELETE", base + "/api/v1/namespaces/bench/pods/loop", null, 200);
            long t2 = System.nanoTime();
            create[i] = t1 - t0;
            delete[i] = t2 - t1;
        }
        report("create pod (POST)", create);
        report("delete pod (DELETE)", delete);

        if (kubectl != null) {
            Path home = Files.createTempDirectory("kubelab-bench");
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: kubelab\n  cluster:\n    server: "
                    + base + "\ncontexts:\n- name: kubelab\n  context:\n    cluster: kubelab\n    user: kubelab\n"
                    + "current-context: kubelab\nusers:\n- name: kubelab\n  user: {}\n");
            kubectl(kubectl, home, kubeconfig, "get", "pods", "-n", "bench"); // discovery cache
            report("baseline kubectl version --client (process only)",
                    time(30, () -> kubectl(kubectl, home, kubeconfig, "version", "--client")));
            report("kubectl get pods -n bench (" + pods + " pods)",
                    time(30, () -> kubectl(kubectl, home, kubeconfig, "get", "pods", "-n", "bench")));
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec().build();
    }

    interface Action {
        void run() throws Exception;
    }

    private static long[] time(int n, Action action) throws Exception {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            action.run();
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-55s n=%4d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms%n", what, s.length,
                s[(int) Math.floor(0.50 * (s.length - 1))] / 1e6, s[(int) Math.ceil(0.99 * (s.length - 1))] / 1e6,
                s[s.length - 1] / 1e6);
    }

    private static void get(HttpClient http, String url, String accept) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }

    private static void send(HttpClient http, String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static void kubectl(String kubectl, Path home, Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null"));
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed");
        }
    }

}
