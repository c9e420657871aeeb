package io.kubelab.engine.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.WatchEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The garbage collector's picture of ownership ({@code GraphBuilder.uidToNode}): one node per
 * object uid, linked to its owners through {@code metadata.ownerReferences} and to its dependents
 * the other way round. It is kept from watch events only — finding the dependents of an owner is
 * a map lookup, never a list of every object (a cluster of 150,000 pods must not pay 150,000 per
 * event).
 *
 * <p>An owner named by a reference but not (yet) seen is a <em>virtual</em> node, handed to
 * {@code attemptToDelete} so that its existence gets checked against the store: an owner that does
 * not exist makes its dependents garbage.
 *
 * <p>Not thread-safe: engine thread only.
 */
final class DependencyGraph {
    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    /** What a node stands for: where to find the object. {@code type} is null when the reference names a kind this API server does not serve. */
    record Identity(ResourceType type, String namespace, String name) {
        @Override
        public String toString() {
            return (type == null ? "?" : type.qualifiedResource()) + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    static final class Node {
        final String uid;
        Identity identity;
        boolean observed;
        boolean beingDeleted;
        boolean deletingDependents;
        List<OwnerReference> owners = List.of();
        Set<Node> dependents;

        Node(String uid, Identity identity) {
            this.uid = uid;
            this.identity = identity;
        }

        Set<Node> dependents() {
            return dependents == null ? Set.of() : dependents;
        }

        void addDependent(Node n) {
            if (dependents == null) {
                dependents = new LinkedHashSet<>(4);
            }
            dependents.add(n);
        }

        void removeDependent(Node n) {
            if (dependents != null) {
                dependents.remove(n);
            }
        }

        /** The dependents whose reference to this node blocks its deletion ({@code blockOwnerDeletion: true}). */
        List<Node> blockingDependents() {
            List<Node> out = new ArrayList<>();
            for (Node d : dependents()) {
                for (OwnerReference r : d.owners) {
                    if (uid.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion())) {
                        out.add(d);
                        break;
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return identity + " (" + uid + ")";
        }
    }

    private final Map<String, Node> uidToNode = new HashMap<>();
    private final Consumer<Node> attemptToDelete;
    private final Consumer<Node> attemptToOrphan;

    DependencyGraph(Consumer<Node> attemptToDelete, Consumer<Node> attemptToOrphan) {
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
    }

    Node node(String uid) {
        return uidToNode.get(uid);
    }

    int size() {
        return uidToNode.size();
    }

    /** {@code processGraphChanges} for one watch event. */
    void process(WatchEvent event) {
        HasMetadata obj = event.object();
        String uid = obj.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        Node existing = uidToNode.get(uid);
        if (event.type() == WatchEvent.Type.DELETED) {
            if (existing != null) {
                removeNode(existing);
            }
            return;
        }
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences() == null ? List.of()
                : obj.getMetadata().getOwnerReferences();
        if (existing == null) {
            Node n = new Node(uid, identityOf(event));
            n.observed = true;
            n.owners = refs;
            uidToNode.put(uid, n);
            addToOwners(n, refs);
            processTransitions(obj, n);
            return;
        }
        if (!existing.observed) {
            // A virtual node (guessed from a reference) turns out to exist.
            existing.observed = true;
            existing.identity = identityOf(event);
        }
        if (refs != existing.owners) {
            if (refs.equals(existing.owners)) {
                // The same references in a newer version's list: keep that one, so the graph does
                // not hold on to the first version's list.
                existing.owners = refs;
            } else {
                updateOwners(existing, refs);
            }
        }
        processTransitions(obj, existing);
    }

    /** Built only when needed: most events are of objects the graph already knows. */
    private static Identity identityOf(WatchEvent event) {
        HasMetadata obj = event.object();
        return new Identity(event.resource(), obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    }

    private void updateOwners(Node n, List<OwnerReference> refs) {
        List<OwnerReference> added = new ArrayList<>();
        for (OwnerReference r : refs) {
            OwnerReference old = find(n.owners, r.getUid());
            if (old == null) {
                added.add(r);
            } else if (Boolean.TRUE.equals(old.getBlockOwnerDeletion()) && !Boolean.TRUE.equals(r.getBlockOwnerDeletion())) {
                // No longer blocking: an owner waiting for its dependents may be free to go.
                enqueueIfDeletingDependents(uidToNode.get(r.getUid()));
            }
        }
        for (OwnerReference old : n.owners) {
            if (find(refs, old.getUid()) == null) {
                Node owner = uidToNode.get(old.getUid());
                if (owner != null) {
                    owner.removeDependent(n);
                    enqueueIfDeletingDependents(owner);
                    dropIfUnusedVirtual(owner);
                }
            }
        }
        n.owners = refs;
        addToOwners(n, added);
    }

    private void enqueueIfDeletingDependents(Node owner) {
        if (owner != null && owner.deletingDependents) {
            attemptToDelete.accept(owner);
        }
    }

    private static OwnerReference find(List<OwnerReference> refs, String uid) {
        for (OwnerReference r : refs) {
            if (Objects.equals(r.getUid(), uid)) {
                return r;
            }
        }
        return null;
    }

    private void addToOwners(Node n, List<OwnerReference> refs) {
        for (OwnerReference r : refs) {
            if (r.getUid() == null) {
                continue;
            }
            Node owner = uidToNode.get(r.getUid());
            if (owner == null) {
                ResourceType type = ResourceTypes.forApiVersionKind(r.getApiVersion(), r.getKind()).orElse(null);
                String ns = type != null && type.namespaced() ? n.identity.namespace() : null;
                owner = new Node(r.getUid(), new Identity(type, ns, r.getName()));
                uidToNode.put(owner.uid, owner);
                // Check that the owner exists; if not, the dependents are garbage.
                attemptToDelete.accept(owner);
            }
            owner.addDependent(n);
        }
    }

    /**
     * {@code processTransitions}: an object marked for deletion with the {@code orphan} finalizer
     * goes to {@code attemptToOrphan}; with {@code foregroundDeletion} it starts deleting its
     * dependents, which all go to {@code attemptToDelete}, and so does the object itself (to drop the
     * finalizer once no dependent blocks it).
     */
    private void processTransitions(HasMetadata obj, Node n) {
        if (obj.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        n.beingDeleted = true;
        List<String> finalizers = obj.getMetadata().getFinalizers() == null ? List.of() : obj.getMetadata().getFinalizers();
        if (finalizers.contains(ORPHAN)) {
            attemptToOrphan.accept(n);
        }
        if (finalizers.contains(FOREGROUND) && !n.deletingDependents) {
            n.deletingDependents = true;
            for (Node d : n.dependents()) {
                attemptToDelete.accept(d);
            }
            attemptToDelete.accept(n);
        }
    }

    /**
     * Removes a node whose object is gone (a DELETED event, or a virtual node found not to exist):
     * its dependents may now be garbage, and an owner waiting for its dependents may be done.
     */
    void removeNode(Node n) {
        uidToNode.remove(n.uid);
        for (OwnerReference r : n.owners) {
            Node owner = uidToNode.get(r.getUid());
            if (owner != null) {
                owner.removeDependent(n);
                enqueueIfDeletingDependents(owner);
                dropIfUnusedVirtual(owner);
            }
        }
        for (Node d : n.dependents()) {
            attemptToDelete.accept(d);
        }
    }

    private void dropIfUnusedVirtual(Node owner) {
        if (!owner.observed && owner.dependents().isEmpty()) {
            uidToNode.remove(owner.uid);
        }
    }
}
