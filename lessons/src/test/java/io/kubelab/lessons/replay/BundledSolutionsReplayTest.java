package io.kubelab.lessons.replay;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import io.kubelab.engine.console.Consoles;
import io.kubelab.lessons.check.CheckResult;
import io.kubelab.lessons.load.LessonLoader;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.Step;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * CI's replay of every bundled solution: for each step with a check, a fresh simulated cluster is
 * brought to the step's checkpoint, the check must not hold there yet, the solution is replayed,
 * and the check must hold after it (simulated time runs until it does, at most
 * {@link SolutionReplayer#SETTLE_LIMIT}).
 *
 * <p>Command lines run through the engine's console ({@link Consoles#standard}), as a student
 * types them. One honest skip, with its reason in the report:
 * <ul>
 *   <li>a check that cannot hold because the cluster has no components yet (no controllers,
 *       scheduler or kubelets wired in {@code Components}): pods never start. As soon as any
 *       component is wired, such a step fails instead of skipping.</li>
 * </ul>
 */
class BundledSolutionsReplayTest {
    @TestFactory
    List<DynamicTest> everySolutionSolvesItsStep() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lesson lesson : LessonLoader.bundled().loadAll()) {
            for (Step step : lesson.steps()) {
                if (step.check() != null) {
                    tests.add(DynamicTest.dynamicTest(lesson.id() + "/" + step.id(), () -> replay(lesson, step)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests;
    }

    private static void replay(Lesson lesson, Step step) {
        try (Cluster cluster = Cluster.create(ClusterConfig.defaults())) {
            SolutionReplayer replayer = new SolutionReplayer(cluster, new ConsoleSolutionRunner(Consoles.standard(cluster)));
            ReplayOutcome restored = replayer.restore(lesson, step);
            settleOrSkip(cluster, restored, "restoring the checkpoint");

            CheckResult before = replayer.check(lesson, step);
            assertThat(before.passed()).as("%s/%s passes before its solution: %s", lesson.id(), step.id(),
                    before.details()).isFalse();

            ReplayOutcome solved = replayer.solve(lesson, step);
            settleOrSkip(cluster, solved, "replaying the solution");
            CheckResult after = ((ReplayOutcome.Done) solved).check();
            assertThat(after.passed()).as("%s/%s after its solution: %s", lesson.id(), step.id(), after.details()).isTrue();
        }
    }

    private static void settleOrSkip(Cluster cluster, ReplayOutcome outcome, String what) {
        if (outcome instanceof ReplayOutcome.Skipped s) {
            abort(what + ": " + s.reason());
        } else if (outcome instanceof ReplayOutcome.Failed f) {
            fail(what + ": " + f.reason());
        } else if (outcome instanceof ReplayOutcome.Unsettled u) {
            if (cluster.components().isEmpty()) {
                abort(what + ": the cluster has no controllers, scheduler or kubelets wired yet, so: " + u.reason());
            }
            fail(what + ": " + u.reason());
        }
    }
}
