package io.kubelab.engine.scheduler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.Component;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.scheduler.framework.Code;
import io.kubelab.engine.scheduler.framework.CycleState;
import io.kubelab.engine.scheduler.framework.Framework;
import io.kubelab.engine.scheduler.framework.Framework.PluginConfig;
import io.kubelab.engine.scheduler.framework.Handle;
import io.kubelab.engine.scheduler.framework.NodeInfo;
import io.kubelab.engine.scheduler.framework.PluginFactory;
import io.kubelab.engine.scheduler.framework.PodInfo;
import io.kubelab.engine.scheduler.framework.Status;
import io.kubelab.engine.scheduler.plugins.InterPodAffinity;
import io.kubelab.engine.scheduler.plugins.NodeResourcesFit;
import io.kubelab.engine.scheduler.plugins.PodTopologySpread;
import io.kubelab.engine.scheduler.plugins.Registry;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * kube-scheduler: watches pods without a node whose {@code schedulerName} is
 * {@code default-scheduler}, and for each, one at a time from a priority queue:
 * <ol>
 *   <li>runs the filter plugins on the nodes (see {@link #numFeasibleNodesToFind} for big clusters),</li>
 *   <li>scores the feasible ones (each plugin 0..100, times its weight, summed),</li>
 *   <li>picks the highest total (ties broken by the cluster's seeded random, so runs repeat),</li>
 *   <li>binds: sets {@code spec.nodeName}, then the {@code PodScheduled=True} condition, and records
 *       a {@code Scheduled} event {@code Successfully assigned default/nginx-xyz to minikube-m02}.</li>
 * </ol>
 * When no node fits, it asks DefaultPreemption whether evicting lower-priority pods would help,
 * sets {@code PodScheduled=False} (reason {@code Unschedulable}) and records a Warning
 * {@code FailedScheduling} event worded like Kubernetes' ({@link FitError}); the pod waits for a
 * cluster event that could help it (see {@link SchedulingQueue}).
 *
 * <p>Every attempt is kept as a {@link SchedulingDecision} per pod ({@link #decision}).
 *
 * <p>Threading: watch handlers run on the writer's thread and only enqueue the event; everything
 * else runs on the engine thread. {@link #decision} may be called from any thread.
 */
public final class Scheduler implements Component {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    public static final String NAME = "scheduler";
    /** The {@code spec.schedulerName} this scheduler serves, and the source of its events. */
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";
    public static final String REASON_SCHEDULED = "Scheduled";
    public static final String REASON_FAILED_SCHEDULING = "FailedScheduling";
    public static final String REASON_PREEMPTED = "Preempted";
    /** {@code v1.PodReasonUnschedulable}. */
    public static final String CONDITION_REASON_UNSCHEDULABLE = "Unschedulable";
    /** {@code v1.PodReasonSchedulerError}. */
    public static final String CONDITION_REASON_SCHEDULER_ERROR = "SchedulerError";

    /** {@code minFeasibleNodesToFind}: below this many nodes, every node is evaluated. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** {@code minFeasibleNodesPercentageToFind}. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
    /** {@code validation.NoteLengthLimit}: event messages are cut to this length. */
    static final int NOTE_LENGTH_LIMIT = 1024;

    /** Plugins whose rejections a newly bound (or relabelled) pod may undo. */
    private static final Set<String> ON_ASSIGNED_POD_ADD = Set.of(InterPodAffinity.NAME, PodTopologySpread.NAME);
    /** Plugins whose rejections a removed (or finished) bound pod may undo. */
    private static final Set<String> ON_ASSIGNED_POD_DELETE =
            Set.of(NodeResourcesFit.NAME, InterPodAffinity.NAME, PodTopologySpread.NAME);

    private record Signature(Long generation, Map<String, String> labels) {}

    private final int percentageOfNodesToScore;
    private final Map<String, PluginFactory> registry;
    private final List<PluginConfig> profile;
    private final ConcurrentLinkedQueue<WatchEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<String, SchedulingDecision> decisions = new ConcurrentHashMap<>();
    private final List<Watch> watches = new ArrayList<>();
    private ClusterContext ctx;
    private SchedulerCache cache;
    private SchedulingQueue queue;
    private Framework framework;
    private int nextStartNodeIndex;

    /** The default profile with the adaptive percentage of nodes to score. */
    public Scheduler() {
        this(0);
    }

    /**
     * @param percentageOfNodesToScore 1..100 to fix the share of nodes evaluated in big clusters;
     *                                 0 for upstream's adaptive default
     */
    public Scheduler(int percentageOfNodesToScore) {
        this(percentageOfNodesToScore, Registry.IN_TREE, Registry.DEFAULT_PROFILE);
    }

    Scheduler(int percentageOfNodesToScore, Map<String, PluginFactory> registry, List<PluginConfig> profile) {
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.registry = registry;
        this.profile = profile;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context) {
        this.ctx = context;
        this.cache = new SchedulerCache(context.store());
        this.queue = new SchedulingQueue(context.clock());
        this.framework = new Framework(registry, profile, cache);
        watches.add(context.api().watch(ResourceTypes.NODES, 0, o -> true, events::add));
        watches.add(context.api().watch(ResourceTypes.PODS, 0, o -> true, events::add));
    }

    /**
     * The latest scheduling attempt for a pod, or {@code null} when it was never tried (or is gone).
     * Any thread.
     */
    public SchedulingDecision decision(String namespace, String name) {
        return decisions.get(namespace + "/" + name);
    }

    @Override
    public boolean drain() {
        applyEvents();
        boolean worked = false;
        String key;
        while ((key = queue.pop()) != null) {
            worked = true;
            try {
                scheduleOne(key);
            } catch (RuntimeException e) {
                // A bug in a plugin must not lose the pod or stop the engine: retry it with backoff.
                LOG.log(System.Logger.Level.WARNING, "scheduling " + key + " failed", e);
                int slash = key.indexOf('/');
                decisions.put(key, new SchedulingDecision.Builder(key.substring(0, slash), key.substring(slash + 1), null,
                        now(), queue.attempts(key), cache.nodes().size(), framework.filterNames(), framework.scoreNames(),
                        framework.scoreWeights()).failed(SchedulingDecision.Outcome.ERROR, String.valueOf(e.getMessage()))
                        .build());
                queue.backoff(key, 0, null, now());
            }
            applyEvents();
        }
        return worked;
    }

    // ---- events ---------------------------------------------------------------------------

    private void applyEvents() {
        WatchEvent e;
        while ((e = events.poll()) != null) {
            if (e.resource() == ResourceTypes.NODES) {
                onNode(e);
            } else {
                onPod(e);
            }
        }
    }

    private void onNode(WatchEvent e) {
        Node node = (Node) e.object();
        if (e.type() == WatchEvent.Type.DELETED) {
            cache.removeNode(node.getMetadata().getName());
        } else if (cache.upsertNode(node)) {
            queue.moveOnEvent(null, now());
        }
    }

    private void onPod(WatchEvent e) {
        Pod pod = (Pod) e.object();
        String uid = pod.getMetadata().getUid();
        if (e.type() == WatchEvent.Type.DELETED) {
            String key = key(pod);
            queue.remove(key);
            decisions.remove(key);
            if (uid != null && cache.removePod(uid) != null) {
                queue.moveOnEvent(ON_ASSIGNED_POD_DELETE, now());
            }
            return;
        }
        if (assigned(pod)) {
            // An assigned pod is never queued again; the key is built only while the queue holds any pod.
            if (!queue.isEmpty()) {
                queue.remove(key(pod));
            }
            if (terminal(pod)) {
                if (cache.removePod(uid) != null) {
                    queue.moveOnEvent(ON_ASSIGNED_POD_DELETE, now());
                }
                return;
            }
            String known = cache.nodeOf(uid);
            SchedulerCache.PodChange change;
            if (pod.getSpec().getNodeName().equals(known)) {
                // Already in the cache (bound earlier, or assumed by us): rebuild only if labels changed.
                NodeInfo node = cache.nodeInfo(known);
                PodInfo old = node.pod(uid);
                boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
                if (old != null && old.labels().equals(labelsOf(pod)) && old.deleting() == deleting) {
                    // Hold the store's current version rather than the one assumed or seen first,
                    // which would otherwise stay alive only through the cache.
                    node.replacePod(old.withPod(pod));
                    return;
                }
            }
            change = cache.addOrUpdatePod(new PodInfo(pod), pod.getSpec().getNodeName());
            if (change != SchedulerCache.PodChange.UNCHANGED) {
                queue.moveOnEvent(ON_ASSIGNED_POD_ADD, now());
            }
            return;
        }
        if (responsible(pod)) {
            queue.add(key(pod), PodInfo.priorityOf(pod), signature(pod));
        } else if (!queue.isEmpty()) {
            queue.remove(key(pod));
        }
    }

    /** Whether this scheduler should place the pod: ours, unbound, not being deleted, not finished, not gated. */
    static boolean responsible(Pod pod) {
        return pod.getSpec() != null && DEFAULT_SCHEDULER_NAME.equals(pod.getSpec().getSchedulerName())
                && !assigned(pod) && pod.getMetadata().getDeletionTimestamp() == null && !terminal(pod)
                && (pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty());
    }

    static boolean assigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Map<String, String> labelsOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static Signature signature(Pod pod) {
        return new Signature(pod.getMetadata().getGeneration(), Map.copyOf(labelsOf(pod)));
    }

    /** The cache, for tests. */
    SchedulerCache cache() {
        return cache;
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private Instant now() {
        return ctx.clock().now();
    }

    // ---- one scheduling cycle -------------------------------------------------------------

    private void scheduleOne(String key) {
        int slash = key.indexOf('/');
        Pod pod = ctx.store().get(ResourceTypes.PODS, key.substring(0, slash), key.substring(slash + 1));
        if (pod == null || !responsible(pod)) {
            queue.remove(key);
            return;
        }
        PodInfo pi = new PodInfo(pod);
        int attempt = queue.beginAttempt(key);
        List<NodeInfo> nodes = cache.nodes();
        if (decisionRejectedAt.length < nodes.size()) {
            decisionRejectedAt = new byte[nodes.size()];
            decisionRejections = new Status[nodes.size()];
        }
        SchedulingDecision.Builder decision = new SchedulingDecision.Builder(pi.namespace(), pi.name(), pi.uid(), now(),
                attempt, nodes.size(), framework.filterNames(), framework.scoreNames(), framework.scoreWeights())
                .scratch(decisionRejectedAt, decisionRejections);
        if (nodes.isEmpty()) {
            failUnschedulable(pod, pi, FitError.NO_NODES_AVAILABLE, Set.of(), decision, false);
            return;
        }
        CycleState state = new CycleState();
        Framework.PreFilterResult pre = framework.runPreFilter(state, pi);
        decision.skippedFilters(pre.skippedFilters());
        if (!pre.isSuccess()) {
            if (pre.status().code() == Code.ERROR) {
                failError(pod, pi, pre.status().message(), decision);
                return;
            }
            Map<String, Status> all = new HashMap<>();
            for (NodeInfo n : nodes) {
                all.put(n.name(), pre.status());
            }
            DefaultPreemption.Result post = postFilter(pi, nodes, all);
            failUnschedulable(pod, pi, FitError.message(nodes.size(), List.of(), null, pre.status().message(),
                    post.message()), Set.of(pre.plugin()), decision, post.clearNominatedNode());
            return;
        }

        // Filter, starting where the previous cycle stopped, until enough feasible nodes are found.
        int n = nodes.size();
        int toFind = numFeasibleNodesToFind(n, percentageOfNodesToScore);
        int start = nextStartNodeIndex % n;
        decision.ring(cache.nodeNames(), start);
        // Sized for what is wanted: grown from 10 one copy at a time, 500 feasible nodes cost 9 copies.
        List<NodeInfo> feasible = new ArrayList<>(Math.min(n, toFind));
        int[] feasibleIdx = new int[Math.min(n, toFind)];
        List<String> filterNames = framework.filterNames();
        Map<String, Status> rejected = new HashMap<>();
        Set<String> rejectors = new LinkedHashSet<>();
        int processed = 0;
        // Node by node, the walk stops at the node that makes toFind feasible nodes. Filtered in
        // batches of as many nodes as are still missing, only the batch's last node can be that one,
        // so exactly the same nodes are filtered (filters only read), each batch plugin by plugin.
        while (processed < n && feasible.size() < toFind) {
            int batch = Math.min(toFind - feasible.size(), n - processed);
            NodeInfo[] batchNodes = filterScratch(batch);
            for (int b = 0; b < batch; b++) {
                batchNodes[b] = nodes.get((start + processed + b) % n);
            }
            framework.runFilters(state, pi, batchNodes, batch, pre.skippedFilters(), scratchFailedAt, scratchStatuses);
            for (int b = 0; b < batch; b++) {
                NodeInfo node = batchNodes[b];
                int failedAt = scratchFailedAt[b];
                Status status = scratchStatuses[b];
                processed++;
                if (failedAt >= 0 && status.code() == Code.ERROR) {
                    failError(pod, pi, status.message(), decision);
                    return;
                }
                int idx = decision.node(node.name(), failedAt, status);
                if (failedAt < 0) {
                    feasibleIdx[feasible.size()] = idx;
                    feasible.add(node);
                } else {
                    rejected.put(node.name(), status);
                    rejectors.add(filterNames.get(failedAt));
                }
            }
        }
        nextStartNodeIndex = (start + processed) % n;

        if (feasible.isEmpty()) {
            List<Status> statuses = new ArrayList<>(rejected.values());
            DefaultPreemption.Result post = postFilter(pi, nodes, rejected);
            failUnschedulable(pod, pi, FitError.message(n, statuses, null, null, post.message()), rejectors, decision,
                    post.clearNominatedNode());
            return;
        }

        NodeInfo chosen;
        if (feasible.size() == 1) {
            // As upstream: with one feasible node there is nothing to compare.
            chosen = feasible.get(0);
        } else {
            long skipped = framework.runPreScore(state, pi, feasible);
            long[][] scores = framework.runScore(state, pi, feasible, skipped);
            long[] totals = framework.totals(scores, feasible.size());
            decision.scores(java.util.Arrays.copyOf(feasibleIdx, feasible.size()), scores, totals, skipped);
            chosen = feasible.get(selectHost(totals));
        }
        bind(pod, pi, chosen, decision);
    }

    /** The decision builder's per-node rows, kept from pod to pod (see {@link SchedulingDecision.Builder#scratch}). */
    private byte[] decisionRejectedAt = new byte[0];
    private Status[] decisionRejections = new Status[0];

    /** The filter batch's rows, kept from pod to pod (a batch is up to the 500 nodes to find). */
    private NodeInfo[] scratchNodes = new NodeInfo[0];
    private int[] scratchFailedAt = new int[0];
    private Status[] scratchStatuses = new Status[0];

    private NodeInfo[] filterScratch(int size) {
        if (scratchNodes.length < size) {
            scratchNodes = new NodeInfo[size];
            scratchFailedAt = new int[size];
            scratchStatuses = new Status[size];
        }
        return scratchNodes;
    }

    /**
     * {@code selectHost}: the highest total; among equal totals each is equally likely (reservoir
     * sampling with the cluster's seeded random, so a run with the same seed repeats).
     */
    int selectHost(long[] totals) {
        int chosen = 0;
        long best = totals[0];
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > best) {
                best = totals[i];
                chosen = i;
                ties = 1;
            } else if (totals[i] == best) {
                ties++;
                if (ctx.random().nextInt(ties) == 0) {
                    chosen = i;
                }
            }
        }
        return chosen;
    }

    /**
     * How many feasible nodes are enough before scoring ({@code numFeasibleNodesToFind}). Like
     * upstream, a big cluster is sampled: with fewer than 100 nodes every node is evaluated;
     * otherwise the adaptive share is {@code 50 - nodes/125} percent (at least 5 %), and at least 100
     * nodes. Filtering walks the nodes round-robin from where the previous pod stopped, so the whole
     * cluster is covered over successive pods, and a pod that fits nowhere still sees every node.
     *
     * <p>Worked examples: 50 nodes → all 50; 500 → 46 % → 230; 1000 → 42 % → 420; 5000 → 10 % →
     * 500; 10000 → 5 % → 500.
     *
     * @param percentage a fixed percentage (1..100), or 0 for the adaptive one
     */
    static int numFeasibleNodesToFind(int numAllNodes, int percentage) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) {
            return numAllNodes;
        }
        int adaptive = percentage;
        if (adaptive <= 0) {
            adaptive = 50 - numAllNodes / 125;
            if (adaptive < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                adaptive = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int num = (int) ((long) numAllNodes * adaptive / 100);
        return Math.max(num, MIN_FEASIBLE_NODES_TO_FIND);
    }

    // ---- binding --------------------------------------------------------------------------

    private void bind(Pod pod, PodInfo pi, NodeInfo node, SchedulingDecision.Builder decision) {
        String ns = pi.namespace();
        String name = pi.name();
        String host = node.name();
        // Assume: count the pod on its node now, before the API write comes back as an event.
        cache.addOrUpdatePod(pi, host);
        queue.moveOnEvent(ON_ASSIGNED_POD_ADD, now());
        Pod bound;
        try {
            // One write, like pods/binding: spec.nodeName plus PodScheduled=True.
            bound = ctx.api().bind(ns, name, pi.uid(), host);
        } catch (ApiException e) {
            cache.removePod(pi.uid());
            if (e.code() == 404) {
                queue.remove(key(pod));
                return;
            }
            failError(pod, pi, "binding rejected: " + e.getMessage(), decision);
            return;
        }
        String key = key(pod);
        String message = "Successfully assigned " + ns + "/" + name + " to " + host;
        decisions.put(key, decision.scheduled(host, message).build());
        queue.remove(key);
        ctx.events().normal(bound, REASON_SCHEDULED, message, DEFAULT_SCHEDULER_NAME, null);
    }

    // ---- failures -------------------------------------------------------------------------

    /** PostFilter (DefaultPreemption); carries out a preemption it finds. */
    private DefaultPreemption.Result postFilter(PodInfo pi, List<NodeInfo> nodes, Map<String, Status> statuses) {
        DefaultPreemption.Result r = DefaultPreemption.postFilter(pi, nodes, statuses, this::whatIf);
        if (r.candidate() != null) {
            preempt(pi, r.candidate());
        }
        return r;
    }

    /** The profile's filters for the pod on a what-if copy of one node, with PreFilter recomputed. */
    private Status whatIf(PodInfo pod, NodeInfo copy) {
        List<NodeInfo> nodes = new ArrayList<>(cache.nodes());
        nodes.replaceAll(n -> n.name().equals(copy.name()) ? copy : n);
        Handle base = cache;
        Handle h = new Handle() {
            @Override
            public List<NodeInfo> nodes() {
                return nodes;
            }

            @Override
            public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
                return nodes.stream().filter(x -> !x.podsWithRequiredAntiAffinity().isEmpty()).toList();
            }

            @Override
            public List<NodeInfo> nodesWithAffinityPods() {
                return nodes.stream().filter(x -> !x.podsWithAffinity().isEmpty()).toList();
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                return base.namespaceLabels(namespace);
            }

            @Override
            public <T extends HasMetadata> List<T> list(ResourceType type, String namespace) {
                return base.list(type, namespace);
            }

            @Override
            public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
                return base.get(type, namespace, name);
            }
        };
        Framework fw = new Framework(registry, profile, h);
        CycleState st = new CycleState();
        Framework.PreFilterResult pre = fw.runPreFilter(st, pod);
        if (!pre.isSuccess()) {
            return pre.status();
        }
        Status[] out = new Status[1];
        fw.runFilters(st, pod, copy, pre.skippedFilters(), out);
        return out[0];
    }

    /**
     * Evicts the victims (a {@code DisruptionTarget} condition, then a graceful delete, and a
     * {@code Preempted} event on each) and nominates the node for the preemptor; the preemptor is
     * tried again once the victims are gone.
     */
    private void preempt(PodInfo preemptor, DefaultPreemption.Candidate c) {
        Instant now = now();
        for (PodInfo v : c.victims()) {
            try {
                Pod marked = ctx.api().modify(ResourceTypes.PODS, v.namespace(), v.name(), (Pod p) -> {
                    setCondition(p, new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                            .withReason("PreemptionByScheduler")
                            .withMessage(DEFAULT_SCHEDULER_NAME + ": preempting to accommodate a higher priority pod")
                            .withLastTransitionTime(Kube.timestamp(now)).build());
                    return p;
                }, true);
                ctx.api().delete(ResourceTypes.PODS, v.namespace(), v.name(), null);
                ctx.events().normal(marked, REASON_PREEMPTED,
                        "Preempted by pod " + preemptor.uid() + " on node " + c.node(), DEFAULT_SCHEDULER_NAME, null);
            } catch (ApiException e) {
                // Already gone.
            }
        }
        try {
            ctx.api().modify(ResourceTypes.PODS, preemptor.namespace(), preemptor.name(), (Pod p) -> {
                status(p).setNominatedNodeName(c.node());
                return p;
            }, true);
        } catch (ApiException e) {
            // The preemptor is gone.
        }
    }

    private void failUnschedulable(Pod pod, PodInfo pi, String message, Set<String> rejectors,
                                   SchedulingDecision.Builder decision, boolean clearNominatedNode) {
        decisions.put(key(pod), decision.failed(SchedulingDecision.Outcome.UNSCHEDULABLE, message).build());
        reportFailure(pod, CONDITION_REASON_UNSCHEDULABLE, message, clearNominatedNode);
        queue.markUnschedulable(key(pod), pi.priority(), signature(pod), rejectors, now());
    }

    private void failError(Pod pod, PodInfo pi, String message, SchedulingDecision.Builder decision) {
        decisions.put(key(pod), decision.failed(SchedulingDecision.Outcome.ERROR, message).build());
        reportFailure(pod, CONDITION_REASON_SCHEDULER_ERROR, message, false);
        queue.backoff(key(pod), pi.priority(), signature(pod), now());
    }

    /**
     * Sets {@code PodScheduled=False} (when it changed), clears a nomination preemption can no longer
     * honour, and records the FailedScheduling event.
     */
    private void reportFailure(Pod pod, String reason, String message, boolean clearNominatedNode) {
        Instant now = now();
        Pod current = pod;
        boolean nominated = pod.getStatus() != null && pod.getStatus().getNominatedNodeName() != null;
        if (!hasCondition(pod, "False", reason, message) || (clearNominatedNode && nominated)) {
            try {
                current = ctx.api().modify(ResourceTypes.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        (Pod p) -> {
                            setPodScheduled(p, "False", reason, message, now);
                            if (clearNominatedNode) {
                                status(p).setNominatedNodeName(null);
                            }
                            return p;
                        }, true);
            } catch (ApiException e) {
                return;
            }
        }
        ctx.events().warning(current, REASON_FAILED_SCHEDULING, truncate(message), DEFAULT_SCHEDULER_NAME, null);
    }

    /** {@code truncateMessage}: at most 1024 characters, ending in {@code " ..."} when cut. */
    static String truncate(String message) {
        if (message.length() <= NOTE_LENGTH_LIMIT) {
            return message;
        }
        String suffix = " ...";
        return message.substring(0, NOTE_LENGTH_LIMIT - suffix.length()) + suffix;
    }

    private static boolean hasCondition(Pod pod, String status, String reason, String message) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType())) {
                return status.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
                        && Objects.equals(message, c.getMessage());
            }
        }
        return false;
    }

    private static void setPodScheduled(Pod p, String status, String reason, String message, Instant now) {
        setCondition(p, new PodConditionBuilder().withType("PodScheduled").withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(Kube.timestamp(now)).build());
    }

    /** Replaces or adds a condition; keeps the old transition time when the status did not change. */
    private static void setCondition(Pod p, PodCondition condition) {
        PodStatus s = status(p);
        List<PodCondition> conditions = s.getConditions() == null ? new ArrayList<>() : new ArrayList<>(s.getConditions());
        for (int i = 0; i < conditions.size(); i++) {
            PodCondition old = conditions.get(i);
            if (condition.getType().equals(old.getType())) {
                if (Objects.equals(old.getStatus(), condition.getStatus()) && old.getLastTransitionTime() != null) {
                    condition.setLastTransitionTime(old.getLastTransitionTime());
                }
                conditions.set(i, condition);
                s.setConditions(conditions);
                return;
            }
        }
        conditions.add(condition);
        s.setConditions(conditions);
    }

    private static PodStatus status(Pod p) {
        if (p.getStatus() == null) {
            p.setStatus(new PodStatus());
        }
        return p.getStatus();
    }
}
