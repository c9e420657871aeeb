package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.FieldError;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.ListResult;
import io.kubelab.engine.store.Store;
import io.kubelab.engine.store.Watch;
import io.kubelab.engine.store.WatchEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The API server's semantics over the {@link Store}: defaulting, validation with Kubernetes'
 * messages, uid / creationTimestamp / generation, status kept apart from spec, ClusterIP and
 * NodePort allocation, patches, graceful deletion with finalizers. Every writer — the HTTP API,
 * the console, the controllers, the kubelets — goes through here, as every Kubernetes component
 * goes through the API server.
 *
 * <p>Thread-safety: writes are serialized on this object; reads go straight to the store. Returned
 * objects are the stored ones and must not be mutated (copy first).
 */
public final class KubeApi {
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private final Store store;
    private final Supplier<Instant> clock;
    private final IpAllocator allocator;
    private final Random random;

    public KubeApi(Store store, Supplier<Instant> clock, long seed) {
        this.store = store;
        this.clock = clock;
        this.random = new Random(seed);
        this.allocator = new IpAllocator(seed);
        for (Service s : store.<Service>list(ResourceTypes.SERVICES, null).items()) {
            allocator.reserve(s);
        }
    }

    public Store store() {
        return store;
    }

    public Instant now() {
        return clock.get();
    }

    // ---- reads ---------------------------------------------------------------------------

    public <T extends HasMetadata> T get(ResourceType type, String namespace, String name) {
        return store.require(type, namespace, name);
    }

    public <T extends HasMetadata> T find(ResourceType type, String namespace, String name) {
        return store.get(type, namespace, name);
    }

    public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, Predicate<? super HasMetadata> filter) {
        return store.list(type, namespace, filter);
    }

    public <T extends HasMetadata> List<T> list(ResourceType type, String namespace) {
        return store.<T>list(type, namespace).items();
    }

    public Watch watch(ResourceType type, long fromRevision, Predicate<? super HasMetadata> filter, Consumer<WatchEvent> listener) {
        return store.watch(type, fromRevision, filter, listener);
    }

    // ---- create --------------------------------------------------------------------------

    /** Creates an object the way {@code POST} does; {@code namespace} comes from the URL (or the default). */
    public synchronized <T extends HasMetadata> T create(T object, String namespace) {
        ResourceType type = ResourceTypes.of(object);
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            object.setMetadata(meta);
        }
        object.setApiVersion(type.apiVersion());
        Kube.setKind(object, type.kind());
        if (type.namespaced()) {
            String bodyNs = meta.getNamespace();
            String ns = namespace != null && !namespace.isEmpty() ? namespace : (bodyNs == null || bodyNs.isEmpty() ? "default" : bodyNs);
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.setNamespace(ns);
            checkNamespaceOpen(type, meta, ns);
        }
        if ((meta.getName() == null || meta.getName().isEmpty()) && meta.getGenerateName() != null
                && !meta.getGenerateName().isEmpty()) {
            String name;
            do {
                name = meta.getGenerateName() + randomSuffix();
            } while (store.get(type, meta.getNamespace(), name) != null);
            meta.setName(name);
        }
        Defaulting.apply(object);
        if (object instanceof Pod pod) {
            Defaulting.defaultTolerations(pod);
        }
        resetStatus(object);
        // As the API server: a Service's ClusterIP and NodePorts are allocated first (an allocation
        // error is reported alone), then the object is validated and stored; any failure gives the
        // allocation back, so a rejected Service leaks nothing.
        ServiceAllocation allocation = object instanceof Service svc ? allocateCreate(svc) : none();
        try {
            List<FieldError> errors = ObjectValidation.validateCreate(object);
            if (!errors.isEmpty()) {
                throw ApiException.invalid(type, ApiException.nameOf(meta), errors);
            }
            // The store's existence check (409 AlreadyExists) comes first; only a free name gets a uid.
            return store.create(object, o -> {
                ObjectMeta m = o.getMetadata();
                m.setUid(newUid());
                m.setCreationTimestamp(Kube.timestamp(now()));
                m.setGeneration(1L);
                m.setResourceVersion(null);
                m.setDeletionTimestamp(null);
                m.setDeletionGracePeriodSeconds(null);
            });
        } catch (RuntimeException e) {
            allocation.release();
            throw e;
        }
    }

    private void checkNamespaceOpen(ResourceType type, ObjectMeta meta, String ns) {
        Namespace namespace = store.get(ResourceTypes.NAMESPACES, null, ns);
        if (namespace == null) {
            throw ApiException.notFound(ResourceTypes.NAMESPACES, ns);
        }
        if (namespace.getMetadata().getDeletionTimestamp() != null && type != ResourceTypes.EVENTS) {
            throw ApiException.forbidden(type, meta.getName() == null ? "" : meta.getName(),
                    "unable to create new content in namespace " + ns + " because it is being terminated");
        }
    }

    private String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
        }
        return sb.toString();
    }

    /** A random string of Kubernetes' alphabet, for generated names (shared seed: deterministic). */
    public synchronized String randomString(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
        }
        return sb.toString();
    }

    private String newUid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** Client-sent status is ignored on create: each kind starts from its empty status. */
    private static void resetStatus(HasMetadata object) {
        if (object instanceof Pod pod) {
            PodStatus status = new PodStatus();
            status.setPhase("Pending");
            status.setQosClass(qosClass(pod));
            pod.setStatus(status);
        } else if (object instanceof Deployment d) {
            d.setStatus(new DeploymentStatus());
        } else if (object instanceof ReplicaSet rs) {
            ReplicaSetStatus s = new ReplicaSetStatus();
            s.setReplicas(0);
            rs.setStatus(s);
        } else if (object instanceof Service svc) {
            ServiceStatus s = new ServiceStatus();
            s.setLoadBalancer(new LoadBalancerStatus());
            svc.setStatus(s);
        }
    }

    /** The QoS class of {@code pkg/apis/core/v1/helper/qos}: Guaranteed, Burstable or BestEffort. */
    public static String qosClass(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return "BestEffort";
        }
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : pod.getSpec().getContainers()) {
            Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
            if ((req != null && !req.isEmpty()) || (lim != null && !lim.isEmpty())) {
                any = true;
            }
            for (String r : List.of("cpu", "memory")) {
                Quantity l = lim == null ? null : lim.get(r);
                Quantity q = req == null ? null : req.get(r);
                if (l == null) {
                    guaranteed = false;
                } else if (q != null && Quantity.getAmountInBytes(q).compareTo(Quantity.getAmountInBytes(l)) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    /** What one create or update took from the allocators, to give back if the write fails. */
    private final class ServiceAllocation {
        private final List<String> ips = new ArrayList<>();
        private final List<Integer> ports = new ArrayList<>();

        void release() {
            ips.forEach(allocator::releaseIp);
            ports.forEach(allocator::releasePort);
            ips.clear();
            ports.clear();
        }
    }

    /** A no-op allocation for objects that are not Services. */
    private ServiceAllocation none() {
        return new ServiceAllocation();
    }

    private static boolean needsNodePorts(Service svc) {
        String t = svc.getSpec() == null ? null : svc.getSpec().getType();
        return "NodePort".equals(t) || "LoadBalancer".equals(t);
    }

    /**
     * The ClusterIP and NodePorts of a new Service ({@code allocateCreate}): clusterIPs follows a
     * set clusterIP; a requested IP or port must be free and in range; ports with the same port
     * number share one NodePort.
     *
     * @throws ApiException 422 for a bad or taken IP or port, 500 when a range is full
     */
    private ServiceAllocation allocateCreate(Service svc) {
        ServiceAllocation a = new ServiceAllocation();
        var spec = svc.getSpec();
        String name = ApiException.nameOf(svc.getMetadata());
        // NormalizeClusterIPs: a client that set only clusterIP means clusterIPs too.
        String ip = spec.getClusterIP() == null ? "" : spec.getClusterIP();
        if (!ip.isEmpty() && (spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty())) {
            spec.setClusterIPs(new ArrayList<>(List.of(ip)));
        }
        if ("ExternalName".equals(spec.getType())) {
            return a;
        }
        List<FieldError> pre = clusterIpErrors(spec);
        if (!pre.isEmpty()) {
            throw ApiException.invalid(ResourceTypes.SERVICES, name, pre);
        }
        try {
            if (ip.isEmpty()) {
                String next = allocator.allocateIp();
                if (next == null) {
                    throw ApiException.internal("failed to allocate a serviceIP: range is full");
                }
                a.ips.add(next);
                spec.setClusterIP(next);
                spec.setClusterIPs(new ArrayList<>(List.of(next)));
            } else if (!"None".equals(ip)) {
                reserveRequestedIp(spec.getClusterIPs(), ip, name);
                a.ips.add(ip);
            }
            if (needsNodePorts(svc) && spec.getPorts() != null) {
                allocateNodePorts(svc, null, a);
            }
        } catch (RuntimeException e) {
            a.release();
            throw e;
        }
        return a;
    }

    /** The clusterIP checks the allocator runs before allocating ({@code ValidateServiceClusterIPsRelatedFields}). */
    private static List<FieldError> clusterIpErrors(io.fabric8.kubernetes.api.model.ServiceSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        List<String> ips = spec.getClusterIPs() == null ? List.of() : spec.getClusterIPs();
        for (int i = 0; i < ips.size(); i++) {
            if (!(i == 0 && "None".equals(ips.get(i))) && !Validation.isValidIp(ips.get(i))) {
                errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ips.get(i), Validation.INVALID_IP));
            }
        }
        return errors;
    }

    private void reserveRequestedIp(List<String> clusterIPs, String ip, String name) {
        FieldError.Go value = new FieldError.Go(FieldError.stringSlice(clusterIPs));
        if (!IpAllocator.inRange(ip)) {
            throw ApiException.invalid(ResourceTypes.SERVICES, name, List.of(FieldError.invalid("spec.clusterIPs", value,
                    "failed to allocate IP " + ip + ": the provided IP (" + ip + ") is not in the valid range. "
                            + "The range of valid IPs is " + IpAllocator.SERVICE_CIDR)));
        }
        if (allocator.ipTaken(ip)) {
            throw ApiException.invalid(ResourceTypes.SERVICES, name, List.of(FieldError.invalid("spec.clusterIPs", value,
                    "failed to allocate IP " + ip + ": provided IP is already allocated")));
        }
        allocator.reserveIp(ip);
    }

    /**
     * {@code initNodePorts} / {@code updateNodePorts}: a requested NodePort must be in range and
     * free (ports of the Service that already hold it keep it); ports with the same port number
     * share one; the others get a random free one.
     */
    private void allocateNodePorts(Service svc, Service old, ServiceAllocation a) {
        String name = ApiException.nameOf(svc.getMetadata());
        java.util.Set<Integer> held = new java.util.HashSet<>();
        if (old != null && old.getSpec().getPorts() != null) {
            for (ServicePort p : old.getSpec().getPorts()) {
                if (p.getNodePort() != null && p.getNodePort() != 0) {
                    held.add(p.getNodePort());
                }
            }
        }
        Map<Integer, Integer> byPort = new java.util.HashMap<>();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        List<ServicePort> ports = svc.getSpec().getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            int portNumber = p.getPort() == null ? 0 : p.getPort();
            Integer shared = old == null ? byPort.get(portNumber) : null;
            if (shared != null) {
                p.setNodePort(shared);
                continue;
            }
            int requested = p.getNodePort() == null ? 0 : p.getNodePort();
            if (old == null && requested == 0) {
                // Scan forward for a user-provided NodePort of the same port number.
                for (ServicePort q : ports) {
                    if (q.getPort() != null && q.getPort() == portNumber && q.getNodePort() != null && q.getNodePort() != 0) {
                        requested = q.getNodePort();
                        break;
                    }
                }
            }
            if (requested != 0) {
                // On create a second request for the same port fails in the allocator; an update
                // allocates it once and validation reports the duplicate.
                if (!held.contains(requested) && (old == null || !taken.contains(requested))) {
                    String why = null;
                    if (requested < IpAllocator.NODE_PORT_MIN || requested > IpAllocator.NODE_PORT_MAX) {
                        why = "provided port is not in the valid range. The range of valid ports is "
                                + IpAllocator.NODE_PORT_MIN + "-" + IpAllocator.NODE_PORT_MAX;
                    } else if (allocator.portTaken(requested)) {
                        why = "provided port is already allocated";
                    }
                    if (why != null) {
                        throw ApiException.invalid(ResourceTypes.SERVICES, name, List.of(
                                FieldError.invalid("spec.ports[" + i + "].nodePort", requested, why)));
                    }
                    allocator.reservePort(requested);
                    a.ports.add(requested);
                    taken.add(requested);
                }
                p.setNodePort(requested);
            } else {
                int next = allocator.allocatePort();
                if (next == 0) {
                    throw ApiException.internal("failed to allocate a nodePort: range is full");
                }
                a.ports.add(next);
                taken.add(next);
                p.setNodePort(next);
            }
            byPort.put(portNumber, p.getNodePort());
        }
    }

    /**
     * The Service half of {@code PrepareForUpdate} and {@code allocateUpdate}: values the client left
     * out (clusterIP, NodePorts) are kept from the stored object, NodePorts are dropped when the type
     * no longer needs them, and new NodePorts are allocated.
     */
    private ServiceAllocation prepareServiceUpdate(Service svc, Service old) {
        var spec = svc.getSpec();
        var oldSpec = old.getSpec();
        ServiceAllocation a = new ServiceAllocation();
        boolean oldNeedsIp = !"ExternalName".equals(oldSpec.getType()) && !"None".equals(oldSpec.getClusterIP());
        boolean newNeedsIp = !"ExternalName".equals(spec.getType()) && !"None".equals(spec.getClusterIP());
        if (oldNeedsIp && newNeedsIp) {
            if (spec.getClusterIP() == null || spec.getClusterIP().isEmpty()) {
                spec.setClusterIP(oldSpec.getClusterIP());
            }
            if ((spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()) && oldSpec.getClusterIPs() != null
                    && !oldSpec.getClusterIPs().isEmpty()) {
                spec.setClusterIPs(new ArrayList<>(oldSpec.getClusterIPs()));
            }
        }
        // NormalizeClusterIPs: a changed clusterIP with unchanged clusterIPs speaks for both.
        if (!Objects.equals(oldSpec.getClusterIP(), spec.getClusterIP()) && spec.getClusterIP() != null
                && !spec.getClusterIP().isEmpty() && Objects.equals(oldSpec.getClusterIPs(), spec.getClusterIPs())) {
            spec.setClusterIPs(new ArrayList<>(List.of(spec.getClusterIP())));
        }
        if ("ExternalName".equals(oldSpec.getType()) && !"ExternalName".equals(spec.getType())
                && (spec.getClusterIP() == null || spec.getClusterIP().isEmpty())) {
            String next = allocator.allocateIp();
            if (next == null) {
                throw ApiException.internal("failed to allocate a serviceIP: range is full");
            }
            a.ips.add(next);
            spec.setClusterIP(next);
            spec.setClusterIPs(new ArrayList<>(List.of(next)));
        }
        if (spec.getPorts() != null) {
            if (needsNodePorts(old) && needsNodePorts(svc)) {
                for (ServicePort p : spec.getPorts()) {
                    if (p.getNodePort() == null || p.getNodePort() == 0) {
                        Integer kept = oldNodePort(old, p);
                        if (kept != null) {
                            p.setNodePort(kept);
                        }
                    }
                }
            } else if (needsNodePorts(old) && !needsNodePorts(svc)) {
                // dropTypeDependentFields: what the client did not change goes with the old type.
                for (ServicePort p : spec.getPorts()) {
                    if (p.getNodePort() != null && Objects.equals(p.getNodePort(), oldNodePort(old, p))) {
                        p.setNodePort(null);
                    }
                }
                if (Objects.equals(spec.getExternalTrafficPolicy(), oldSpec.getExternalTrafficPolicy())) {
                    spec.setExternalTrafficPolicy(null);
                }
            }
            if (needsNodePorts(svc)) {
                try {
                    allocateNodePorts(svc, old, a);
                } catch (RuntimeException e) {
                    a.release();
                    throw e;
                }
            }
        }
        return a;
    }

    private static Integer oldNodePort(Service old, ServicePort p) {
        if (old == null || old.getSpec().getPorts() == null) {
            return null;
        }
        for (ServicePort o : old.getSpec().getPorts()) {
            if (Objects.equals(o.getPort(), p.getPort()) && Objects.equals(o.getProtocol(), p.getProtocol())
                    && o.getNodePort() != null && o.getNodePort() != 0) {
                return o.getNodePort();
            }
        }
        return null;
    }

    /** Releases what {@code old} held that {@code svc} no longer holds (after a successful update). */
    private void releaseDropped(Service svc, Service old) {
        if (old.getSpec() == null) {
            return;
        }
        String ip = old.getSpec().getClusterIP();
        if (ip != null && !ip.equals(svc.getSpec().getClusterIP())) {
            allocator.releaseIp(ip);
        }
        if (old.getSpec().getPorts() != null) {
            java.util.Set<Integer> still = new java.util.HashSet<>();
            if (svc.getSpec().getPorts() != null) {
                svc.getSpec().getPorts().forEach(p -> still.add(p.getNodePort()));
            }
            for (ServicePort p : old.getSpec().getPorts()) {
                if (p.getNodePort() != null && !still.contains(p.getNodePort())) {
                    allocator.releasePort(p.getNodePort());
                }
            }
        }
    }

    /** The allocators (tests check that rejected writes leak nothing). */
    IpAllocator allocator() {
        return allocator;
    }

    // ---- update --------------------------------------------------------------------------

    /**
     * Replaces an object's spec and metadata (a {@code PUT}); its status is kept. With a
     * resourceVersion in the object, a stale one fails with 409 Conflict.
     */
    public synchronized <T extends HasMetadata> T update(T object) {
        return doUpdate(object, false);
    }

    /** Replaces only the status ({@code PUT …/status}); spec and metadata are kept. */
    public synchronized <T extends HasMetadata> T updateStatus(T object) {
        return doUpdate(object, true);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> T doUpdate(T object, boolean statusOnly) {
        ResourceType type = ResourceTypes.of(object);
        ObjectMeta meta = object.getMetadata();
        String ns = type.namespaced() ? meta.getNamespace() : null;
        if (type.namespaced() && (ns == null || ns.isEmpty())) {
            ns = "default";
            meta.setNamespace(ns);
        }
        HasMetadata current = store.require(type, ns, meta.getName());
        String rv = meta.getResourceVersion();
        if (rv != null && !rv.isEmpty() && !rv.equals(current.getMetadata().getResourceVersion())) {
            throw ApiException.staleResourceVersion(type, meta.getName());
        }
        object.setApiVersion(type.apiVersion());
        Kube.setKind(object, type.kind());
        T next;
        if (statusOnly) {
            // The caller's object belongs to the store after this call, so its status is taken as
            // it is; the rest is shared with the current object, which nobody mutates.
            if (current instanceof Pod pod && object instanceof Pod write) {
                Pod p = podForStatusWrite(pod);
                p.setStatus(write.getStatus());
                next = (T) p;
            } else {
                next = (T) Kube.shallowCopy(current);
                setStatus(next, Kube.status(object), false);
            }
        } else {
            next = object;
            Defaulting.apply(next);
            if (next instanceof Pod pod) {
                // The DefaultTolerationSeconds admission plugin runs on updates too.
                Defaulting.defaultTolerations(pod);
            }
            // The stored status, shared rather than copied: it is never mutated (the store's rule),
            // and a shared part that is already compact is not walked again when stored.
            setStatus(next, Kube.status(current), false);
            ObjectMeta cm = current.getMetadata();
            meta.setUid(cm.getUid());
            meta.setCreationTimestamp(cm.getCreationTimestamp());
            meta.setGeneration(cm.getGeneration());
            meta.setDeletionTimestamp(cm.getDeletionTimestamp());
            meta.setDeletionGracePeriodSeconds(cm.getDeletionGracePeriodSeconds());
            if (meta.getGenerateName() == null) {
                meta.setGenerateName(cm.getGenerateName());
            }
            ServiceAllocation allocation = next instanceof Service svc ? prepareServiceUpdate(svc, (Service) current) : none();
            if (!Kube.semanticEquals(Kube.spec(next), Kube.spec(current))) {
                meta.setGeneration((cm.getGeneration() == null ? 0 : cm.getGeneration()) + 1);
            }
            try {
                List<FieldError> errors = ObjectValidation.validateUpdate(next, current);
                if (!errors.isEmpty()) {
                    throw ApiException.invalid(type, meta.getName(), errors);
                }
                T stored = finishUpdate(type, next, current);
                if (next instanceof Service svc) {
                    releaseDropped(svc, (Service) current);
                }
                return stored;
            } catch (RuntimeException e) {
                allocation.release();
                throw e;
            }
        }
        return finishUpdate(type, next, current);
    }

    /**
     * The pod a status write stores, before its status is set: the stored pod's spec and every
     * metadata field shared, in a metadata object of its own (the store sets its resourceVersion).
     * Its maps and lists are the stored ones rather than copies ({@link Kube#shallowCopy} copies
     * them for writers that change them; a status write changes none): nothing mutates a stored
     * object, so two versions may share them as they share the spec. A stored metadata's
     * unknown-fields map is the compactor's shared empty one, so the compactor does not walk the
     * metadata again either (the kubelet's ~3 status writes per pod: one labels and annotations
     * map, owner references, and ~8 strings looked up again per write, ~1.5 % of the engine at
     * 150,000 pods).
     */
    private static Pod podForStatusWrite(Pod current) {
        ObjectMeta m = current.getMetadata();
        ObjectMeta meta = new ObjectMeta(m.getAnnotations(), m.getCreationTimestamp(), m.getDeletionGracePeriodSeconds(),
                m.getDeletionTimestamp(), m.getFinalizers(), m.getGenerateName(), m.getGeneration(), m.getLabels(),
                m.getManagedFields(), m.getName(), m.getNamespace(), m.getOwnerReferences(), m.getResourceVersion(),
                m.getSelfLink(), m.getUid());
        meta.setAdditionalProperties(m.getAdditionalProperties());
        Pod p = new Pod();
        p.setApiVersion(current.getApiVersion());
        p.setKind(current.getKind());
        p.setMetadata(meta);
        p.setSpec(current.getSpec());
        if (current.getAdditionalProperties() != null && !current.getAdditionalProperties().isEmpty()) {
            current.getAdditionalProperties().forEach(p::setAdditionalProperty);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> T finishUpdate(ResourceType type, T next, HasMetadata current) {
        next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        if (next.getMetadata().getDeletionTimestamp() != null
                && (next.getMetadata().getFinalizers() == null || next.getMetadata().getFinalizers().isEmpty())
                && !(next instanceof Pod p && p.getSpec() != null && p.getSpec().getNodeName() != null
                && next.getMetadata().getDeletionGracePeriodSeconds() != null
                && next.getMetadata().getDeletionGracePeriodSeconds() > 0)
                && !(next instanceof Namespace)) {
            // The last finalizer is gone: the object goes away.
            return (T) removeNow(type, next);
        }
        return store.update(next);
    }

    /** Each kind's {@code setStatus}, found once: {@code getMethods()} copies every method per call. */
    private static final ClassValue<java.util.Optional<java.lang.reflect.Method>> SET_STATUS = new ClassValue<>() {
        @Override
        protected java.util.Optional<java.lang.reflect.Method> computeValue(Class<?> c) {
            for (var m : c.getMethods()) {
                if (m.getName().equals("setStatus") && m.getParameterCount() == 1) {
                    return java.util.Optional.of(m);
                }
            }
            return java.util.Optional.empty();
        }
    };

    private static void setStatus(HasMetadata o, Object status, boolean copy) {
        var m = SET_STATUS.get(o.getClass());
        if (m.isPresent()) {
            try {
                m.get().invoke(o, status == null || !copy ? status : Kube.copy(status));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Reads, changes and writes an object, retrying on conflicts: the {@code GuaranteedUpdate} of
     * controllers. {@code mutate} gets a private copy.
     */
    public <T extends HasMetadata> T modify(ResourceType type, String namespace, String name,
                                            java.util.function.UnaryOperator<T> mutate, boolean status) {
        for (int attempt = 0; ; attempt++) {
            T current = store.require(type, namespace, name);
            T copy = Kube.copy(current);
            T changed = mutate.apply(copy);
            try {
                return status ? updateStatus(changed) : update(changed);
            } catch (ApiException e) {
                if (e.code() != 409 || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Binds a pod to a node, as the scheduler does through {@code pods/binding}: sets
     * {@code spec.nodeName} once and, in the same write, the {@code PodScheduled=True} condition
     * (upstream's binding storage does both).
     *
     * @param uid the pod the scheduler decided about; a different pod of the same name is a conflict
     * @throws ApiException 404 when gone, 409 Conflict when already bound, replaced or being deleted
     */
    public synchronized Pod bind(String namespace, String name, String uid, String nodeName) {
        ResourceType type = ResourceTypes.PODS;
        Pod current = store.require(type, namespace, name);
        if (uid != null && !uid.equals(current.getMetadata().getUid())) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        if (current.getSpec().getNodeName() != null && !current.getSpec().getNodeName().isEmpty()) {
            throw ApiException.conflict(type, name, "pod " + name + " is already assigned to node \""
                    + current.getSpec().getNodeName() + "\"");
        }
        if (current.getMetadata().getDeletionTimestamp() != null) {
            throw ApiException.conflict(type, name, "pod " + name + " is being deleted, cannot be assigned to a host");
        }
        Pod next = Kube.shallowCopy(current);
        // Spec and status are copied one level deep (their parts are shared with the stored pod,
        // which nobody mutates); only nodeName and the conditions list are new.
        io.fabric8.kubernetes.api.model.PodSpec spec = Kube.shallowCopyBean(current.getSpec());
        spec.setNodeName(nodeName);
        next.setSpec(spec);
        PodStatus status = current.getStatus() == null ? new PodStatus() : Kube.shallowCopyBean(current.getStatus());
        List<io.fabric8.kubernetes.api.model.PodCondition> conditions = status.getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
                .withStatus("True").withLastTransitionTime(Kube.timestamp(now())).build());
        status.setConditions(conditions);
        status.setNominatedNodeName(null);
        next.setStatus(status);
        return store.update(next);
    }

    // ---- patch ---------------------------------------------------------------------------

    /** Applies a patch ({@code PATCH}) to the object or, with {@code status}, to its status. */
    public <T extends HasMetadata> T patch(ResourceType type, String namespace, String name, Patches.Type patchType,
                                           JsonNode patch, boolean status) {
        return patch(type, namespace, name, patchType, patch, status, false);
    }

    /**
     * As {@link #patch(ResourceType, String, String, Patches.Type, JsonNode, boolean)}; with
     * {@code strict} ({@code ?fieldValidation=Strict}) a patched object with a field its kind does
     * not have is refused: {@code strict decoding error: unknown field "spec.replica"}.
     */
    public <T extends HasMetadata> T patch(ResourceType type, String namespace, String name, Patches.Type patchType,
                                           JsonNode patch, boolean status, boolean strict) {
        for (int attempt = 0; ; attempt++) {
            HasMetadata current = store.require(type, namespace, name);
            JsonNode original = Kube.tree(current);
            JsonNode patched = Patches.apply(patchType, original, patch);
            if (!(patched instanceof ObjectNode patchedObject)) {
                throw ApiException.badRequest("the patch did not result in an object");
            }
            String patchedRv = patchedObject.path("metadata").path("resourceVersion").asText("");
            boolean clientPinnedRv = !patchedRv.isEmpty() && !patchedRv.equals(current.getMetadata().getResourceVersion());
            if (strict) {
                String error = io.kubelab.engine.model.GoJson.decodeError(patchedObject, type.type(), true);
                if (error != null && error.startsWith("strict decoding error")) {
                    throw ApiException.badRequest(error);
                }
            }
            T next = ResourceTypes.decodeAs(type, patchedObject, false);
            if (next.getMetadata() == null || !name.equals(next.getMetadata().getName())) {
                throw ApiException.badRequest("the name of the object (" + (next.getMetadata() == null ? ""
                        : next.getMetadata().getName()) + ") does not match the name on the URL (" + name + ")");
            }
            if (!clientPinnedRv) {
                next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            }
            try {
                return status ? updateStatus(next) : update(next);
            } catch (ApiException e) {
                if (e.code() != 409 || clientPinnedRv || !"Conflict".equals(e.reason()) || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    // ---- delete --------------------------------------------------------------------------

    /**
     * Deletes as {@code DELETE} does. A pod bound to a node is only marked ({@code deletionTimestamp},
     * grace period) and its kubelet finishes the deletion; objects with finalizers (including
     * {@code foregroundDeletion} and {@code orphan} from the propagation policy) are marked and
     * removed when the last finalizer goes.
     *
     * @return the object as it is after the call (marked, or its last state)
     */
    public synchronized HasMetadata delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        HasMetadata current = store.require(type, namespace, name);
        DeleteOptions opts = options == null ? new DeleteOptions() : options;
        if (opts.getPreconditions() != null) {
            String uid = opts.getPreconditions().getUid();
            String rv = opts.getPreconditions().getResourceVersion();
            if (uid != null && !uid.equals(current.getMetadata().getUid())) {
                throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + uid
                        + ", UID in object meta: " + current.getMetadata().getUid());
            }
            if (rv != null && !rv.equals(current.getMetadata().getResourceVersion())) {
                throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: " + rv
                        + ", ResourceVersion in object meta: " + current.getMetadata().getResourceVersion());
            }
        }
        HasMetadata next = Kube.copy(current);
        ObjectMeta meta = next.getMetadata();
        if (type == ResourceTypes.NAMESPACES) {
            if (List.of("default", "kube-system", "kube-public", "kube-node-lease").contains(name)) {
                throw ApiException.forbidden(type, name, "this namespace may not be deleted");
            }
            if (meta.getDeletionTimestamp() == null) {
                meta.setDeletionTimestamp(Kube.timestamp(now()));
                ((Namespace) next).getStatus().setPhase("Terminating");
                return store.update(next);
            }
            return current;
        }
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        String policy = opts.getPropagationPolicy();
        if (policy == null && Boolean.FALSE.equals(opts.getOrphanDependents())) {
            policy = "Background";
        } else if (policy == null && Boolean.TRUE.equals(opts.getOrphanDependents())) {
            policy = "Orphan";
        }
        if (policy != null && !List.of("Orphan", "Foreground", "Background").contains(policy)) {
            throw ApiException.invalid(type, name, List.of(FieldError.notSupported("propagationPolicy", policy,
                    List.of("Foreground", "Background", "Orphan"))));
        }
        if ("Foreground".equals(policy) && !finalizers.contains("foregroundDeletion")) {
            finalizers.add("foregroundDeletion");
        } else if ("Orphan".equals(policy) && !finalizers.contains("orphan")) {
            finalizers.add("orphan");
        }
        Long grace = opts.getGracePeriodSeconds();
        boolean graceful = false;
        if (next instanceof Pod pod) {
            if (grace == null) {
                grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30L
                        : pod.getSpec().getTerminationGracePeriodSeconds();
            }
            boolean bound = pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
            boolean finished = "Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase());
            graceful = bound && !finished && grace > 0;
            if (meta.getDeletionTimestamp() != null && graceful) {
                // Already terminating: a shorter grace period may shorten it.
                Long oldGrace = meta.getDeletionGracePeriodSeconds();
                if (oldGrace != null && grace < oldGrace) {
                    meta.setDeletionGracePeriodSeconds(grace);
                    meta.setDeletionTimestamp(Kube.timestamp(now().plusSeconds(grace)));
                    return store.update(next);
                }
                return current;
            }
        }
        if (graceful) {
            meta.setDeletionTimestamp(Kube.timestamp(now().plusSeconds(grace)));
            meta.setDeletionGracePeriodSeconds(grace);
            meta.setFinalizers(finalizers);
            meta.setGeneration((meta.getGeneration() == null ? 0 : meta.getGeneration()) + 1);
            return store.update(next);
        }
        if (!finalizers.isEmpty()) {
            if (meta.getDeletionTimestamp() != null) {
                return current;
            }
            meta.setDeletionTimestamp(Kube.timestamp(now()));
            meta.setDeletionGracePeriodSeconds(0L);
            meta.setFinalizers(finalizers);
            return store.update(next);
        }
        return removeNow(type, next);
    }

    private HasMetadata removeNow(ResourceType type, HasMetadata object) {
        HasMetadata last = store.delete(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), null, null);
        if (last instanceof Service svc) {
            allocator.release(svc);
        }
        return last;
    }

    /** Removes a namespace once its content is gone (the namespace controller's finalize step). */
    public synchronized void finalizeNamespace(String name) {
        Namespace ns = store.get(ResourceTypes.NAMESPACES, null, name);
        if (ns != null && ns.getMetadata().getDeletionTimestamp() != null) {
            store.delete(ResourceTypes.NAMESPACES, null, name, null, null);
        }
    }
}
