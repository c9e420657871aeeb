package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resource arguments as kubectl's resource builder reads them: {@code po}, {@code deploy,rs,po},
 * {@code all} (the category), {@code pods web other} (a type and names) or
 * {@code deployment/web svc/my-nginx} (type/name pairs).
 */
final class Resources {
    private Resources() {}

    /** One type, and the names asked for (none: every object the selectors match). */
    record Request(ResourceType type, List<String> names) {}

    /** What the arguments ask for. */
    record Requests(List<Request> requests, boolean multipleTypes) {
        boolean isEmpty() {
            return requests.isEmpty();
        }
    }

    /** Resolves a type name as kubectl does (plural, singular, short name, kind; case-insensitive; group-qualified). */
    static ResourceType type(String name) {
        String n = name;
        // deployments.v1.apps: the version sits between resource and group.
        String[] parts = name.split("\\.", 3);
        if (parts.length == 3 && parts[1].matches("v\\d+((alpha|beta)\\d+)?")) {
            n = parts[0] + "." + parts[2];
        } else if (parts.length == 2 && parts[1].matches("v\\d+((alpha|beta)\\d+)?")) {
            n = parts[0];
        }
        return ResourceTypes.resolve(n).orElseThrow(() ->
                KubectlError.error("the server doesn't have a resource type \"" + name.toLowerCase(Locale.ROOT) + "\""));
    }

    /** {@code pod}, {@code deployment.apps}: how kubectl names a kind in {@code deployment.apps/web}. */
    static String kindPrefix(ResourceType type) {
        String kind = type.kind().toLowerCase(Locale.ROOT);
        return type.group().isEmpty() ? kind : kind + "." + type.group();
    }

    /** {@code deployment.apps/web}. */
    static String qualifiedName(HasMetadata o) {
        return kindPrefix(ResourceTypes.of(o)) + "/" + o.getMetadata().getName();
    }

    /** The types of a comma list, {@code all} expanded to the category's types in discovery order. */
    static List<ResourceType> types(String list) {
        List<ResourceType> out = new ArrayList<>();
        for (String t : list.split(",")) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.equals("all")) {
                for (ResourceType rt : ResourceTypes.all()) {
                    if (rt.categories().contains("all") && !out.contains(rt)) {
                        out.add(rt);
                    }
                }
            } else {
                ResourceType rt = type(t);
                if (!out.contains(rt)) {
                    out.add(rt);
                }
            }
        }
        return out;
    }

    static Requests parse(List<String> args) {
        List<Request> requests = new ArrayList<>();
        if (args.isEmpty()) {
            return new Requests(requests, false);
        }
        boolean slashes = args.stream().anyMatch(a -> a.contains("/"));
        if (slashes) {
            Set<ResourceType> seen = new LinkedHashSet<>();
            for (String a : args) {
                int slash = a.indexOf('/');
                if (slash < 0) {
                    throw KubectlError.error("there is no need to specify a resource type as a separate argument when "
                            + "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                            + "instead of 'kubectl get resource resource/<resource_name>'");
                }
                ResourceType type = type(a.substring(0, slash));
                String name = a.substring(slash + 1);
                if (name.isEmpty()) {
                    throw KubectlError.error("arguments in resource/name form must have a single resource and name");
                }
                seen.add(type);
                requests.add(new Request(type, List.of(name)));
            }
            return new Requests(requests, seen.size() > 1);
        }
        List<ResourceType> types = types(args.get(0));
        List<String> names = List.copyOf(args.subList(1, args.size()));
        for (ResourceType t : types) {
            requests.add(new Request(t, names));
        }
        boolean multiple = args.get(0).contains(",") || args.get(0).equals("all") || types.size() > 1;
        return new Requests(requests, multiple);
    }
}
