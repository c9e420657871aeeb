package io.kubelab.engine.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/**
 * One kind of API object as the API server knows it: its group/version/kind, the plural resource
 * name used in URLs and the store, scope, short names and categories (for discovery), and the
 * fabric8 class that holds it.
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Class<? extends HasMetadata> type) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code deployments.apps}, or {@code pods} for the core group: the form error messages use. */
    public String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code Deployment.apps}, or {@code Pod}: the form "is invalid" messages use. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    public String listKind() {
        return kind + "List";
    }
}
