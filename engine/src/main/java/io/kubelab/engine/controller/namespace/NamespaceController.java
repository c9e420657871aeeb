package io.kubelab.engine.controller.namespace;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.controller.util.pod.PodUtil;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespace controller ({@code pkg/controller/namespace}): once the API server marked a
 * namespace for deletion (deletionTimestamp, phase Terminating) it deletes everything in it —
 * every namespaced kind, in the background — records on the namespace's status what is left, and
 * when nothing is left finalizes the namespace, which removes it.
 *
 * <p>What is left is mostly pods terminating gracefully; the controller looks again after half
 * the longest grace period plus a second (upstream's {@code estimate/2 + 1}): with pods of 30 s
 * grace, after 16 s. Content held by a finalizer is looked at again after 15 s
 * ({@code finalizerEstimateSeconds}). Keys are namespace names.
 */
public final class NamespaceController extends Controller {
    public static final String NAME = "namespace-controller";
    /** Upstream's estimate for content that waits on finalizers. */
    static final long FINALIZER_ESTIMATE_SECONDS = 15;

    public NamespaceController() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        ctx.store().watch(ResourceTypes.NAMESPACES, 0, o -> o.getMetadata().getDeletionTimestamp() != null,
                e -> queue.add(e.object().getMetadata().getName()));
    }

    @Override
    public void sync(String name) {
        Namespace ns = ctx.store().get(ResourceTypes.NAMESPACES, null, name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        long estimate = deleteAllContent(ns);
        if (estimate > 0) {
            requeueAfter(name, Duration.ofSeconds(estimate / 2 + 1));
            return;
        }
        ctx.api().finalizeNamespace(name);
    }

    /**
     * {@code deleteAllContent}: deletes every namespaced object, then counts what is still there.
     *
     * @return how many seconds until it is worth looking again; 0 when the namespace is empty
     */
    private long deleteAllContent(Namespace ns) {
        String name = ns.getMetadata().getName();
        NamespaceConditions conditions = new NamespaceConditions();
        Map<String, Integer> remainingByResource = new LinkedHashMap<>();
        Map<String, Integer> remainingByFinalizer = new LinkedHashMap<>();
        long estimate = 0;
        for (ResourceType type : ResourceTypes.all()) {
            if (!type.namespaced()) {
                continue;
            }
            for (HasMetadata o : ctx.store().list(type, name).items()) {
                if (o.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                try {
                    DeleteOptions opts = new DeleteOptions();
                    opts.setPropagationPolicy("Background");
                    ctx.api().delete(type, name, o.getMetadata().getName(), opts);
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        conditions.deleteContentError(e.getMessage());
                    }
                }
            }
            List<HasMetadata> left = ctx.store().list(type, name).items();
            if (left.isEmpty()) {
                continue;
            }
            remainingByResource.put(type.plural() + "." + type.group(), left.size());
            boolean anyFinalizer = false;
            for (HasMetadata o : left) {
                if (o.getMetadata().getFinalizers() != null) {
                    for (String f : o.getMetadata().getFinalizers()) {
                        remainingByFinalizer.merge(f, 1, Integer::sum);
                        anyFinalizer = true;
                    }
                }
            }
            long typeEstimate = type == ResourceTypes.PODS ? podsEstimate(left) : 0;
            if (typeEstimate == 0 && anyFinalizer) {
                typeEstimate = FINALIZER_ESTIMATE_SECONDS;
            }
            if (typeEstimate == 0) {
                // Nothing explains why it is still there (something created it meanwhile, say an Event).
                conditions.deleteContentError("unexpected items still remain in namespace: " + name + " for gvr: "
                        + type.group() + "/" + type.version() + ", Resource=" + type.plural());
                typeEstimate = 1;
            }
            estimate = Math.max(estimate, typeEstimate);
        }
        conditions.contentTotals(remainingByResource, remainingByFinalizer);
        Namespace copy = Kube.copy(ns);
        if (conditions.update(copy.getStatus(), Kube.timestamp(ctx.clock().now()))) {
            try {
                ctx.api().updateStatus(copy);
            } catch (ApiException e) {
                if (e.code() != 404 && e.code() != 409) {
                    throw e;
                }
                // A conflict is fine: the next pass writes the conditions again.
            }
        }
        return estimate;
    }

    /**
     * {@code estimateGracefulTerminationForPods}: the longest termination grace period among the
     * pods that have not finished.
     */
    private static long podsEstimate(List<HasMetadata> pods) {
        long estimate = 0;
        for (HasMetadata o : pods) {
            Pod pod = (Pod) o;
            if (PodUtil.isTerminal(pod)) {
                continue;
            }
            Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
            if (grace != null && grace > estimate) {
                estimate = grace;
            }
        }
        return estimate;
    }
}
