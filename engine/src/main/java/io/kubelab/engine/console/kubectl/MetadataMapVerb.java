package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kubectl label} and {@code kubectl annotate}: {@code TYPE NAME key=value key2-}, with
 * {@code --overwrite} needed to change an existing value.
 */
abstract class MetadataMapVerb extends Verb {
    /** {@code labels} or {@code annotations}. */
    protected abstract Map<String, String> get(HasMetadata o);

    protected abstract void set(HasMetadata o, Map<String, String> values);

    /** The message after the object's name: {@code labeled}, {@code not labeled}, {@code annotated}. */
    protected abstract String message(boolean changed, boolean shrunk, boolean overwrite);

    /** The error for a key that has a value already, without {@code --overwrite}. */
    protected abstract String collision(List<String> keys, Map<String, String> current);

    @Override
    protected void declare(Flags f) {
        f.bool("overwrite", null).bool("all", null).string("selector", "l", "").list("filename", "f")
                .string("output", "o", "").string("resource-version", null, "").bool("list", null)
                .bool("local", null).string("dry-run", null, "none").bool("all-namespaces", "A");
    }

    @Override
    protected Execution run(Call c) {
        List<String> resourceArgs = new ArrayList<>();
        Map<String, String> add = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        for (String a : c.args()) {
            if (a.contains("=")) {
                add.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.endsWith("-")) {
                remove.add(a.substring(0, a.length() - 1));
            } else if (add.isEmpty() && remove.isEmpty()) {
                resourceArgs.add(a);
            } else {
                throw KubectlError.error("all resources must be specified before " + name() + " changes: " + a);
            }
        }
        if (add.isEmpty() && remove.isEmpty()) {
            throw KubectlError.error("at least one " + (name().equals("label") ? "label" : "annotation")
                    + " update is required");
        }
        List<HasMetadata> targets = new ArrayList<>();
        List<Resources.Request> requests = c.flags.list("filename").isEmpty() ? Resources.parse(resourceArgs).requests()
                : Manifests.requests(c, c.flags.list("filename")).requests();
        if (requests.isEmpty()) {
            throw KubectlError.raw("error: one or more resources must be specified as <resource> <name> or "
                    + "<resource>/<name>\n");
        }
        for (Resources.Request r : requests) {
            ResourceType type = r.type();
            String ns = type.namespaced() ? c.namespace() : null;
            if (r.names().isEmpty()) {
                String sel = c.flags.string("selector");
                if (!c.flags.bool("all") && sel.isEmpty()) {
                    throw KubectlError.error("resource(s) were provided, but no name was specified");
                }
                targets.addAll(c.api().list(type, ns, sel.isEmpty() ? o -> true : Selectors.labelPredicate(sel)).items());
            } else {
                for (String name : r.names()) {
                    targets.add(c.api().get(type, ns, name));
                }
            }
        }
        boolean overwrite = c.flags.bool("overwrite");
        for (HasMetadata o : targets) {
            Map<String, String> current = get(o) == null ? Map.of() : get(o);
            List<String> collisions = new ArrayList<>();
            for (var e : add.entrySet()) {
                if (current.containsKey(e.getKey()) && !Objects.equals(current.get(e.getKey()), e.getValue())) {
                    collisions.add(e.getKey());
                }
            }
            if (!overwrite && !collisions.isEmpty()) {
                throw KubectlError.error(collision(collisions, current));
            }
            Map<String, String> next = new LinkedHashMap<>(current);
            next.putAll(add);
            for (String k : remove) {
                if (next.remove(k) == null) {
                    c.out((name().equals("label") ? "label" : "annotation") + " \"" + k + "\" not found.\n");
                }
            }
            boolean changed = !next.equals(current);
            boolean shrunk = next.size() < current.size()
                    || next.size() == current.size() && String.join("", next.values()).length()
                    < String.join("", current.values()).length();
            // kubectl sends its patch even when nothing changes, and the API server writes it.
            try {
                o = c.api().modify(ResourceTypes.of(o), o.getMetadata().getNamespace(), o.getMetadata().getName(),
                        x -> {
                            Map<String, String> m = get(x) == null ? new LinkedHashMap<>() : new LinkedHashMap<>(get(x));
                            m.putAll(add);
                            remove.forEach(m::remove);
                            set(x, m.isEmpty() ? null : m);
                            return x;
                        }, false);
            } catch (ApiException e) {
                c.err(serverError(e));
                return Execution.finished(1);
            }
            c.out(Resources.qualifiedName(o) + " " + message(changed, shrunk, overwrite) + "\n");
        }
        return Execution.finished(0);
    }
}
