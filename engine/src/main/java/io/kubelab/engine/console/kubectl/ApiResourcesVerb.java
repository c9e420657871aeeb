package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code kubectl api-resources}: the served types, sorted by group (core first) and name. */
final class ApiResourcesVerb extends Verb {
    @Override
    public String name() {
        return "api-resources";
    }

    @Override
    protected void declare(Flags f) {
        f.string("output", "o", "").string("namespaced", null, "").string("api-group", null, "").bool("no-headers", null)
                .bool("cached", null).string("sort-by", null, "").list("verbs", null).string("categories", null, "");
    }

    @Override
    protected Execution run(Call c) {
        String output = c.flags.string("output");
        if (!output.isEmpty() && !output.equals("name") && !output.equals("wide")) {
            throw KubectlError.error("--output " + output + " is not available");
        }
        List<ResourceType> types = new ArrayList<>(ResourceTypes.all());
        types.sort(Comparator.comparing(ResourceType::group).thenComparing(ResourceType::plural));
        if (c.flags.has("namespaced")) {
            boolean ns = c.flags.bool("namespaced");
            types.removeIf(t -> t.namespaced() != ns);
        }
        if (c.flags.has("api-group")) {
            types.removeIf(t -> !t.group().equals(c.flags.string("api-group")));
        }
        if (output.equals("name")) {
            StringBuilder b = new StringBuilder();
            types.forEach(t -> b.append(t.qualifiedResource()).append('\n'));
            c.out(b.toString());
            return Execution.finished(0);
        }
        TabWriter w = new TabWriter();
        if (!c.flags.bool("no-headers")) {
            w.line(List.of("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"));
        }
        for (ResourceType t : types) {
            w.line(List.of(t.plural(), String.join(",", t.shortNames()), t.apiVersion(), Boolean.toString(t.namespaced()),
                    t.kind()));
        }
        c.out(w.flush());
        return Execution.finished(0);
    }
}
