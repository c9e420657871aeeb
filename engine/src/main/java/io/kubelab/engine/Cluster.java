package io.kubelab.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Patches;
import io.kubelab.engine.clock.SimClock;
import io.kubelab.engine.events.EventRecorder;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;
import io.kubelab.engine.store.Journal;
import io.kubelab.engine.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The engine's facade: one simulated (or, with a real runtime, partly real) Kubernetes cluster.
 * The app, the lessons, the console and the HTTP API use it to apply manifests, read and watch
 * objects, move the clock and inject faults.
 *
 * <p>Threading: {@link #api()} and {@link #store()} may be used from any thread. Everything that
 * moves the cluster ({@link #advance}, {@link #settle}, {@link #runUntil}, faults) runs on the
 * engine thread: the thread of an {@link EngineLoop}, or a test's own thread when it drives the
 * cluster by hand.
 */
public final class Cluster implements AutoCloseable {
    /** Guards against a component that keeps creating work forever within one instant. */
    private static final int MAX_DRAIN_ROUNDS = 100_000;

    private final ClusterConfig config;
    private final Store store;
    private final SimClock clock;
    private final KubeApi api;
    private final EventRecorder events;
    private final Random random;
    private final ClusterContext context;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private boolean started;

    private Cluster(ClusterConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.clock = new SimClock(config.start());
        this.api = new KubeApi(store, clock::now, config.seed());
        this.events = new EventRecorder(api);
        this.random = new Random(config.seed() * 31 + 7);
        this.context = new ClusterContext(api, store, clock, events, random, config);
    }

    /**
     * Makes a cluster from its configuration: opens (or creates) its state folder, bootstraps a new
     * cluster's namespaces and built-in Services, and wires the standard components. Call
     * {@link #start()} (or let an {@link EngineLoop} do it) before moving the clock.
     */
    public static Cluster create(ClusterConfig config) {
        Store store;
        if (config.stateDir() != null) {
            try {
                store = new Store(new Journal(config.stateDir(), false), Store.DEFAULT_HISTORY);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            store = new Store();
        }
        Cluster cluster = new Cluster(config, store);
        if (store.count(ResourceTypes.NAMESPACES) == 0) {
            cluster.bootstrap();
        }
        Components.wire(cluster);
        return cluster;
    }

    public ClusterConfig config() {
        return config;
    }

    public KubeApi api() {
        return api;
    }

    public Store store() {
        return store;
    }

    public SimClock clock() {
        return clock;
    }

    public EventRecorder events() {
        return events;
    }

    public ClusterContext context() {
        return context;
    }

    /** Adds a component; components are drained in the order they were added. */
    public void add(Component component) {
        if (components.putIfAbsent(component.name(), component) != null) {
            throw new IllegalArgumentException("a component named " + component.name() + " exists already");
        }
        if (started) {
            component.start(context);
        }
    }

    public Component component(String name) {
        return components.get(name);
    }

    public Map<String, Component> components() {
        return Collections.unmodifiableMap(components);
    }

    /** Starts every component (registers their watches). Engine thread; idempotent. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        for (Component c : components.values()) {
            c.start(context);
        }
        drainAll();
    }

    private void bootstrap() {
        for (String ns : List.of("default", "kube-node-lease", "kube-public", "kube-system")) {
            api.create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build(), null);
        }
        api.create(new ServiceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
                .addToLabels("component", "apiserver").addToLabels("provider", "kubernetes").endMetadata()
                .withNewSpec().withClusterIP("10.0.0.1").addNewPort().withName("https").withPort(443)
                .withTargetPort(new IntOrString(8443)).withProtocol("TCP").endPort().endSpec().build(), "default");
        api.create(new EndpointsBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
                .addToLabels("endpointslice.kubernetes.io/skip-mirror", "true").endMetadata()
                .withSubsets(new EndpointSubsetBuilder()
                        .withAddresses(new EndpointAddressBuilder().withIp(nodeIp(0)).build())
                        .withPorts(new EndpointPortBuilder().withName("https").withPort(8443).withProtocol("TCP").build())
                        .build())
                .build(), "default");
        api.create(new ServiceBuilder().withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .addToLabels("k8s-app", "kube-dns").addToLabels("kubernetes.io/cluster-service", "true")
                .addToLabels("kubernetes.io/name", "CoreDNS").endMetadata()
                .withNewSpec().withClusterIP("10.0.0.10").addToSelector("k8s-app", "kube-dns")
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withTargetPort(new IntOrString(53)).endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").withTargetPort(new IntOrString(53)).endPort()
                .addNewPort().withName("metrics").withPort(9153).withProtocol("TCP").withTargetPort(new IntOrString(9153)).endPort()
                .endSpec().build(), "kube-system");
    }

    /** Node {@code i}'s InternalIP, minikube's docker-driver way: 192.168.49.2, .3, … */
    public static String nodeIp(int i) {
        return "192.168.49." + (2 + i);
    }

    /** Node {@code i}'s pod CIDR: {@code 10.244.<i>.0/24}. */
    public static String podCidr(int i) {
        return "10.244." + i + ".0/24";
    }

    // ---- moving the cluster ---------------------------------------------------------------

    /** Lets every enabled component work until none has anything left, without moving time. */
    public void settle() {
        start();
        drainAll();
    }

    private void drainAll() {
        for (int round = 0; round < MAX_DRAIN_ROUNDS; round++) {
            boolean worked = false;
            // Most of the time nothing is stopped: then no name is built or looked up for each of
            // the (up to 5,000) kubelets in every round.
            boolean anyDisabled = !disabled.isEmpty();
            for (Component c : components.values()) {
                if (!anyDisabled || !disabled.contains(c.name())) {
                    worked |= c.drain();
                }
            }
            if (!worked) {
                return;
            }
        }
        throw new IllegalStateException("the cluster did not settle within " + MAX_DRAIN_ROUNDS + " rounds");
    }

    /**
     * Moves simulated time forward, stopping at every timer on the way so that each fires at its
     * own time and the cluster settles after it.
     */
    public void advance(Duration by) {
        start();
        Instant target = clock.now().plus(by);
        drainAll();
        while (true) {
            Instant next = clock.nextTimer();
            if (next == null || next.isAfter(target)) {
                break;
            }
            Duration step = Duration.between(clock.now(), next);
            clock.advance(step.isNegative() ? Duration.ZERO : step);
            drainAll();
        }
        clock.advance(Duration.between(clock.now(), target));
        drainAll();
    }

    /**
     * Advances in steps of {@code step} until {@code condition} holds or {@code max} has passed.
     *
     * @return whether the condition held
     */
    public boolean runUntil(BooleanSupplier condition, Duration max, Duration step) {
        start();
        drainAll();
        Instant deadline = clock.now().plus(max);
        while (!condition.getAsBoolean()) {
            if (!clock.now().isBefore(deadline)) {
                return false;
            }
            advance(step);
        }
        return true;
    }

    public boolean runUntil(BooleanSupplier condition, Duration max) {
        return runUntil(condition, max, Duration.ofMillis(500));
    }

    // ---- faults ---------------------------------------------------------------------------

    /**
     * Stops or restarts a component by name ({@code scheduler}, {@code controller-manager} stops
     * every controller): a stopped component keeps its queue but does nothing until started again.
     */
    public void setRunning(String name, boolean running) {
        List<String> names = new ArrayList<>();
        if ("controller-manager".equals(name)) {
            for (Component c : components.values()) {
                if (c instanceof io.kubelab.engine.controller.Controller) {
                    names.add(c.name());
                }
            }
        } else if (components.containsKey(name)) {
            names.add(name);
        } else {
            throw new IllegalArgumentException("no component named " + name);
        }
        for (String n : names) {
            if (running) {
                disabled.remove(n);
            } else {
                disabled.add(n);
            }
        }
    }

    public boolean isRunning(String name) {
        return !disabled.contains(name);
    }

    // ---- conveniences ---------------------------------------------------------------------

    /**
     * Creates each object of a YAML text, or, when it exists, patches it with the manifest (a
     * strategic merge, as {@code kubectl apply} does for fields the manifest names).
     *
     * @return the stored objects, in document order
     */
    public List<HasMetadata> apply(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (ObjectNode doc : Kube.readDocuments(yaml)) {
            HasMetadata object = ResourceTypes.decode(doc);
            ResourceType type = ResourceTypes.of(object);
            String ns = object.getMetadata().getNamespace();
            if (type.namespaced() && (ns == null || ns.isEmpty())) {
                ns = "default";
            }
            HasMetadata existing = api.find(type, ns, object.getMetadata().getName());
            if (existing == null) {
                out.add(api.create(object, type.namespaced() ? ns : null));
            } else {
                out.add(api.patch(type, ns, object.getMetadata().getName(), Patches.Type.STRATEGIC_MERGE_PATCH, doc, false));
            }
        }
        return out;
    }

    /** Saves state (a snapshot in the state folder) and releases it. */
    @Override
    public void close() {
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
