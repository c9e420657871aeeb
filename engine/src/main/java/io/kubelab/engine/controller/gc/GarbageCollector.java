package io.kubelab.engine.controller.gc;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.kubelab.engine.ClusterContext;
import io.kubelab.engine.controller.Controller;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The garbage collector ({@code pkg/controller/garbagecollector}): deletes objects whose owners
 * are gone, following {@code metadata.ownerReferences}.
 *
 * <ul>
 *   <li><b>Background</b> (kubectl's default): the owner goes at once; its dependents, now with a
 *       dangling reference, are deleted after it — a Deployment, then its ReplicaSets, then their
 *       pods (which terminate gracefully: their kubelets finish them).</li>
 *   <li><b>Foreground</b>: the owner stays, marked with a deletionTimestamp and the
 *       {@code foregroundDeletion} finalizer, while its dependents are deleted (a dependent that has
 *       dependents itself is deleted in the foreground too); once no dependent with
 *       {@code blockOwnerDeletion: true} is left the finalizer is removed and the owner goes.</li>
 *   <li><b>Orphan</b>: the owner's {@code orphan} finalizer makes the collector remove the references
 *       to it from its dependents, then the finalizer; the dependents stay.</li>
 * </ul>
 *
 * <p>The store's watch handler only queues the event; the {@link DependencyGraph} is updated on the
 * engine thread before any work item is processed. Work keys are {@code delete:<uid>}
 * ({@code attemptToDelete}) and {@code orphan:<uid>} ({@code attemptToOrphan}).
 */
public final class GarbageCollector extends Controller {
    public static final String NAME = "garbage-collector";
    static final String DELETE = "delete:";
    static final String ORPHAN = "orphan:";

    private final Queue<WatchEvent> graphChanges = new ConcurrentLinkedQueue<>();
    private final DependencyGraph graph = new DependencyGraph(n -> queue.add(DELETE + n.uid), n -> queue.add(ORPHAN + n.uid));

    public GarbageCollector() {
        super(NAME);
    }

    @Override
    public void start(ClusterContext context) {
        super.start(context);
        // Every kind but Events (never owners, and the most numerous objects).
        ctx.store().watch(null, 0, o -> true, e -> {
            if (e.resource() != ResourceTypes.EVENTS) {
                graphChanges.add(e);
            }
        });
    }

    @Override
    public boolean drain() {
        boolean worked = processGraphChanges();
        return super.drain() | worked;
    }

    private boolean processGraphChanges() {
        boolean any = false;
        WatchEvent e;
        while ((e = graphChanges.poll()) != null) {
            graph.process(e);
            any = true;
        }
        return any;
    }

    /** How many objects (and guessed owners) the graph holds; for tests. */
    int graphSize() {
        processGraphChanges();
        return graph.size();
    }

    @Override
    public void sync(String key) {
        // The graph must reflect every change made so far, including this collector's own writes.
        processGraphChanges();
        if (key.startsWith(DELETE)) {
            DependencyGraph.Node n = graph.node(key.substring(DELETE.length()));
            if (n != null) {
                attemptToDelete(n);
            }
        } else if (key.startsWith(ORPHAN)) {
            DependencyGraph.Node n = graph.node(key.substring(ORPHAN.length()));
            if (n != null) {
                attemptToOrphan(n);
            }
        }
    }

    /** {@code attemptToDeleteItem}. */
    private void attemptToDelete(DependencyGraph.Node item) {
        if (item.beingDeleted && !item.deletingDependents) {
            // Being deleted is a one-way trip: wait for the final deletion.
            return;
        }
        if (item.identity.type() == null) {
            // A reference to a kind this API server does not serve: it cannot be checked, so it is left alone.
            return;
        }
        HasMetadata latest = lookup(item.identity);
        if (latest == null || !item.uid.equals(latest.getMetadata().getUid())) {
            // Gone (or a guessed owner that never existed): a "virtual delete event".
            graph.removeNode(item);
            return;
        }
        if (item.deletingDependents) {
            processDeletingDependents(item, latest);
            return;
        }
        List<OwnerReference> refs = latest.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference r : refs) {
            switch (classify(item, r)) {
                case SOLID -> solid.add(r);
                case DANGLING -> dangling.add(r);
                case WAITING -> waiting.add(r);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return;
            }
            // Another owner still holds it: only drop the references to owners that are gone or going.
            Set<String> drop = new HashSet<>();
            dangling.forEach(r -> drop.add(r.getUid()));
            waiting.forEach(r -> drop.add(r.getUid()));
            removeOwnerReferences(item, drop);
            return;
        }
        if (!waiting.isEmpty() && !item.dependents().isEmpty()) {
            for (DependencyGraph.Node dep : item.dependents()) {
                if (dep.deletingDependents) {
                    // Both an owner and a dependent wait for dependents: unblock to avoid a cycle.
                    unblockOwnerReferences(item);
                    break;
                }
            }
            // Its owner waits for it, and it has dependents of its own: delete it in the foreground too.
            delete(item, "Foreground");
            return;
        }
        List<String> finalizers = latest.getMetadata().getFinalizers() == null ? List.of() : latest.getMetadata().getFinalizers();
        String policy = finalizers.contains(DependencyGraph.ORPHAN) ? "Orphan"
                : finalizers.contains(DependencyGraph.FOREGROUND) ? "Foreground" : "Background";
        delete(item, policy);
    }

    private enum Reference { SOLID, DANGLING, WAITING }

    /** {@code classifyReferences}: solid (the owner exists), dangling (it does not), waiting (it is deleting its dependents). */
    private Reference classify(DependencyGraph.Node item, OwnerReference r) {
        ResourceType type = ResourceTypes.forApiVersionKind(r.getApiVersion(), r.getKind()).orElse(null);
        if (type == null) {
            // Cannot be resolved: do not count it as gone.
            return Reference.SOLID;
        }
        String ns = item.identity.namespace();
        if (type.namespaced() && (ns == null || ns.isEmpty())) {
            // A cluster-scoped object cannot be owned by a namespaced one; leave it alone.
            return Reference.SOLID;
        }
        HasMetadata owner = ctx.store().get(type, type.namespaced() ? ns : null, r.getName());
        if (owner == null || !owner.getMetadata().getUid().equals(r.getUid())) {
            return Reference.DANGLING;
        }
        if (owner.getMetadata().getDeletionTimestamp() != null && owner.getMetadata().getFinalizers() != null
                && owner.getMetadata().getFinalizers().contains(DependencyGraph.FOREGROUND)) {
            return Reference.WAITING;
        }
        return Reference.SOLID;
    }

    /** {@code processDeletingDependentsItem}: drop the finalizer once nothing blocks, else push the blockers. */
    private void processDeletingDependents(DependencyGraph.Node item, HasMetadata latest) {
        List<DependencyGraph.Node> blocking = item.blockingDependents();
        if (blocking.isEmpty()) {
            removeFinalizer(item, DependencyGraph.FOREGROUND);
            return;
        }
        for (DependencyGraph.Node dep : blocking) {
            if (!dep.deletingDependents) {
                queue.add(DELETE + dep.uid);
            }
        }
    }

    /** {@code attemptToOrphanWorker}: remove the references to the owner from its dependents, then the finalizer. */
    private void attemptToOrphan(DependencyGraph.Node owner) {
        for (DependencyGraph.Node dep : new ArrayList<>(owner.dependents())) {
            removeOwnerReferences(dep, Set.of(owner.uid));
        }
        removeFinalizer(owner, DependencyGraph.ORPHAN);
    }

    private HasMetadata lookup(DependencyGraph.Identity id) {
        return ctx.store().get(id.type(), id.type().namespaced() ? id.namespace() : null, id.name());
    }

    private void delete(DependencyGraph.Node item, String policy) {
        DeleteOptions opts = new DeleteOptions();
        opts.setPropagationPolicy(policy);
        Preconditions pre = new Preconditions();
        pre.setUid(item.uid);
        opts.setPreconditions(pre);
        try {
            ctx.api().delete(item.identity.type(), item.identity.namespace(), item.identity.name(), opts);
        } catch (ApiException e) {
            if (e.code() == 404) {
                graph.removeNode(item);
                return;
            }
            throw e;
        }
    }

    private void removeOwnerReferences(DependencyGraph.Node item, Set<String> uids) {
        modify(item, o -> {
            List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
            if (refs == null || refs.stream().noneMatch(r -> uids.contains(r.getUid()))) {
                return false;
            }
            List<OwnerReference> kept = new ArrayList<>();
            for (OwnerReference r : refs) {
                if (!uids.contains(r.getUid())) {
                    kept.add(r);
                }
            }
            o.getMetadata().setOwnerReferences(kept.isEmpty() ? null : kept);
            return true;
        });
    }

    private void unblockOwnerReferences(DependencyGraph.Node item) {
        modify(item, o -> {
            boolean changed = false;
            for (OwnerReference r : o.getMetadata().getOwnerReferences()) {
                if (Boolean.TRUE.equals(r.getBlockOwnerDeletion())) {
                    r.setBlockOwnerDeletion(false);
                    changed = true;
                }
            }
            return changed;
        });
    }

    private void removeFinalizer(DependencyGraph.Node item, String finalizer) {
        modify(item, o -> {
            List<String> f = o.getMetadata().getFinalizers();
            if (f == null || !f.contains(finalizer)) {
                return false;
            }
            List<String> kept = new ArrayList<>(f);
            kept.remove(finalizer);
            o.getMetadata().setFinalizers(kept);
            return true;
        });
    }

    private interface Mutation {
        /** Changes the private copy; {@code false} when there is nothing to change. */
        boolean apply(HasMetadata copy);
    }

    /** A guaranteed update of the item's object, skipped when it is gone or was replaced (another uid). */
    private void modify(DependencyGraph.Node item, Mutation mutation) {
        if (item.identity.type() == null) {
            return;
        }
        ResourceType type = item.identity.type();
        String ns = type.namespaced() ? item.identity.namespace() : null;
        try {
            ctx.api().<HasMetadata>modify(type, ns, item.identity.name(), copy -> {
                if (!item.uid.equals(copy.getMetadata().getUid()) || !mutation.apply(copy)) {
                    throw new NothingToDo();
                }
                return copy;
            }, false);
        } catch (NothingToDo ignored) {
            // Already as wanted.
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static final class NothingToDo extends RuntimeException {
        NothingToDo() {
            super(null, null, false, false);
        }
    }
}
