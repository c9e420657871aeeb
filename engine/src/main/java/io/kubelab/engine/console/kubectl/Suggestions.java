package io.kubelab.engine.console.kubectl;

import io.kubelab.engine.console.CobraSuggestions;

import java.util.List;

/**
 * kubectl's answer to an unknown command (kubectl 1.31): {@code error: unknown command "gett" for "kubectl"} and,
 * when some command is within two edits or starts with what was typed, {@code Did you mean this?}
 * with those commands in kubectl's own order (its help groups: basic, deploy, cluster management…).
 */
final class Suggestions {
    private Suggestions() {}

    /** kubectl's commands in the order its root command adds them. */
    static final List<String> KUBECTL_COMMANDS = List.of("create", "expose", "run", "set", "explain", "get", "edit",
            "delete", "rollout", "scale", "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon",
            "drain", "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug",
            "events", "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate", "completion",
            "api-resources", "api-versions", "config", "plugin", "version", "options");

    static String unknownCommand(String typed) {
        String text = "error: unknown command \"" + typed + "\" for \"kubectl\"\n";
        List<String> close = CobraSuggestions.near(typed, KUBECTL_COMMANDS);
        return close.isEmpty() ? text : text + "\n" + CobraSuggestions.text(close);
    }
}
