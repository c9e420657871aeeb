package io.kubelab.app.inspector;

import io.kubelab.engine.Cluster;
import io.kubelab.engine.scheduler.Scheduler;
import io.kubelab.engine.scheduler.SchedulingDecision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The "Why?" tab's answers from the engine's scheduler: its latest decision about the pod. */
public final class SchedulerExplainer implements SchedulingExplainer {
    private final java.util.function.Supplier<Cluster> cluster;

    /** @param cluster the cluster shown now (it changes when the user resets it) */
    public SchedulerExplainer(java.util.function.Supplier<Cluster> cluster) {
        this.cluster = cluster;
    }

    @Override
    public Optional<SchedulingExplanation> explain(String namespace, String name) {
        if (!(cluster.get().component(Scheduler.NAME) instanceof Scheduler scheduler)) {
            return Optional.empty();
        }
        SchedulingDecision d = scheduler.decision(namespace, name);
        if (d == null) {
            return Optional.empty();
        }
        List<SchedulingExplanation.NodeVerdict> nodes = new ArrayList<>();
        for (SchedulingDecision.NodeDecision n : d.nodes()) {
            List<SchedulingExplanation.PluginVerdict> plugins = new ArrayList<>();
            for (SchedulingDecision.PluginResult r : n.filters()) {
                plugins.add(new SchedulingExplanation.PluginVerdict(r.plugin(), r.code().toString(),
                        String.join(", ", r.reasons()), null));
            }
            for (Map.Entry<String, Integer> s : n.scores().entrySet()) {
                plugins.add(new SchedulingExplanation.PluginVerdict(s.getKey(), "Success", "", s.getValue()));
            }
            nodes.add(new SchedulingExplanation.NodeVerdict(n.node(), n.feasible(),
                    n.feasible() ? (int) n.total() : null, plugins));
        }
        return Optional.of(new SchedulingExplanation(d.message(), d.chosenNode().orElse(null), nodes));
    }
}
