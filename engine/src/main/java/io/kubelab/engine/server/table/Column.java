package io.kubelab.engine.server.table;

/**
 * One column of a {@code meta.k8s.io/v1} Table ({@code TableColumnDefinition}). kubectl upper-cases
 * the name for its header and shows columns of priority 1 only with {@code -o wide}.
 */
public record Column(String name, String type, String format, String description, int priority) {

    static Column nameColumn() {
        return new Column("Name", "string", "name",
                "Name must be unique within a namespace. Cannot be updated.", 0);
    }

    static Column ageColumn() {
        return new Column("Age", "string", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
    }

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    /** A column shown only with {@code -o wide}. */
    static Column wide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }
}
