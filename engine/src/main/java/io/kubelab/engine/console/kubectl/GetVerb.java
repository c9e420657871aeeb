package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.api.Selectors;
import io.kubelab.engine.console.Execution;
import io.kubelab.engine.model.ApiException;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.server.FieldSelector;
import io.kubelab.engine.store.ListResult;
import io.kubelab.engine.store.Watch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code kubectl get}: lists or gets objects of one or more types and prints them in the chosen
 * format; {@code -w} keeps printing a row per change until interrupted.
 */
final class GetVerb extends Verb {
    @Override
    public String name() {
        return "get";
    }

    @Override
    protected void declare(Flags f) {
        f.string("output", "o", "").string("selector", "l", "").bool("all-namespaces", "A").bool("show-labels", null)
                .string("field-selector", null, "").bool("watch", "w").bool("watch-only", null).bool("show-kind", null)
                .bool("no-headers", null).bool("ignore-not-found", null).list("filename", "f")
                .string("chunk-size", null, "500").bool("show-managed-fields", null);
    }

    @Override
    protected Execution run(Call c) {
        Formats.Format format = Formats.format(c.flags.string("output"));
        List<String> args = c.args();
        Resources.Requests requests;
        if (!c.flags.list("filename").isEmpty()) {
            requests = Manifests.requests(c, c.flags.list("filename"));
        } else {
            if (args.isEmpty()) {
                throw KubectlError.raw("You must specify the type of resource to get. Use \"kubectl api-resources\" "
                        + "for a complete list of supported resources.\n\nerror: Required resource not specified.\n"
                        + "Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. "
                        + "kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
            }
            requests = Resources.parse(args);
        }
        boolean all = c.flags.bool("all-namespaces");
        String namespace = c.namespace();
        String selector = c.flags.string("selector");
        FieldSelector fields = FieldSelector.parse(c.flags.string("field-selector"));
        Predicate<HasMetadata> labelFilter = selector.isBlank() ? o -> true : Selectors.labelPredicate(selector);

        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        long revision = 0;
        boolean single = requests.requests().size() == 1 && requests.requests().get(0).names().size() == 1;
        for (Resources.Request r : requests.requests()) {
            ResourceType type = r.type();
            String ns = type.namespaced() ? (all ? null : namespace) : null;
            if (r.names().isEmpty()) {
                Predicate<HasMetadata> filter = fields.isEmpty() ? labelFilter : labelFilter.and(fields.predicate(type));
                ListResult<HasMetadata> list = c.api().list(type, ns, filter);
                objects.addAll(list.items());
                revision = Math.max(revision, list.revision());
            } else {
                for (String name : r.names()) {
                    HasMetadata o = c.api().find(type, type.namespaced() ? namespace : null, name);
                    if (o == null) {
                        if (!c.flags.bool("ignore-not-found")) {
                            errors.add(serverError(ApiException.notFound(type, name)));
                        }
                    } else {
                        objects.add(o);
                    }
                }
                revision = Math.max(revision, c.api().store().revision());
            }
        }

        boolean withNamespace = all;
        boolean withKind = requests.multipleTypes() || c.flags.bool("show-kind");
        Formats.TableOptions table = new Formats.TableOptions(format.kind() == Formats.Kind.WIDE,
                withNamespace, withKind, c.flags.bool("show-labels"), c.flags.bool("no-headers"));
        boolean watch = c.flags.bool("watch") || c.flags.bool("watch-only");
        if (watch && requests.multipleTypes()) {
            throw KubectlError.error("you may only specify a single resource type");
        }
        TabWriter writer = new TabWriter(watch);
        if (!c.flags.bool("watch-only")) {
            print(c, writer, format, objects, table, single && errors.isEmpty(),
                    errors.isEmpty() && !c.flags.bool("ignore-not-found"), all, requests);
        }
        errors.forEach(c::err);
        if (!watch) {
            return Execution.finished(errors.isEmpty() ? 0 : 1);
        }
        return watch(c, writer, requests, revision, all ? null : namespace, labelFilter, fields, format, table);
    }

    private static void print(Call c, TabWriter writer, Formats.Format format, List<HasMetadata> objects, Formats.TableOptions table,
                              boolean single, boolean noErrors, boolean all, Resources.Requests requests) {
        switch (format.kind()) {
            case TABLE, WIDE -> {
                if (objects.isEmpty()) {
                    if (noErrors) {
                        boolean clusterScoped = requests.requests().stream().noneMatch(r -> r.type().namespaced());
                        c.err(all || clusterScoped ? "No resources found\n"
                                : "No resources found in " + c.namespace() + " namespace.\n");
                    }
                    return;
                }
                c.out(Formats.tables(writer, objects, table, c.api().now()));
            }
            case NAME -> {
                StringBuilder b = new StringBuilder();
                for (HasMetadata o : objects) {
                    b.append(Resources.qualifiedName(o)).append('\n');
                }
                c.out(b.toString());
            }
            default -> {
                if (single && objects.size() == 1) {
                    c.out(Formats.document(format, Formats.tree(objects.get(0))));
                } else {
                    c.out(Formats.document(format, Formats.list(objects)));
                }
            }
        }
    }

    /**
     * Watches from the listing's revision and prints each change as kubectl does: a row formatted
     * on its own (kubectl flushes its table writer after every event).
     */
    private static Execution watch(Call c, TabWriter writer, Resources.Requests requests, long revision, String namespace,
                                   Predicate<HasMetadata> labels, FieldSelector fields, Formats.Format format,
                                   Formats.TableOptions table) {
        List<Watch> watches = new ArrayList<>();
        Formats.TableOptions rows = new Formats.TableOptions(table.wide(), table.withNamespace(), table.withKind(),
                table.showLabels(), true);
        for (Resources.Request r : requests.requests()) {
            ResourceType type = r.type();
            Predicate<HasMetadata> filter = o -> (namespace == null || !type.namespaced()
                    || namespace.equals(o.getMetadata().getNamespace()))
                    && (r.names().isEmpty() ? labels.test(o) && (fields.isEmpty() || fields.predicate(type).test(o))
                    : r.names().contains(o.getMetadata().getName()));
            watches.add(c.api().watch(type, revision, filter, e -> {
                HasMetadata o = e.object();
                switch (format.kind()) {
                    case TABLE, WIDE -> c.out(Formats.tables(writer, List.of(o), rows, c.api().now()));
                    case NAME -> c.out(Resources.qualifiedName(o) + "\n");
                    default -> c.out(Formats.document(format, Formats.tree(o)));
                }
            }));
        }
        return Execution.running(() -> watches.forEach(Watch::close));
    }
}
