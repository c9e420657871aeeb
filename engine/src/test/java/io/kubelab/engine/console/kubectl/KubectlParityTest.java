package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.ResourceTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's kubectl against the real one, byte for byte: the deck's cluster (run-my-nginx's
 * Deployment of 2, rolled out, and the NodePort Service on 31000), served over HTTP with its clock
 * stopped; every command line runs through each real kubectl found and through the console, and
 * stdout, stderr and exit code must be equal.
 *
 * <p>The console's kubectl is the newest kubectl's twin. Where Debian's kubectl 1.20 words
 * something differently (cobra's {@code Error:} instead of {@code error:} for a bad flag, the
 * {@code get} usage error), those lines are only compared with kubectls from 1.30 on.
 */
@Tag("kubectl")
class KubectlParityTest {
    private static final Pattern MINOR = Pattern.compile("Client Version: (?:version.Info\\{Major:\"1\", Minor:\"|v1\\.)(\\d+)");

    private static final List<Parity> OPEN = new ArrayList<>();

    @AfterAll
    static void closeClusters() {
        OPEN.forEach(Parity::close);
        OPEN.clear();
    }

    static Parity open(Parity p) {
        OPEN.add(p);
        return p;
    }

    /**
     * The kubectl binaries to compare with, found as {@code server/KubectlTest} finds them: the paths in
     * {@code KUBELAB_KUBECTL} (system property or environment variable, {@code :} or {@code ,} separated)
     * and {@code /usr/bin/kubectl}.
     */
    static List<String> kubectls() {
        return io.kubelab.engine.server.KubectlTest.kubectls();
    }

    /** The minor version of a kubectl binary ({@code 31} for v1.31.9). */
    static int minor(Parity p, String kubectl) {
        Parity.Result r = p.real(kubectl, "kubectl version --client");
        Matcher m = MINOR.matcher(r.out());
        if (!m.find()) {
            throw new AssertionError("no version in " + r);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Read-only command lines; {@code %pod} is the first pod's name. Lines only 1.30+ agree on come last. */
    static final List<String> READ_ONLY = List.of(
            "kubectl get po",
            "kubectl get pods -o wide",
            "kubectl get pod %pod",
            "kubectl get deployments",
            "kubectl get deploy -o wide",
            "kubectl get rs",
            "kubectl get rs -o wide",
            "kubectl get svc",
            "kubectl get services -o wide",
            "kubectl get ep",
            "kubectl get all",
            "kubectl get all -o wide",
            "kubectl get deploy,rs,po",
            "kubectl get deploy/nginx-deployment",
            "kubectl get deploy/nginx-deployment svc/my-nginx",
            "kubectl get deployment nginx-deployment -o wide --show-labels",
            "kubectl get po -A",
            "kubectl get all -A",
            "kubectl get po --show-labels",
            "kubectl get po -l run=my-nginx",
            "kubectl get po --selector=run=my-nginx -o name",
            "kubectl get deploy -l run=my-nginx",
            "kubectl get po -l app=none",
            "kubectl get po -A -l app=none",
            "kubectl get po -n kube-system",
            "kubectl get svc -n kube-system",
            "kubectl get po --field-selector=status.phase=Running",
            "kubectl get po --field-selector status.phase=Pending",
            "kubectl get no",
            "kubectl get nodes -o wide",
            "kubectl get ns",
            "kubectl get events",
            "kubectl get ev -A",
            "kubectl get deploy nginx-deployment -o yaml",
            "kubectl get svc my-nginx -o json",
            "kubectl get po %pod -o yaml",
            "kubectl get po -o yaml",
            "kubectl get deploy,svc -o json",
            "kubectl get no minikube -o yaml",
            "kubectl get po -l app=none -o yaml",
            "kubectl get po -l app=none -o json",
            "kubectl get deploy -o name",
            "kubectl get all -o name",
            "kubectl get po -o jsonpath={.items[*].metadata.name}",
            "kubectl get deploy nginx-deployment -o jsonpath={.spec.template}",
            "kubectl get po -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}'",
            "kubectl get svc my-nginx -o jsonpath={.spec.ports[0].nodePort}",
            // one match: kubectls up to 1.32 walk maps in Go's random order, so several matches
            // under maps can come out in any order there (JsonPathTest holds the sorted walk)
            "kubectl get deploy nginx-deployment -o jsonpath={..containerPort}",
            "kubectl get deploy nginx-deployment -o jsonpath='{.status.conditions[?(@.type==\"Available\")].status}'",
            "kubectl get po nope",
            "kubectl get po %pod nope",
            "kubectl get deployments.apps nope",
            "kubectl get nope",
            "kubectl get foo/bar",
            "kubectl get po -o bogus",
            "kubectl get po --ignore-not-found nope",
            "kubectl get po -n nowhere",
            "kubectl api-resources",
            "kubectl api-resources -o name",
            "kubectl api-resources --namespaced=false",
            "kubectl cluster-info",
            "kubectl create -f run-my-nginx.yaml",
            "kubectl create -f nope.yaml",
            "kubectl apply -f nope.yaml",
            "kubectl delete -f nope.yaml",
            "kubectl delete deploy nope",
            "kubectl delete po",
            "kubectl delete",
            "kubectl scale deploy nope --replicas=3",
            "kubectl scale deploy nginx-deployment",
            "kubectl label svc my-nginx run=other",
            "kubectl set image deployment/nginx-deployment foo=nginx:1.25",
            "kubectl create deployment nginx-deployment --image=nginx",
            "kubectl get deploy -o wide --no-headers",
            "kubectl frobnicate",
            "kubectl create -f invalid.yaml",
            "kubectl apply -f invalid.yaml",
            "kubectl create deployment web --image=nginx --replicas=-1",
            "kubectl get deploy,rs -w",
            "kubectl gett po",
            "kubectl lable deploy nginx-deployment a=b",
            // kubectl 1.20 prints cobra's "Error: unknown flag" and a different get usage text.
            "kubectl get po --foo",
            "kubectl version --foo",
            "kubectl get");

    /** Lines compared only with kubectl 1.30 and later (see the class comment). */
    static final Set<String> NEWER_ONLY = Set.of("kubectl get po --foo", "kubectl version --foo", "kubectl get",
            "kubectl get po nope", "kubectl get po %pod nope", "kubectl get deployments.apps nope",
            "kubectl api-resources --namespaced=false", "kubectl create deployment nginx-deployment --image=nginx",
            // 1.20 still prints selfLink: "" in a List's metadata
            "kubectl get po -o yaml", "kubectl get deploy,svc -o json", "kubectl get po -l app=none -o yaml",
            "kubectl get po -l app=none -o json",
            // 1.20: "no name, label selector, or --all flag specified"; NotFound where 1.31 says no objects
            "kubectl delete po", "kubectl scale deploy nope --replicas=3", "kubectl scale deploy nginx-deployment",
            // 1.20: cobra's "Error: unknown command" and a "Run 'kubectl --help' for usage." line
            "kubectl frobnicate", "kubectl gett po", "kubectl lable deploy nginx-deployment a=b");

    /** Mutations where kubectl 1.20 answers differently (it refuses to re-set a label to its value, says labeled). */
    static final Set<String> MUTATIONS_NEWER_ONLY = Set.of("kubectl label deploy nginx-deployment tier=web#2",
            "kubectl label deploy nginx-deployment tier-");

    @TestFactory
    List<DynamicNode> readOnlyCommands() {
        List<String> binaries = kubectls();
        Assumptions.assumeFalse(binaries.isEmpty(), "no kubectl found: list kubectl binaries in KUBELAB_KUBECTL "
                + "or install one at /usr/bin/kubectl");
        Parity[] deck = new Parity[1];
        List<DynamicNode> nodes = new ArrayList<>();
        for (String kubectl : binaries) {
            int[] minor = {0};
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("kubectl version", () -> {
                if (deck[0] == null) {
                    deck[0] = open(Parity.deck());
                }
                minor[0] = minor(deck[0], kubectl);
                Parity.Result real = deck[0].real(kubectl, "kubectl version");
                Parity.Result console = deck[0].console("kubectl version");
                // The real kubectl says its own client version; the console's is the cluster's release.
                assertThat(console.out()).isEqualTo("Client Version: v1.31.4\nKustomize Version: v5.4.2\n"
                        + "Server Version: v1.31.4\n");
                assertThat(real.out()).contains("v1.31.4");
                assertThat(console.code()).isEqualTo(real.code());
            }));
            for (String line : READ_ONLY) {
                tests.add(DynamicTest.dynamicTest(line, () -> {
                    Assumptions.assumeTrue(minor[0] >= 30 || !NEWER_ONLY.contains(line),
                            "kubectl 1." + minor[0] + " words this differently; the console follows kubectl 1.30+");
                    String resolved = line.replace("%pod", firstPod(deck[0]));
                    assertSame(deck[0], kubectl, resolved);
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(kubectl, tests));
        }
        return nodes;
    }

    /**
     * {@code get -w}: the real kubectl and the console watch the same cluster while the deployment
     * is scaled to 3; both must print the same listing and the same rows for every change.
     */
    @TestFactory
    List<DynamicNode> watch() {
        List<String> binaries = kubectls();
        Assumptions.assumeFalse(binaries.isEmpty(), "no kubectl found: list kubectl binaries in KUBELAB_KUBECTL "
                + "or install one at /usr/bin/kubectl");
        List<DynamicNode> nodes = new ArrayList<>();
        for (String kubectl : binaries) {
            for (String line : List.of("kubectl get po -w", "kubectl get deploy --watch -o wide", "kubectl get rs -w --show-labels")) {
                nodes.add(DynamicTest.dynamicTest(kubectl + ": " + line, () -> {
                    try (Parity p = Parity.deck()) {
                        Parity.Watching real = p.startReal(kubectl, line);
                        Parity.Watching console = p.startConsole(line);
                        real.awaitOutput();
                        p.cluster.api().modify(ResourceTypes.DEPLOYMENTS, "default", "nginx-deployment", d -> {
                            ((io.fabric8.kubernetes.api.model.apps.Deployment) d).getSpec().setReplicas(3);
                            return d;
                        }, false);
                        // The API server prints a watch row when it sends it; small steps, each given time to
                        // reach kubectl, keep its AGE that of the event, as the console prints it.
                        real.awaitQuiet(300);
                        for (int i = 0; i < 20; i++) {
                            p.cluster.advance(java.time.Duration.ofMillis(250));
                            real.awaitQuiet(300);
                        }
                        Parity.Result r = real.stopWhenQuiet();
                        Parity.Result c = console.stop();
                        assertThat(r.out()).as("the watch saw changes").contains("\n");
                        assertThat(c.out()).as(line).isEqualTo(r.out());
                        assertThat(c.err()).as(line).isEqualTo(r.err());
                    }
                }));
            }
        }
        return nodes;
    }

    static String firstPod(Parity p) {
        return p.cluster.api().<Pod>list(ResourceTypes.PODS, "default").get(0).getMetadata().getName();
    }

    static void assertSame(Parity p, String kubectl, String line) {
        Parity.Result real = p.real(kubectl, line);
        Parity.Result console = p.console(line);
        assertThat(console.toString()).as(line).isEqualTo(real.toString());
    }

    // ---- commands that change the cluster: two identical clusters, one per kubectl ------------

    /**
     * One mutation step: the real kubectl changes cluster A, the console cluster B (built the same
     * way, same seed), their outputs must be equal, and so must the objects afterwards, read back by
     * the real kubectl from both clusters.
     */
    record Step(String line, List<String> checks, boolean waits) {
        static Step of(String line, String... checks) {
            return new Step(line, List.of(checks), false);
        }

        static Step waiting(String line, String... checks) {
            return new Step(line, List.of(checks), true);
        }
    }

    static final String NGINX_125 = Parity.RUN_MY_NGINX.replace("image: nginx", "image: nginx:1.25")
            .replace("replicas: 2", "replicas: 3");
    static final String WEB_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.25
                ports:
                - containerPort: 80
            """;

    /** run-my-nginx with two env vars and a second port; then one of each; then none (run-my-nginx). */
    static final String NGINX_ENV = Parity.RUN_MY_NGINX.replace("""
                    ports:
                    - containerPort: 80
            """, """
                    env:
                    - name: GREETING
                      value: hello
                    - name: COLOR
                      value: blue
                    ports:
                    - containerPort: 80
                    - containerPort: 443
            """);
    static final String NGINX_ENV_A = NGINX_ENV.replace("""
                    - name: COLOR
                      value: blue
            """, "").replace("""
                    - containerPort: 443
            """, "");
    /** The deck's Service with a second, named port (two ports must be named). */
    static final String SVC_TWO_PORTS = Parity.NGINX_SVC.replace("""
              - port: 80
            """, """
              - name: http
                port: 80
            """).replace("""
                nodePort: 31000
            """, """
                nodePort: 31000
              - name: https
                port: 443
                targetPort: 443
            """);

    static final List<Step> MUTATIONS = List.of(
            Step.of("kubectl scale deploy nginx-deployment --replicas=3", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl get po", "kubectl get rs -o yaml"),
            Step.of("kubectl label deploy nginx-deployment tier=web", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl label deploy nginx-deployment tier=web", "kubectl get deploy --show-labels"),
            Step.of("kubectl label deploy nginx-deployment tier=db"),
            Step.of("kubectl label deploy nginx-deployment tier=db --overwrite", "kubectl get deploy --show-labels"),
            Step.of("kubectl label deploy nginx-deployment tier-", "kubectl get deploy --show-labels"),
            Step.of("kubectl label po -l run=my-nginx env=lab", "kubectl get po --show-labels"),
            Step.of("kubectl annotate svc my-nginx note=hello", "kubectl get svc my-nginx -o yaml"),
            Step.of("kubectl annotate svc my-nginx note=again"),
            Step.of("kubectl annotate svc my-nginx note=again --overwrite", "kubectl get svc my-nginx -o yaml"),
            Step.of("kubectl annotate svc my-nginx note-", "kubectl get svc my-nginx -o yaml"),
            Step.of("kubectl set image deployment/nginx-deployment my-nginx=nginx:1.25",
                    "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl get all", "kubectl get rs -o wide"),
            Step.of("kubectl expose deployment nginx-deployment --port=80 --type=NodePort --name=web",
                    "kubectl get svc web -o yaml"),
            Step.of("kubectl expose deployment nginx-deployment --name=web2", "kubectl get svc web2 -o yaml"),
            Step.of("kubectl run nginx --image=nginx", "kubectl get po nginx -o yaml"),
            Step.of("kubectl run busy --image=busybox --restart=Never --port=8080 --labels=app=busy,tier=x -- sleep 3600",
                    "kubectl get po busy -o yaml"),
            Step.of("kubectl create deployment web --image=nginx:1.25 --replicas=2", "kubectl get deploy web -o yaml"),
            Step.of("kubectl create deployment web --image=nginx"),
            Step.of("kubectl get deploy -o wide", "kubectl get po -o wide"),
            Step.of("kubectl apply -f run-my-nginx.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl apply -f run-my-nginx.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl apply -f nginx-125.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl apply -f web-pod.yaml", "kubectl get po web -o yaml"),
            Step.of("kubectl apply -f web-pod.yaml"),
            // Items of lists merged by key that the last applied manifest had are deleted (three-way patch).
            Step.of("kubectl apply -f nginx-env.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl apply -f nginx-env-a.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl apply -f run-my-nginx.yaml", "kubectl get deploy nginx-deployment -o yaml"),
            Step.of("kubectl create -f web-pod.yaml"),
            Step.of("kubectl delete deploy web", "kubectl get deploy"),
            Step.of("kubectl delete svc web web2", "kubectl get svc"),
            Step.of("kubectl delete -f nginx-svc.yaml", "kubectl get svc"),
            Step.of("kubectl create -f nginx-svc.yaml", "kubectl get svc my-nginx -o yaml"),
            Step.of("kubectl apply -f svc-two-ports.yaml", "kubectl get svc my-nginx -o yaml"),
            Step.of("kubectl apply -f nginx-svc.yaml", "kubectl get svc my-nginx -o yaml"),
            Step.waiting("kubectl delete pod nginx", "kubectl get po"),
            Step.waiting("kubectl delete po/busy web", "kubectl get po"),
            Step.of("kubectl create namespace lab", "kubectl get ns"),
            Step.of("kubectl run nginx --image=nginx -n lab", "kubectl get po -n lab -o yaml"),
            Step.of("kubectl get po -A"));

    @TestFactory
    List<DynamicNode> commandsThatChangeTheCluster() {
        List<String> binaries = kubectls();
        Assumptions.assumeFalse(binaries.isEmpty(), "no kubectl found: list kubectl binaries in KUBELAB_KUBECTL "
                + "or install one at /usr/bin/kubectl");
        List<DynamicNode> nodes = new ArrayList<>();
        for (String kubectl : binaries) {
            Parity[] twins = new Parity[2];
            int[] minor = {0};
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("two identical deck clusters", () -> {
                twins[0] = open(Parity.deck());
                twins[1] = open(Parity.deck());
                for (Parity p : twins) {
                    p.file("nginx-125.yaml", NGINX_125);
                    p.file("web-pod.yaml", WEB_POD);
                    p.file("nginx-env.yaml", NGINX_ENV);
                    p.file("nginx-env-a.yaml", NGINX_ENV_A);
                    p.file("svc-two-ports.yaml", SVC_TWO_PORTS);
                }
                minor[0] = minor(twins[0], kubectl);
                assertThat(twins[0].real(kubectl, "kubectl get all -o yaml").out())
                        .isEqualTo(twins[1].real(kubectl, "kubectl get all -o yaml").out());
            }));
            Set<String> seen = new java.util.HashSet<>();
            for (Step step : MUTATIONS) {
                String key = seen.add(step.line()) ? step.line() : step.line() + "#2";
                tests.add(DynamicTest.dynamicTest(step.line(), () -> {
                    Assumptions.assumeTrue(minor[0] >= 30 || !MUTATIONS_NEWER_ONLY.contains(key),
                            "kubectl 1." + minor[0] + " answers this differently; the console follows kubectl 1.30+");
                    Parity a = twins[0];
                    Parity b = twins[1];
                    Parity.Result real = a.real(kubectl, step.line(), step.waits());
                    Parity.Result console = step.waits() ? b.console(step.line(), java.time.Duration.ofMinutes(2))
                            : b.console(step.line());
                    // Both clusters move on alike: controllers react, the kubelet starts what was created.
                    if (step.waits()) {
                        // The real kubectl's waiting moved cluster A in 100 ms steps; bring B to the same time.
                        java.time.Duration behind = java.time.Duration.between(b.cluster.clock().now(),
                                a.cluster.clock().now());
                        if (!behind.isNegative()) {
                            b.cluster.advance(behind);
                        } else {
                            a.cluster.advance(behind.negated());
                        }
                    }
                    for (Parity p : twins) {
                        p.cluster.advance(java.time.Duration.ofSeconds(5));
                    }
                    assertThat(console.toString()).as(step.line()).isEqualTo(real.toString());
                    for (String check : step.checks()) {
                        assertThat(b.real(kubectl, check).toString()).as(check)
                                .isEqualTo(a.real(kubectl, check).toString());
                    }
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(kubectl, tests));
        }
        return nodes;
    }
}
