package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.engine.model.ApiException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types real clients send: JSON merge patch (RFC 7386, {@code kubectl scale}),
 * JSON patch (RFC 6902, {@code kubectl rollout undo}) and strategic merge patch ({@code kubectl
 * apply}, {@code kubectl set image}, the Python client). Pure functions over JSON trees; the inputs
 * are never modified. A patch that cannot be applied is an {@link ApiException} (400 for a malformed
 * patch, 422 for one that does not fit the object), never a raw exception.
 */
public final class Patches {
    private Patches() {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The patch media types. */
    public enum Type {
        JSON_PATCH("application/json-patch+json"),
        MERGE_PATCH("application/merge-patch+json"),
        STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
        APPLY_PATCH("application/apply-patch+yaml");

        private final String mediaType;

        Type(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public static Type of(String contentType) {
            String ct = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
            for (Type t : values()) {
                if (t.mediaType.equals(ct)) {
                    return t;
                }
            }
            throw new ApiException(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
                    .withCode(415).withReason("UnsupportedMediaType")
                    .withMessage("the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                            + "application/strategic-merge-patch+json")
                    .build());
        }
    }

    public static JsonNode apply(Type type, JsonNode original, JsonNode patch) {
        return switch (type) {
            case JSON_PATCH -> jsonPatch(original, patch);
            case MERGE_PATCH -> mergePatch(original, patch);
            case STRATEGIC_MERGE_PATCH, APPLY_PATCH -> strategicMergePatch(original, patch);
        };
    }

    // ---- JSON merge patch ------------------------------------------------------------------

    /** RFC 7386: objects merge recursively, {@code null} removes, anything else (lists too) replaces. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? NODES.nullNode() : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    // ---- strategic merge patch -------------------------------------------------------------

    /** How a list field is patched: replaced whole, merged as a set of scalars, or merged by a key. */
    public record ListStrategy(String mergeKey, boolean primitiveMerge) {
        static final ListStrategy REPLACE = new ListStrategy(null, false);
        static final ListStrategy MERGE_PRIMITIVE = new ListStrategy(null, true);

        public boolean mergesByKey() {
            return mergeKey != null;
        }
    }

    /**
     * The {@code patchStrategy}/{@code patchMergeKey} struct tags of the built-in types that a student
     * touches, looked up by where the list sits: {@code ports} under a container merge by
     * {@code containerPort}, under a Service's spec by {@code port}, elsewhere (endpoints, slices) they
     * are replaced. Lists without a tag (tolerations, args, command, envFrom, clusterIPs, subsets …)
     * are replaced.
     *
     * @param kind   the kind of the patched object ({@code Service}, {@code Deployment} …)
     * @param parent the field names from the root to the list's owner, without indices
     * @param field  the list's field name
     */
    public static ListStrategy listStrategy(String kind, List<String> parent, String field) {
        String owner = parent.isEmpty() ? "" : parent.get(parent.size() - 1);
        boolean inContainer = owner.equals("containers") || owner.equals("initContainers")
                || owner.equals("ephemeralContainers");
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "volumes", "imagePullSecrets",
                 "resourceClaims", "schedulingGates" -> new ListStrategy("name", false);
            case "env" -> inContainer ? new ListStrategy("name", false) : ListStrategy.REPLACE;
            case "volumeMounts" -> new ListStrategy("mountPath", false);
            case "volumeDevices" -> new ListStrategy("devicePath", false);
            case "ports" -> {
                if (inContainer) {
                    yield new ListStrategy("containerPort", false);
                }
                if ("Service".equals(kind) && parent.equals(List.of("spec"))) {
                    yield new ListStrategy("port", false);
                }
                yield ListStrategy.REPLACE;
            }
            case "conditions" -> parent.equals(List.of("status")) ? new ListStrategy("type", false) : ListStrategy.REPLACE;
            case "addresses" -> "Node".equals(kind) && parent.equals(List.of("status"))
                    ? new ListStrategy("type", false) : ListStrategy.REPLACE;
            case "podIPs", "hostIPs" -> new ListStrategy("ip", false);
            case "hostAliases" -> new ListStrategy("ip", false);
            case "topologySpreadConstraints" -> new ListStrategy("topologyKey", false);
            case "ownerReferences" -> parent.equals(List.of("metadata")) ? new ListStrategy("uid", false) : ListStrategy.REPLACE;
            case "finalizers" -> parent.equals(List.of("metadata")) ? ListStrategy.MERGE_PRIMITIVE : ListStrategy.REPLACE;
            default -> ListStrategy.REPLACE;
        };
    }

    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    /**
     * Applies a strategic merge patch as the API server does for the built-in types: maps merge,
     * {@code null} deletes, lists merge by their merge key (see {@link #listStrategy}) or are
     * replaced, and the directives {@code $patch: replace|delete|merge}, {@code $retainKeys},
     * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} are honoured.
     */
    public static JsonNode strategicMergePatch(JsonNode original, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.badRequest("invalid JSON document");
        }
        String kind = original != null && original.has("kind") ? original.path("kind").asText()
                : patch.path("kind").asText("");
        JsonNode merged = mergeMap(original != null && original.isObject() ? (ObjectNode) original : null,
                (ObjectNode) patch, kind, new ArrayList<>());
        return merged == null ? NODES.objectNode() : merged;
    }

    private static boolean isDirective(String key) {
        return key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)
                || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    }

    /** Merges {@code patch} into {@code original}; {@code null} means "delete this map" ({@code $patch: delete}). */
    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String kind, List<String> path) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            String d = directive.asText("");
            switch (d) {
                case "replace" -> {
                    ObjectNode replaced = patch.deepCopy();
                    replaced.remove(PATCH);
                    return mergeMap(null, replaced, kind, path);
                }
                case "delete" -> {
                    return null;
                }
                case "merge" -> { }
                default -> throw ApiException.badRequest("unknown patch type: " + d + " in map: " + goMap(patch));
            }
        }
        ObjectNode result = original == null ? NODES.objectNode() : original.deepCopy();
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) {
            if (!retain.isArray()) {
                throw ApiException.badRequest("invalid patch format of retainKeys");
            }
            Set<String> keep = new HashSet<>();
            for (JsonNode k : retain) {
                if (!k.isTextual()) {
                    throw ApiException.badRequest("invalid patch format of retainKeys");
                }
                keep.add(k.asText());
            }
            Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String n = f.getKey();
                // A null (kubectl's "rollingUpdate": null next to $retainKeys) deletes, which agrees with the list.
                if (!isDirective(n) && !f.getValue().isNull() && !keep.contains(n)) {
                    throw ApiException.unprocessable("patch content doesn't match retainKeys list");
                }
            }
            result.retain(keep);
        }
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String field = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (!value.isArray()) {
                    throw ApiException.badRequest("invalid patch format of primitive list");
                }
                JsonNode current = result.get(field);
                if (current != null && current.isArray()) {
                    ArrayNode kept = NODES.arrayNode();
                    for (JsonNode item : current) {
                        if (!contains(value, item)) {
                            kept.add(item);
                        }
                    }
                    result.set(field, kept);
                }
                continue;
            }
            if (isDirective(key)) {
                continue;
            }
            List<String> childPath = new ArrayList<>(path);
            childPath.add(key);
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                JsonNode current = result.get(key);
                ObjectNode merged = mergeMap(current != null && current.isObject() ? (ObjectNode) current : null,
                        (ObjectNode) value, kind, childPath);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            } else if (value.isArray()) {
                result.set(key, mergeList(result.get(key), (ArrayNode) value, listStrategy(kind, path, key), kind, childPath));
            } else {
                result.set(key, value.deepCopy());
            }
        }
        it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            String field = e.getKey().substring(SET_ELEMENT_ORDER.length());
            if (!e.getValue().isArray()) {
                throw ApiException.badRequest("invalid patch format of setElementOrder list");
            }
            JsonNode list = result.get(field);
            if (list != null && list.isArray()) {
                JsonNode originalList = original == null ? null : original.get(field);
                result.set(field, reorder((ArrayNode) list, (ArrayNode) e.getValue(), originalList,
                        listStrategy(kind, path, field)));
            }
        }
        return result;
    }

    private static JsonNode mergeList(JsonNode original, ArrayNode patch, ListStrategy strategy, String kind,
                                      List<String> path) {
        ArrayNode base = original != null && original.isArray() ? ((ArrayNode) original).deepCopy() : NODES.arrayNode();
        if (!strategy.mergesByKey() && !strategy.primitiveMerge()) {
            return patch.deepCopy();
        }
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path(PATCH).asText(null))) {
                ArrayNode out = NODES.arrayNode();
                for (JsonNode other : patch) {
                    if (!(other.isObject() && other.has(PATCH))) {
                        out.add(other.isObject() ? mergeMap(null, (ObjectNode) other, kind, path) : other.deepCopy());
                    }
                }
                return out;
            }
        }
        if (strategy.primitiveMerge()) {
            for (JsonNode item : patch) {
                if (!contains(base, item)) {
                    base.add(item.deepCopy());
                }
            }
            return base;
        }
        String key = strategy.mergeKey();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw ApiException.badRequest("unable to merge the list " + String.join(".", path)
                        + ": expected a map but got " + item);
            }
            JsonNode keyValue = item.get(key);
            if (keyValue == null || keyValue.isNull()) {
                // Upstream answers 500 with this text (mergepatch.ErrNoMergeKey); a malformed patch is a 400 here.
                throw ApiException.badRequest("map: " + goMap(item) + " does not contain declared merge key: " + key);
            }
            int index = indexOf(base, key, keyValue);
            if ("delete".equals(item.path(PATCH).asText(null))) {
                if (index >= 0) {
                    base.remove(index);
                }
            } else if (index >= 0) {
                base.set(index, mergeMap((ObjectNode) base.get(index), (ObjectNode) item, kind, path));
            } else {
                ObjectNode added = mergeMap(null, (ObjectNode) item, kind, path);
                if (added != null) {
                    base.add(added);
                }
            }
        }
        return base;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (sameKey(value, list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** Merge keys compare as values: {@code 80} and {@code 80.0} are one port. */
    private static boolean sameKey(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean contains(JsonNode array, JsonNode item) {
        for (JsonNode n : array) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code $setElementOrder}: the listed elements come in the listed order; an element only the
     * server has is placed before the first listed element that followed it in the original list.
     * Worked example: the server has [a, x, b] and the patch orders [b, a]: b and a come in that
     * order, and x, which preceded b, goes before it: [x, b, a].
     */
    private static ArrayNode reorder(ArrayNode merged, ArrayNode order, JsonNode original, ListStrategy strategy) {
        String key = strategy.mergeKey();
        List<JsonNode> ordered = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            if (orderIndex(order, item, key) >= 0) {
                ordered.add(item);
            } else {
                serverOnly.add(item);
            }
        }
        ordered.sort((a, b) -> Integer.compare(orderIndex(order, a, key), orderIndex(order, b, key)));
        ArrayNode out = NODES.arrayNode();
        int s = 0;
        for (JsonNode item : ordered) {
            int at = originalIndex(original, item, key);
            while (at >= 0 && s < serverOnly.size() && originalIndex(original, serverOnly.get(s), key) < at) {
                out.add(serverOnly.get(s++));
            }
            out.add(item);
        }
        while (s < serverOnly.size()) {
            out.add(serverOnly.get(s++));
        }
        return out;
    }

    private static int orderIndex(ArrayNode order, JsonNode item, String key) {
        for (int i = 0; i < order.size(); i++) {
            JsonNode o = order.get(i);
            if (key == null ? o.equals(item) : sameKey(o.get(key), item.get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static int originalIndex(JsonNode original, JsonNode item, String key) {
        if (original == null || !original.isArray()) {
            return -1;
        }
        for (int i = 0; i < original.size(); i++) {
            JsonNode o = original.get(i);
            if (key == null ? o.equals(item) : sameKey(o.get(key), item.get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** Go's {@code %v} of a map, as upstream's merge-key error prints it: {@code map[image:nginx]}. */
    private static String goMap(JsonNode map) {
        StringBuilder sb = new StringBuilder("map[");
        java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            JsonNode v = e.getValue();
            sb.append(e.getKey()).append(':').append(v.isTextual() ? v.asText() : v.isObject() ? goMap(v) : v.toString());
        }
        return sb.append(']').toString();
    }

    // ---- JSON patch ------------------------------------------------------------------------

    /**
     * RFC 6902 with the semantics (and messages) of the json-patch library the API server uses:
     * add, remove, replace, move, copy, test; {@code -} appends to an array; {@code ~1} and
     * {@code ~0} unescape to {@code /} and {@code ~}.
     *
     * @throws ApiException 400 when the body is not a JSON patch, 422 when an operation does not apply
     */
    public static JsonNode jsonPatch(JsonNode original, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw ApiException.badRequest("json: cannot unmarshal " + kindOf(patch) + " into Go value of type jsonpatch.Patch");
        }
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw ApiException.badRequest("json: cannot unmarshal " + kindOf(op) + " into Go value of type jsonpatch.Operation");
            }
        }
        JsonNode doc = original.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").isTextual() ? op.path("op").asText() : "unknown";
            String path = op.path("path").isTextual() ? op.path("path").asText() : null;
            switch (kind) {
                case "add" -> doc = add(doc, requirePath(path, kind), requireValue(op, kind), kind);
                case "remove" -> doc = remove(doc, requirePath(path, kind), kind);
                case "replace" -> {
                    String p = requirePath(path, kind);
                    JsonNode value = requireValue(op, kind);
                    if (p.isEmpty()) {
                        doc = value;
                    } else {
                        if (!exists(doc, p)) {
                            throw ApiException.unprocessable("replace operation does not apply: doc is missing key: " + p
                                    + ": missing value");
                        }
                        doc = remove(doc, p, kind);
                        doc = add(doc, p, value, kind);
                    }
                }
                case "move", "copy" -> {
                    String from = op.path("from").isTextual() ? op.path("from").asText() : null;
                    if (from == null) {
                        throw ApiException.unprocessable(kind + " operation missing from field: missing value");
                    }
                    String p = requirePath(path, kind);
                    if (!exists(doc, from)) {
                        throw ApiException.unprocessable(kind + " operation does not apply: doc is missing from path: "
                                + from + ": missing value");
                    }
                    JsonNode value = get(doc, from).deepCopy();
                    if (kind.equals("move")) {
                        doc = remove(doc, from, kind);
                    }
                    doc = add(doc, p, value, kind);
                }
                case "test" -> {
                    String p = requirePath(path, kind);
                    JsonNode expected = op.get("value");
                    JsonNode actual = exists(doc, p) ? get(doc, p) : null;
                    boolean equal = (actual == null || actual.isNull()) ? expected == null || expected.isNull()
                            : actual.equals(expected);
                    if (!equal) {
                        throw ApiException.unprocessable("testing value " + p + " failed: test failed");
                    }
                }
                default -> throw ApiException.unprocessable("Unexpected kind: " + kind);
            }
        }
        return doc;
    }

    private static String kindOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        return io.kubelab.engine.model.Kube.goKind(n);
    }

    private static String requirePath(String path, String kind) {
        if (path == null) {
            throw ApiException.unprocessable(kind + " operation failed to decode path: operation missing path field: missing value");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw ApiException.unprocessable(kind + " operation does not apply: doc is missing path: " + path + ": missing value");
        }
        return path;
    }

    private static JsonNode requireValue(JsonNode op, String kind) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw ApiException.unprocessable(kind + " operation does not apply: missing value: missing value");
        }
        return v.deepCopy();
    }

    /** RFC 6901: {@code /a~1b/c~0d} is ["a/b", "c~d"] ({@code ~1} first, then {@code ~0}). */
    static List<String> pointer(String path) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) {
            return parts;
        }
        for (String p : path.substring(1).split("/", -1)) {
            parts.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    private static boolean exists(JsonNode doc, String path) {
        JsonNode cur = doc;
        for (String p : pointer(path)) {
            if (cur.isArray()) {
                int i = arrayIndex(p);
                if (i < 0 || i >= cur.size()) {
                    return false;
                }
                cur = cur.get(i);
            } else if (cur.isObject()) {
                cur = cur.get(p);
                if (cur == null) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(JsonNode doc, String path) {
        JsonNode cur = doc;
        for (String p : pointer(path)) {
            cur = cur.isArray() ? cur.get(arrayIndex(p)) : cur.get(p);
        }
        return cur;
    }

    private static int arrayIndex(String p) {
        if (!p.matches("0|[1-9][0-9]{0,8}")) {
            return -1;
        }
        return Integer.parseInt(p);
    }

    /** The container of the last pointer segment, or a 422 when the path leads nowhere. */
    private static JsonNode parentOf(JsonNode doc, List<String> parts, String path, String kind) {
        JsonNode cur = doc;
        for (String p : parts.subList(0, parts.size() - 1)) {
            JsonNode next = null;
            if (cur.isArray()) {
                int i = arrayIndex(p);
                next = i >= 0 && i < cur.size() ? cur.get(i) : null;
            } else if (cur.isObject()) {
                next = cur.get(p);
            }
            if (next == null || !(next.isContainerNode())) {
                throw ApiException.unprocessable(kind + " operation does not apply: doc is missing path: " + path
                        + ": missing value");
            }
            cur = next;
        }
        return cur;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value, String kind) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) {
            return value;
        }
        JsonNode parent = parentOf(doc, parts, path, kind);
        String last = parts.get(parts.size() - 1);
        if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            int i = last.equals("-") ? array.size() : arrayIndex(last);
            if (i < 0 || i > array.size()) {
                throw ApiException.unprocessable("Unable to access invalid index: " + last + ": invalid index referenced");
            }
            array.insert(i, value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path, String kind) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) {
            throw ApiException.unprocessable(kind + " operation does not apply: doc is missing path: \"\": missing value");
        }
        JsonNode parent = parentOf(doc, parts, path, kind);
        String last = parts.get(parts.size() - 1);
        if (parent.isArray()) {
            int i = arrayIndex(last);
            if (i < 0 || i >= parent.size()) {
                throw ApiException.unprocessable("Unable to remove nonexistent key: " + last + ": missing value");
            }
            ((ArrayNode) parent).remove(i);
        } else if (parent.has(last)) {
            ((ObjectNode) parent).remove(last);
        } else {
            throw ApiException.unprocessable("Unable to remove nonexistent key: " + last + ": missing value");
        }
        return doc;
    }
}
