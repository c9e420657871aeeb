package io.kubelab.engine.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * cobra's "Did you mean this?", which kubectl and minikube both print under an unknown command:
 * the commands within two edits of what was typed, or starting with it, in the order given
 * ({@code stat} → {@code start}, {@code status}; {@code gett} → {@code get}).
 */
public final class CobraSuggestions {
    private CobraSuggestions() {}

    /** The commands to suggest for {@code typed}, in {@code commands}' order. */
    public static List<String> near(String typed, List<String> commands) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String c : commands) {
            if (distance(t, c) <= 2 || c.startsWith(t)) {
                found.add(c);
            }
        }
        return found;
    }

    /** {@code Did you mean this?} and one tab-indented line per command; empty for none. */
    public static String text(List<String> near) {
        if (near.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("Did you mean this?\n");
        near.forEach(c -> b.append('\t').append(c).append('\n'));
        return b.toString();
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    public static int distance(String a, String b) {
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
