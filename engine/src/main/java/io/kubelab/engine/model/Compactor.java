package io.kubelab.engine.model;

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
        Plan plan = PLANS.get(bean.getClass());
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
        for (Slot f : plan.fields()) {
            Object v = f.get().apply(bean);
            if (v == null) {
                continue;
            }
            if (v instanceof String s) {
                String shared = intern(s);
                if (shared != s) {
                    f.set().accept(bean, shared);
                }
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    if (l != EMPTY_LIST && f.type() == List.class) {
                        f.set().accept(bean, EMPTY_LIST);
                    }
                } else if (l instanceof java.util.ArrayList<?> strings && l.get(0) instanceof String) {
                    // A node's image names: the same dozen per node, in every status it writes.
                    @SuppressWarnings("unchecked")
                    java.util.ArrayList<Object> list = (java.util.ArrayList<Object>) strings;
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) instanceof String s) {
                            String shared = intern(s);
                            if (shared != s) {
                                list.set(i, shared);
                            }
                        }
                    }
                } else {
                    for (Object e : l) {
                        if (e != null && PLANS.get(e.getClass()) != null) {
                            bean(e);
                        }
                    }
                }
            } else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    if (m != EMPTY_MAP && f.type() == Map.class) {
                        f.set().accept(bean, EMPTY_MAP);
                    }
                } else {
                    for (Object e : m.values()) {
                        if (e != null && PLANS.get(e.getClass()) != null) {
                            bean(e);
                        }
                    }
                }
            } else {
                bean(v);
            }
        }
    }

    /**
     * What to visit in a fabric8 model class: its {@code additionalProperties} (or {@code null}) and
     * its other reference fields; {@code null} for any class outside fabric8's model.
     */
    private record Plan(Slot additionalProperties, Slot[] fields) {}

    /**
     * One field, read and written through its bean getter and setter as generated lambdas
     * ({@link DeepCopy#getter}); through reflection only where a class has no such pair. A
     * reflective {@code Field.set} costs a type check per call: with ~60 writes per stored pod it
     * was most of this class's time.
     */
    private record Slot(Function<Object, Object> get, BiConsumer<Object, Object> set, Class<?> type) {
        static Slot of(Field f) {
            String cap = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
            try {
                Method getter = f.getDeclaringClass().getMethod("get" + cap);
                Method setter = f.getDeclaringClass().getMethod("set" + cap, f.getType());
                if (getter.getReturnType() == f.getType() && Modifier.isPublic(f.getDeclaringClass().getModifiers())) {
                    return new Slot(DeepCopy.getter(getter), DeepCopy.setter(setter), f.getType());
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
            }, f.getType());
        }
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            if (!type.getName().startsWith("io.fabric8.kubernetes.api.model.") || type.isEnum()) {
                return null;
            }
            Slot extra = null;
            List<Slot> fields = new ArrayList<>();
            try {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        if (Modifier.isStatic(mod) || Modifier.isFinal(mod) || f.getType().isPrimitive()) {
                            continue;
                        }
                        if (f.getName().equals("additionalProperties") && f.getType() == Map.class) {
                            extra = Slot.of(f);
                        } else if (f.getType() == String.class || f.getType() == List.class || f.getType() == Map.class
                                || f.getType() == Object.class
                                || f.getType().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
                            fields.add(Slot.of(f));
                        }
                    }
                }
            } catch (RuntimeException inaccessible) {
                return null;
            }
            return new Plan(extra, fields.toArray(new Slot[0]));
        }
    };
}
