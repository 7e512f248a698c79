package dev.shadowbot.engine.schema;

import java.util.List;
import java.util.Optional;

/**
 * The canonical form of one table, read back from a server. Two tables read from the same server
 * are equal in structure exactly when their {@link #createStatement()} and column charsets are equal.
 *
 * @param name        table name
 * @param columns     columns in order
 * @param indexes     indexes in the order the server prints them (primary key first)
 * @param foreignKeys foreign keys
 * @param checks      CHECK constraints
 * @param options     table options
 * @param showCreate  {@code SHOW CREATE TABLE} output with {@code AUTO_INCREMENT=n} removed
 */
public record TableModel(String name, List<ColumnModel> columns, List<IndexModel> indexes,
                         List<ForeignKeyModel> foreignKeys, List<CheckModel> checks, TableOptions options,
                         String showCreate) {
    public TableModel {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        checks = List.copyOf(checks);
    }

    /** The canonical CREATE TABLE statement (the server's, without the auto-increment counter). */
    public String createStatement() {
        return showCreate;
    }

    public Optional<ColumnModel> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<IndexModel> index(String name) {
        return indexes.stream().filter(i -> i.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<IndexModel> primaryKey() {
        return indexes.stream().filter(i -> i.kind() == IndexModel.Kind.PRIMARY).findFirst();
    }

    /** True when the two tables have the same structure (see the class comment). */
    public boolean sameStructure(TableModel other) {
        if (!showCreate.equals(other.showCreate) || columns.size() != other.columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).sameDefinition(other.columns.get(i))) {
                return false;
            }
        }
        return true;
    }
}
