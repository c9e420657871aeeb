package io.kubelab.engine.console.kubectl;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configMap page exercise, the console against the real kubectl on the same cluster: a pod
 * waiting for its ConfigMap ({@code get}, {@code describe} with its FailedMount events), then
 * running with it ({@code exec cat}, a write refused by the read-only mount).
 */
@Tag("kubectl")
class VolumesKubectlTest {

    static final List<List<String>> WAITING = List.of(
            List.of("get", "pods"),
            List.of("describe", "pod", "web"));

    static final List<List<String>> RUNNING = List.of(
            List.of("get", "pods"),
            List.of("exec", "web", "--", "cat", "/usr/share/nginx/html/index.html"),
            List.of("exec", "web", "--", "sh", "-c", "echo x > /usr/share/nginx/html/x"));

    @TestFactory
    List<DynamicNode> aPodWaitingForItsConfigMapThenServingItLikeKubectl() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String binary : KubectlHarness.kubectls()) {
            List<DynamicNode> tests = new ArrayList<>();
            KubectlHarness[] h = new KubectlHarness[1];
            tests.add(DynamicTest.dynamicTest("the pod without its ConfigMap", () -> {
                h[0] = new KubectlHarness(binary);
                h[0].cluster.apply(VolumesConsoleTest.WEB);
                h[0].cluster.advance(Duration.ofSeconds(10));
            }));
            compare(tests, h, WAITING);
            tests.add(DynamicTest.dynamicTest("the ConfigMap", () -> {
                h[0].cluster.apply(VolumesConsoleTest.WEB_CONTENT);
                // The next try is at most 2m2s away, so the simulated clock runs ahead of the wall clock
                // from here on: kubectl would age the pod's newest events "<invalid>", so no describe.
                h[0].cluster.advance(Duration.ofSeconds(130));
                assertThat(h[0].kubectl("get", "pods").out()).contains("Running");
            }));
            compare(tests, h, RUNNING);
            tests.add(DynamicTest.dynamicTest("close", () -> h[0].close()));
            nodes.add(DynamicContainer.dynamicContainer(binary, tests));
        }
        return nodes;
    }

    private static void compare(List<DynamicNode> tests, KubectlHarness[] h, List<List<String>> commands) {
        for (List<String> command : commands) {
            tests.add(DynamicTest.dynamicTest("kubectl " + String.join(" ", command), () -> {
                KubectlHarness.Pair p = h[0].both(command.toArray(String[]::new));
                assertThat(p.console().toString()).as(String.join(" ", command)).isEqualTo(p.kubectl().toString());
                assertThat(p.kubectl().toString()).containsAnyOf("web", "Hello from a ConfigMap", "Read-only file system");
            }));
        }
    }
}
