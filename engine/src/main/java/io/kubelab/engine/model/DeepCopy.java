package io.kubelab.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.BeanDeserializer;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import io.fabric8.kubernetes.api.model.Quantity;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A deep copy of a model object that gives what a JSON round trip through {@link Kube#JSON}
 * ({@code convertValue(object, object.getClass())}) gives, without writing and reading tokens:
 * about 30 µs per pod through JSON, a few µs here (see {@code docs/benchmarks.md}).
 *
 * <p>It follows Jackson's own view of each class, taken once per class: the properties Jackson
 * writes (with their inclusion rule: an omitted {@code null}, or empty list under
 * {@code NON_EMPTY}, leaves the fresh object's default — fabric8 starts lists and maps empty, so
 * a {@code null} list comes back as {@code []}, exactly as through JSON), the properties it
 * reads back, and the {@code additionalProperties} of unknown fields (any-getter → any-setter,
 * their values copied as untyped JSON values). A class Jackson treats in any special way — a
 * custom serializer or deserializer (fabric8's {@code Quantity}, {@code IntOrString},
 * {@code MicroTime}), a creator, polymorphic type info, a property written but not read — is
 * copied through JSON as before, so the result is the same object in every case; the equality
 * against the JSON round trip is tested on many shapes in {@code DeepCopyTest}.
 */
final class DeepCopy {
    private DeepCopy() {}

    private static final ObjectMapper MAPPER = Kube.JSON;

    /** How to copy a value of one runtime class read from a property of one declared type. */
    private interface Copier {
        Object copy(Object value);
    }

    private static final ClassValue<Copier> BEANS = new ClassValue<>() {
        @Override
        protected Copier computeValue(Class<?> type) {
            if (type == Quantity.class) {
                return DeepCopy::copyQuantity;
            }
            Copier c = beanCopier(type);
            JavaType jt = MAPPER.constructType(type);
            return c != null ? c : v -> viaJson(v, jt);
        }
    };

    /** A deep copy of {@code value}, as {@code Kube.JSON.convertValue(value, value.getClass())} would give. */
    static Object copy(Object value) {
        if (value == null) {
            return null;
        }
        Class<?> type = value.getClass();
        if (immutable(type)) {
            return value;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || type.isArray()) {
            return viaJson(value, MAPPER.constructType(type));
        }
        return BEANS.get(type).copy(value);
    }

    private static final JavaType QUANTITY = MAPPER.constructType(Quantity.class);

    /**
     * fabric8 writes a quantity as the string {@code amount + format} and reads that string back
     * with {@code new Quantity(text)}: the same here (two per container's requests in every pod),
     * through JSON when it carries unknown fields or no amount.
     */
    private static Object copyQuantity(Object value) {
        Quantity q = (Quantity) value;
        if (q.getAmount() == null || (q.getAdditionalProperties() != null && !q.getAdditionalProperties().isEmpty())) {
            return viaJson(q, QUANTITY);
        }
        return new Quantity(q.getFormat() == null ? q.getAmount() : q.getAmount() + q.getFormat());
    }

    /** Whether values of this class are copied property by property (not through JSON). */
    static boolean propertyWise(Class<?> type) {
        Copier c = BEANS.get(type);
        return c instanceof BeanCopier || type == Quantity.class;
    }

    private static Object viaJson(Object value, JavaType type) {
        return MAPPER.convertValue(value, type);
    }

    /** Values that JSON gives back equal and that nobody can change: shared, not copied. */
    private static boolean immutable(Class<?> c) {
        return c == String.class || c == Integer.class || c == Long.class || c == Boolean.class
                || c == Double.class || c == Float.class || c == Short.class || c == Byte.class
                || c == BigInteger.class || c == BigDecimal.class || c.isEnum();
    }

    /** A value read where the declared type is {@code declared}, copied as JSON would read it back. */
    private static Object copyAs(Object value, JavaType declared) {
        if (value == null) {
            return null;
        }
        Class<?> raw = declared.getRawClass();
        Class<?> c = value.getClass();
        if (raw == Object.class) {
            return copyUntyped(value);
        }
        if (immutable(c) && raw.isAssignableFrom(c) && (raw == c || !Number.class.isAssignableFrom(raw))) {
            return value;
        }
        if (declared.isCollectionLikeType() && (raw == List.class || raw == Collection.class) && value instanceof List<?> l) {
            JavaType e = declared.getContentType();
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copyAs(o, e));
            }
            return out;
        }
        if (declared.isMapLikeType() && raw == Map.class && value instanceof Map<?, ?> m
                && declared.getKeyType().getRawClass() == String.class) {
            JavaType vt = declared.getContentType();
            Map<Object, Object> out = new LinkedHashMap<>(Math.max(16, (int) (m.size() / 0.75f) + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return viaJson(value, declared);
                }
                out.put(e.getKey(), copyAs(e.getValue(), vt));
            }
            return out;
        }
        if (c == raw) {
            return BEANS.get(c).copy(value);
        }
        return viaJson(value, declared);
    }

    /** What Jackson reads for an untyped value: maps, lists, strings, numbers, booleans. */
    private static Object copyUntyped(Object value) {
        if (value == null) {
            return null;
        }
        Class<?> c = value.getClass();
        if (c == String.class || c == Integer.class || c == Long.class || c == Boolean.class || c == Double.class
                || c == BigInteger.class || c == BigDecimal.class) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return viaJson(value, MAPPER.constructType(Object.class));
                }
                out.put(e.getKey(), copyUntyped(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copyUntyped(o));
            }
            return out;
        }
        return viaJson(value, MAPPER.constructType(Object.class));
    }

    // ---- per-class copiers -------------------------------------------------------------------

    /**
     * How one property is copied: read, maybe skipped (left at the fresh object's default), written.
     * Getters and setters are called through generated lambdas, not {@code Method.invoke}: a pod
     * has ~150 properties counting its nested objects, most of them null, and reflection's boxing
     * of arguments cost more than the JSON round trip it replaces.
     */
    private record Property(String name, Function<Object, Object> getter, BiConsumer<Object, Object> setter,
                            JavaType type, boolean skipNull, boolean skipEmpty) {}

    private record BeanCopier(Supplier<Object> constructor, Property[] properties, Function<Object, Object> anyGetter,
                              Method anySetter) implements Copier {
        @Override
        public Object copy(Object value) {
            Object out = constructor.get();
            for (Property p : properties) {
                Object v = p.getter().apply(value);
                if (v == null) {
                    if (!p.skipNull()) {
                        p.setter().accept(out, null);
                    }
                    continue;
                }
                if (p.skipEmpty() && empty(v)) {
                    continue;
                }
                p.setter().accept(out, copyAs(v, p.type()));
            }
            if (anyGetter != null) {
                Map<?, ?> extra = (Map<?, ?>) anyGetter.apply(value);
                if (extra != null && !extra.isEmpty()) {
                    try {
                        for (Map.Entry<?, ?> e : extra.entrySet()) {
                            anySetter.invoke(out, e.getKey(), copyUntyped(e.getValue()));
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot copy " + value.getClass().getName(), e);
                    }
                }
            }
            return out;
        }
    }

    private static boolean empty(Object v) {
        return (v instanceof Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())
                || (v instanceof String s && s.isEmpty()) || (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0);
    }

    /** A property-wise copier when Jackson treats the class as a plain bean both ways; else {@code null}. */
    private static Copier beanCopier(Class<?> type) {
        try {
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface() || hasCustomCodec(type)) {
                return null;
            }
            JavaType jt = MAPPER.constructType(type);
            JsonSerializer<Object> ser = MAPPER.getSerializerProviderInstance().findValueSerializer(jt);
            if (ser.getClass() != BeanSerializer.class) {
                return null;
            }
            DefaultDeserializationContext ctxt = ((DefaultDeserializationContext) MAPPER.getDeserializationContext())
                    .createInstance(MAPPER.getDeserializationConfig(), null, MAPPER.getInjectableValues());
            JsonDeserializer<Object> deser = ctxt.findRootValueDeserializer(jt);
            if (deser.getClass() != BeanDeserializer.class) {
                return null;
            }
            BeanDeserializer bd = (BeanDeserializer) deser;
            if (!bd.getValueInstantiator().canCreateUsingDefault() || bd.getValueInstantiator().canCreateFromObjectWith()
                    || bd.getObjectIdReader() != null) {
                return null;
            }
            SerializationConfig sc = MAPPER.getSerializationConfig();
            DeserializationConfig dc = MAPPER.getDeserializationConfig();
            BeanDescription sd = sc.introspect(jt);
            BeanDescription dd = dc.introspect(jt);
            if (sc.getAnnotationIntrospector().findTypeResolver(sc, sd.getClassInfo(), jt) != null) {
                return null;
            }
            JsonInclude.Value classIncl = sd.findPropertyInclusion(sc.getDefaultPropertyInclusion(type));
            List<Property> props = new ArrayList<>();
            for (BeanPropertyDefinition def : sd.findProperties()) {
                if (!def.couldSerialize() || def.getAccessor() == null) {
                    continue;
                }
                AnnotatedMember acc = def.getAccessor();
                if (hasCustomCodec(acc) || sc.getAnnotationIntrospector().findUnwrappingNameTransformer(acc) != null
                        || sc.getAnnotationIntrospector().findPropertyTypeResolver(sc, acc, def.getPrimaryType()) != null
                        || (def.getPrimaryType().isContainerType() && sc.getAnnotationIntrospector()
                                .findPropertyContentTypeResolver(sc, acc, def.getPrimaryType()) != null)) {
                    return null;
                }
                JsonInclude.Value incl = classIncl.withOverrides(def.findInclusion());
                JsonInclude.Include vi = incl.getValueInclusion();
                JsonInclude.Include ci = incl.getContentInclusion();
                if (ci != JsonInclude.Include.USE_DEFAULTS && ci != JsonInclude.Include.ALWAYS) {
                    return null;
                }
                boolean skipNull;
                boolean skipEmpty;
                switch (vi) {
                    case ALWAYS, USE_DEFAULTS -> { skipNull = false; skipEmpty = false; }
                    case NON_NULL, NON_ABSENT -> { skipNull = true; skipEmpty = false; }
                    case NON_EMPTY -> { skipNull = true; skipEmpty = true; }
                    default -> { return null; }
                }
                SettableBeanProperty sp = bd.findProperty(def.getName());
                BeanPropertyDefinition dp = dd.findProperties().stream()
                        .filter(p -> p.getName().equals(def.getName())).findFirst().orElse(null);
                if (sp == null || dp == null || sp.hasValueTypeDeserializer() || !dp.hasSetter() && !dp.hasField()) {
                    return null;
                }
                AnnotatedMember mut = dp.getMutator();
                if (mut == null || hasCustomCodec(mut) || !dp.getPrimaryType().equals(def.getPrimaryType())) {
                    return null;
                }
                if (!(acc instanceof AnnotatedMethod g) || !(mut instanceof AnnotatedMethod st)) {
                    return null;
                }
                props.add(new Property(def.getName(), getter(g.getAnnotated()), setter(st.getAnnotated()),
                        def.getPrimaryType(), skipNull, skipEmpty));
            }
            Function<Object, Object> anyGetter = null;
            Method anySetter = null;
            AnnotatedMember ag = sd.findAnyGetter();
            AnnotatedMember as = dd.findAnySetterAccessor();
            if (ag != null || as != null) {
                if (!(ag instanceof AnnotatedMethod agm) || !(as instanceof AnnotatedMethod asm)
                        || asm.getParameterCount() != 2) {
                    return null;
                }
                anyGetter = getter(agm.getAnnotated());
                anySetter = accessible(asm.getAnnotated());
            }
            // A property read back but never written would come back as its default: same here.
            return new BeanCopier(constructor(type), props.toArray(new Property[0]), anyGetter, anySetter);
        } catch (Throwable e) {
            if (e instanceof Error err && !(e instanceof LinkageError)) {
                throw err;
            }
            // Anything Jackson or reflection will not tell us: copy this class through JSON.
            return null;
        }
    }

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    @SuppressWarnings("unchecked")
    static Function<Object, Object> getter(Method m) throws Throwable {
        MethodHandle h = LOOKUP.unreflect(m);
        return (Function<Object, Object>) LambdaMetafactory.metafactory(LOOKUP, "apply",
                MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), h,
                MethodType.methodType(MethodType.methodType(m.getReturnType()).wrap().returnType(), m.getDeclaringClass()))
                .getTarget().invoke();
    }

    @SuppressWarnings("unchecked")
    static BiConsumer<Object, Object> setter(Method m) throws Throwable {
        if (m.getParameterCount() != 1) {
            throw new IllegalArgumentException("not a setter: " + m);
        }
        MethodHandle h = LOOKUP.unreflect(m);
        Class<?> param = MethodType.methodType(m.getParameterTypes()[0]).wrap().returnType();
        return (BiConsumer<Object, Object>) LambdaMetafactory.metafactory(LOOKUP, "accept",
                MethodType.methodType(BiConsumer.class), MethodType.methodType(void.class, Object.class, Object.class), h,
                MethodType.methodType(void.class, m.getDeclaringClass(), param))
                .getTarget().invoke();
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Object> constructor(Class<?> type) throws Throwable {
        MethodHandle h = LOOKUP.findConstructor(type, MethodType.methodType(void.class));
        return (Supplier<Object>) LambdaMetafactory.metafactory(LOOKUP, "get",
                MethodType.methodType(Supplier.class), MethodType.methodType(Object.class), h,
                MethodType.methodType(type)).getTarget().invoke();
    }

    private static boolean hasCustomCodec(java.lang.reflect.AnnotatedElement e) {
        return custom(e.getAnnotation(JsonSerialize.class), e.getAnnotation(JsonDeserialize.class));
    }

    private static boolean hasCustomCodec(AnnotatedMember m) {
        return custom(m.getAnnotation(JsonSerialize.class), m.getAnnotation(JsonDeserialize.class));
    }

    /** Whether these annotations change how Jackson writes or reads (fabric8 puts "None" ones everywhere). */
    private static boolean custom(JsonSerialize s, JsonDeserialize d) {
        return (s != null && (s.using() != JsonSerializer.None.class || s.contentUsing() != JsonSerializer.None.class
                        || s.keyUsing() != JsonSerializer.None.class || s.as() != Void.class || s.contentAs() != Void.class
                        || s.keyAs() != Void.class
                        || s.converter() != com.fasterxml.jackson.databind.util.Converter.None.class
                        || s.contentConverter() != com.fasterxml.jackson.databind.util.Converter.None.class))
                || (d != null && (d.using() != JsonDeserializer.None.class || d.contentUsing() != JsonDeserializer.None.class
                        || d.keyUsing() != com.fasterxml.jackson.databind.KeyDeserializer.None.class
                        || d.as() != Void.class || d.contentAs() != Void.class || d.keyAs() != Void.class
                        || d.builder() != Void.class
                        || d.converter() != com.fasterxml.jackson.databind.util.Converter.None.class
                        || d.contentConverter() != com.fasterxml.jackson.databind.util.Converter.None.class));
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T o) {
        o.setAccessible(true);
        return o;
    }
}
