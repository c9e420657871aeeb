package io.kubelab.engine.controller.deployment.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kubelab.engine.model.Compactor;
import io.kubelab.engine.model.Kube;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pod-template-hash} of a Deployment's pod template ({@code controller.ComputeHash}) and
 * the template equality of {@code EqualIgnoreHash}, both <em>semantic</em>: a field that is
 * {@code null}, an empty list or an empty map counts as absent, as Go's
 * {@code apiequality.Semantic.DeepEqual} treats nil and empty alike.
 *
 * <p>Why it matters: {@code kubectl rollout undo} sends the old ReplicaSet's template back with
 * {@code "creationTimestamp": null} and every defaulted field. Hashed naively, that template
 * differs from the one revision 1 was created from, and a third ReplicaSet appears instead of
 * revision 1 coming back. Hashed semantically, both give the same hash and the same ReplicaSet.
 *
 * <p>Upstream hashes Go's printed form of the struct with FNV-32a; we hash the canonical JSON
 * (sorted keys, absent-or-empty fields dropped) with FNV-32a, add the collision count the same
 * way (4 bytes, little endian), and encode the decimal digits of the sum with Kubernetes'
 * {@code SafeEncodeString} alphabet. So names look like upstream's ({@code 6c8b449b8f}: digits map
 * to {@code 4 5 6 7 8 9 b c d f}) though the values differ from a real cluster's.
 */
public final class PodTemplateHash {
    private PodTemplateHash() {}

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV32_OFFSET = 0x811c9dc5;
    private static final int FNV32_PRIME = 0x01000193;

    /** The hash of a template (with {@code collisionCount} mixed in when not {@code null}). */
    public static String compute(PodTemplateSpec template, Integer collisionCount) {
        int h = FNV32_OFFSET;
        for (byte b : canonicalBytes(template)) {
            h ^= b & 0xff;
            h *= FNV32_PRIME;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                h ^= (c >>> (8 * i)) & 0xff;
                h *= FNV32_PRIME;
            }
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    /** {@code rand.SafeEncodeString}: each character mapped into an alphabet without vowels. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** The semantic form of a template: sorted keys, no nulls, no empty lists or maps. */
    public static JsonNode semantic(PodTemplateSpec template) {
        JsonNode n = normalize(Kube.tree(template));
        return n == null ? JsonNodeFactory.instance.objectNode() : n;
    }

    static byte[] canonicalBytes(PodTemplateSpec template) {
        try {
            return Kube.JSON.writeValueAsBytes(semantic(template));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code EqualIgnoreHash}: whether two templates are semantically equal once the
     * {@code pod-template-hash} label is taken out of both.
     */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return semanticIgnoreHash(a).equals(semanticIgnoreHash(b));
    }

    /**
     * The semantic form without the {@code pod-template-hash} label: equal forms, equal templates.
     * The answer is shared: callers compare it and must not change it.
     *
     * <p>A stored ReplicaSet's template never changes (the store's objects are immutable, see
     * {@link Compactor#isStored}), so its form is computed once and kept, by the template's
     * identity: the Deployment controller compares every ReplicaSet of a Deployment against the
     * Deployment's template on every sync (1,500 Deployments resyncing as their 100 pods come up:
     * ~4 % of the engine's CPU went into recomputing the same forms). A template not known to be
     * stored (a copy someone may still change) is computed every time, as before.
     */
    public static JsonNode semanticIgnoreHash(PodTemplateSpec template) {
        if (template == null || !Compactor.isStored(template)) {
            return withoutHashLabel(semantic(template));
        }
        synchronized (STORED_FORMS) {
            JsonNode form = STORED_FORMS.get(new Identity(template));
            if (form != null) {
                return form;
            }
        }
        JsonNode form = withoutHashLabel(semantic(template));
        synchronized (STORED_FORMS) {
            STORED_FORMS.put(new Identity(template), form);
        }
        return form;
    }

    /** A key equal only to itself's referent: two equal-looking templates may still be two objects. */
    private record Identity(PodTemplateSpec template) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.template == template;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(template);
        }
    }

    /**
     * Forms of stored templates, least recently used first; bounded, so the templates of deleted
     * ReplicaSets are let go: 4,096 entries cover 1,500 Deployments with their current ReplicaSet
     * and a couple of old ones each (a form is ~2 KB).
     */
    private static final int MAX_STORED_FORMS = 4096;
    private static final Map<Identity, JsonNode> STORED_FORMS = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, JsonNode> eldest) {
            return size() > MAX_STORED_FORMS;
        }
    };

    private static JsonNode withoutHashLabel(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        if (copy instanceof ObjectNode root && root.get("metadata") instanceof ObjectNode meta
                && meta.get("labels") instanceof ObjectNode labels) {
            labels.remove(DeploymentUtil.DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY);
            if (labels.isEmpty()) {
                meta.remove("labels");
                if (meta.isEmpty()) {
                    root.remove("metadata");
                }
            }
        }
        return copy;
    }

    /** @return the normalized node, or {@code null} when it counts as absent */
    private static JsonNode normalize(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = normalize(e.getValue());
                if (v != null) {
                    sorted.put(e.getKey(), v);
                }
            }
            if (sorted.isEmpty()) {
                return null;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : n) {
                JsonNode v = normalize(e);
                out.add(v == null ? JsonNodeFactory.instance.objectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return n;
    }
}
