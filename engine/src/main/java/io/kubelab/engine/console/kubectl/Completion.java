package io.kubelab.engine.console.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelab.engine.console.ConsoleContext;
import io.kubelab.engine.model.ResourceType;
import io.kubelab.engine.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tab completion for kubectl, as kubectl's own completion offers it: verbs, then resource types
 * (plural names), then names of objects of that type in the namespace ({@code -n}, else default);
 * {@code TYPE/} completes to {@code TYPE/NAME}.
 */
final class Completion {
    private Completion() {}

    private static final Set<String> TAKES_RESOURCES = Set.of("get", "describe", "delete", "label", "annotate",
            "scale", "expose", "edit", "logs", "rollout", "set", "exec");

    static List<String> complete(KubectlProgram kubectl, List<String> words, ConsoleContext context) {
        String last = words.get(words.size() - 1);
        if (words.size() == 1) {
            return kubectl.verbs().keySet().stream().filter(v -> v.startsWith(last)).toList();
        }
        String verb = words.get(0);
        if (!TAKES_RESOURCES.contains(verb) || last.startsWith("-")) {
            return List.of();
        }
        String namespace = "default";
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < words.size() - 1; i++) {
            String w = words.get(i);
            if ((w.equals("-n") || w.equals("--namespace")) && i + 1 < words.size() - 1) {
                namespace = words.get(++i);
            } else if (w.startsWith("--namespace=")) {
                namespace = w.substring("--namespace=".length());
            } else if (!w.startsWith("-")) {
                positional.add(w);
            }
        }
        if ((verb.equals("rollout") || verb.equals("set")) && !positional.isEmpty()) {
            positional.remove(0);
        }
        Set<String> out = new LinkedHashSet<>();
        int slash = last.indexOf('/');
        if (slash > 0) {
            Optional<ResourceType> type = ResourceTypes.resolve(last.substring(0, slash));
            if (type.isPresent()) {
                for (String name : names(context, type.get(), namespace)) {
                    String candidate = last.substring(0, slash + 1) + name;
                    if (candidate.startsWith(last)) {
                        out.add(candidate);
                    }
                }
            }
            return new ArrayList<>(out);
        }
        if (positional.isEmpty()) {
            for (ResourceType t : ResourceTypes.all()) {
                if (t.plural().startsWith(last)) {
                    out.add(t.plural());
                }
            }
            return new ArrayList<>(out);
        }
        Optional<ResourceType> type = ResourceTypes.resolve(positional.get(0).split(",")[0]);
        if (type.isPresent() && !positional.get(0).contains("/")) {
            for (String name : names(context, type.get(), namespace)) {
                if (name.startsWith(last)) {
                    out.add(name);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> names(ConsoleContext context, ResourceType type, String namespace) {
        return context.cluster().api().<HasMetadata>list(type, type.namespaced() ? namespace : null).stream()
                .map(o -> o.getMetadata().getName()).toList();
    }
}
