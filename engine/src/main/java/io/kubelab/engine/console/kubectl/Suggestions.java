package io.kubelab.engine.console.kubectl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        List<String> close = new ArrayList<>();
        String t = typed.toLowerCase(Locale.ROOT);
        for (String c : KUBECTL_COMMANDS) {
            if (distance(t, c) <= 2 || c.startsWith(t)) {
                close.add(c);
            }
        }
        if (close.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text).append("\nDid you mean this?\n");
        close.forEach(c -> b.append('\t').append(c).append('\n'));
        return b.toString();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
