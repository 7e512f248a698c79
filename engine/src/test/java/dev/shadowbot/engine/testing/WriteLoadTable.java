package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a table the write load drives: integer key columns (one, or two for a composite key),
 * a text column {@code v} and a nullable integer column {@code n}. Other columns may exist (they take
 * their defaults). A logical key number {@code x} maps to key values: one column → {@code [x]}, two
 * columns → {@code [x / 1000, x % 1000]}.
 *
 * @param schema     schema
 * @param table      table
 * @param keyColumns key column names, in the order the key number maps to them
 */
public record WriteLoadTable(String schema, String table, List<String> keyColumns) {
    public WriteLoadTable {
        keyColumns = List.copyOf(keyColumns);
        if (keyColumns.isEmpty() || keyColumns.size() > 2) {
            throw new IllegalArgumentException("one or two key columns");
        }
    }

    public long[] key(long x) {
        return keyColumns.size() == 1 ? new long[] {x} : new long[] {x / 1000, x % 1000};
    }

    String qualified() {
        return Identifiers.qualified(schema, table);
    }

    String where() {
        List<String> parts = new ArrayList<>();
        for (String k : keyColumns) {
            parts.add(Identifiers.quote(k) + " = ?");
        }
        return String.join(" AND ", parts);
    }

    String insertSql() {
        List<String> cols = new ArrayList<>();
        List<String> qs = new ArrayList<>();
        for (String k : keyColumns) {
            cols.add(Identifiers.quote(k));
            qs.add("?");
        }
        cols.add("`v`");
        cols.add("`n`");
        qs.add("?");
        qs.add("?");
        return "INSERT INTO " + qualified() + " (" + String.join(", ", cols) + ") VALUES (" + String.join(", ", qs) + ")";
    }

    String updateSql() {
        return "UPDATE " + qualified() + " SET `v` = ?, `n` = ? WHERE " + where();
    }

    String moveSql() {
        List<String> sets = new ArrayList<>();
        for (String k : keyColumns) {
            sets.add(Identifiers.quote(k) + " = ?");
        }
        return "UPDATE " + qualified() + " SET " + String.join(", ", sets) + " WHERE " + where();
    }

    String deleteSql() {
        return "DELETE FROM " + qualified() + " WHERE " + where();
    }

    String selectAllSql() {
        List<String> cols = new ArrayList<>();
        for (String k : keyColumns) {
            cols.add(Identifiers.quote(k));
        }
        return "SELECT " + String.join(", ", cols) + ", `v`, `n` FROM " + qualified();
    }
}
