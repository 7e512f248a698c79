package dev.shadowbot.engine.table;

import java.util.List;

/**
 * An index: name, uniqueness, columns in index order, and whether any column is a prefix.
 *
 * @param name      index name ({@code PRIMARY} for the primary key)
 * @param unique    unique or primary
 * @param columns   column names in index order
 * @param prefixed  some column is indexed by a prefix only, so the index does not identify rows
 */
public record IndexInfo(String name, boolean unique, List<String> columns, boolean prefixed) {
    public IndexInfo {
        columns = List.copyOf(columns);
    }

    public boolean isPrimary() {
        return name.equals("PRIMARY");
    }
}
