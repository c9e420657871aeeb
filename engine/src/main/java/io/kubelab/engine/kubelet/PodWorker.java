package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.List;

/**
 * The kubelet's state for one pod (one uid): its sandbox, its containers' records, and where it
 * is between running and deleted.
 *
 * <p>Engine thread only.
 */
final class PodWorker {
    final String key;
    /** The pod's namespace and name (the two halves of {@link #key}), kept so a sync does not split the key again. */
    final String namespace;
    final String name;
    final String uid;
    /** The pod as last read from the API (the kubelet's cache while cut off). */
    Pod pod;
    Instant startTime;
    String sandboxId;
    String podIp;
    /**
     * The pod's volumes are set up (before its sandbox starts). What they hold (configMap files), or
     * while that fails when to try again, the kubelet keeps apart for the few pods that have such
     * volumes: a boolean fits in this object's padding, a reference would not (8 bytes a pod).
     */
    boolean volumesReady;
    boolean sandboxPending;
    boolean sandboxReady;
    int sandboxAttempt;
    final List<ContainerRecord> initContainers;
    final List<ContainerRecord> containers;
    /** Init containers, then containers: fixed at creation (a pod's containers never change), so made once. */
    private final List<ContainerRecord> all;
    /** Succeeded or Failed once the pod has finished for good (its sandbox is then stopped). */
    String terminalPhase;
    /** Deletion seen: containers are being stopped. */
    boolean terminating;
    boolean sandboxStopping;
    boolean deleteSent;
    /** The pod is gone from the API: tear everything down and forget the worker. */
    boolean orphaned;
    /**
     * The status object this kubelet last wrote for the pod. The store keeps a status write's object
     * as it is, so while the stored pod still carries this very object, {@code equals} against it is
     * exact and the JSON-tree comparison (for statuses written by others, where a null and an empty
     * list must count as equal) is not needed.
     */
    Object lastWritten;
    /**
     * The Ready / ContainersReady message of the last status built, and which containers (bit i:
     * spec.containers[i]) it names as unready: while they stay the same (every sync of a starting
     * pod), the message is not built again and every status written shares one string.
     */
    long unreadyMask = -1;
    String unreadyMessage;

    PodWorker(String key, Pod pod, Instant now) {
        this.key = key;
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.pod = pod;
        this.startTime = now;
        // One array for both kinds, in order; the two lists are views of it.
        List<Container> initSpecs = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        List<Container> specs = pod.getSpec().getContainers();
        ContainerRecord[] records = new ContainerRecord[initSpecs.size() + specs.size()];
        int i = 0;
        for (Container c : initSpecs) {
            records[i++] = new ContainerRecord(c.getName(), true, c);
        }
        for (Container c : specs) {
            records[i++] = new ContainerRecord(c.getName(), false, c);
        }
        this.all = List.of(records);
        this.initContainers = all.subList(0, initSpecs.size());
        this.containers = all.subList(initSpecs.size(), records.length);
    }

    /** Init containers in spec order, then containers in spec order (unmodifiable). */
    List<ContainerRecord> all() {
        return all;
    }

    ContainerRecord byContainerId(String id) {
        for (ContainerRecord r : all) {
            if (r.current != null && r.current.id.equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Whether every init container has completed successfully. */
    boolean initialized() {
        for (ContainerRecord r : initContainers) {
            if (!r.succeeded()) {
                return false;
            }
        }
        return true;
    }

    /** {@code nginx_default(uid)}: how the kubelet names a pod in messages ({@code format.Pod}). */
    String formatted() {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")";
    }
}
