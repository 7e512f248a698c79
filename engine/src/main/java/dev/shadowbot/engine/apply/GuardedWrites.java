package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.table.ColumnMapping;
import dev.shadowbot.engine.table.IndexInfo;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The forward apply of a shadow with a second unique key: delete every key of the batch, then insert
 * the final images. An insert refused as a duplicate (1062) is a row the new key cannot hold next to
 * another one: {@link KeyViolated} names the key, the value and both rows. See {@link ChangeApplier}.
 */
final class GuardedWrites {
    private static final int DUPLICATE = 1062;
    private static final Pattern COLLATION = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern KEY = Pattern.compile("for key '(?:[^'.]*\\.)?([^']+)'");

    private GuardedWrites() {
    }

    /** A write the shadow's unique key cannot hold: the live table has two rows with one key value. */
    static final class KeyViolated extends SQLException {
        private static final long serialVersionUID = 1L;
        private final String table;

        KeyViolated(String table, String message, SQLException cause) {
            super(message, cause.getSQLState(), cause.getErrorCode(), cause);
            this.table = table;
        }

        String table() {
            return table;
        }
    }

    static void apply(Connection c, List<Coalescer.Op> ops, ChangeApplier a, String deleteSql, String insertSql,
                      int[] valueIndexes, int[] keyIndexes) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(deleteSql)) {
            for (Coalescer.Op op : ops) {
                ChangeApplier.bind(delete, op.row(), keyIndexes);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        List<Coalescer.Op> writes = ops.stream().filter(op -> !op.delete()).toList();
        if (writes.isEmpty()) {
            return;
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement(insertSql)) {
            for (Coalescer.Op op : writes) {
                ChangeApplier.bind(insert, op.row(), valueIndexes);
                insert.addBatch();
            }
            insert.executeBatch();
            return;
        } catch (SQLException e) {
            if (duplicate(e) == null) {
                throw e;
            }
            c.rollback(before);
        }
        // Again one row at a time, to name the row the key refuses.
        try (PreparedStatement insert = c.prepareStatement(insertSql)) {
            for (Coalescer.Op op : writes) {
                ChangeApplier.bind(insert, op.row(), valueIndexes);
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    SQLException dup = duplicate(e);
                    if (dup == null) {
                        throw e;
                    }
                    throw violated(c, a, op.row(), keyIndexes, dup);
                }
            }
        }
    }

    /** The duplicate-key error in {@code e}'s chain, or null. */
    private static SQLException duplicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == DUPLICATE) {
                return s;
            }
        }
        return null;
    }

    private static KeyViolated violated(Connection c, ChangeApplier a, Object[] row, int[] keyIndexes, SQLException dup) {
        ColumnMapping m = a.mapping();
        String live = m.live().name();
        List<ColumnMapping.Pair> keyPairs = keyPairs(m, keyIndexes);
        String rowKey = describe(row, keyPairs);
        Matcher km = KEY.matcher(String.valueOf(dup.getMessage()));
        String keyName = km.find() ? km.group(1) : "?";
        Optional<IndexInfo> index = m.shadow().indexes().stream().filter(i -> i.name().equalsIgnoreCase(keyName)).findFirst();
        String other = index.map(i -> otherRow(c, a, i, row, keyPairs)).orElse(null);
        String message = "table " + live + ": the new unique key " + keyName + " cannot hold row " + rowKey
                + (other != null ? " next to row " + other : "") + " (" + dup.getMessage() + "); the live table holds"
                + " rows the changed key treats as duplicates, written after the copy. Nothing was deleted.";
        return new KeyViolated(live, message, dup);
    }

    /** The shared-key text of the shadow row that holds {@code row}'s value of {@code index}, or null. */
    private static String otherRow(Connection c, ChangeApplier a, IndexInfo index, Object[] row,
                                   List<ColumnMapping.Pair> keyPairs) {
        ColumnMapping m = a.mapping();
        List<ColumnMapping.Pair> cols = m.columns().stream()
                .filter(p -> index.columns().stream().anyMatch(n -> n.equalsIgnoreCase(p.shadow().name()))).toList();
        if (cols.size() != index.columns().size()) {
            return null; // a key over a column the live table does not have
        }
        try {
            List<String> conditions = new ArrayList<>();
            for (ColumnMapping.Pair p : cols) {
                // In the shadow column's collation: CONVERT's default one may not mix with it (MySQL 8.0).
                String coll = p.live().isText() ? collation(c, a, p.shadow().name()) : null;
                conditions.add(Identifiers.quote(p.shadow().name()) + " = " + ApplySql.valueExpr(p.live())
                        + (coll == null ? "" : " COLLATE " + coll));
            }
            return find(c, a, cols, keyPairs, row, "SELECT " + keyPairs.stream().map(p -> Identifiers.quote(p.shadow().name()))
                    .collect(Collectors.joining(", ")) + " FROM " + Identifiers.qualified(a.schema(), a.shadow()) + " WHERE "
                    + String.join(" AND ", conditions) + " LIMIT 1");
        } catch (SQLException e) {
            return null; // the message still names the key, the value and the refused row
        }
    }

    private static String collation(Connection c, ChangeApplier a, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COLLATION_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            ps.setString(1, a.schema());
            ps.setString(2, a.shadow());
            ps.setString(3, column);
            try (ResultSet rs = ps.executeQuery()) {
                String coll = rs.next() ? rs.getString(1) : null;
                return coll != null && COLLATION.matcher(coll).matches() ? coll : null;
            }
        }
    }

    private static String find(Connection c, ChangeApplier a, List<ColumnMapping.Pair> cols,
                               List<ColumnMapping.Pair> keyPairs, Object[] row, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int[] idx = cols.stream().mapToInt(p -> p.live().ordinal() - 1).toArray();
            ChangeApplier.bind(ps, row, idx);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < keyPairs.size(); i++) {
                    parts.add(keyPairs.get(i).live().name() + "=" + rs.getString(i + 1));
                }
                return String.join(",", parts);
            }
        }
    }

    private static List<ColumnMapping.Pair> keyPairs(ColumnMapping m, int[] keyIndexes) {
        List<ColumnMapping.Pair> out = new ArrayList<>();
        for (int k : keyIndexes) {
            m.columns().stream().filter(p -> p.live().ordinal() - 1 == k).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private static String describe(Object[] row, List<ColumnMapping.Pair> keyPairs) {
        List<String> parts = new ArrayList<>();
        for (ColumnMapping.Pair p : keyPairs) {
            Object v = row[p.live().ordinal() - 1];
            parts.add(p.live().name() + "=" + (v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v));
        }
        return String.join(",", parts);
    }
}
