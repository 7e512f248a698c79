package dev.shadowbot.engine.apply;

import dev.shadowbot.engine.db.Identifiers;
import dev.shadowbot.engine.table.ColumnInfo;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** SQL of the change applier. */
final class ApplySql {
    private static final Pattern CHARSET = Pattern.compile("[a-z0-9_]+");

    private ApplySql() {
    }

    /**
     * The value expression for a live column: text arrives as raw bytes in the live column's charset,
     * so the server decodes it ({@code CONVERT(? USING latin1)}); everything else binds as is.
     */
    static String valueExpr(ColumnInfo live) {
        if (live.isText()) {
            String cs = live.charset().toLowerCase(java.util.Locale.ROOT);
            if (!CHARSET.matcher(cs).matches()) {
                throw new IllegalArgumentException("unexpected charset name " + cs);
            }
            return "CONVERT(? USING " + cs + ")";
        }
        return "?";
    }

    static String replace(String schema, String shadow, List<ColumnInfo> shadowCols, List<ColumnInfo> liveCols) {
        return "REPLACE INTO " + Identifiers.qualified(schema, shadow) + " ("
                + shadowCols.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "))
                + ") VALUES (" + liveCols.stream().map(ApplySql::valueExpr).collect(Collectors.joining(", ")) + ")";
    }

    static String delete(String schema, String shadow, List<ColumnInfo> shadowKey, List<ColumnInfo> liveKey) {
        StringBuilder sb = new StringBuilder("DELETE FROM ").append(Identifiers.qualified(schema, shadow)).append(" WHERE ");
        for (int i = 0; i < shadowKey.size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append(Identifiers.quote(shadowKey.get(i).name())).append(" = ")
                    .append(valueExpr(liveKey.get(i)));
        }
        return sb.toString();
    }

    static String exists(String schema, String table, List<ColumnInfo> key, List<ColumnInfo> liveKey) {
        return "SELECT 1 FROM " + Identifiers.qualified(schema, table) + " WHERE " + where(key, liveKey) + " FOR UPDATE";
    }

    static String update(String schema, String table, List<ColumnInfo> cols, List<ColumnInfo> liveCols,
                         List<ColumnInfo> key, List<ColumnInfo> liveKey) {
        StringBuilder sb = new StringBuilder("UPDATE ").append(Identifiers.qualified(schema, table)).append(" SET ");
        for (int i = 0; i < cols.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Identifiers.quote(cols.get(i).name())).append(" = ")
                    .append(valueExpr(liveCols.get(i)));
        }
        return sb.append(" WHERE ").append(where(key, liveKey)).toString();
    }

    static String insert(String schema, String table, List<ColumnInfo> cols, List<ColumnInfo> liveCols) {
        return "INSERT INTO " + Identifiers.qualified(schema, table) + " ("
                + cols.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "))
                + ") VALUES (" + liveCols.stream().map(ApplySql::valueExpr).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * {@link #insert} that, on a duplicate key, updates the row's mapped columns instead (columns not
     * listed keep their values, unlike REPLACE). Only for a table with a single unique key: a duplicate
     * on another one would update some other row.
     */
    static String upsert(String schema, String table, List<ColumnInfo> cols, List<ColumnInfo> liveCols) {
        return insert(schema, table, cols, liveCols) + " ON DUPLICATE KEY UPDATE " + cols.stream()
                .map(c -> Identifiers.quote(c.name()) + " = VALUES(" + Identifiers.quote(c.name()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String where(List<ColumnInfo> key, List<ColumnInfo> liveKey) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append(Identifiers.quote(key.get(i).name())).append(" = ")
                    .append(valueExpr(liveKey.get(i)));
        }
        return sb.toString();
    }

    /** Apply sessions: strict (a value the shadow cannot hold fails loudly), UTC for TIMESTAMP text. */
    static final String SESSION = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
            + " time_zone = '+00:00'";
}
