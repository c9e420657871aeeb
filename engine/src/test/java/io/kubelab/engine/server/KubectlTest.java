package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code kubectl} against the API server, command by command, for every kubectl found:
 * the paths in {@code KUBELAB_KUBECTL} (system property or environment variable, separated by
 * {@code :} or {@code ,}) and {@code /usr/bin/kubectl} when present. CI unpacks Debian's
 * kubectl 1.20 ({@code apt-get download kubernetes-client && dpkg -x}) and lists it there.
 *
 * <p>Each kubectl gets its own server and cluster, a temporary {@code HOME} and discovery cache.
 * Until the controllers, the scheduler and the kubelet are wired in, nothing runs pods: the API
 * surface is what is tested; a fake runtime answers {@code logs} and {@code exec}.
 */
@Tag("kubectl")
public class KubectlTest {
    private static final Pattern VERSION = Pattern.compile("v1\\.(\\d+)\\.\\d+");

    /** The kubectl binaries to test with (the console's parity tests compare against the same ones). */
    public static List<String> kubectls() {
        Set<String> found = new LinkedHashSet<>();
        String listed = System.getProperty("KUBELAB_KUBECTL", System.getenv("KUBELAB_KUBECTL"));
        if (listed != null) {
            for (String p : listed.split("[:,]")) {
                if (p.isBlank()) {
                    continue;
                }
                // A relative path may be meant from the repository root: tests run in the module folder.
                for (Path candidate : List.of(Path.of(p.trim()), Path.of("..").resolve(p.trim()))) {
                    if (Files.isExecutable(candidate)) {
                        found.add(candidate.toAbsolutePath().normalize().toString());
                        break;
                    }
                }
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            found.add("/usr/bin/kubectl");
        }
        return new ArrayList<>(found);
    }

    @TestFactory
    List<DynamicNode> kubectlCommands() {
        List<String> binaries = kubectls();
        Assumptions.assumeFalse(binaries.isEmpty(), "no kubectl found: list kubectl binaries in KUBELAB_KUBECTL "
                + "(e.g. target/kubectl-1.20/usr/bin/kubectl) or install one at /usr/bin/kubectl");
        List<DynamicNode> nodes = new ArrayList<>();
        for (String binary : binaries) {
            nodes.add(DynamicContainer.dynamicContainer(binary, new Session(binary).steps()));
        }
        return nodes;
    }

    /** One kubectl binary against its own server. */
    private static final class Session {
        final String kubectl;
        FakePodIO io;
        ServerFixture f;
        Path home;
        Path kubeconfig;
        int minor;

        Session(String kubectl) {
            this.kubectl = kubectl;
        }

        record Result(int code, String out, String err) {
            @Override
            public String toString() {
                return "rc=" + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
            }
        }

        Result run(String stdin, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(),
                    "--cache-dir", home.resolve("cache").toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("HOME", home.toString());
            pb.environment().remove("KUBECONFIG");
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
            }
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        }

        Result ok(String... args) throws Exception {
            Result r = run(null, args);
            assertThat(r.code()).as(r.toString()).isZero();
            return r;
        }

        private DynamicTest step(String commandLine, Executable body) {
            return DynamicTest.dynamicTest("kubectl " + commandLine, () -> {
                body.execute();
                // A readable record of what passed with which kubectl (surefire's XML only numbers dynamic tests).
                System.out.println("PASS kubectl 1." + minor + " (" + kubectl + "): kubectl " + commandLine);
            });
        }

        List<DynamicNode> steps() {
            List<DynamicNode> steps = new ArrayList<>();
            steps.add(step("version", () -> {
                io = new FakePodIO();
                f = new ServerFixture(io);
                home = Files.createTempDirectory("kubectl-home");
                kubeconfig = home.resolve("kubeconfig");
                Files.writeString(kubeconfig, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - cluster:
                            server: %s
                          name: kubelab
                        contexts:
                        - context:
                            cluster: kubelab
                            user: kubelab
                          name: kubelab
                        current-context: kubelab
                        users:
                        - name: kubelab
                          user: {}
                        """.formatted(f.base()));
                Files.writeString(home.resolve("deploy.yaml"), """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: nginx-deployment
                        spec:
                          replicas: 3
                          selector:
                            matchLabels:
                              run: my-nginx
                          template:
                            metadata:
                              labels:
                                run: my-nginx
                            spec:
                              containers:
                              - name: nginx
                                image: nginx:1.24
                                ports:
                                - containerPort: 80
                        """);
                Files.writeString(home.resolve("svc.yaml"), """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: my-nginx
                          labels:
                            run: my-nginx
                        spec:
                          type: NodePort
                          ports:
                          - port: 80
                            protocol: TCP
                          selector:
                            run: my-nginx
                        """);
                f.addNode("minikube", "192.168.49.2");
                f.post("/api/v1/namespaces/default/pods", ServerFixture.pod("web", "minikube"));
                io.log(Instant.parse("2026-01-01T00:00:01Z"), "nginx: starting");
                Result r = ok("version");
                Matcher client = VERSION.matcher(r.out());
                assertThat(client.find()).as(r.toString()).isTrue();
                minor = Integer.parseInt(client.group(1));
                assertThat(r.out()).contains("v1.31.4");
            }));
            steps.add(step("get nodes", () -> {
                Result r = ok("get", "nodes");
                assertThat(r.out()).containsPattern("NAME\\s+STATUS\\s+ROLES\\s+AGE\\s+VERSION\\n")
                        .containsPattern("minikube\\s+Ready\\s+<none>\\s+\\d+s\\s+v1\\.31\\.4");
            }));
            steps.add(step("api-resources", () -> {
                Result r = ok("api-resources");
                assertThat(r.out()).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                        .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                        .containsPattern("services\\s+svc\\s+v1\\s+true\\s+Service");
            }));
            steps.add(step("create -f deploy.yaml", () -> assertThat(ok("create", "-f",
                    home.resolve("deploy.yaml").toString()).out().strip())
                    .isEqualTo("deployment.apps/nginx-deployment created")));
            steps.add(step("create -f svc.yaml", () -> assertThat(ok("create", "-f",
                    home.resolve("svc.yaml").toString()).out().strip()).isEqualTo("service/my-nginx created")));
            steps.add(step("get deployments", () -> {
                Result r = ok("get", "deployments");
                assertThat(r.out()).containsPattern("^NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\n")
                        .containsPattern("nginx-deployment\\s+0/3\\s+0\\s+0\\s+\\d+s");
            }));
            steps.add(step("get po", () -> {
                Result r = ok("get", "po");
                assertThat(r.out()).containsPattern("^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n")
                        .containsPattern("web\\s+0/2\\s+Pending\\s+0\\s+\\d+s");
            }));
            steps.add(step("get pods -o wide", () -> assertThat(ok("get", "pods", "-o", "wide").out())
                    .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+"
                            + "READINESS GATES")
                    .containsPattern("web\\s+0/2\\s+Pending\\s+0\\s+\\d+s\\s+<none>\\s+minikube\\s+<none>\\s+<none>")));
            steps.add(step("get svc", () -> {
                Result r = ok("get", "svc");
                assertThat(r.out()).containsPattern("^NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE\\n")
                        .containsPattern("kubernetes\\s+ClusterIP\\s+10\\.0\\.0\\.1\\s+<none>\\s+443/TCP")
                        .containsPattern("my-nginx\\s+NodePort\\s+10\\.0\\.0\\.\\d+\\s+<none>\\s+80:3\\d{4}/TCP");
            }));
            steps.add(step("get all", () -> assertThat(ok("get", "all").out())
                    .contains("pod/web").contains("service/kubernetes").contains("service/my-nginx")
                    .contains("deployment.apps/nginx-deployment")));
            steps.add(step("describe deployment nginx-deployment", () -> {
                Result r = ok("describe", "deployment", "nginx-deployment");
                assertThat(r.out()).containsPattern("Name:\\s+nginx-deployment\\n")
                        .containsPattern("Namespace:\\s+default\\n")
                        .containsPattern("Selector:\\s+run=my-nginx\\n")
                        .containsPattern("Replicas:\\s+3 desired \\| 0 updated \\| 0 total \\| 0 available")
                        .containsPattern("StrategyType:\\s+RollingUpdate")
                        .containsPattern("Image:\\s+nginx:1.24");
            }));
            steps.add(step("describe svc my-nginx", () -> assertThat(ok("describe", "svc", "my-nginx").out())
                    .containsPattern("Type:\\s+NodePort").containsPattern("Endpoints:\\s+<none>")));
            steps.add(step("describe node minikube", () -> assertThat(ok("describe", "node", "minikube").out())
                    .containsPattern("Name:\\s+minikube\\n").containsPattern("Ready\\s+True")
                    .contains("Non-terminated Pods:").containsPattern("default\\s+web")));
            steps.add(step("describe pod web", () -> assertThat(ok("describe", "pod", "web").out())
                    .containsPattern("Name:\\s+web\\n").containsPattern("Node:\\s+minikube")
                    .containsPattern("Status:\\s+Pending")));
            steps.add(step("get deployments x", () -> {
                Result r = run(null, "get", "deployments", "x");
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.err().strip()).isEqualTo("Error from server (NotFound): deployments.apps \"x\" not found");
            }));
            steps.add(step("create -f svc.yaml (again)", () -> {
                Result r = run(null, "create", "-f", home.resolve("svc.yaml").toString());
                assertThat(r.code()).isEqualTo(1);
                assertThat(r.err()).contains("Error from server (AlreadyExists)").contains("services \"my-nginx\" already exists");
            }));
            steps.add(step("apply -f app.yaml (created, unchanged, configured)", () -> {
                Path app = home.resolve("app.yaml");
                String manifest = Files.readString(home.resolve("deploy.yaml")).replace("nginx-deployment", "web-app");
                Files.writeString(app, manifest);
                assertThat(ok("apply", "-f", app.toString()).out().strip()).isEqualTo("deployment.apps/web-app created");
                assertThat(ok("apply", "-f", app.toString()).out().strip()).isEqualTo("deployment.apps/web-app unchanged");
                Files.writeString(app, manifest.replace("replicas: 3", "replicas: 2").replace("nginx:1.24", "nginx:1.25"));
                assertThat(ok("apply", "-f", app.toString()).out().strip()).isEqualTo("deployment.apps/web-app configured");
                Deployment d = f.cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "web-app");
                assertThat(d.getSpec().getReplicas()).isEqualTo(2);
                // The strategic merge patch kept the container's port.
                assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).hasSize(1);
                assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
            }));
            steps.add(step("scale deployment nginx-deployment --replicas=5", () -> {
                assertThat(ok("scale", "deployment", "nginx-deployment", "--replicas=5").out().strip())
                        .isEqualTo("deployment.apps/nginx-deployment scaled");
                Deployment d = f.cluster.api().get(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
                assertThat(d.getSpec().getReplicas()).isEqualTo(5);
            }));
            steps.add(step("set image deployment/nginx-deployment nginx=nginx:1.25", () -> {
                assertThat(ok("set", "image", "deployment/nginx-deployment", "nginx=nginx:1.25").out().strip())
                        .isEqualTo("deployment.apps/nginx-deployment image updated");
            }));
            steps.add(step("get deployment nginx-deployment -o yaml", () -> assertThat(
                    ok("get", "deployment", "nginx-deployment", "-o", "yaml").out())
                    .contains("kind: Deployment").contains("replicas: 5").contains("image: nginx:1.25")));
            steps.add(step("get deployment nginx-deployment -o json", () -> {
                var json = Kube.JSON.readTree(ok("get", "deployment", "nginx-deployment", "-o", "json").out());
                assertThat(json.path("spec").path("replicas").asInt()).isEqualTo(5);
                assertThat(json.path("metadata").path("generation").asInt()).isEqualTo(3);
            }));
            steps.add(step("get deployments -o name", () -> assertThat(ok("get", "deployments", "-o", "name").out()
                    .lines().toList()).containsExactly("deployment.apps/nginx-deployment", "deployment.apps/web-app")));
            steps.add(step("get pods -A --show-labels", () -> assertThat(ok("get", "pods", "-A", "--show-labels").out())
                    .containsPattern("default\\s+web\\s+0/2\\s+Pending\\s+0\\s+\\d+s\\s+app=web")));
            steps.add(step("get deployments -w", this::watch));
            steps.add(step("logs web -c nginx", () -> assertThat(ok("logs", "web", "-c", "nginx").out())
                    .isEqualTo("nginx: starting\n")));
            steps.add(step("exec web -c nginx -- echo hello from kubelab", () -> assertThat(
                    ok("exec", "web", "-c", "nginx", "--", "echo", "hello", "from", "kubelab").out())
                    .isEqualTo("hello from kubelab\n")));
            steps.add(step("exec web -c nginx -- sh -c 'exit 3'", () -> {
                Result r = run(null, "exec", "web", "-c", "nginx", "--", "sh", "-c", "exit 3");
                assertThat(r.code()).as(r.toString()).isEqualTo(3);
                assertThat(r.err()).contains("bye").contains("command terminated with exit code 3");
            }));
            steps.add(step("exec -i web -c nginx -- cat", () -> {
                Result r = run("typed in\n", "exec", "-i", "web", "-c", "nginx", "--", "cat");
                assertThat(r.code()).as(r.toString()).isZero();
                assertThat(r.out()).isEqualTo("typed in\n");
            }));
            steps.add(step("cluster-info", () -> assertThat(ok("cluster-info").out())
                    .contains("is running at").contains(f.base())));
            steps.add(step("delete deployment nginx-deployment", () -> {
                assertThat(ok("delete", "deployment", "nginx-deployment").out().strip())
                        .isEqualTo("deployment.apps \"nginx-deployment\" deleted");
                Deployment gone = f.cluster.api().find(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment");
                assertThat(gone).isNull();
            }));
            steps.add(step("delete -f svc.yaml", () -> assertThat(ok("delete", "-f", home.resolve("svc.yaml").toString())
                    .out().strip()).isEqualTo("service \"my-nginx\" deleted")));
            steps.add(step("delete pod web --wait=false", () -> assertThat(ok("delete", "pod", "web", "--wait=false")
                    .out().strip()).isEqualTo("pod \"web\" deleted")));
            steps.add(DynamicTest.dynamicTest("(stop the server)", () -> {
                if (f != null) {
                    f.close();
                }
            }));
            return steps;
        }

        /** {@code kubectl get deployments -w}: the list, then one row per change, until it is stopped. */
        private void watch() throws Exception {
            List<String> command = List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
                    home.resolve("cache").toString(), "get", "deployments", "-w");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("HOME", home.toString());
            pb.environment().remove("KUBECONFIG");
            Process p = pb.start();
            StringBuffer out = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (InputStream in = p.getInputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process was stopped
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                assertThat(waitFor(out, "web-app")).as(out.toString()).isTrue();
                f.patch("/apis/apps/v1/namespaces/default/deployments/web-app/scale", "application/merge-patch+json",
                        "{\"spec\":{\"replicas\":7}}");
                assertThat(waitFor(out, "0/7")).as(out.toString()).isTrue();
                assertThat(out.toString()).containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
                        .containsPattern("web-app\\s+0/7\\s+0\\s+0\\s+\\d+s");
                assertThat(p.isAlive()).as("the watch stays open").isTrue();
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static boolean waitFor(StringBuffer out, String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (out.indexOf(text) >= 0) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }
    }
}
