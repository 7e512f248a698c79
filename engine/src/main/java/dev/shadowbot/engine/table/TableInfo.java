package dev.shadowbot.engine.table;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A table's columns (in ordinal order) and indexes.
 *
 * @param schema  schema name
 * @param name    table name
 * @param columns columns in ordinal (binlog) order
 * @param indexes indexes, primary key first when there is one
 */
public record TableInfo(String schema, String name, List<ColumnInfo> columns, List<IndexInfo> indexes) {
    public TableInfo {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
    }

    public Optional<ColumnInfo> column(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    /** Unique indexes whose columns are all NOT NULL and fully indexed: each identifies one row. */
    public List<IndexInfo> rowIdentifyingKeys() {
        return indexes.stream()
                .filter(i -> i.unique() && !i.prefixed())
                .filter(i -> i.columns().stream().allMatch(c -> column(c).map(ci -> !ci.nullable()).orElse(false)))
                .toList();
    }
}
