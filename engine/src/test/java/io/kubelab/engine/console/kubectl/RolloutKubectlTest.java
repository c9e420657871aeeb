package io.kubelab.engine.console.kubectl;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl rollout} in the console against the real kubectl on the deck's rolled Deployment
 * (revision 1: nginx, revision 2: nginx:1.25). Read-only commands run through both on the same
 * state; a command that changes the Deployment runs through kubectl, is reverted through kubectl,
 * and then runs (and is reverted) through the console, so both start from the same state.
 */
@Tag("kubectl")
class RolloutKubectlTest {

    static final List<List<String>> READS = List.of(
            List.of("rollout", "status", "deployment/nginx-deployment"),
            List.of("rollout", "status", "deployment", "nginx-deployment"),
            List.of("rollout", "status", "deploy/nginx-deployment", "--watch=false"),
            List.of("rollout", "status", "deployment/nginx-deployment", "--revision=2"),
            List.of("rollout", "status", "deployment/nginx-deployment", "--revision=1"),
            List.of("rollout", "status", "deployment/nope"),
            List.of("rollout", "history", "deployment/nginx-deployment"),
            List.of("rollout", "history", "deployment", "nginx-deployment", "--revision=1"),
            List.of("rollout", "history", "deployment/nginx-deployment", "--revision=2"),
            List.of("rollout", "history", "deployment/nginx-deployment", "--revision=9"),
            List.of("rollout", "resume", "deployment/nginx-deployment"),
            List.of("rollout", "undo", "deployment/nginx-deployment", "--to-revision=2"),
            List.of("rollout", "undo", "deployment/nginx-deployment", "--to-revision=7"),
            List.of("rollout", "bogus"),
            List.of("rollout"),
            List.of("rollout", "status"));

    /** Pairs of a change and its revert. */
    static final List<List<List<String>>> CHANGES = List.of(
            List.of(List.of("rollout", "pause", "deployment/nginx-deployment"),
                    List.of("rollout", "pause", "deployment/nginx-deployment"),
                    List.of("rollout", "restart", "deployment/nginx-deployment"),
                    List.of("rollout", "undo", "deployment/nginx-deployment"),
                    List.of("rollout", "resume", "deployment/nginx-deployment")),
            // Each undo makes a new revision, so only their messages can be compared this way.
            List.of(List.of("rollout", "undo", "deployment/nginx-deployment"),
                    List.of("rollout", "undo", "deployment/nginx-deployment")));

    /**
     * Commands kubectl 1.20 words differently (its cobra capitalises unknown-command errors, its
     * history prints a template without the newer sections): compared only with kubectl ≥ 1.27.
     */
    static final java.util.Set<List<String>> NEWER_ONLY = java.util.Set.of(
            List.of("rollout", "bogus"),
            List.of("rollout"),
            List.of("rollout", "history", "deployment", "nginx-deployment", "--revision=1"),
            List.of("rollout", "history", "deployment/nginx-deployment", "--revision=2"));

    @TestFactory
    List<DynamicNode> rolloutLikeKubectl() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String binary : KubectlHarness.kubectls()) {
            List<DynamicNode> tests = new ArrayList<>();
            KubectlHarness[] h = new KubectlHarness[1];
            tests.add(DynamicTest.dynamicTest("the deck's state", () -> {
                h[0] = new KubectlHarness(binary);
                DescribeKubectlTest.deckState(h[0]);
            }));
            for (List<String> command : READS) {
                tests.add(DynamicTest.dynamicTest("kubectl " + String.join(" ", command), () -> {
                    KubectlHarness.Pair p = h[0].both(command.toArray(String[]::new));
                    if (h[0].minor < 27 && NEWER_ONLY.contains(command)) {
                        assertThat(p.console().code()).isEqualTo(p.kubectl().code());
                        return;
                    }
                    assertThat(p.console().toString()).as(String.join(" ", command)).isEqualTo(p.kubectl().toString());
                }));
            }
            for (List<List<String>> sequence : CHANGES) {
                tests.add(DynamicTest.dynamicTest("kubectl then console: " + sequence, () -> {
                    List<KubectlHarness.Run> real = new ArrayList<>();
                    for (List<String> c : sequence) {
                        real.add(h[0].kubectl(c.toArray(String[]::new)));
                        h[0].cluster.settle();
                    }
                    List<KubectlHarness.Run> ours = new ArrayList<>();
                    for (List<String> c : sequence) {
                        ours.add(h[0].console(c.toArray(String[]::new)));
                        h[0].cluster.settle();
                    }
                    assertThat(ours).hasSameSizeAs(real);
                    for (int i = 0; i < real.size(); i++) {
                        if (h[0].minor < 27 && real.get(i).err().contains("resume it first")) {
                            // kubectl 1.20 names the resource in this hint; newer kubectl does not.
                            assertThat(ours.get(i).code()).isEqualTo(real.get(i).code());
                            continue;
                        }
                        assertThat(ours.get(i).toString()).as(String.join(" ", sequence.get(i))).isEqualTo(real.get(i).toString());
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest("close", () -> h[0].close()));
            nodes.add(DynamicContainer.dynamicContainer(binary, tests));
        }
        return nodes;
    }
}
