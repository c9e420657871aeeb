package io.kubelab.engine.scheduler.plugins;

import io.kubelab.engine.scheduler.framework.Framework.PluginConfig;
import io.kubelab.engine.scheduler.framework.PluginFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-tree plugins by name ({@code plugins.NewInTreeRegistry}) and the default profile: the
 * plugins kube-scheduler enables by default that matter here, in its order (filters run in this
 * order and the first rejection is the node's reason), with its score weights.
 */
public final class Registry {
    private Registry() {}

    public static final Map<String, PluginFactory> IN_TREE;

    static {
        Map<String, PluginFactory> m = new LinkedHashMap<>();
        m.put(NodeUnschedulable.NAME, NodeUnschedulable.FACTORY);
        m.put(NodeName.NAME, NodeName.FACTORY);
        m.put(TaintToleration.NAME, TaintToleration.FACTORY);
        m.put(NodeAffinity.NAME, NodeAffinity.FACTORY);
        m.put(NodeResourcesFit.NAME, NodeResourcesFit.FACTORY);
        m.put(PodTopologySpread.NAME, PodTopologySpread.FACTORY);
        m.put(InterPodAffinity.NAME, InterPodAffinity.FACTORY);
        m.put(NodeResourcesBalancedAllocation.NAME, NodeResourcesBalancedAllocation.FACTORY);
        IN_TREE = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The default profile ({@code getDefaultPlugins}): TaintToleration weighs 3, NodeAffinity,
     * PodTopologySpread and InterPodAffinity 2, NodeResourcesFit and BalancedAllocation 1.
     */
    public static final List<PluginConfig> DEFAULT_PROFILE = List.of(
            new PluginConfig(NodeUnschedulable.NAME, 0),
            new PluginConfig(NodeName.NAME, 0),
            new PluginConfig(TaintToleration.NAME, 3),
            new PluginConfig(NodeAffinity.NAME, 2),
            new PluginConfig(NodeResourcesFit.NAME, 1),
            new PluginConfig(PodTopologySpread.NAME, 2),
            new PluginConfig(InterPodAffinity.NAME, 2),
            new PluginConfig(NodeResourcesBalancedAllocation.NAME, 1));
}
