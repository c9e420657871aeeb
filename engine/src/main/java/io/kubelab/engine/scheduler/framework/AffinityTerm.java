package io.kubelab.engine.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.kubelab.engine.api.Selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod (anti-)affinity term made ready for matching, as {@code framework.AffinityTerm}: which
 * namespaces it looks at, which pods it selects, and the topology key that defines "together".
 *
 * @param namespaces        the namespaces named by the term; when it names none and has no
 *                          namespace selector, the owning pod's own namespace
 * @param namespaceSelector namespaces selected by their labels ({@code null}: none; empty: all)
 * @param selector          the pods it selects, with {@code matchLabelKeys}/{@code mismatchLabelKeys}
 *                          already turned into requirements ({@code null} selects nothing)
 * @param topologyKey       the node label whose value defines a domain ({@code kubernetes.io/hostname},
 *                          {@code topology.kubernetes.io/zone})
 * @param weight            for preferred terms, 1..100; 0 for required terms
 */
public record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector,
                           String topologyKey, int weight) {

    public AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    /**
     * Prepares a term of {@code owner} (namespace {@code ownerNamespace}, labels {@code ownerLabels}).
     */
    public static AffinityTerm of(PodAffinityTerm term, String ownerNamespace, Map<String, String> ownerLabels, int weight) {
        Set<String> ns;
        if ((term.getNamespaces() == null || term.getNamespaces().isEmpty()) && term.getNamespaceSelector() == null) {
            ns = Set.of(ownerNamespace);
        } else {
            ns = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        }
        LabelSelector selector = term.getLabelSelector();
        boolean hasKeys = (term.getMatchLabelKeys() != null && !term.getMatchLabelKeys().isEmpty())
                || (term.getMismatchLabelKeys() != null && !term.getMismatchLabelKeys().isEmpty());
        if (selector != null && hasKeys) {
            // matchLabelKeys: "pods with my value of this label"; mismatchLabelKeys: "pods with another value".
            List<LabelSelectorRequirement> exprs = new ArrayList<>(
                    selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions());
            addKeys(exprs, term.getMatchLabelKeys(), "In", ownerLabels);
            addKeys(exprs, term.getMismatchLabelKeys(), "NotIn", ownerLabels);
            selector = new LabelSelector(exprs, selector.getMatchLabels());
        }
        return new AffinityTerm(ns, term.getNamespaceSelector(), selector, term.getTopologyKey(), weight);
    }

    private static void addKeys(List<LabelSelectorRequirement> exprs, List<String> keys, String op,
                                Map<String, String> ownerLabels) {
        if (keys == null) {
            return;
        }
        for (String k : keys) {
            String v = ownerLabels.get(k);
            if (v != null) {
                exprs.add(new LabelSelectorRequirement(k, op, List.of(v)));
            }
        }
    }

    /**
     * Whether the term selects {@code pod}: the pod is in one of the term's namespaces (by name or
     * by {@code namespaceLabels}) and its labels match the selector.
     */
    public boolean matches(PodInfo pod, Map<String, String> namespaceLabels) {
        boolean inNamespace = namespaces.contains(pod.namespace())
                || (namespaceSelector != null && namespaceLabels != null && Selectors.matches(namespaceSelector, namespaceLabels));
        return inNamespace && Selectors.matches(selector, pod.labels());
    }
}
