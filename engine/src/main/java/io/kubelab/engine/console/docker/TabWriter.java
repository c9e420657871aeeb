package io.kubelab.engine.console.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * The docker CLI's tables: Go's {@code text/tabwriter} as docker's formatter sets it up
 * ({@code NewWriter(out, 10, 1, 3, ' ', 0)}): every column but the last is as wide as its widest
 * cell plus 3 spaces, and at least 10, counted in characters (runes), so the ellipsis of a cut
 * COMMAND counts as one. An empty {@code docker ps} is
 * {@code CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES}. Pure.
 */
final class TabWriter {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<List<String>> rows = new ArrayList<>();

    TabWriter row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    TabWriter row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    @Override
    public String toString() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size() - 1; c++) {
                width[c] = Math.max(width[c], Math.max(MIN_WIDTH, length(r.get(c)) + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                out.append(cell);
                if (c < r.size() - 1) {
                    out.append(" ".repeat(width[c] - length(cell)));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
