package io.kubelab.engine.console.kubectl;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl logs} and {@code kubectl exec} in the console against the real kubectl, on the
 * deck's Deployment and a two-container pod ({@code writer} logs three lines, {@code reader} one):
 * default-container notices, {@code deployment/x}, {@code --tail}, {@code -p}, exit codes, errors.
 */
@Tag("kubectl")
class LogsExecKubectlTest {

    static final String SHARED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: shared-pod
            spec:
              containers:
              - name: writer
                image: busybox
                command: ["sh", "-c", "echo one; echo two; echo three; sleep 100000"]
              - name: reader
                image: busybox
                command: ["sh", "-c", "echo reader up; sleep 100000"]
            """;

    static final List<List<String>> COMMANDS = List.of(
            List.of("logs", "shared-pod"),
            List.of("logs", "shared-pod", "-c", "reader"),
            List.of("logs", "shared-pod", "reader"),
            List.of("logs", "shared-pod", "-c", "writer", "--tail=2"),
            List.of("logs", "shared-pod", "-c", "writer", "--tail", "0"),
            List.of("logs", "shared-pod", "-c", "nope"),
            List.of("logs", "-p", "shared-pod", "-c", "writer"),
            List.of("logs", "nope"),
            List.of("logs", "deployment/nginx-deployment"),
            List.of("logs"),
            List.of("exec", "shared-pod", "-c", "writer", "--", "echo", "hi"),
            List.of("exec", "shared-pod", "--", "echo", "hello", "world"),
            List.of("exec", "shared-pod", "-c", "reader", "--", "sh", "-c", "echo out; echo err >&2; exit 3"),
            List.of("exec", "shared-pod", "-c", "reader", "--", "sh", "-c", "exit 1"),
            List.of("exec", "shared-pod", "echo", "hi"),
            List.of("exec", "nope", "--", "ls"),
            List.of("exec", "shared-pod", "--"),
            List.of("exec"));

    /** kubectl 1.20 words these differently (no default container, other usage errors): compared only with ≥ 1.27. */
    static final Set<List<String>> NEWER_ONLY = Set.of(
            List.of("logs", "shared-pod"),
            List.of("logs", "deployment/nginx-deployment"),
            List.of("logs"),
            List.of("exec", "shared-pod", "--", "echo", "hello", "world"),
            List.of("exec", "shared-pod", "echo", "hi"),
            List.of("exec", "shared-pod", "--"),
            List.of("logs", "shared-pod", "-c", "nope"),
            List.of("logs", "nope"));

    @TestFactory
    List<DynamicNode> logsAndExecLikeKubectl() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String binary : KubectlHarness.kubectls()) {
            List<DynamicNode> tests = new ArrayList<>();
            KubectlHarness[] h = new KubectlHarness[1];
            tests.add(DynamicTest.dynamicTest("the deck's state and a shared pod", () -> {
                h[0] = new KubectlHarness(binary);
                h[0].cluster.apply(DescribeKubectlTest.RUN_MY_NGINX);
                h[0].cluster.apply(SHARED_POD);
                h[0].cluster.advance(Duration.ofSeconds(60));
            }));
            for (List<String> command : COMMANDS) {
                tests.add(DynamicTest.dynamicTest("kubectl " + String.join(" ", command), () -> {
                    KubectlHarness.Pair p = h[0].both(command.toArray(String[]::new));
                    if (h[0].minor < 27 && NEWER_ONLY.contains(command)) {
                        // kubectl 1.20 has no default container and still runs "exec POD COMMAND": nothing to compare.
                        System.out.println("kubectl 1." + h[0].minor + ", " + command + ":\n" + p.kubectl());
                        return;
                    }
                    assertThat(p.console().toString()).as(String.join(" ", command)).isEqualTo(p.kubectl().toString());
                }));
            }
            tests.add(DynamicTest.dynamicTest("close", () -> h[0].close()));
            nodes.add(DynamicContainer.dynamicContainer(binary, tests));
        }
        return nodes;
    }
}
