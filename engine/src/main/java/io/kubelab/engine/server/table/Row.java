package io.kubelab.engine.server.table;

import java.util.List;

/**
 * One row of a Table: its cells in column order (strings and integers, printed as they are) and the
 * row conditions upstream adds for finished pods ({@code Completed}: Succeeded / Failed).
 */
public record Row(List<Object> cells, List<RowCondition> conditions) {

    public Row(List<Object> cells) {
        this(cells, List.of());
    }

    /** A {@code TableRowCondition}. */
    public record RowCondition(String type, String status, String reason, String message) {}
}
