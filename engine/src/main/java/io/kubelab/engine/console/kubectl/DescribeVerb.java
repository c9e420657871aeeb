package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.KubeApi;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.console.Invocation;
import io.kubelab.engine.console.Output;
import io.kubelab.engine.console.kubectl.DescribeSupport.Flag;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code kubectl describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME)}: by type, by name, by
 * {@code type/name}, by label, and — when one name finds nothing — every object whose name starts
 * with it ({@code describe po nginx} describes each {@code nginx-…} pod), as kubectl does.
 */
final class DescribeVerb implements KubectlVerb {
    static final List<Flag> FLAGS = List.of(
            Flag.value("selector", "l", ""),
            Flag.bool("all-namespaces", "A"),
            Flag.value("filename", "f", ""),
            Flag.bool("show-events", null),
            Flag.value("chunk-size", null, "500"));

    @Override
    public String name() {
        return "describe";
    }

    @Override
    public Execution start(Invocation inv) {
        Output out = inv.out();
        DescribeSupport.Parsed p;
        try {
            p = DescribeSupport.parse(inv.args(), FLAGS, "describe");
        } catch (DescribeSupport.FlagException e) {
            out.err(e.getMessage());
            return Execution.finished(1);
        }
        KubeApi api = inv.context().cluster().api();
        boolean showEvents = !p.has("show-events") || p.bool("show-events");
        boolean all = p.bool("all-namespaces");
        String ns = DescribeSupport.namespace(p);
        String selector = p.get("selector");
        List<String> args = p.args;
        String filename = p.get("filename");
        if (filename != null && !filename.isEmpty()) {
            return describeFiles(api, describers(api, showEvents), filename, args, ns, inv.files(), out);
        }
        if (args.isEmpty()) {
            out.err("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list "
                    + "of supported resources.\n");
            return Execution.finished(1);
        }
        Describers describers = describers(api, showEvents);
        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Predicate<HasMetadata> labels;
        try {
            labels = selector == null || selector.isEmpty() ? o -> true : Selectors.labelPredicate(selector);
        } catch (ApiException e) {
            out.err("error: " + e.getMessage() + "\n");
            return Execution.finished(1);
        }
        if (args.get(0).contains("/")) {
            // type/name forms, one or more
            for (String a : args) {
                int slash = a.indexOf('/');
                if (slash < 0) {
                    out.err("error: there is no need to specify a resource type as a separate argument when passing arguments "
                            + "in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n");
                    return Execution.finished(1);
                }
                ResourceType type = DescribeSupport.type(a.substring(0, slash)).orElse(null);
                if (type == null) {
                    out.err(DescribeSupport.noResourceType(a.substring(0, slash)));
                    return Execution.finished(1);
                }
                fetch(api, type, ns, a.substring(slash + 1), objects, errors);
            }
        } else {
            List<ResourceType> types = new ArrayList<>();
            for (String t : args.get(0).split(",")) {
                ResourceType type = DescribeSupport.type(t).orElse(null);
                if (type == null) {
                    out.err(DescribeSupport.noResourceType(t));
                    return Execution.finished(1);
                }
                types.add(type);
            }
            List<String> names = args.subList(1, args.size());
            if (names.isEmpty()) {
                for (ResourceType type : types) {
                    String listNs = !type.namespaced() || all ? null : ns;
                    List<HasMetadata> list = new ArrayList<>(api.list(type, listNs, labels).items());
                    if (all) {
                        // Across namespaces the API lists by namespace, then name.
                        list.sort(Comparator.comparing((HasMetadata o) -> Describers.str(o.getMetadata().getNamespace()))
                                .thenComparing(o -> o.getMetadata().getName()));
                    }
                    objects.addAll(list);
                }
            } else {
                if (selector != null && !selector.isEmpty()) {
                    out.err("error: name cannot be provided when a selector is specified\n");
                    return Execution.finished(1);
                }
                if (types.size() > 1) {
                    out.err("error: you must specify only one resource\n");
                    return Execution.finished(1);
                }
                ResourceType type = types.get(0);
                for (String name : names) {
                    fetch(api, type, ns, name, objects, errors);
                }
                if (objects.isEmpty() && names.size() == 1 && !errors.isEmpty()) {
                    return prefixMatch(api, describers, type, ns, names.get(0), errors.get(0), out);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        Set<String> seenErrors = new LinkedHashSet<>(errors);
        boolean first = true;
        for (HasMetadata o : objects) {
            if (!Describers.supports(typeOf(o))) {
                seenErrors.add("error: the console's kubectl cannot describe " + typeOf(o).plural() + "\n");
                continue;
            }
            String s = describers.describe(o);
            text.append(first ? s : "\n\n" + s);
            first = false;
        }
        out.out(text.toString());
        if (objects.isEmpty() && errors.isEmpty()) {
            out.err(all ? "No resources found\n" : "No resources found in " + ns + " namespace.\n");
        }
        for (String e : seenErrors) {
            out.err(e);
        }
        return Execution.finished(seenErrors.isEmpty() ? 0 : 1);
    }

    private static Describers describers(KubeApi api, boolean showEvents) {
        return new Describers(api, showEvents);
    }

    /**
     * {@code describe -f FILE}: the objects the manifest names, as they are in the cluster. Files
     * come from the console's working folder ({@link Invocation#files()}).
     */
    private static Execution describeFiles(KubeApi api, Describers describers, String filename, List<String> args, String ns,
                                           java.util.Map<String, String> files, Output out) {
        if (!args.isEmpty()) {
            out.err("error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n");
            return Execution.finished(1);
        }
        String text = files == null ? null : files.get(filename);
        if (text == null) {
            out.err("error: the path \"" + filename + "\" does not exist\n");
            return Execution.finished(1);
        }
        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            for (var doc : io.kubelab.engine.model.Kube.readDocuments(text)) {
                HasMetadata manifest = io.kubelab.engine.model.ResourceTypes.decode(doc);
                ResourceType type = typeOf(manifest);
                String objectNs = manifest.getMetadata().getNamespace() == null || manifest.getMetadata().getNamespace().isEmpty()
                        ? ns : manifest.getMetadata().getNamespace();
                fetch(api, type, objectNs, manifest.getMetadata().getName(), objects, errors);
            }
        } catch (RuntimeException e) {
            out.err("error: error parsing " + filename + ": " + e.getMessage() + "\n");
            return Execution.finished(1);
        }
        StringBuilder b = new StringBuilder();
        for (HasMetadata o : objects) {
            if (Describers.supports(typeOf(o))) {
                b.append(b.length() == 0 ? "" : "\n\n").append(describers.describe(o));
            }
        }
        out.out(b.toString());
        errors.forEach(out::err);
        return Execution.finished(errors.isEmpty() ? 0 : 1);
    }

    private static ResourceType typeOf(HasMetadata o) {
        return io.kubelab.engine.model.ResourceTypes.of(o);
    }

    private static void fetch(KubeApi api, ResourceType type, String ns, String name, List<HasMetadata> objects, List<String> errors) {
        HasMetadata o = api.find(type, type.namespaced() ? ns : null, name);
        if (o == null) {
            errors.add(DescribeSupport.serverError(ApiException.notFound(type, name)));
        } else {
            objects.add(o);
        }
    }

    /** {@code DescribeMatchingResources}: every object of the type whose name starts with {@code prefix}, each followed by a blank line. */
    private static Execution prefixMatch(KubeApi api, Describers describers, ResourceType type, String ns, String prefix,
                                         String originalError, Output out) {
        StringBuilder text = new StringBuilder();
        boolean found = false;
        for (HasMetadata o : api.list(type, type.namespaced() ? ns : null)) {
            if (o.getMetadata().getName().startsWith(prefix)) {
                found = true;
                if (!Describers.supports(type)) {
                    out.err("error: the console's kubectl cannot describe " + type.plural() + "\n");
                    return Execution.finished(1);
                }
                text.append(describers.describe(o)).append('\n');
            }
        }
        if (!found) {
            out.err(originalError);
            return Execution.finished(1);
        }
        out.out(text.toString());
        return Execution.finished(0);
    }
}
