package dev.shadowbot.engine.table;

import dev.shadowbot.engine.ShadowbotException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads table structure from information_schema (never from parsed SQL). */
public final class TableInspector {
    static final String COLUMNS = "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME,"
            + " IS_NULLABLE, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
            + " ORDER BY ORDINAL_POSITION";
    static final String INDEXES = "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX";
    static final String TABLE_EXISTS = "SELECT TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    private TableInspector() {
    }

    /** The table's structure, or empty when it does not exist. */
    public static Optional<TableInfo> find(Connection c, String schema, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase(Locale.ROOT);
                    String charset = rs.getString(5);
                    columns.add(new ColumnInfo(rs.getString(1), rs.getInt(2), rs.getString(3).toLowerCase(Locale.ROOT),
                            rs.getString(4), "binary".equalsIgnoreCase(charset) ? null : charset,
                            "YES".equals(rs.getString(6)), extra.contains("GENERATED")));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> cols = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        Map<String, Boolean> prefixed = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INDEXES)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    cols.computeIfAbsent(name, k -> new ArrayList<>()).add(rs.getString(3));
                    unique.put(name, rs.getInt(2) == 0);
                    prefixed.merge(name, rs.getObject(4) != null, Boolean::logicalOr);
                }
            }
        }
        List<IndexInfo> indexes = new ArrayList<>();
        cols.forEach((name, list) -> indexes.add(new IndexInfo(name, unique.get(name), list, prefixed.get(name))));
        return Optional.of(new TableInfo(schema, table, columns, indexes));
    }

    /** The table's structure, or a BAD_INPUT error naming it. */
    public static TableInfo read(Connection c, String schema, String table) {
        try {
            return find(c, schema, table).orElseThrow(() -> ShadowbotException.badInput(
                    "table " + schema + "." + table + " does not exist", "check the table name in the deploy request"));
        } catch (SQLException e) {
            throw ShadowbotException.database("cannot read the structure of " + schema + "." + table + ": "
                    + e.getMessage(), "grant SELECT on the schema to the user", e);
        }
    }

    /** information_schema's estimate of rows and bytes (data + indexes); zeros when unknown. */
    public static long[] estimate(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_EXISTS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
            }
        }
    }
}
