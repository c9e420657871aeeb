package io.kubelab.engine.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} with padchar ' ' and no flags, as kubectl and the docker CLI set it
 * up: "Name:\tweb" and "Namespace:\tdefault" on consecutive lines with padding 2 pad both labels to
 * 12 = len("Namespace:") + 2. Widths count characters (runes), so an ellipsis counts as one. Pure.
 */
public final class GoTabWriter {
    private GoTabWriter() {}

    /**
     * Aligns {@code text}: every tab ends a cell; the text after a line's last tab is not a cell. A
     * column's width holds for a run of consecutive lines that all have a cell in it, and is its
     * widest cell (in characters) plus {@code padding}, at least {@code minWidth}. kubectl's
     * describe uses (0, 2), its table printers (6, 3), the docker CLI (10, 3).
     */
    public static String align(String text, int minWidth, int padding) {
        String[] lines = text.split("\n", -1);
        List<String[]> cells = new ArrayList<>(lines.length);
        for (String l : lines) {
            cells.add(l.split("\t", -1));
        }
        StringBuilder out = new StringBuilder(text.length() + 256);
        int n = cells.size();
        // widths[i][j]: the width of column j on line i (only for tab-terminated cells).
        int[][] widths = new int[n][];
        for (int i = 0; i < n; i++) {
            widths[i] = new int[Math.max(0, cells.get(i).length - 1)];
        }
        int maxColumns = 0;
        for (String[] c : cells) {
            maxColumns = Math.max(maxColumns, c.length - 1);
        }
        for (int j = 0; j < maxColumns; j++) {
            int i = 0;
            while (i < n) {
                if (cells.get(i).length - 1 <= j) {
                    i++;
                    continue;
                }
                int start = i;
                int width = minWidth;
                while (i < n && cells.get(i).length - 1 > j) {
                    width = Math.max(width, width(cells.get(i)[j]) + padding);
                    i++;
                }
                for (int k = start; k < i; k++) {
                    widths[k][j] = width;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            String[] c = cells.get(i);
            for (int j = 0; j < c.length; j++) {
                out.append(c[j]);
                if (j < c.length - 1) {
                    out.append(" ".repeat(Math.max(0, widths[i][j] - width(c[j]))));
                }
            }
            if (i + 1 < n) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
