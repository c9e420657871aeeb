package io.kubelab.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubelab.engine.model.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three patch types real clients send: JSON merge patch (RFC 7386, {@code kubectl scale}),
 * JSON patch (RFC 6902, {@code rollout undo}) and strategic merge patch ({@code apply},
 * {@code set image}). Pure functions over JSON trees; the input is never modified.
 */
public final class Patches {
    private Patches() {}

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
            case STRATEGIC_MERGE_PATCH, APPLY_PATCH -> strategicMergePatch(original, patch, "");
        };
    }

    /** RFC 7386: objects merge recursively, {@code null} removes, anything else replaces. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
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

    // ---- strategic merge patch -----------------------------------------------------------

    /**
     * The merge key of a list, by its field name and where it sits, as the Go struct tags of the
     * built-in types say ({@code patchMergeKey}); {@code null} for lists that are replaced whole.
     */
    static String mergeKey(String path, String field) {
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" -> "name";
            case "volumeMounts" -> "mountPath";
            case "volumeDevices" -> "devicePath";
            case "conditions", "readinessGates" -> "conditionType".equals(field) ? "conditionType" : "type";
            case "ownerReferences" -> "uid";
            case "hostAliases" -> "ip";
            case "topologySpreadConstraints" -> "topologyKey";
            case "ports" -> path.contains("containers") ? "containerPort" : "port";
            default -> null;
        };
    }

    /** Lists of scalars merged as sets rather than replaced ({@code patchStrategy:"merge"}). */
    static boolean isMergedPrimitiveList(String field) {
        return "finalizers".equals(field);
    }

    public static JsonNode strategicMergePatch(JsonNode original, JsonNode patch, String path) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode p = (ObjectNode) patch;
        if ("replace".equals(p.path("$patch").asText(null))) {
            ObjectNode copy = p.deepCopy();
            copy.remove("$patch");
            return copy;
        }
        if ("delete".equals(p.path("$patch").asText(null))) {
            return null;
        }
        ObjectNode result = original != null && original.isObject() ? ((ObjectNode) original).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        JsonNode retainKeys = p.get("$retainKeys");
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = p.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$setElementOrder/")) {
                orders.put(key.substring("$setElementOrder/".length()), value);
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode cur = result.get(field);
                if (cur != null && cur.isArray()) {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode item : cur) {
                        if (!contains(value, item)) {
                            kept.add(item);
                        }
                    }
                    result.set(field, kept);
                }
                continue;
            }
            if (key.startsWith("$")) {
                continue;
            }
            String childPath = path + "/" + key;
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                JsonNode merged = strategicMergePatch(result.get(key), value, childPath);
                if (merged == null) {
                    result.remove(key);
                } else {
                    result.set(key, merged);
                }
            } else if (value.isArray()) {
                result.set(key, mergeList(result.get(key), (ArrayNode) value, path, key));
            } else {
                result.set(key, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> o : orders.entrySet()) {
            JsonNode list = result.get(o.getKey());
            if (list != null && list.isArray()) {
                result.set(o.getKey(), reorder((ArrayNode) list, (ArrayNode) o.getValue(), mergeKey(path, o.getKey())));
            }
        }
        if (retainKeys != null && retainKeys.isArray()) {
            List<String> keep = new ArrayList<>();
            retainKeys.forEach(k -> keep.add(k.asText()));
            result.retain(keep);
        }
        return result;
    }

    private static boolean contains(JsonNode array, JsonNode item) {
        for (JsonNode n : array) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode mergeList(JsonNode original, ArrayNode patch, String path, String field) {
        String mergeKey = mergeKey(path, field);
        ArrayNode base = original != null && original.isArray() ? ((ArrayNode) original).deepCopy()
                : JsonNodeFactory.instance.arrayNode();
        if (isMergedPrimitiveList(field)) {
            for (JsonNode item : patch) {
                if (!contains(base, item)) {
                    base.add(item.deepCopy());
                }
            }
            return base;
        }
        if (mergeKey == null) {
            // Lists without a merge key are replaced, unless the patch says "$patch: replace" in an element.
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : patch) {
                if (!(item.isObject() && item.has("$patch"))) {
                    out.add(item.deepCopy());
                }
            }
            return out;
        }
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path("$patch").asText(null))) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode i2 : patch) {
                    if (!(i2.isObject() && i2.has("$patch"))) {
                        out.add(i2.deepCopy());
                    }
                }
                return out;
            }
        }
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                base.add(item.deepCopy());
                continue;
            }
            JsonNode keyValue = item.get(mergeKey);
            int index = -1;
            for (int i = 0; i < base.size(); i++) {
                if (keyValue != null && keyValue.equals(base.get(i).get(mergeKey))) {
                    index = i;
                    break;
                }
            }
            boolean delete = "delete".equals(item.path("$patch").asText(null));
            if (delete) {
                if (index >= 0) {
                    base.remove(index);
                }
            } else if (index >= 0) {
                base.set(index, strategicMergePatch(base.get(index), item, path + "/" + field));
            } else {
                base.add(strategicMergePatch(null, item, path + "/" + field));
            }
        }
        return base;
    }

    private static ArrayNode reorder(ArrayNode list, ArrayNode order, String mergeKey) {
        if (mergeKey == null) {
            return list;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        for (JsonNode o : order) {
            JsonNode k = o.get(mergeKey);
            for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
                JsonNode item = it.next();
                if (k != null && k.equals(item.get(mergeKey))) {
                    out.add(item);
                    it.remove();
                    break;
                }
            }
        }
        rest.forEach(out::add);
        return out;
    }

    // ---- JSON patch ----------------------------------------------------------------------

    /** RFC 6902: add, remove, replace, move, copy, test. */
    public static JsonNode jsonPatch(JsonNode original, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        JsonNode doc = original.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").asText("");
            String path = op.path("path").asText(null);
            if (path == null) {
                throw ApiException.badRequest("the server rejected our request due to an error in our request");
            }
            switch (kind) {
                case "add" -> doc = add(doc, path, require(op, "value"));
                case "remove" -> doc = remove(doc, path);
                case "replace" -> {
                    doc = remove(doc, path);
                    doc = add(doc, path, require(op, "value"));
                }
                case "move" -> {
                    JsonNode v = get(doc, op.path("from").asText());
                    doc = remove(doc, op.path("from").asText());
                    doc = add(doc, path, v);
                }
                case "copy" -> doc = add(doc, path, get(doc, op.path("from").asText()).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(op.get("value"))) {
                        throw new ApiException(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
                                .withCode(422).withReason("Invalid").withMessage("the server rejected our request due to an error in our request").build());
                    }
                }
                default -> throw ApiException.badRequest("Unexpected kind: " + kind);
            }
        }
        return doc;
    }

    private static JsonNode require(JsonNode op, String field) {
        JsonNode v = op.get(field);
        if (v == null) {
            throw ApiException.badRequest("the server rejected our request due to an error in our request");
        }
        return v.deepCopy();
    }

    private static List<String> pointer(String path) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) {
            return parts;
        }
        if (!path.startsWith("/")) {
            throw ApiException.badRequest("the server rejected our request due to an error in our request");
        }
        for (String p : path.substring(1).split("/", -1)) {
            parts.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return parts;
    }

    private static JsonNode get(JsonNode doc, String path) {
        JsonNode cur = doc;
        for (String p : pointer(path)) {
            cur = cur.isArray() ? cur.get(index(p, cur.size(), false)) : cur.get(p);
            if (cur == null) {
                throw missing(path);
            }
        }
        return cur;
    }

    private static ApiException missing(String path) {
        return new ApiException(new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure")
                .withCode(422).withReason("Invalid")
                .withMessage("the server rejected our request due to an error in our request")
                .build());
    }

    private static int index(String p, int size, boolean forAdd) {
        if (forAdd && p.equals("-")) {
            return size;
        }
        try {
            int i = Integer.parseInt(p);
            if (i < 0 || i > (forAdd ? size : size - 1)) {
                throw ApiException.badRequest("the server rejected our request due to an error in our request");
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the server rejected our request due to an error in our request");
        }
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) {
            return value;
        }
        JsonNode parent = get(doc, "/" + String.join("/", escape(parts.subList(0, parts.size() - 1))).replaceAll("^/$", ""));
        String last = parts.get(parts.size() - 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).insert(index(last, parent.size(), true), value);
        } else if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else {
            throw missing(path);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) {
            throw missing(path);
        }
        JsonNode parent = get(doc, "/" + String.join("/", escape(parts.subList(0, parts.size() - 1))).replaceAll("^/$", ""));
        String last = parts.get(parts.size() - 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size(), false));
        } else if (parent.isObject() && parent.has(last)) {
            ((ObjectNode) parent).remove(last);
        } else {
            throw missing(path);
        }
        return doc;
    }

    private static List<String> escape(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(p.replace("~", "~0").replace("/", "~1"));
        }
        return out;
    }
}
