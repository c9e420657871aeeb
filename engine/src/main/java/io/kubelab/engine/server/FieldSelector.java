package io.kubelab.engine.server;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Field selectors ({@code fieldSelector=metadata.name=web,status.phase!=Failed}) as the API server
 * parses ({@code fields.ParseSelector}) and checks them per kind: each kind supports a few fields
 * besides {@code metadata.name} and {@code metadata.namespace} (pods: {@code spec.nodeName},
 * {@code status.phase}, …; events: {@code involvedObject.*}, {@code reason}, {@code type}, …).
 * kubectl relies on them in {@code rollout status}, {@code delete --wait} and every {@code describe}.
 *
 * <p>Kept in the server package until the API layer has its own field-selector support.
 */
public final class FieldSelector {

    /** One {@code field=value}, {@code field==value} or {@code field!=value}. */
    public record Term(String field, boolean equal, String value) {}

    private static final Map<Class<?>, Map<String, Function<HasMetadata, String>>> FIELDS = Map.of(
            Pod.class, Map.ofEntries(
                    Map.entry("spec.nodeName", o -> pod(o).getSpec() == null ? null : pod(o).getSpec().getNodeName()),
                    Map.entry("spec.restartPolicy", o -> pod(o).getSpec() == null ? null : pod(o).getSpec().getRestartPolicy()),
                    Map.entry("spec.schedulerName", o -> pod(o).getSpec() == null ? null : pod(o).getSpec().getSchedulerName()),
                    Map.entry("spec.serviceAccountName", o -> pod(o).getSpec() == null ? null
                            : pod(o).getSpec().getServiceAccountName()),
                    Map.entry("spec.hostNetwork", o -> Boolean.toString(pod(o).getSpec() != null
                            && Boolean.TRUE.equals(pod(o).getSpec().getHostNetwork()))),
                    Map.entry("status.phase", o -> pod(o).getStatus() == null ? null : pod(o).getStatus().getPhase()),
                    Map.entry("status.podIP", o -> pod(o).getStatus() == null ? null : pod(o).getStatus().getPodIP()),
                    Map.entry("status.podIPs", o -> pod(o).getStatus() == null || pod(o).getStatus().getPodIPs() == null
                            || pod(o).getStatus().getPodIPs().isEmpty() ? null : pod(o).getStatus().getPodIPs().get(0).getIp()),
                    Map.entry("status.nominatedNodeName", o -> pod(o).getStatus() == null ? null
                            : pod(o).getStatus().getNominatedNodeName())),
            Node.class, Map.of(
                    "spec.unschedulable", o -> Boolean.toString(((Node) o).getSpec() != null
                            && Boolean.TRUE.equals(((Node) o).getSpec().getUnschedulable()))),
            Namespace.class, Map.of(
                    "status.phase", o -> ((Namespace) o).getStatus() == null ? null : ((Namespace) o).getStatus().getPhase()),
            ReplicaSet.class, Map.of(
                    "status.replicas", o -> ((ReplicaSet) o).getStatus() == null || ((ReplicaSet) o).getStatus().getReplicas() == null
                            ? "0" : ((ReplicaSet) o).getStatus().getReplicas().toString()),
            Service.class, Map.of(
                    "spec.clusterIP", o -> ((Service) o).getSpec() == null ? null : ((Service) o).getSpec().getClusterIP(),
                    "spec.type", o -> ((Service) o).getSpec() == null ? null : ((Service) o).getSpec().getType()),
            Event.class, Map.ofEntries(
                    Map.entry("involvedObject.kind", o -> ref(o).getKind()),
                    Map.entry("involvedObject.namespace", o -> ref(o).getNamespace()),
                    Map.entry("involvedObject.name", o -> ref(o).getName()),
                    Map.entry("involvedObject.uid", o -> ref(o).getUid()),
                    Map.entry("involvedObject.apiVersion", o -> ref(o).getApiVersion()),
                    Map.entry("involvedObject.resourceVersion", o -> ref(o).getResourceVersion()),
                    Map.entry("involvedObject.fieldPath", o -> ref(o).getFieldPath()),
                    Map.entry("reason", o -> ((Event) o).getReason()),
                    Map.entry("reportingComponent", o -> ((Event) o).getReportingComponent()),
                    Map.entry("source", o -> ((Event) o).getSource() == null ? null : ((Event) o).getSource().getComponent()),
                    Map.entry("type", o -> ((Event) o).getType())));

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public List<Term> terms() {
        return terms;
    }

    /**
     * Parses a selector; terms are split at unescaped commas and values may escape {@code \,},
     * {@code \=} and {@code \\}.
     *
     * @throws ApiException 400 {@code invalid selector: 'x'; can't understand 'x'}
     */
    public static FieldSelector parse(String text) {
        List<Term> terms = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return new FieldSelector(terms);
        }
        for (String term : splitUnescaped(text)) {
            if (term.isEmpty()) {
                continue;
            }
            Term t = splitTerm(term);
            if (t == null) {
                throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }
            terms.add(t);
        }
        return new FieldSelector(terms);
    }

    private static List<String> splitUnescaped(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static Term splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            if (term.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (term.startsWith("!=", i)) {
                return new Term(term.substring(0, i), false, unescape(term.substring(i + 2)));
            } else if (term.startsWith("==", i)) {
                return new Term(term.substring(0, i), true, unescape(term.substring(i + 2)));
            } else if (term.charAt(i) == '=') {
                return new Term(term.substring(0, i), true, unescape(term.substring(i + 1)));
            }
        }
        return null;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /**
     * The selector as a predicate over objects of {@code type}.
     *
     * @throws ApiException 400 for a field the kind does not support, in the API server's words:
     *                      {@code field label not supported: spec.foo} (kinds with their own fields) or
     *                      {@code "spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"}
     */
    public Predicate<HasMetadata> predicate(ResourceType type) {
        if (terms.isEmpty()) {
            return o -> true;
        }
        Map<String, Function<HasMetadata, String>> extra = FIELDS.get(type.type());
        List<Predicate<HasMetadata>> checks = new ArrayList<>();
        for (Term t : terms) {
            Function<HasMetadata, String> getter = getter(type, extra, t.field());
            String value = t.value();
            if (t.equal()) {
                checks.add(o -> value.equals(nullToEmpty(getter.apply(o))));
            } else {
                checks.add(o -> !value.equals(nullToEmpty(getter.apply(o))));
            }
        }
        return o -> {
            for (Predicate<HasMetadata> c : checks) {
                if (!c.test(o)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Function<HasMetadata, String> getter(ResourceType type, Map<String, Function<HasMetadata, String>> extra,
                                                        String field) {
        if ("metadata.name".equals(field)) {
            return o -> o.getMetadata().getName();
        }
        if ("metadata.namespace".equals(field)) {
            return o -> o.getMetadata().getNamespace();
        }
        if (extra != null && extra.containsKey(field)) {
            return extra.get(field);
        }
        if (extra != null) {
            throw ApiException.badRequest("field label not supported: " + field);
        }
        throw ApiException.badRequest("\"" + field + "\" is not a known field selector: only \"metadata.name\", "
                + "\"metadata.namespace\"");
    }

    /** The value of {@code metadata.name=…} when the selector pins one name (as kubectl's waits do). */
    public String pinnedName() {
        for (Term t : terms) {
            if (t.equal() && "metadata.name".equals(t.field())) {
                return t.value();
            }
        }
        return null;
    }

    /** The fields each kind supports besides metadata.name/namespace (for tests and documentation). */
    static Set<String> supportedFields(ResourceType type) {
        Map<String, Function<HasMetadata, String>> extra = FIELDS.get(type.type());
        return extra == null ? Set.of() : extra.keySet();
    }

    private static Pod pod(HasMetadata o) {
        return (Pod) o;
    }

    private static ObjectReference ref(HasMetadata o) {
        ObjectReference r = ((Event) o).getInvolvedObject();
        return r == null ? new ObjectReference() : r;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
