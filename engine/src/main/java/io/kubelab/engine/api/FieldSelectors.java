package io.kubelab.engine.api;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Field selectors as the API server reads them ({@code k8s.io/apimachinery/pkg/fields} and each
 * kind's field label conversion): {@code metadata.name=web}, {@code involvedObject.kind=Pod,...},
 * {@code spec.nodeName=minikube,status.phase!=Succeeded}, with {@code =}, {@code ==} and
 * {@code !=}; {@code \,}, {@code \=} and {@code \\} escape a value.
 *
 * <p>Each kind supports only its own fields: pods, events, namespaces, nodes and replicasets have
 * their own lists and answer {@code field label not supported: foo}; every other kind knows only
 * {@code metadata.name} and {@code metadata.namespace} and answers {@code "foo" is not a known field
 * selector: only "metadata.name", "metadata.namespace"}. Errors are 400 BadRequest.
 */
public final class FieldSelectors {
    private FieldSelectors() {}

    /** One term: {@code field=value} or {@code field!=value}. */
    public record Term(String field, boolean equals, String value) {
        @Override
        public String toString() {
            return field + (equals ? "=" : "!=") + value;
        }
    }

    private static final Set<String> POD_FIELDS = Set.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
            "status.podIP", "status.podIPs", "status.nominatedNodeName");
    private static final Set<String> EVENT_FIELDS = Set.of("involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type", "metadata.namespace", "metadata.name");
    private static final Set<String> NAMESPACE_FIELDS = Set.of("status.phase", "metadata.name");
    private static final Set<String> NODE_FIELDS = Set.of("metadata.name", "spec.unschedulable");
    private static final Set<String> REPLICASET_FIELDS = Set.of("metadata.name", "metadata.namespace", "status.replicas");

    /**
     * Parses a selector, sorting its terms as upstream does.
     *
     * @throws ApiException 400: {@code invalid selector: 'x'; can't understand 'x'}
     */
    public static List<Term> parse(String selector) {
        List<Term> terms = new ArrayList<>();
        if (selector == null || selector.isEmpty()) {
            return terms;
        }
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            String[] split = splitTerm(part);
            if (split == null) {
                throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(new Term(split[0], !split[1].equals("!="), unescape(split[2])));
        }
        return terms;
    }

    /** Splits at commas that are not escaped with a backslash. */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean escaped = false;
        for (char c : s.toCharArray()) {
            if (escaped) {
                cur.append(c);
                escaped = false;
            } else if (c == '\\') {
                cur.append(c);
                escaped = true;
            } else if (c == ',') {
                terms.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        terms.add(cur.toString());
        return terms;
    }

    /** The first operator from the left, trying {@code !=}, {@code ==}, {@code =} at each position. */
    private static String[] splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String op : new String[] {"!=", "==", "="}) {
                if (term.startsWith(op, i)) {
                    return new String[] {term.substring(0, i), op, term.substring(i + op.length())};
                }
            }
        }
        return null;
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                if (i + 1 >= v.length() || "\\,=".indexOf(v.charAt(i + 1)) < 0) {
                    String seq = i + 1 < v.length() ? v.substring(i, i + 2) : v.substring(i);
                    throw ApiException.badRequest("invalid field selector: invalid escape sequence: " + seq);
                }
                out.append(v.charAt(++i));
            } else if (c == ',' || c == '=') {
                throw ApiException.badRequest("invalid field selector: unescaped character in value: " + c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The terms of {@code selector} after the kind's field label conversion ({@code spec.host} of old
     * clients becomes {@code spec.nodeName}).
     *
     * @throws ApiException 400 for a field the kind does not support
     */
    public static List<Term> parse(ResourceType type, String selector) {
        List<Term> out = new ArrayList<>();
        for (Term t : parse(selector)) {
            String field = t.field();
            if (type == ResourceTypes.PODS && field.equals("spec.host")) {
                field = "spec.nodeName";
            }
            Set<String> supported = supportedFields(type);
            if (supported == null) {
                if (!field.equals("metadata.name") && !field.equals("metadata.namespace")) {
                    throw ApiException.badRequest("\"" + field + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
                }
            } else if (!supported.contains(field)) {
                throw ApiException.badRequest("field label not supported: " + field);
            }
            out.add(new Term(field, t.equals(), t.value()));
        }
        return out;
    }

    /** The kinds with their own field label conversion; {@code null} for the default (name and namespace). */
    private static Set<String> supportedFields(ResourceType type) {
        if (type == ResourceTypes.PODS) {
            return POD_FIELDS;
        }
        if (type == ResourceTypes.EVENTS) {
            return EVENT_FIELDS;
        }
        if (type == ResourceTypes.NAMESPACES) {
            return NAMESPACE_FIELDS;
        }
        if (type == ResourceTypes.NODES) {
            return NODE_FIELDS;
        }
        if (type == ResourceTypes.REPLICASETS) {
            return REPLICASET_FIELDS;
        }
        return null;
    }

    /** A predicate for a field selector on objects of {@code type}; an empty selector selects everything. */
    public static Predicate<HasMetadata> predicate(ResourceType type, String selector) {
        List<Term> terms = parse(type, selector);
        if (terms.isEmpty()) {
            return o -> true;
        }
        return o -> {
            for (Term t : terms) {
                boolean equal = value(o, t.field()).equals(t.value());
                if (equal != t.equals()) {
                    return false;
                }
            }
            return true;
        };
    }

    /** A field's value as the kind's {@code ToSelectableFields} gives it; "" when unset. */
    static String value(HasMetadata o, String field) {
        switch (field) {
            case "metadata.name" -> {
                return nz(o.getMetadata().getName());
            }
            case "metadata.namespace" -> {
                return nz(o.getMetadata().getNamespace());
            }
            default -> { }
        }
        if (o instanceof Pod p) {
            var spec = p.getSpec();
            var status = p.getStatus();
            return switch (field) {
                case "spec.nodeName" -> spec == null ? "" : nz(spec.getNodeName());
                case "spec.restartPolicy" -> spec == null ? "" : nz(spec.getRestartPolicy());
                case "spec.schedulerName" -> spec == null ? "" : nz(spec.getSchedulerName());
                case "spec.serviceAccountName" -> spec == null ? "" : nz(spec.getServiceAccountName());
                case "spec.hostNetwork" -> String.valueOf(spec != null && Boolean.TRUE.equals(spec.getHostNetwork()));
                case "status.phase" -> status == null ? "" : nz(status.getPhase());
                case "status.podIP", "status.podIPs" -> status == null ? "" : nz(status.getPodIP());
                case "status.nominatedNodeName" -> status == null ? "" : nz(status.getNominatedNodeName());
                default -> "";
            };
        }
        if (o instanceof Event e) {
            ObjectReference ref = e.getInvolvedObject() == null ? new ObjectReference() : e.getInvolvedObject();
            return switch (field) {
                case "involvedObject.kind" -> nz(ref.getKind());
                case "involvedObject.namespace" -> nz(ref.getNamespace());
                case "involvedObject.name" -> nz(ref.getName());
                case "involvedObject.uid" -> nz(ref.getUid());
                case "involvedObject.apiVersion" -> nz(ref.getApiVersion());
                case "involvedObject.resourceVersion" -> nz(ref.getResourceVersion());
                case "involvedObject.fieldPath" -> nz(ref.getFieldPath());
                case "reason" -> nz(e.getReason());
                case "reportingComponent" -> nz(e.getReportingComponent());
                case "source" -> e.getSource() == null ? "" : nz(e.getSource().getComponent());
                case "type" -> nz(e.getType());
                default -> "";
            };
        }
        if (o instanceof Namespace ns && field.equals("status.phase")) {
            return ns.getStatus() == null ? "" : nz(ns.getStatus().getPhase());
        }
        if (o instanceof Node n && field.equals("spec.unschedulable")) {
            return String.valueOf(n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
        }
        if (o instanceof ReplicaSet rs && field.equals("status.replicas")) {
            return rs.getStatus() == null || rs.getStatus().getReplicas() == null ? "0" : String.valueOf(rs.getStatus().getReplicas());
        }
        return "";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
