package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubelab.engine.Cluster;
import io.kubelab.engine.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Compactor}: what the store keeps reads, compares and serializes exactly as before, shares
 * its empty collections and repeated strings, and every copy of it is as mutable as ever.
 */
class CompactorTest {

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .addToLabels("app", "web").endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("web").withImage("nginx:1.25")
                        .withNewResources().addToRequests("memory", new Quantity("16Mi")).endResources().build())
                .endSpec().withNewStatus().withPhase("Pending").withMessage(new String("containers with unready status: [web]"))
                .endStatus().build();
    }

    @Test
    void aCompactedObjectHasTheSameJsonAndEqualsItsCopy() {
        Pod pod = pod("a");
        String json = Kube.toJson(pod);
        String yaml = Kube.toYaml(pod);
        Pod before = Kube.copy(pod);

        new Compactor().compact(pod);

        assertThat(Kube.toJson(pod)).isEqualTo(json);
        assertThat(Kube.toYaml(pod)).isEqualTo(yaml);
        assertThat(pod).isEqualTo(before).hasSameHashCodeAs(before);
        assertThat(before).isEqualTo(pod);
    }

    @Test
    void emptyCollectionsAreSharedAndReadOnly() {
        Pod a = new Compactor().compact(pod("a"));
        Pod b = new Compactor().compact(pod("b"));

        assertThat(a.getAdditionalProperties()).isSameAs(b.getAdditionalProperties()).isEqualTo(Map.of());
        assertThat(a.getMetadata().getFinalizers()).isSameAs(b.getSpec().getContainers().get(0).getArgs()).isEqualTo(List.of());
        assertThat(a.getMetadata().getAnnotations()).isSameAs(b.getMetadata().getAnnotations()).isEqualTo(Map.of());
        // Writing into a stored object is a bug: it now fails loudly instead of going unnoticed.
        assertThatThrownBy(() -> a.getMetadata().getFinalizers().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.setAdditionalProperty("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        // Non-empty ones are left as they are.
        assertThat(a.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    }

    @Test
    void equalStringsBecomeOneInstance() {
        Compactor compactor = new Compactor();
        Pod a = compactor.compact(pod("a"));
        Pod b = compactor.compact(pod("b"));

        assertThat(b.getStatus().getMessage()).isSameAs(a.getStatus().getMessage());
        assertThat(b.getSpec().getContainers().get(0).getResources().getRequests().get("memory").getFormat())
                .isSameAs(a.getSpec().getContainers().get(0).getResources().getRequests().get("memory").getFormat());
        assertThat(b.getMetadata().getName()).isEqualTo("b");
    }

    /**
     * Strings with one hash but other characters ("Aa" and "BB" both hash to 2112) are told apart by
     * {@code equals}, not by the slot's hash alone: the second takes the slot, and an equal string
     * after it gets that instance.
     */
    @Test
    void stringsOfOneHashAreStillComparedByTheirCharacters() {
        Compactor compactor = new Compactor();
        String aa = new String("Aa");
        String bb = new String("BB");
        assertThat(aa.hashCode()).isEqualTo(bb.hashCode());

        assertThat(compactor.intern(aa)).isSameAs(aa);
        assertThat(compactor.intern(bb)).isSameAs(bb);
        assertThat(compactor.intern(new String("BB"))).isSameAs(bb);
        String aa2 = new String("Aa");
        assertThat(compactor.intern(aa2)).isSameAs(aa2);
        assertThat(compactor.intern(new String("Aa"))).isSameAs(aa2);
        // The empty string hashes to 0, as an unused slot's remembered hash reads.
        String empty = new String("");
        assertThat(compactor.intern(empty)).isSameAs(empty);
        assertThat(compactor.intern(new String(""))).isSameAs(empty);
    }

    /**
     * An Event's name ({@code <object>.<16 hex digits>}) is one of a kind and is not interned; the
     * rest of its metadata is, as any object's, and the JSON is what it was.
     */
    @Test
    void anEventsNameIsLeftAloneAndTheRestOfItsMetadataShared() {
        Compactor compactor = new Compactor();
        io.fabric8.kubernetes.api.model.Event a = event(new String("web-1.1870000000000000"));
        io.fabric8.kubernetes.api.model.Event b = event(new String("web-1.1870000000000000"));
        String json = Kube.toJson(a);

        compactor.compact(a);
        compactor.compact(b);

        assertThat(Kube.toJson(a)).isEqualTo(json);
        assertThat(b).isEqualTo(a);
        assertThat(b.getMetadata().getName()).isEqualTo(a.getMetadata().getName()).isNotSameAs(a.getMetadata().getName());
        assertThat(b.getMetadata().getNamespace()).isSameAs(a.getMetadata().getNamespace());
        assertThat(b.getMetadata().getCreationTimestamp()).isSameAs(a.getMetadata().getCreationTimestamp());
        assertThat(b.getMetadata().getLabels()).isSameAs(java.util.Collections.emptyMap());
        assertThat(b.getMetadata().getFinalizers()).isSameAs(java.util.Collections.emptyList());
        assertThat(b.getMessage()).isSameAs(a.getMessage());
        assertThat(b.getInvolvedObject().getName()).isSameAs(a.getInvolvedObject().getName());
        // Any other object's name is interned as before.
        Pod p = compactor.compact(pod(new String("web-1")));
        Pod q = compactor.compact(pod(new String("web-1")));
        assertThat(q.getMetadata().getName()).isSameAs(p.getMetadata().getName());
    }

    private static io.fabric8.kubernetes.api.model.Event event(String name) {
        io.fabric8.kubernetes.api.model.Event e = new io.fabric8.kubernetes.api.model.Event();
        io.fabric8.kubernetes.api.model.ObjectMeta meta = new io.fabric8.kubernetes.api.model.ObjectMeta();
        meta.setName(name);
        meta.setNamespace(new String("default"));
        meta.setCreationTimestamp(new String("2026-01-01T00:00:00Z"));
        e.setMetadata(meta);
        e.setInvolvedObject(new io.fabric8.kubernetes.api.model.ObjectReference("v1", new String("spec.containers{web}"),
                "Pod", new String("web-1"), new String("default"), "7", "uid-1"));
        e.setReason(new String("Created"));
        e.setMessage(new String("Created container: web"));
        e.setType(new String("Normal"));
        e.setCount(1);
        e.setFirstTimestamp(new String("2026-01-01T00:00:00Z"));
        e.setLastTimestamp(new String("2026-01-01T00:00:00Z"));
        e.setSource(new io.fabric8.kubernetes.api.model.EventSource(new String("kubelet"), new String("minikube")));
        return e;
    }

    @Test
    void copiesAndBuildersOfAStoredObjectAreMutable() {
        Pod stored = new Compactor().compact(pod("a"));
        String json = Kube.toJson(stored);

        Pod copy = Kube.copy(stored);
        copy.getMetadata().getFinalizers().add("kubernetes.io/x");
        copy.getMetadata().getAnnotations().put("k", "v");
        copy.getSpec().getContainers().get(0).getArgs().add("-g");
        copy.setAdditionalProperty("unknown", 1);
        Pod built = new PodBuilder(stored).editMetadata().addToFinalizers("y").addToAnnotations("a", "b").endMetadata().build();
        built.getSpec().getContainers().get(0).getCommand().add("nginx");
        Pod shallow = Kube.shallowCopy(stored);
        shallow.getMetadata().getOwnerReferences().add(new io.fabric8.kubernetes.api.model.OwnerReference());

        assertThat(Kube.toJson(stored)).as("the stored object is untouched").isEqualTo(json);
        assertThat(Compactor.isStored(stored)).isTrue();
        assertThat(Compactor.isStored(copy)).isFalse();
        assertThat(Compactor.isStored(built)).isFalse();
        assertThat(Compactor.isStored(stored.getSpec())).isTrue();
        assertThat(Compactor.isStored(Kube.copy(stored.getSpec()))).isFalse();
    }

    @Test
    void aStoredSubtreeSharedByTheNextVersionIsNotWalkedAgain() {
        Compactor compactor = new Compactor();
        Pod v1 = compactor.compact(pod("a"));
        Pod v2 = Kube.shallowCopy(v1);
        // A status writer replaces the status and shares the spec with the stored version.
        v2.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());

        compactor.compact(v2);

        assertThat(v2.getSpec()).isSameAs(v1.getSpec());
        assertThat(Compactor.isStored(v2.getStatus())).isTrue();
        assertThat(v2.getStatus().getConditions()).isSameAs(v1.getMetadata().getFinalizers());
    }

    @Test
    void everyObjectOfARunningClusterStoreIsCompactedAndSerializesAsItsCopy() {
        Cluster cluster = Cluster.create(ClusterConfig.defaults().withNodes(2));
        cluster.start();
        cluster.apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
                """);
        cluster.advance(Duration.ofSeconds(30));
        int objects = 0;
        for (ResourceType t : ResourceTypes.all()) {
            for (HasMetadata o : cluster.store().list(t, null, x -> true).items()) {
                assertThat(Compactor.isStored(o)).as(Kube.key(o)).isTrue();
                assertThat(Kube.toJson(Kube.copy(o))).as(Kube.key(o)).isEqualTo(Kube.toJson(o));
                objects++;
            }
        }
        assertThat(objects).isGreaterThan(20);
    }

    @Test
    void aTimestampIsOneStringPerSecond() {
        Instant t = Instant.parse("2026-11-26T15:39:30Z");
        String first = Kube.timestamp(t);

        assertThat(first).isEqualTo("2026-11-26T15:39:30Z");
        assertThat(Kube.timestamp(t.plusMillis(999))).isSameAs(first);
        assertThat(Kube.timestamp(t.plusSeconds(1))).isEqualTo("2026-11-26T15:39:31Z");
        assertThat(Kube.timestamp(t.minusMillis(1))).isEqualTo("2026-11-26T15:39:29Z");
        assertThat(List.of(Kube.timestamp(Instant.EPOCH), Kube.timestamp(Instant.EPOCH.plusSeconds(86_400))))
                .containsExactly("1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z");
    }

    /**
     * Every field of every class the compactor walks with written-out code (and, for comparison, a
     * few walked by their Plan) is walked as the Plan walks it: each field is given a value by
     * reflection — a fresh string, an empty or one-element list or map, a fresh bean — in two equal
     * objects, and after compacting both, every string (but a uid or a resourceVersion) is one
     * instance, every empty collection is the shared one, every nested bean was visited (its
     * unknown-fields map is the shared empty one), and the JSON is what it was. A field a new
     * fabric8 adds and the written-out code misses fails here.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("walkedClasses")
    void everyFieldOfAWalkedClassIsCompactedAsAPlanWould(Class<?> type) throws Exception {
        for (boolean filled : new boolean[] {false, true}) {
            Object a = populated(type, filled);
            Object b = populated(type, filled);
            String json = Kube.JSON.writeValueAsString(a);
            Compactor compactor = new Compactor();

            compactor.compact(a);
            compactor.compact(b);

            assertThat(Kube.JSON.writeValueAsString(a)).as(type.getSimpleName()).isEqualTo(json);
            assertCompacted(type.getSimpleName(), a, b, filled);
        }
    }

    static java.util.stream.Stream<Class<?>> walkedClasses() {
        java.util.List<Class<?>> classes = new java.util.ArrayList<>(Compactor.written());
        classes.sort(java.util.Comparator.comparing(Class::getName));
        assertThat(classes).contains(io.fabric8.kubernetes.api.model.Event.class, io.fabric8.kubernetes.api.model.ObjectMeta.class,
                io.fabric8.kubernetes.api.model.PodSpec.class, io.fabric8.kubernetes.api.model.Container.class);
        classes.add(io.fabric8.kubernetes.api.model.Service.class);
        classes.add(io.fabric8.kubernetes.api.model.NodeStatus.class);
        classes.add(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class);
        return classes.stream();
    }

    private static final java.util.Set<String> UNIQUE = java.util.Set.of("ObjectMeta.uid", "ObjectMeta.resourceVersion",
            "ObjectReference.uid", "ObjectReference.resourceVersion", "OwnerReference.uid");

    private static java.util.List<java.lang.reflect.Field> fields(Class<?> type) {
        java.util.List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private static boolean model(Class<?> t) {
        return t.getName().startsWith("io.fabric8.kubernetes.api.model.") && !t.isEnum()
                && !java.lang.reflect.Modifier.isAbstract(t.getModifiers());
    }

    /** An instance of {@code type} with every field set: strings fresh, collections empty or with one element. */
    private static Object populated(Class<?> type, boolean filled) throws Exception {
        return populated(type, filled, 0);
    }

    private static Object populated(Class<?> type, boolean filled, int depth) throws Exception {
        Object bean = type.getDeclaredConstructor().newInstance();
        for (java.lang.reflect.Field f : fields(type)) {
            Class<?> t = f.getType();
            if (f.getName().equals("additionalProperties")) {
                f.set(bean, new java.util.LinkedHashMap<>());
            } else if (t == String.class) {
                f.set(bean, new String(f.getName() + "-value"));
            } else if (t == java.util.List.class || t == Map.class) {
                java.lang.reflect.Type[] args = ((java.lang.reflect.ParameterizedType) f.getGenericType()).getActualTypeArguments();
                java.lang.reflect.Type content = args[t == java.util.List.class ? 0 : 1];
                Object element = !filled ? null
                        : content == String.class ? new String(f.getName() + "-element")
                        : content instanceof Class<?> c && model(c) ? c.getDeclaredConstructor().newInstance()
                        : null;
                if (t == java.util.List.class) {
                    java.util.List<Object> list = new java.util.ArrayList<>();
                    if (element != null) {
                        list.add(element);
                    }
                    f.set(bean, list);
                } else {
                    Map<String, Object> map = new java.util.LinkedHashMap<>();
                    if (element != null) {
                        map.put("key", element);
                    }
                    f.set(bean, map);
                }
            } else if (model(t) && hasNoArgConstructor(t)) {
                // One level down with its strings too (a MicroTime with no time cannot be written).
                f.set(bean, depth == 0 ? populated(t, false, 1) : t.getDeclaredConstructor().newInstance());
            }
        }
        return bean;
    }

    private static boolean hasNoArgConstructor(Class<?> t) {
        try {
            t.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static void assertCompacted(String where, Object a, Object b, boolean filled) throws Exception {
        for (java.lang.reflect.Field f : fields(a.getClass())) {
            String name = where + "." + f.getName();
            Object va = f.get(a);
            Object vb = f.get(b);
            if (va instanceof String s) {
                if (UNIQUE.contains(f.getDeclaringClass().getSimpleName() + "." + f.getName())) {
                    assertThat(vb).as(name).isEqualTo(s);
                } else {
                    assertThat(vb).as(name + " is one instance").isSameAs(s);
                }
            } else if (va instanceof java.util.List<?> la) {
                if (la.isEmpty()) {
                    assertThat(va).as(name + " is the shared empty list").isSameAs(java.util.Collections.emptyList());
                } else if (la.get(0) instanceof String s) {
                    assertThat(((java.util.List<?>) vb).get(0)).as(name + "[0] is one instance").isSameAs(s);
                } else {
                    assertVisited(name + "[0]", la.get(0));
                }
            } else if (va instanceof Map<?, ?> ma) {
                if (ma.isEmpty()) {
                    assertThat(va).as(name + " is the shared empty map").isSameAs(java.util.Collections.emptyMap());
                } else if (!(ma.values().iterator().next() instanceof String)) {
                    assertVisited(name + "[key]", ma.values().iterator().next());
                }
            } else if (va != null && model(va.getClass())) {
                assertVisited(name, va);
            }
        }
    }

    private static void assertVisited(String name, Object bean) throws Exception {
        for (java.lang.reflect.Field f : fields(bean.getClass())) {
            if (f.getName().equals("additionalProperties")) {
                assertThat(f.get(bean)).as(name + " was walked").isSameAs(java.util.Collections.emptyMap());
            }
        }
    }
}
