package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Makes an object the store keeps smaller without changing anything anyone can read from it: the
 * same JSON, the same {@code equals}, the same getters' answers.
 *
 * <p>Why: every fabric8 bean starts with a new {@code LinkedHashMap} for unknown fields
 * ({@code additionalProperties}) and a new empty list or map for each of its collections (a
 * {@code Container} alone has nine empty lists). A stored pod with its status carries ~27 empty
 * maps and ~26 empty lists (56 and 24 bytes each: ~2.1 KB), an Event ~6 maps and 3 lists, and the
 * same short texts — {@code Created container web}, {@code spec.containers{web}}, a quantity's
 * {@code Mi} — are a new {@code String} in every object that says them. At 150,000 pods with ~6
 * Events each that is ~1.5 GB of a 4 GB heap.
 *
 * <p>So, as an object enters the store (it belongs to the store then and is never mutated again):
 * <ul>
 *   <li>an empty {@code List} or {@code Map} field becomes the one immutable empty list or map
 *       (empty and empty serialize, compare and read the same);</li>
 *   <li>a {@code String} field (or element of a list of strings) equal to one seen lately becomes
 *       that same instance, through a small direct-mapped cache. Strings that are one of a kind
 *       ({@link #UNIQUE_STRINGS}: uids and resourceVersions, an Event's reference to its object's
 *       uid; and an Event's own name) are left alone: they never match, and would only push out a
 *       string that does.</li>
 * </ul>
 * The classes of a pod, its status and an Event are walked by written-out code, the others by a
 * {@code Plan} taken once per class by reflection; both walk the same fields the same way (but for
 * the Event's name, which a Plan has no way to tell from another object's).
 * A bean whose unknown-fields map is already the shared empty one was compacted when it was stored
 * before (a writer that copies only the top level shares the rest with the stored object), so its
 * subtree is not walked again: a status update walks the new status, not the whole pod.
 *
 * <p>Copies stay mutable: {@link Kube#copy} builds fresh beans (fresh collections), fabric8's
 * builders copy every collection, so only the stored object itself holds the shared empties — and
 * writing into one fails loudly ({@link UnsupportedOperationException}) instead of changing a
 * stored object behind the store's back. Not thread-safe: the store calls it under its lock.
 */
public final class Compactor {
    private static final Map<String, Object> EMPTY_MAP = Collections.emptyMap();
    private static final List<Object> EMPTY_LIST = Collections.emptyList();
    /** Slots of the string cache: 8,192 references (64 KiB) per store. */
    private static final int SLOTS = 1 << 13;

    private final String[] strings = new String[SLOTS];
    /**
     * The hash of each slot's string, beside it: most strings interned are not the one in their slot
     * (a pod's name, a {@code Successfully assigned …} message: one of a kind), and telling so from
     * this array reads no part of the slot's string — that string was stored thousands of writes ago
     * and is rarely in the cache, and {@code equals} read its header and then its bytes.
     */
    private final int[] hashes = new int[SLOTS];

    /** Compacts {@code object} in place and returns it. */
    public <T> T compact(T object) {
        if (object != null) {
            bean(object);
        }
        return object;
    }

    /**
     * Whether {@code bean} has been compacted as part of a stored object, and so (the store's rule)
     * will never change again: its unknown-fields map is the shared empty one, which only this class
     * puts there — copies ({@link Kube#copy}, builders, Jackson) always start with a fresh map. A
     * cache keyed by such a bean's identity stays right for as long as the bean lives.
     */
    public static boolean isStored(Object bean) {
        Plan plan = bean == null ? null : PLANS.get(bean.getClass());
        if (plan == null || plan.additionalProperties() == null) {
            return false;
        }
        return plan.additionalProperties().get().apply(bean) == EMPTY_MAP;
    }

    /** A string equal to {@code s}: the one seen last in its slot, or {@code s} itself (then remembered). */
    String intern(String s) {
        int hash = s.hashCode();
        int slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
        if (hashes[slot] == hash) {
            String known = strings[slot];
            if (known != null && (known == s || known.equals(s))) {
                return known;
            }
        }
        strings[slot] = s;
        hashes[slot] = hash;
        return s;
    }

    private void bean(Object bean) {
        Plan plan = PLANS.get(bean.getClass());
        if (plan == null) {
            return;
        }
        if (plan.written() != null) {
            plan.written().accept(this, bean);
            return;
        }
        if (plan.additionalProperties() != null) {
            Object extra = plan.additionalProperties().get().apply(bean);
            if (extra == EMPTY_MAP) {
                return;
            }
            if (extra instanceof Map<?, ?> m && m.isEmpty()) {
                plan.additionalProperties().set().accept(bean, EMPTY_MAP);
            }
        }
        for (Slot f : plan.strings()) {
            if (f.get().apply(bean) instanceof String s) {
                String shared = intern(s);
                if (shared != s) {
                    f.set().accept(bean, shared);
                }
            }
        }
        for (Slot f : plan.beans()) {
            Object v = f.get().apply(bean);
            if (v != null) {
                bean(v);
            }
        }
        for (Slot f : plan.lists()) {
            if (f.get().apply(bean) instanceof List<?> l) {
                if (l.isEmpty()) {
                    if (l != EMPTY_LIST) {
                        f.set().accept(bean, EMPTY_LIST);
                    }
                } else if (f.content() == Content.BEANS) {
                    elements(l);
                } else if (f.content() != Content.PLAIN) {
                    strings(l);
                }
            }
        }
        for (Slot f : plan.maps()) {
            if (f.get().apply(bean) instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    if (m != EMPTY_MAP) {
                        f.set().accept(bean, EMPTY_MAP);
                    }
                } else if (f.content() != Content.PLAIN) {
                    elements(m.values());
                }
            }
        }
        for (Slot f : plan.objects()) {
            Object v = f.get().apply(bean);
            if (v instanceof String s) {
                String shared = intern(s);
                if (shared != s) {
                    f.set().accept(bean, shared);
                }
            } else if (v instanceof List<?> l) {
                if (!l.isEmpty()) {
                    strings(l);
                }
            } else if (v instanceof Map<?, ?> m) {
                elements(m.values());
            } else if (v != null) {
                bean(v);
            }
        }
    }

    // ---- written out for the classes of every write -------------------------------------------
    //
    // The same walk as a Plan's, with direct calls. A Plan reads and writes each field through its
    // own getter and setter objects: one call per field that the JIT cannot inline, ~10-20 ns each
    // (an Event's ~40 fields took ~700 ns, ~100 ns written out). These are the classes of a pod, its
    // status and an Event — most of what 150,000 pods and ~770,000 Events write. Every field of
    // theirs is here, in the Plan's order (CompactorTest walks every field of each by reflection, so
    // a field a new fabric8 adds fails it); a setter given back what its getter gave is harmless on
    // a bean that is not stored yet (a stored one returns at its unknown-fields map).

    private static final Map<Class<?>, BiConsumer<Compactor, Object>> WRITTEN = new java.util.HashMap<>();

    static {
        WRITTEN.put(ObjectMeta.class, Compactor::objectMeta);
        WRITTEN.put(OwnerReference.class, Compactor::ownerReference);
        WRITTEN.put(Event.class, Compactor::event);
        WRITTEN.put(ObjectReference.class, Compactor::objectReference);
        WRITTEN.put(EventSource.class, Compactor::eventSource);
        WRITTEN.put(Pod.class, Compactor::pod);
        WRITTEN.put(PodSpec.class, Compactor::podSpec);
        WRITTEN.put(Container.class, Compactor::container);
        WRITTEN.put(ResourceRequirements.class, Compactor::resourceRequirements);
        WRITTEN.put(Quantity.class, Compactor::quantity);
        WRITTEN.put(Toleration.class, Compactor::toleration);
        WRITTEN.put(ContainerPort.class, Compactor::containerPort);
        WRITTEN.put(PodStatus.class, Compactor::podStatus);
        WRITTEN.put(PodCondition.class, Compactor::podCondition);
        WRITTEN.put(ContainerStatus.class, Compactor::containerStatus);
        WRITTEN.put(ContainerState.class, Compactor::containerState);
        WRITTEN.put(ContainerStateRunning.class, Compactor::containerStateRunning);
        WRITTEN.put(ContainerStateWaiting.class, Compactor::containerStateWaiting);
        WRITTEN.put(ContainerStateTerminated.class, Compactor::containerStateTerminated);
        WRITTEN.put(PodIP.class, Compactor::podIP);
        WRITTEN.put(HostIP.class, Compactor::hostIP);
    }

    /** The classes walked with written-out code rather than a Plan (for tests). */
    static java.util.Set<Class<?>> written() {
        return WRITTEN.keySet();
    }

    private static Map<String, Object> extra(Map<String, Object> m) {
        return m != null && m.isEmpty() ? EMPTY_MAP : m;
    }

    private String string(String s) {
        return s == null ? null : intern(s);
    }

    private void walk(Object v) {
        if (v != null) {
            bean(v);
        }
    }

    private static <E> List<E> plainList(List<E> l) {
        return l != null && l.isEmpty() ? Collections.emptyList() : l;
    }

    private <E> List<E> stringsList(List<E> l) {
        if (l == null || l.isEmpty()) {
            return plainList(l);
        }
        strings(l);
        return l;
    }

    private <E> List<E> beansList(List<E> l) {
        if (l == null || l.isEmpty()) {
            return plainList(l);
        }
        elements(l);
        return l;
    }

    private static <V> Map<String, V> plainMap(Map<String, V> m) {
        return m != null && m.isEmpty() ? Collections.emptyMap() : m;
    }

    private <V> Map<String, V> beansMap(Map<String, V> m) {
        if (m == null || m.isEmpty()) {
            return plainMap(m);
        }
        elements(m.values());
        return m;
    }

    private void objectMeta(Object bean) {
        ObjectMeta x = (ObjectMeta) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setCreationTimestamp(string(x.getCreationTimestamp()));
        x.setDeletionTimestamp(string(x.getDeletionTimestamp()));
        x.setGenerateName(string(x.getGenerateName()));
        x.setName(string(x.getName()));
        x.setNamespace(string(x.getNamespace()));
        x.setSelfLink(string(x.getSelfLink()));
        x.setAnnotations(plainMap(x.getAnnotations()));
        x.setFinalizers(stringsList(x.getFinalizers()));
        x.setLabels(plainMap(x.getLabels()));
        x.setManagedFields(beansList(x.getManagedFields()));
        x.setOwnerReferences(beansList(x.getOwnerReferences()));
    }

    private void ownerReference(Object bean) {
        OwnerReference x = (OwnerReference) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setApiVersion(string(x.getApiVersion()));
        x.setKind(string(x.getKind()));
        x.setName(string(x.getName()));
    }

    private void event(Object bean) {
        Event x = (Event) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setAction(string(x.getAction()));
        x.setApiVersion(string(x.getApiVersion()));
        x.setFirstTimestamp(string(x.getFirstTimestamp()));
        x.setKind(string(x.getKind()));
        x.setLastTimestamp(string(x.getLastTimestamp()));
        x.setMessage(string(x.getMessage()));
        x.setReason(string(x.getReason()));
        x.setReportingComponent(string(x.getReportingComponent()));
        x.setReportingInstance(string(x.getReportingInstance()));
        x.setType(string(x.getType()));
        walk(x.getEventTime());
        walk(x.getInvolvedObject());
        eventMeta(x.getMetadata());
        walk(x.getRelated());
        walk(x.getSeries());
        walk(x.getSource());
    }

    /**
     * An Event's metadata, walked as {@link #objectMeta} does except its name: an Event's name is one
     * of a kind ({@code <object>.<16 hex digits>}, ~770,000 of them at 150,000 pods), so interning it
     * never finds it and only pushes a string that does repeat (a {@code Created container: web})
     * out of its slot — after comparing it with whatever name of the same length sat there.
     */
    private void eventMeta(ObjectMeta x) {
        if (x == null || x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setCreationTimestamp(string(x.getCreationTimestamp()));
        x.setDeletionTimestamp(string(x.getDeletionTimestamp()));
        x.setGenerateName(string(x.getGenerateName()));
        x.setNamespace(string(x.getNamespace()));
        x.setSelfLink(string(x.getSelfLink()));
        x.setAnnotations(plainMap(x.getAnnotations()));
        x.setFinalizers(stringsList(x.getFinalizers()));
        x.setLabels(plainMap(x.getLabels()));
        x.setManagedFields(beansList(x.getManagedFields()));
        x.setOwnerReferences(beansList(x.getOwnerReferences()));
    }

    private void objectReference(Object bean) {
        ObjectReference x = (ObjectReference) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setApiVersion(string(x.getApiVersion()));
        x.setFieldPath(string(x.getFieldPath()));
        x.setKind(string(x.getKind()));
        x.setName(string(x.getName()));
        x.setNamespace(string(x.getNamespace()));
    }

    private void eventSource(Object bean) {
        EventSource x = (EventSource) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setComponent(string(x.getComponent()));
        x.setHost(string(x.getHost()));
    }

    private void pod(Object bean) {
        Pod x = (Pod) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setApiVersion(string(x.getApiVersion()));
        x.setKind(string(x.getKind()));
        walk(x.getMetadata());
        walk(x.getSpec());
        walk(x.getStatus());
    }

    private void podSpec(Object bean) {
        PodSpec x = (PodSpec) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setDnsPolicy(string(x.getDnsPolicy()));
        x.setHostname(string(x.getHostname()));
        x.setHostnameOverride(string(x.getHostnameOverride()));
        x.setNodeName(string(x.getNodeName()));
        x.setPreemptionPolicy(string(x.getPreemptionPolicy()));
        x.setPriorityClassName(string(x.getPriorityClassName()));
        x.setRestartPolicy(string(x.getRestartPolicy()));
        x.setRuntimeClassName(string(x.getRuntimeClassName()));
        x.setSchedulerName(string(x.getSchedulerName()));
        x.setServiceAccount(string(x.getServiceAccount()));
        x.setServiceAccountName(string(x.getServiceAccountName()));
        x.setSubdomain(string(x.getSubdomain()));
        walk(x.getAffinity());
        walk(x.getDnsConfig());
        walk(x.getOs());
        walk(x.getResources());
        walk(x.getSecurityContext());
        x.setContainers(beansList(x.getContainers()));
        x.setEphemeralContainers(beansList(x.getEphemeralContainers()));
        x.setHostAliases(beansList(x.getHostAliases()));
        x.setImagePullSecrets(beansList(x.getImagePullSecrets()));
        x.setInitContainers(beansList(x.getInitContainers()));
        x.setNodeSelector(plainMap(x.getNodeSelector()));
        x.setOverhead(beansMap(x.getOverhead()));
        x.setReadinessGates(beansList(x.getReadinessGates()));
        x.setResourceClaims(beansList(x.getResourceClaims()));
        x.setSchedulingGates(beansList(x.getSchedulingGates()));
        x.setTolerations(beansList(x.getTolerations()));
        x.setTopologySpreadConstraints(beansList(x.getTopologySpreadConstraints()));
        x.setVolumes(beansList(x.getVolumes()));
    }

    private void container(Object bean) {
        Container x = (Container) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setImage(string(x.getImage()));
        x.setImagePullPolicy(string(x.getImagePullPolicy()));
        x.setName(string(x.getName()));
        x.setRestartPolicy(string(x.getRestartPolicy()));
        x.setTerminationMessagePath(string(x.getTerminationMessagePath()));
        x.setTerminationMessagePolicy(string(x.getTerminationMessagePolicy()));
        x.setWorkingDir(string(x.getWorkingDir()));
        walk(x.getLifecycle());
        walk(x.getLivenessProbe());
        walk(x.getReadinessProbe());
        walk(x.getResources());
        walk(x.getSecurityContext());
        walk(x.getStartupProbe());
        x.setArgs(stringsList(x.getArgs()));
        x.setCommand(stringsList(x.getCommand()));
        x.setEnv(beansList(x.getEnv()));
        x.setEnvFrom(beansList(x.getEnvFrom()));
        x.setPorts(beansList(x.getPorts()));
        x.setResizePolicy(beansList(x.getResizePolicy()));
        x.setRestartPolicyRules(beansList(x.getRestartPolicyRules()));
        x.setVolumeDevices(beansList(x.getVolumeDevices()));
        x.setVolumeMounts(beansList(x.getVolumeMounts()));
    }

    private void resourceRequirements(Object bean) {
        ResourceRequirements x = (ResourceRequirements) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setClaims(beansList(x.getClaims()));
        x.setLimits(beansMap(x.getLimits()));
        x.setRequests(beansMap(x.getRequests()));
    }

    private void quantity(Object bean) {
        Quantity x = (Quantity) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setAmount(string(x.getAmount()));
        x.setFormat(string(x.getFormat()));
    }

    private void toleration(Object bean) {
        Toleration x = (Toleration) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setEffect(string(x.getEffect()));
        x.setKey(string(x.getKey()));
        x.setOperator(string(x.getOperator()));
        x.setValue(string(x.getValue()));
    }

    private void containerPort(Object bean) {
        ContainerPort x = (ContainerPort) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setHostIP(string(x.getHostIP()));
        x.setName(string(x.getName()));
        x.setProtocol(string(x.getProtocol()));
    }

    private void podStatus(Object bean) {
        PodStatus x = (PodStatus) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setHostIP(string(x.getHostIP()));
        x.setMessage(string(x.getMessage()));
        x.setNominatedNodeName(string(x.getNominatedNodeName()));
        x.setPhase(string(x.getPhase()));
        x.setPodIP(string(x.getPodIP()));
        x.setQosClass(string(x.getQosClass()));
        x.setReason(string(x.getReason()));
        x.setResize(string(x.getResize()));
        x.setStartTime(string(x.getStartTime()));
        walk(x.getExtendedResourceClaimStatus());
        x.setConditions(beansList(x.getConditions()));
        x.setContainerStatuses(beansList(x.getContainerStatuses()));
        x.setEphemeralContainerStatuses(beansList(x.getEphemeralContainerStatuses()));
        x.setHostIPs(beansList(x.getHostIPs()));
        x.setInitContainerStatuses(beansList(x.getInitContainerStatuses()));
        x.setPodIPs(beansList(x.getPodIPs()));
        x.setResourceClaimStatuses(beansList(x.getResourceClaimStatuses()));
    }

    private void podCondition(Object bean) {
        PodCondition x = (PodCondition) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setLastProbeTime(string(x.getLastProbeTime()));
        x.setLastTransitionTime(string(x.getLastTransitionTime()));
        x.setMessage(string(x.getMessage()));
        x.setReason(string(x.getReason()));
        x.setStatus(string(x.getStatus()));
        x.setType(string(x.getType()));
    }

    private void containerStatus(Object bean) {
        ContainerStatus x = (ContainerStatus) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setContainerID(string(x.getContainerID()));
        x.setImage(string(x.getImage()));
        x.setImageID(string(x.getImageID()));
        x.setName(string(x.getName()));
        x.setStopSignal(string(x.getStopSignal()));
        walk(x.getLastState());
        walk(x.getResources());
        walk(x.getState());
        walk(x.getUser());
        x.setAllocatedResources(beansMap(x.getAllocatedResources()));
        x.setAllocatedResourcesStatus(beansList(x.getAllocatedResourcesStatus()));
        x.setVolumeMounts(beansList(x.getVolumeMounts()));
    }

    private void containerState(Object bean) {
        ContainerState x = (ContainerState) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        walk(x.getRunning());
        walk(x.getTerminated());
        walk(x.getWaiting());
    }

    private void containerStateRunning(Object bean) {
        ContainerStateRunning x = (ContainerStateRunning) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setStartedAt(string(x.getStartedAt()));
    }

    private void containerStateWaiting(Object bean) {
        ContainerStateWaiting x = (ContainerStateWaiting) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setMessage(string(x.getMessage()));
        x.setReason(string(x.getReason()));
    }

    private void containerStateTerminated(Object bean) {
        ContainerStateTerminated x = (ContainerStateTerminated) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setContainerID(string(x.getContainerID()));
        x.setFinishedAt(string(x.getFinishedAt()));
        x.setMessage(string(x.getMessage()));
        x.setReason(string(x.getReason()));
        x.setStartedAt(string(x.getStartedAt()));
    }

    private void podIP(Object bean) {
        PodIP x = (PodIP) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setIp(string(x.getIp()));
    }

    private void hostIP(Object bean) {
        HostIP x = (HostIP) bean;
        if (x.getAdditionalProperties() == EMPTY_MAP) {
            return;
        }
        x.setAdditionalProperties(extra(x.getAdditionalProperties()));
        x.setIp(string(x.getIp()));
    }

    /**
     * A list of strings (a node's image names: the same dozen per node, in every status it writes)
     * has each interned; any other list has its beans visited.
     */
    private void strings(List<?> l) {
        if (!(l.get(0) instanceof String)) {
            elements(l);
        } else if (l instanceof ArrayList<?> strings) {
            @SuppressWarnings("unchecked")
            ArrayList<Object> list = (ArrayList<Object>) strings;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    String shared = intern(s);
                    if (shared != s) {
                        list.set(i, shared);
                    }
                }
            }
        }
    }

    private void elements(java.util.Collection<?> values) {
        for (Object e : values) {
            if (e != null) {
                bean(e);
            }
        }
    }

    /**
     * What to visit in a fabric8 model class, taken once per class and sorted by what a field can
     * hold, so the walk asks no {@code instanceof} question it can answer from the declaration: its
     * {@code additionalProperties} (or {@code null}), its strings, its beans, its lists and maps, and
     * fields declared {@code Object} (visited as any value); {@code null} for any class outside
     * fabric8's model. Booleans, numbers and enums hold nothing to share and are not visited.
     */
    private record Plan(Slot additionalProperties, Slot[] strings, Slot[] beans, Slot[] lists, Slot[] maps,
                        Slot[] objects, BiConsumer<Compactor, Object> written) {}

    /**
     * What the elements of a list or the values of a map field are, by its declaration:
     * {@code List<String>} (interned), a model bean (visited), or values with nothing to share
     * ({@code Map<String, String>} labels, a list of numbers or enums: only an empty one is replaced).
     */
    enum Content { STRINGS, BEANS, PLAIN, ANY }

    /**
     * Fields whose string is one of a kind, never equal to one another object holds unless it is that
     * same instance already (a uid, a resourceVersion, a reference to an object's uid): interning one
     * would only hash a fresh string and push a string that does repeat out of its slot.
     */
    static final java.util.Set<String> UNIQUE_STRINGS = java.util.Set.of(
            "io.fabric8.kubernetes.api.model.ObjectMeta.uid",
            "io.fabric8.kubernetes.api.model.ObjectMeta.resourceVersion",
            "io.fabric8.kubernetes.api.model.ObjectReference.uid",
            "io.fabric8.kubernetes.api.model.ObjectReference.resourceVersion",
            "io.fabric8.kubernetes.api.model.OwnerReference.uid");

    /**
     * One field, read and written through its bean getter and setter as generated lambdas
     * ({@link DeepCopy#getter}); through reflection only where a class has no such pair. A
     * reflective {@code Field.set} costs a type check per call: with ~60 writes per stored pod it
     * was most of this class's time.
     */
    private record Slot(Function<Object, Object> get, BiConsumer<Object, Object> set, Content content) {
        static Slot of(Field f) {
            return of(f, Content.ANY);
        }

        static Slot of(Field f, Content content) {
            String cap = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
            try {
                Method getter = f.getDeclaringClass().getMethod("get" + cap);
                Method setter = f.getDeclaringClass().getMethod("set" + cap, f.getType());
                if (getter.getReturnType() == f.getType() && Modifier.isPublic(f.getDeclaringClass().getModifiers())) {
                    return new Slot(DeepCopy.getter(getter), DeepCopy.setter(setter), content);
                }
            } catch (Throwable noBeanPair) {
                // fall through to the field itself
            }
            f.setAccessible(true);
            return new Slot(bean -> {
                try {
                    return f.get(bean);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }, (bean, value) -> {
                try {
                    f.set(bean, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }, content);
        }
    }

    /** A fabric8 model class that may hold something to share (not an enum). */
    private static boolean model(Class<?> t) {
        return t.getName().startsWith("io.fabric8.kubernetes.api.model.") && !t.isEnum();
    }

    /** What the {@code index}th type argument of a {@code List} or {@code Map} field declares its contents to be. */
    private static Content content(Field f, int index) {
        if (f.getGenericType() instanceof java.lang.reflect.ParameterizedType p
                && p.getActualTypeArguments().length > index
                && p.getActualTypeArguments()[index] instanceof Class<?> e) {
            if (e == String.class) {
                return index == 0 ? Content.STRINGS : Content.PLAIN;
            }
            if (model(e)) {
                return Content.BEANS;
            }
            if (e == Boolean.class || Number.class.isAssignableFrom(e) || e.isEnum()) {
                return Content.PLAIN;
            }
        }
        return Content.ANY;
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            if (!type.getName().startsWith("io.fabric8.kubernetes.api.model.") || type.isEnum()) {
                return null;
            }
            Slot extra = null;
            List<Slot> strings = new ArrayList<>();
            List<Slot> beans = new ArrayList<>();
            List<Slot> lists = new ArrayList<>();
            List<Slot> maps = new ArrayList<>();
            List<Slot> objects = new ArrayList<>();
            try {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        Class<?> t = f.getType();
                        if (Modifier.isStatic(mod) || Modifier.isFinal(mod) || t.isPrimitive()) {
                            continue;
                        }
                        if (f.getName().equals("additionalProperties") && t == Map.class) {
                            extra = Slot.of(f);
                        } else if (t == String.class) {
                            if (!UNIQUE_STRINGS.contains(c.getName() + "." + f.getName())) {
                                strings.add(Slot.of(f));
                            }
                        } else if (t == List.class) {
                            lists.add(Slot.of(f, content(f, 0)));
                        } else if (t == Map.class) {
                            maps.add(Slot.of(f, content(f, 1)));
                        } else if (t == Object.class) {
                            objects.add(Slot.of(f));
                        } else if (model(t)) {
                            beans.add(Slot.of(f));
                        }
                    }
                }
            } catch (RuntimeException inaccessible) {
                return null;
            }
            Slot[] none = new Slot[0];
            return new Plan(extra, strings.toArray(none), beans.toArray(none), lists.toArray(none),
                    maps.toArray(none), objects.toArray(none), WRITTEN.get(type));
        }
    };
}
