package io.kubelab.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON and YAML for the real Kubernetes types (fabric8 kubernetes-model), and the small helpers
 * every part of the engine needs: deep copies, RFC 3339 timestamps, reading multi-document files.
 *
 * <p>Objects in the store are never mutated: copy first with {@link #copy(HasMetadata)}.
 */
public final class Kube {
    private Kube() {}

    /** The JSON mapper. Thread-safe. Unknown fields are kept in fabric8's additionalProperties. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The YAML mapper, writing YAML the way kubectl does (no document marker, minimal quotes). */
    public static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** A second and its text: see {@link #timestamp}. */
    private record FormattedSecond(long epochSecond, String text) {}

    /** Slots by epoch second modulo 256; each holds an immutable pair, so any thread may read and write them. */
    private static final FormattedSecond[] TIMESTAMPS = new FormattedSecond[256];

    /**
     * Kubernetes' timestamp form: RFC 3339 in UTC with second precision, e.g. {@code 2026-11-26T15:39:30Z}.
     *
     * <p>The simulation clock stands still while the engine works through a tick, and a status
     * carries few distinct seconds (now, the pod's start, its containers' starts), so thousands of
     * calls in a row ask for the same handful (15,000 pods: ~35 timestamps each — conditions, events,
     * creation — falling into ~20 distinct seconds). Each second's text is remembered in a slot of
     * its own (seconds 256 apart share one, and each gets its own text): one formatting and one
     * {@code String} per second instead of per call, shared by every object stamped in it (strings
     * are immutable, so sharing changes nothing visible). A race formats a second again, no worse.
     */
    public static String timestamp(Instant instant) {
        long second = instant.getEpochSecond();
        int slot = (int) (second & (TIMESTAMPS.length - 1));
        FormattedSecond known = TIMESTAMPS[slot];
        if (known != null && known.epochSecond() == second) {
            return known.text();
        }
        String text = RFC3339.format(instant);
        TIMESTAMPS[slot] = new FormattedSecond(second, text);
        return text;
    }

    /** Parses a Kubernetes timestamp; {@code null} stays {@code null}. */
    public static Instant parseTimestamp(String text) {
        return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    }

    /**
     * A deep copy of any model object: the same object a JSON round trip
     * ({@code JSON.convertValue(object, object.getClass())}) gives, copied property by property
     * ({@link DeepCopy}) — about 30 µs per pod through JSON, several times less this way.
     */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T object) {
        if (object == null) {
            return null;
        }
        return (T) DeepCopy.copy(object);
    }

    /** Sets {@code kind}: every fabric8 type has the setter, but {@link HasMetadata} does not declare it. */
    public static void setKind(HasMetadata object, String kind) {
        if (kind.equals(object.getKind())) {
            return;
        }
        try {
            object.getClass().getMethod("setKind", String.class).invoke(object, kind);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set kind on " + object.getClass().getName(), e);
        }
    }

    private static final java.util.Map<Class<?>, java.lang.reflect.Field[]> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Each bean class's no-argument constructor, found once: {@code getDeclaredConstructor()} copies
     * the class's constructors on every call (binding alone calls it for every pod).
     */
    private static final ClassValue<java.lang.reflect.Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Constructor<?> computeValue(Class<?> c) {
            try {
                return c.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private static Object newInstance(Class<?> c) throws ReflectiveOperationException {
        java.lang.reflect.Constructor<?> constructor = CONSTRUCTORS.get(c);
        if (constructor == null) {
            throw new NoSuchMethodException(c.getName() + ".<init>()");
        }
        return constructor.newInstance();
    }

    /**
     * A copy that shares everything but the top-level fields and {@code metadata}, which is copied
     * (its maps and lists too). About 100 times cheaper than {@link #copy}: for a writer that then
     * replaces a whole part (e.g. {@code status}) with a new value, never mutating a shared part.
     */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T shallowCopy(T object) {
        try {
            java.lang.reflect.Field[] fields = FIELDS.computeIfAbsent(object.getClass(), c -> {
                java.util.List<java.lang.reflect.Field> fs = new java.util.ArrayList<>();
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        fs.add(f);
                    }
                }
                return fs.toArray(new java.lang.reflect.Field[0]);
            });
            T copy = (T) newInstance(object.getClass());
            for (java.lang.reflect.Field f : fields) {
                Object v = f.get(object);
                if (v instanceof ObjectMeta meta) {
                    v = copyMeta(meta);
                } else if (v instanceof java.util.Map<?, ?> m) {
                    v = new java.util.LinkedHashMap<>(m);
                }
                f.set(copy, v);
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + object.getClass().getName(), e);
        }
    }

    /**
     * The copy {@code new ObjectMetaBuilder(meta).build()} gives — every map and list new (a
     * {@code null} one stays {@code null}), owner references and managed fields copied — built
     * directly: the builder makes a fluent copy of everything and then builds it again, ~3 % of the
     * engine's time with every status write and bind going through {@link #shallowCopy}.
     */
    static ObjectMeta copyMeta(ObjectMeta meta) {
        List<io.fabric8.kubernetes.api.model.OwnerReference> owners = null;
        if (meta.getOwnerReferences() != null) {
            owners = new ArrayList<>(meta.getOwnerReferences().size());
            for (io.fabric8.kubernetes.api.model.OwnerReference o : meta.getOwnerReferences()) {
                io.fabric8.kubernetes.api.model.OwnerReference c = new io.fabric8.kubernetes.api.model.OwnerReference(
                        o.getApiVersion(), o.getBlockOwnerDeletion(), o.getController(), o.getKind(), o.getName(), o.getUid());
                c.setAdditionalProperties(o.getAdditionalProperties() == null ? null : new java.util.LinkedHashMap<>(o.getAdditionalProperties()));
                owners.add(c);
            }
        }
        List<io.fabric8.kubernetes.api.model.ManagedFieldsEntry> managed = null;
        if (meta.getManagedFields() != null) {
            managed = new ArrayList<>(meta.getManagedFields().size());
            for (io.fabric8.kubernetes.api.model.ManagedFieldsEntry e : meta.getManagedFields()) {
                managed.add(new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder(e).build());
            }
        }
        ObjectMeta copy = new ObjectMeta(
                meta.getAnnotations() == null ? null : new java.util.LinkedHashMap<>(meta.getAnnotations()),
                meta.getCreationTimestamp(), meta.getDeletionGracePeriodSeconds(), meta.getDeletionTimestamp(),
                meta.getFinalizers() == null ? null : new ArrayList<>(meta.getFinalizers()),
                meta.getGenerateName(), meta.getGeneration(),
                meta.getLabels() == null ? null : new java.util.LinkedHashMap<>(meta.getLabels()),
                managed, meta.getName(), meta.getNamespace(), owners, meta.getResourceVersion(), meta.getSelfLink(),
                meta.getUid());
        copy.setAdditionalProperties(meta.getAdditionalProperties() == null ? null
                : new java.util.LinkedHashMap<>(meta.getAdditionalProperties()));
        return copy;
    }

    /**
     * A copy of one fabric8 bean (a {@code PodSpec}, a {@code PodStatus}) that shares every field's
     * value: for a writer that then sets a field of the copy to a new value — e.g. binding sets
     * {@code spec.nodeName} — and never mutates what it shares with the stored object.
     */
    @SuppressWarnings("unchecked")
    public static <T> T shallowCopyBean(T bean) {
        try {
            java.lang.reflect.Field[] fields = FIELDS.computeIfAbsent(bean.getClass(), c -> {
                java.util.List<java.lang.reflect.Field> fs = new java.util.ArrayList<>();
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        fs.add(f);
                    }
                }
                return fs.toArray(new java.lang.reflect.Field[0]);
            });
            T copy = (T) newInstance(bean.getClass());
            for (java.lang.reflect.Field f : fields) {
                Object v = f.get(bean);
                f.set(copy, v instanceof java.util.Map<?, ?> m ? new java.util.LinkedHashMap<>(m) : v);
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + bean.getClass().getName(), e);
        }
    }

    /**
     * Equality as the API server sees it: equal when {@code equals} says so, or when their JSON is
     * the same (a {@code null} list and an empty one both leave the field out).
     */
    public static boolean semanticEquals(Object a, Object b) {
        if (java.util.Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            // One side absent: equal only when the other is an object with nothing set.
            JsonNode other = tree(a == null ? b : a);
            return other.isObject() && other.isEmpty();
        }
        return tree(a).equals(tree(b));
    }

    /** The object's {@code spec} (or {@code null} for kinds without one), by fabric8's getter. */
    public static Object spec(HasMetadata object) {
        return part(object, "getSpec");
    }

    /** The object's {@code status} (or {@code null} for kinds without one). */
    public static Object status(HasMetadata object) {
        return part(object, "getStatus");
    }

    private static Object part(HasMetadata object, String getter) {
        var m = ("getSpec".equals(getter) ? GET_SPEC : GET_STATUS).get(object.getClass());
        if (m.isEmpty()) {
            return null;
        }
        try {
            return m.get().invoke(object);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each kind's getter, looked up once (a lookup per call showed in profiles of big clusters). */
    private static final ClassValue<java.util.Optional<java.lang.reflect.Method>> GET_SPEC = getter("getSpec");
    private static final ClassValue<java.util.Optional<java.lang.reflect.Method>> GET_STATUS = getter("getStatus");

    private static ClassValue<java.util.Optional<java.lang.reflect.Method>> getter(String name) {
        return new ClassValue<>() {
            @Override
            protected java.util.Optional<java.lang.reflect.Method> computeValue(Class<?> c) {
                try {
                    return java.util.Optional.of(c.getMethod(name));
                } catch (NoSuchMethodException e) {
                    return java.util.Optional.empty();
                }
            }
        };
    }

    public static String toJson(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toJsonBytes(Object object) {
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toYaml(Object object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object object) {
        return JSON.valueToTree(object);
    }

    /**
     * Reads every document of a YAML (or JSON) text as a tree, as kubectl's stream decoder does:
     * documents are split at {@code ---} lines, empty documents are skipped and a {@code List} kind
     * is flattened into its items.
     *
     * @throws ManifestException with kubectl's message, e.g. {@code error converting YAML to JSON:
     *                           yaml: line 5: mapping values are not allowed in this context}; line
     *                           numbers count from the start of the document, as kubectl's do
     */
    public static List<ObjectNode> readDocuments(String text) {
        List<ObjectNode> documents = new ArrayList<>();
        for (String chunk : splitDocuments(text)) {
            JsonNode node = parseDocument(chunk);
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue;
            }
            if (!node.isObject()) {
                String msg = "json: cannot unmarshal " + goKind(node) + " into Go value of type unstructured.detector";
                throw new ManifestException(msg, "unable to decode \"%s\": " + msg);
            }
            ObjectNode object = (ObjectNode) node;
            String kind = object.path("kind").asText("");
            if (kind.endsWith("List") && object.path("items").isArray()) {
                for (JsonNode item : object.path("items")) {
                    if (item.isObject()) {
                        documents.add((ObjectNode) item);
                    }
                }
            } else if (object.size() > 0) {
                documents.add(object);
            }
        }
        return documents;
    }

    /** Go's name for the JSON kind of a value, as {@code json: cannot unmarshal <kind> into …} prints it. */
    public static String goKind(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isArray()) {
            return "array";
        }
        return "object";
    }

    /** {@code YAMLReader}: a line starting with {@code ---} ends a document; only a comment may follow it. */
    private static List<String> splitDocuments(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder buffer = new StringBuilder();
        for (String line : text.split("(?<=\n)")) {
            if (line.startsWith("---")) {
                String rest = line.substring(3).trim();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    String msg = "invalid Yaml document separator: " + rest;
                    throw new ManifestException(msg, "error parsing %s: " + msg.replace("%", "%%"));
                }
                if (buffer.length() > 0) {
                    chunks.add(buffer.toString());
                    buffer.setLength(0);
                }
                continue;
            }
            buffer.append(line);
        }
        if (buffer.length() > 0) {
            chunks.add(buffer.toString());
        }
        return chunks;
    }

    private static JsonNode parseDocument(String chunk) {
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(chunk)) {
            MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            return it.hasNextValue() ? it.nextValue() : null;
        } catch (IOException | RuntimeException e) {
            String msg = "error converting YAML to JSON: " + goYamlError(e);
            throw new ManifestException(msg, "error parsing %s: " + msg.replace("%", "%%"));
        }
    }

    /**
     * go-yaml's wording for a YAML syntax error. libyaml and SnakeYAML share most problem texts; the
     * line is go-yaml's: 1-based for scanner errors, the 0-based line of the problem for parser
     * errors (a quirk of go-yaml), and left out when it would be 0.
     */
    static String goYamlError(Throwable e) {
        org.yaml.snakeyaml.error.MarkedYAMLException marked = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                marked = m;
                break;
            }
        }
        if (marked == null) {
            return "yaml: " + firstLine(e.getMessage());
        }
        boolean scanner = marked instanceof org.yaml.snakeyaml.scanner.ScannerException;
        String problem = marked.getProblem() == null ? "" : marked.getProblem();
        String context = marked.getContext() == null ? "" : marked.getContext();
        String msg = scanner ? scannerProblem(problem) : parserProblem(context, problem);
        int line = 0;
        if (marked.getProblemMark() != null && marked.getProblemMark().getLine() != 0) {
            line = marked.getProblemMark().getLine() + (scanner ? 1 : 0);
        } else if (marked.getContextMark() != null && marked.getContextMark().getLine() != 0) {
            line = marked.getContextMark().getLine();
        }
        return "yaml: " + (line != 0 ? "line " + line + ": " : "") + msg;
    }

    private static String scannerProblem(String p) {
        if (p.startsWith("mapping values are not allowed")) {
            return "mapping values are not allowed in this context";
        }
        if (p.startsWith("block sequence entries are not allowed")) {
            return "block sequence entries are not allowed in this context";
        }
        if (p.startsWith("found character") && p.contains("cannot start any token")) {
            return "found character that cannot start any token";
        }
        if (p.startsWith("found unknown escape character")) {
            return "found unknown escape character";
        }
        if (p.startsWith("expected alphabetic or numeric character")) {
            return "did not find expected alphabetic or numeric character";
        }
        if (p.startsWith("expected a comment or a line break")) {
            return "did not find expected comment or line break";
        }
        return p;
    }

    private static String parserProblem(String context, String p) {
        if (context.startsWith("while parsing a block mapping")) {
            return "did not find expected key";
        }
        if (context.startsWith("while parsing a block collection")) {
            return "did not find expected '-' indicator";
        }
        if (context.startsWith("while parsing a flow mapping")) {
            return "did not find expected ',' or '}'";
        }
        if (context.startsWith("while parsing a flow sequence")) {
            return "did not find expected ',' or ']'";
        }
        if (p.startsWith("expected the node content")) {
            return "did not find expected node content";
        }
        if (p.startsWith("expected '<document start>'")) {
            return "did not find expected <document start>";
        }
        return p;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid document";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** {@code namespace/name}, or just {@code name} for cluster-scoped objects. */
    public static String key(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        String ns = meta.getNamespace();
        return ns == null || ns.isEmpty() ? meta.getName() : ns + "/" + meta.getName();
    }

    public static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
