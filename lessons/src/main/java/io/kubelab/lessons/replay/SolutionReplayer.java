package io.kubelab.lessons.replay;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ManifestException;
import io.kubelab.lessons.check.CheckContext;
import io.kubelab.lessons.check.CheckEvaluator;
import io.kubelab.lessons.check.CheckResult;
import io.kubelab.lessons.check.ClusterView;
import io.kubelab.lessons.model.Checkpoint;
import io.kubelab.lessons.model.Lesson;
import io.kubelab.lessons.model.SolutionAction;
import io.kubelab.lessons.model.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays what a student would do: brings a fresh cluster to a step's checkpoint, and solves a step
 * by running its solution then letting simulated time pass until the step's check holds (as a
 * student waits for pods to start). CI uses it to prove every solution solves its step; the app
 * uses it to jump a class to a step.
 *
 * <p>Manifests go through {@link Cluster#apply}; console commands go through the
 * {@link SolutionRunner}, and without one a solution that needs the console is
 * {@link ReplayOutcome.Skipped skipped}, saying so.
 *
 * <p>Threading: the engine thread (it moves the cluster's clock).
 */
public final class SolutionReplayer {
    /** How long simulated time may run for a check to hold: a Deployment of 2 nginx pods needs seconds. */
    public static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);

    private final Cluster cluster;
    private final SolutionRunner runner;
    private final List<String> history = new ArrayList<>();
    private final Map<String, String> quizAnswers = new HashMap<>();

    /**
     * @param runner the console, or {@code null} while none is wired: command actions are then skipped
     */
    public SolutionReplayer(Cluster cluster, SolutionRunner runner) {
        this.cluster = cluster;
        this.runner = runner;
    }

    /** The command lines replayed so far, oldest first (console checks read it). */
    public List<String> history() {
        return List.copyOf(history);
    }

    /** The context a step's check is evaluated in now. */
    public CheckContext context(Lesson lesson, Step step) {
        return new CheckContext(ClusterView.of(cluster), history, java.util.Optional.ofNullable(
                quizAnswers.get(lesson.id() + "/" + step.id())));
    }

    /** Evaluates a step's check now ({@code null} for a step without one). */
    public CheckResult check(Lesson lesson, Step step) {
        return step.check() == null ? null : CheckEvaluator.evaluate(step.check(), context(lesson, step));
    }

    /**
     * Brings the cluster (fresh, or at an earlier point of this lesson) to the state {@code step}
     * starts from: its checkpoint's manifests, or the steps before it solved one by one.
     */
    public ReplayOutcome restore(Lesson lesson, Step step) {
        return restore(lesson, step, 0);
    }

    private ReplayOutcome restore(Lesson lesson, Step step, int depth) {
        if (depth > lesson.steps().size()) {
            return new ReplayOutcome.Failed("checkpoints of " + lesson.id() + " form a cycle at step " + step.id());
        }
        Checkpoint cp = step.checkpoint();
        if (cp instanceof Checkpoint.Fresh) {
            return new ReplayOutcome.Done(null);
        } else if (cp instanceof Checkpoint.Apply apply) {
            for (SolutionAction.ApplyManifest m : apply.manifests()) {
                ReplayOutcome o = run(lesson, step, m);
                if (!(o instanceof ReplayOutcome.Done)) {
                    return o;
                }
            }
            // A checkpoint is the state a step starts from: its Deployments rolled out, as they
            // would be when the student got there. One that cannot roll out (a lesson about a
            // Pending pod) leaves the cluster as it is after the limit.
            cluster.runUntil(this::deploymentsRolledOut, SETTLE_LIMIT, Duration.ofSeconds(1));
            return new ReplayOutcome.Done(null);
        } else if (cp instanceof Checkpoint.AfterStep after) {
            Step earlier = lesson.step(after.stepId()).orElseThrow(() -> new IllegalStateException(
                    lesson.id() + ": no step " + after.stepId()));
            ReplayOutcome o = restore(lesson, earlier, depth + 1);
            if (!(o instanceof ReplayOutcome.Done)) {
                return o;
            }
            o = solve(lesson, earlier);
            if (o instanceof ReplayOutcome.Unsettled u) {
                return new ReplayOutcome.Unsettled("checkpoint of " + step.id() + ": " + u.reason(), u.check());
            }
            return o instanceof ReplayOutcome.Done ? new ReplayOutcome.Done(null) : o;
        }
        throw new IllegalArgumentException("unknown checkpoint " + cp);
    }

    private boolean deploymentsRolledOut() {
        for (io.fabric8.kubernetes.api.model.apps.Deployment d : cluster.store().<io.fabric8.kubernetes.api.model.apps.Deployment>list(
                io.kubelab.engine.model.ResourceTypes.DEPLOYMENTS, null).items()) {
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            var st = d.getStatus();
            if (st == null || st.getObservedGeneration() == null || st.getObservedGeneration() < d.getMetadata().getGeneration()
                    || !Integer.valueOf(want).equals(st.getUpdatedReplicas() == null ? 0 : st.getUpdatedReplicas())
                    || !Integer.valueOf(want).equals(st.getAvailableReplicas() == null ? 0 : st.getAvailableReplicas())) {
                return false;
            }
        }
        return true;
    }

    /** Runs the step's solution, then runs the cluster until the step's check holds (at most {@link #SETTLE_LIMIT}). */
    public ReplayOutcome solve(Lesson lesson, Step step) {
        if (runner == null && step.solutionNeedsConsole()) {
            return new ReplayOutcome.Skipped(lesson.id() + "/" + step.id() + ": the solution runs console commands "
                    + step.solution().stream().filter(SolutionAction.RunCommand.class::isInstance)
                    .map(a -> "\"" + ((SolutionAction.RunCommand) a).command() + "\"").toList()
                    + " and no SolutionRunner (console) is wired");
        }
        for (SolutionAction action : step.solution()) {
            ReplayOutcome o = run(lesson, step, action);
            if (!(o instanceof ReplayOutcome.Done)) {
                return o;
            }
        }
        if (step.check() == null) {
            cluster.settle();
            return new ReplayOutcome.Done(null);
        }
        boolean held = cluster.runUntil(() -> check(lesson, step).passed(), SETTLE_LIMIT, Duration.ofSeconds(1));
        CheckResult result = check(lesson, step);
        if (!held) {
            return new ReplayOutcome.Unsettled(lesson.id() + "/" + step.id() + ": the check did not hold within "
                    + SETTLE_LIMIT.toMinutes() + " simulated minutes: " + String.join("; ", result.details()), result);
        }
        return new ReplayOutcome.Done(result);
    }

    private ReplayOutcome run(Lesson lesson, Step step, SolutionAction action) {
        if (action instanceof SolutionAction.ApplyManifest m) {
            try {
                cluster.apply(m.yaml());
                cluster.settle();
                return new ReplayOutcome.Done(null);
            } catch (ApiException | ManifestException e) {
                return new ReplayOutcome.Failed(lesson.id() + "/" + step.id() + ": applying " + m.source() + ": " + e.getMessage());
            }
        } else if (action instanceof SolutionAction.RunCommand c) {
            if (runner == null) {
                return new ReplayOutcome.Skipped("no SolutionRunner (console) is wired for \"" + c.command() + "\"");
            }
            SolutionRunner.Result r = runner.run(c.command(), lesson.files());
            history.add(c.command());
            cluster.settle();
            return r.exitCode() == 0 ? new ReplayOutcome.Done(null)
                    : new ReplayOutcome.Failed(lesson.id() + "/" + step.id() + ": \"" + c.command() + "\" exited "
                    + r.exitCode() + ": " + r.output().strip());
        } else if (action instanceof SolutionAction.AnswerQuiz a) {
            quizAnswers.put(lesson.id() + "/" + step.id(), a.answer());
            return new ReplayOutcome.Done(null);
        }
        throw new IllegalArgumentException("unknown action " + action);
    }
}
