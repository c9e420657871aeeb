package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;

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
 *       that same instance, through a small direct-mapped cache (a string that never repeats, a
 *       uid, only passes through a slot).</li>
 * </ul>
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
        int slot = (s.hashCode() ^ (s.hashCode() >>> 13)) & (SLOTS - 1);
        String known = strings[slot];
        if (known != null && (known == s || known.equals(s))) {
            return known;
        }
        strings[slot] = s;
        return s;
    }

    private void bean(Object bean) {
        Class<?> type = bean.getClass();
        if (type == ObjectMeta.class) {
            meta((ObjectMeta) bean);
            return;
        }
        if (type == Event.class) {
            event((Event) bean);
            return;
        }
        if (type == ObjectReference.class) {
            reference((ObjectReference) bean);
            return;
        }
        Plan plan = PLANS.get(type);
        if (plan == null) {
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
    // The same walk as a Plan's, with direct calls: a Plan reads and writes each field through its
    // own getter and setter objects, one call the JIT cannot inline per field (~10-20 ns each), and
    // every stored object has an ObjectMeta (14 fields), ~770,000 Events at the full size have 18
    // fields plus an ObjectReference's 8 — a third of the fields the store compacts. These three
    // classes are stable parts of core/v1; CompactorTest checks every field of theirs is walked.

    private void meta(ObjectMeta m) {
        Map<String, Object> extra = m.getAdditionalProperties();
        if (extra == EMPTY_MAP) {
            return;
        }
        if (extra != null && extra.isEmpty()) {
            m.setAdditionalProperties(EMPTY_MAP);
        }
        // uid and resourceVersion are one of a kind (UNIQUE_STRINGS): not interned.
        String s;
        if ((s = m.getCreationTimestamp()) != null && s != (s = intern(s))) {
            m.setCreationTimestamp(s);
        }
        if ((s = m.getDeletionTimestamp()) != null && s != (s = intern(s))) {
            m.setDeletionTimestamp(s);
        }
        if ((s = m.getGenerateName()) != null && s != (s = intern(s))) {
            m.setGenerateName(s);
        }
        if ((s = m.getName()) != null && s != (s = intern(s))) {
            m.setName(s);
        }
        if ((s = m.getNamespace()) != null && s != (s = intern(s))) {
            m.setNamespace(s);
        }
        if ((s = m.getSelfLink()) != null && s != (s = intern(s))) {
            m.setSelfLink(s);
        }
        if (m.getAnnotations() != null && m.getAnnotations().isEmpty() && m.getAnnotations() != (Object) EMPTY_MAP) {
            m.setAnnotations(Collections.emptyMap());
        }
        if (m.getLabels() != null && m.getLabels().isEmpty() && m.getLabels() != (Object) EMPTY_MAP) {
            m.setLabels(Collections.emptyMap());
        }
        if (m.getFinalizers() != null) {
            if (m.getFinalizers().isEmpty()) {
                if (m.getFinalizers() != (Object) EMPTY_LIST) {
                    m.setFinalizers(Collections.emptyList());
                }
            } else {
                strings(m.getFinalizers());
            }
        }
        if (m.getManagedFields() != null) {
            if (m.getManagedFields().isEmpty()) {
                if (m.getManagedFields() != (Object) EMPTY_LIST) {
                    m.setManagedFields(Collections.emptyList());
                }
            } else {
                elements(m.getManagedFields());
            }
        }
        if (m.getOwnerReferences() != null) {
            if (m.getOwnerReferences().isEmpty()) {
                if (m.getOwnerReferences() != (Object) EMPTY_LIST) {
                    m.setOwnerReferences(Collections.emptyList());
                }
            } else {
                elements(m.getOwnerReferences());
            }
        }
    }

    private void event(Event e) {
        Map<String, Object> extra = e.getAdditionalProperties();
        if (extra == EMPTY_MAP) {
            return;
        }
        if (extra != null && extra.isEmpty()) {
            e.setAdditionalProperties(EMPTY_MAP);
        }
        String s;
        if ((s = e.getAction()) != null && s != (s = intern(s))) {
            e.setAction(s);
        }
        if ((s = e.getApiVersion()) != null && s != (s = intern(s))) {
            e.setApiVersion(s);
        }
        if ((s = e.getFirstTimestamp()) != null && s != (s = intern(s))) {
            e.setFirstTimestamp(s);
        }
        if ((s = e.getKind()) != null && s != (s = intern(s))) {
            e.setKind(s);
        }
        if ((s = e.getLastTimestamp()) != null && s != (s = intern(s))) {
            e.setLastTimestamp(s);
        }
        if ((s = e.getMessage()) != null && s != (s = intern(s))) {
            e.setMessage(s);
        }
        if ((s = e.getReason()) != null && s != (s = intern(s))) {
            e.setReason(s);
        }
        if ((s = e.getReportingComponent()) != null && s != (s = intern(s))) {
            e.setReportingComponent(s);
        }
        if ((s = e.getReportingInstance()) != null && s != (s = intern(s))) {
            e.setReportingInstance(s);
        }
        if ((s = e.getType()) != null && s != (s = intern(s))) {
            e.setType(s);
        }
        if (e.getMetadata() != null) {
            meta(e.getMetadata());
        }
        if (e.getInvolvedObject() != null) {
            bean(e.getInvolvedObject());
        }
        if (e.getSource() != null) {
            bean(e.getSource());
        }
        if (e.getEventTime() != null) {
            bean(e.getEventTime());
        }
        if (e.getRelated() != null) {
            bean(e.getRelated());
        }
        if (e.getSeries() != null) {
            bean(e.getSeries());
        }
    }

    private void reference(ObjectReference r) {
        Map<String, Object> extra = r.getAdditionalProperties();
        if (extra == EMPTY_MAP) {
            return;
        }
        if (extra != null && extra.isEmpty()) {
            r.setAdditionalProperties(EMPTY_MAP);
        }
        // uid and resourceVersion are one of a kind (UNIQUE_STRINGS): not interned.
        String s;
        if ((s = r.getApiVersion()) != null && s != (s = intern(s))) {
            r.setApiVersion(s);
        }
        if ((s = r.getFieldPath()) != null && s != (s = intern(s))) {
            r.setFieldPath(s);
        }
        if ((s = r.getKind()) != null && s != (s = intern(s))) {
            r.setKind(s);
        }
        if ((s = r.getName()) != null && s != (s = intern(s))) {
            r.setName(s);
        }
        if ((s = r.getNamespace()) != null && s != (s = intern(s))) {
            r.setNamespace(s);
        }
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
                        Slot[] objects) {}

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
                    maps.toArray(none), objects.toArray(none));
        }
    };
}
