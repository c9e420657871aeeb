package io.kubelab.engine.console.kubectl;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code text/tabwriter} as kubectl configures it for tables ({@code minwidth 6, tabwidth 4,
 * padding 3, padchar ' '}): each column is as wide as its widest cell plus 3, at least 6; the last
 * cell of a line is not padded. Lines with fewer cells end a column block, so tables separated by a
 * blank line are aligned each on their own.
 *
 * <p>{@code get -w} uses kubectl's own tabwriter flag {@code RememberWidths}: the writer is flushed
 * after every watch event and a column never gets narrower than it was, so a row of
 * {@code ContainerCreating} widens STATUS for every later row.
 *
 * <pre>
 *   NAME       READY   ("NAME" is 4 wide, "nginx" 5: the column is 5 + 3 = 8)
 *   nginx      1/1
 * </pre>
 */
final class TabWriter {
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private final List<List<String>> lines = new ArrayList<>();
    private final boolean rememberWidths;
    private int[] remembered = new int[0];

    TabWriter() {
        this(false);
    }

    TabWriter(boolean rememberWidths) {
        this.rememberWidths = rememberWidths;
    }

    /** Adds a line of cells (a blank line is an empty list). */
    synchronized void line(List<String> cells) {
        lines.add(cells);
    }

    /** The formatted text; every line ends with a newline. */
    synchronized String flush() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            // A block: consecutive lines with the same number of cells.
            int j = i;
            int n = lines.get(i).size();
            while (j < lines.size() && lines.get(j).size() == n) {
                j++;
            }
            int[] widths = new int[Math.max(n - 1, 0)];
            for (int c = 0; c < widths.length; c++) {
                int w = MIN_WIDTH;
                for (int k = i; k < j; k++) {
                    w = Math.max(w, width(lines.get(k).get(c)) + PADDING);
                }
                if (rememberWidths) {
                    if (c >= remembered.length) {
                        remembered = java.util.Arrays.copyOf(remembered, c + 1);
                    }
                    w = Math.max(w, remembered[c]);
                    remembered[c] = w;
                }
                widths[c] = w;
            }
            for (int k = i; k < j; k++) {
                List<String> cells = lines.get(k);
                for (int c = 0; c < cells.size(); c++) {
                    String cell = cells.get(c);
                    out.append(cell);
                    if (c < cells.size() - 1) {
                        out.append(" ".repeat(widths[c] - width(cell)));
                    }
                }
                out.append('\n');
            }
            i = j;
        }
        lines.clear();
        return out.toString();
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
