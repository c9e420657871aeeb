package io.kubelab.engine.console.docker;

import io.kubelab.engine.console.GoTabWriter;

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
        StringBuilder text = new StringBuilder();
        for (List<String> r : rows) {
            text.append(String.join("\t", r)).append('\n');
        }
        return GoTabWriter.align(text.toString(), MIN_WIDTH, PADDING);
    }
}
