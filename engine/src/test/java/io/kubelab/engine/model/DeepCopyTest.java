package io.kubelab.engine.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Kube#copy} must give exactly what the JSON round trip it replaced gave
 * ({@code Kube.JSON.convertValue(o, o.getClass())}): equal objects, equal JSON, and nothing
 * mutable shared with the original. Shapes: every manifest of the invalid-manifest corpus, a
 * running cluster's whole store (nodes with status, pods through their phases, events, endpoints,
 * leases), and hand-made edge cases (unknown fields at several depths, null lists, empty
 * strings, quantities, int-or-strings, micro times).
 */
class DeepCopyTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void copyIsTheJsonRoundTrip(String name, Object original) {
        String before = Kube.toJson(original);
        Object json = Kube.JSON.convertValue(original, original.getClass());

        Object copy = Kube.copy(original);

        assertThat(copy).isNotSameAs(original).hasSameClassAs(json);
        assertThat(copy).isEqualTo(json);
        assertThat(Kube.toJson(copy)).isEqualTo(Kube.toJson(json));
        assertThat(sharedMutables(original, copy)).as("mutable parts shared with the original").isEmpty();
        assertThat(Kube.toJson(original)).as("the original is untouched").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void theHotKindsAreCopiedPropertyWiseAndTheCustomOnesThroughJson() {
        for (Class<?> c : List.of(Pod.class, PodSpec.class, Container.class, ObjectMeta.class,
                io.fabric8.kubernetes.api.model.apps.Deployment.class, io.fabric8.kubernetes.api.model.apps.ReplicaSet.class,
                io.fabric8.kubernetes.api.model.PodTemplateSpec.class, io.fabric8.kubernetes.api.model.Event.class,
                io.fabric8.kubernetes.api.model.Node.class, io.fabric8.kubernetes.api.model.Service.class)) {
            assertThat(DeepCopy.propertyWise(c)).as(c.getSimpleName()).isTrue();
        }
        for (Class<?> c : List.of(IntOrString.class, MicroTime.class, java.time.ZonedDateTime.class)) {
            assertThat(DeepCopy.propertyWise(c)).as(c.getSimpleName()).isFalse();
        }
    }

    static Stream<Object[]> shapes() {
        List<Object[]> out = new ArrayList<>();
        for (Object[] s : manifests()) {
            out.add(s);
        }
        for (Object[] s : storeOfARunningCluster()) {
            out.add(s);
        }
        out.addAll(edgeCases());
        return out.stream();
    }

    /** Every document of the invalid-manifest corpus, decoded leniently to its type. */
    private static List<Object[]> manifests() {
        List<Object[]> out = new ArrayList<>();
        try {
            Path dir = Path.of(DeepCopyTest.class.getResource("/invalid-manifests").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    int i = 0;
                    List<ObjectNode> docs;
                    try {
                        docs = Kube.readDocuments(Files.readString(f));
                    } catch (RuntimeException brokenYaml) {
                        continue; // the corpus holds files that are not YAML on purpose
                    }
                    for (ObjectNode doc : docs) {
                        try {
                            HasMetadata o = ResourceTypes.decode(doc, false);
                            out.add(new Object[] {f.getFileName() + "#" + i++, o});
                        } catch (RuntimeException notAKnownKind) {
                            // The corpus holds documents that are not objects of a known kind on purpose.
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertThat(out).hasSizeGreaterThan(40);
        return out;
    }

    /** Every object in the store of a 2-node cluster running a Deployment behind a Service. */
    private static List<Object[]> storeOfARunningCluster() {
        Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        cluster.start();
        cluster.apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}, annotations: {note: "x"}}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.25
                        ports: [{containerPort: 80, name: http}]
                        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
                        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 5}
                        env: [{name: A, value: "1"}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{port: 80, targetPort: http}]
                """);
        cluster.advance(Duration.ofSeconds(30));
        List<Object[]> out = new ArrayList<>();
        for (ResourceType t : ResourceTypes.all()) {
            for (HasMetadata o : cluster.store().list(t, null, x -> true).items()) {
                out.add(new Object[] {"store " + t.plural() + " " + Kube.key(o), o});
            }
        }
        assertThat(out).hasSizeGreaterThan(20);
        return out;
    }

    private static List<Object[]> edgeCases() {
        List<Object[]> out = new ArrayList<>();
        Pod unknown = new PodBuilder().withNewMetadata().withName("p").withNamespace("default")
                .addToLabels("app", "x").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("c").withImage("nginx")
                        .withNewResources().addToRequests("cpu", new Quantity("250m"))
                        .addToLimits("memory", new Quantity("1", "Gi")).endResources()
                        .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket()
                        .endLivenessProbe().build())
                .endSpec().build();
        unknown.setAdditionalProperty("topLevelUnknown", "v");
        unknown.getMetadata().setAdditionalProperty("nested", new LinkedHashMap<>(Map.of("a", List.of(1, 2L, "3"))));
        unknown.getSpec().setAdditionalProperty("number", 5L);
        unknown.getSpec().setAdditionalProperty("decimal", new BigDecimal("1.50"));
        unknown.getSpec().setAdditionalProperty("nullValue", null);
        unknown.getSpec().getContainers().get(0).setAdditionalProperty("list", new ArrayList<>(List.of(Map.of("k", true))));
        out.add(new Object[] {"unknown fields at several depths", unknown});

        Pod nulls = new Pod();
        nulls.setMetadata(new ObjectMeta());
        nulls.getMetadata().setLabels(null);
        nulls.getMetadata().setFinalizers(null);
        nulls.getMetadata().setName("");
        nulls.setSpec(new PodSpec());
        nulls.getSpec().setContainers(null);
        nulls.getSpec().setNodeName("");
        Container empty = new Container();
        empty.setArgs(new ArrayList<>());
        empty.setCommand(null);
        nulls.getSpec().setInitContainers(new ArrayList<>(java.util.Arrays.asList(empty, null)));
        out.add(new Object[] {"null and empty lists, empty strings, a null list element", nulls});

        out.add(new Object[] {"a bare pod", new Pod()});
        out.add(new Object[] {"a service with an int-or-string target port",
                new ServiceBuilder().withNewMetadata().withName("s").endMetadata().withNewSpec()
                        .addNewPort().withPort(80).withTargetPort(new IntOrString("http")).endPort()
                        .addToSelector("app", "x").endSpec().build()});
        Lease lease = new LeaseBuilder().withNewMetadata().withName("n").withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withHolderIdentity("n").withRenewTime(java.time.ZonedDateTime.parse("2026-11-26T15:39:30.123456Z"))
                .withLeaseDurationSeconds(40).endSpec().build();
        out.add(new Object[] {"a lease with a zoned time", lease});
        io.fabric8.kubernetes.api.model.Event event = new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("e").endMetadata().withEventTime(new MicroTime("2026-11-26T15:39:30.000000Z"))
                .withCount(2).withNewInvolvedObject().withKind("Pod").withName("p").endInvolvedObject().build();
        out.add(new Object[] {"an event with a micro time", event});
        out.add(new Object[] {"a pod spec alone", unknown.getSpec()});
        for (Quantity q : List.of(new Quantity("100m"), new Quantity("1"), new Quantity("1.5"), new Quantity("1Gi"),
                new Quantity("1e3"), new Quantity("1", "Gi"), new Quantity("0.5", null), new Quantity("2", ""),
                new Quantity("+1.0Ki"))) {
            out.add(new Object[] {"quantity " + q.getAmount() + "|" + q.getFormat(), q});
        }
        Quantity odd = new Quantity("3");
        odd.setAdditionalProperty("x", "y");
        out.add(new Object[] {"a quantity with an unknown field", odd});
        return out;
    }

    /** The mutable objects (beans, lists, maps) reachable from both, by identity. */
    private static List<String> sharedMutables(Object original, Object copy) {
        Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        collect(original, seen);
        List<String> shared = new ArrayList<>();
        Set<Object> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        find(copy, seen, visited, shared, "$");
        return shared;
    }

    private static void collect(Object o, Set<Object> into) {
        if (o == null || immutable(o) || !into.add(o)) {
            return;
        }
        for (Object child : children(o).values()) {
            collect(child, into);
        }
    }

    private static void find(Object o, Set<Object> originals, Set<Object> visited, List<String> shared, String path) {
        if (o == null || immutable(o) || !visited.add(o)) {
            return;
        }
        if (originals.contains(o)) {
            shared.add(path + " " + o.getClass().getSimpleName());
            return;
        }
        children(o).forEach((k, child) -> find(child, originals, visited, shared, path + "." + k));
    }

    private static boolean immutable(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || o instanceof Character;
    }

    private static Map<String, Object> children(Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        } else if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                out.put(String.valueOf(i++), e);
            }
        } else if (o.getClass().getName().startsWith("io.fabric8.")) {
            for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.put(f.getName(), f.get(o));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        out.values().removeIf(Objects::isNull);
        return out;
    }
}
