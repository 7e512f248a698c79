package dev.shadowbot.engine.testing;

import dev.shadowbot.engine.db.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Full-table reads for comparing a live table with its shadow, column by column, in key order. */
public final class TableContents {
    private TableContents() {
    }

    /**
     * Every row of {@code table} as strings (bytes as hex), only {@code columns}, ordered by {@code orderBy}.
     * Read in one statement, so it is one consistent snapshot of that table.
     */
    public static List<List<String>> read(Connection c, String schema, String table, List<String> columns,
                                          List<String> orderBy) throws SQLException {
        String sql = "SELECT " + columns.stream().map(TableContents::expr).collect(Collectors.joining(", "))
                + " FROM " + Identifiers.qualified(schema, table) + " ORDER BY "
                + orderBy.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = columns.size();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    byte[] b = rs.getBytes(i);
                    row.add(b == null ? null : HexFormat.of().formatHex(b));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Text compared as utf8mb4, so a charset change compares by characters, not bytes. */
    private static String expr(String column) {
        String q = Identifiers.quote(column);
        return "IF(CHARSET(" + q + ") = 'binary', " + q + ", CONVERT(" + q + " USING utf8mb4))";
    }
}
