package dev.shadowbot.engine.copy;

import dev.shadowbot.engine.db.Identifiers;
import java.util.List;
import java.util.stream.Collectors;

/** SQL of the chunked copy. */
final class CopySql {
    private CopySql() {
    }

    static String columnList(List<String> cols) {
        return cols.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    /** SELECT key FROM live FORCE INDEX(k) [WHERE key > ?] ORDER BY key LIMIT 1 OFFSET ?. */
    static String boundary(String schema, String live, String index, List<String> key, KeysetSql after) {
        return "SELECT " + columnList(key) + " FROM " + Identifiers.qualified(schema, live)
                + " FORCE INDEX (" + Identifiers.quote(index) + ")"
                + (after == null ? "" : " WHERE " + after.sql())
                + " ORDER BY " + columnList(key) + " LIMIT 1 OFFSET ?";
    }

    /**
     * INSERT IGNORE INTO shadow (cols) SELECT cols FROM live FORCE INDEX(k) WHERE range LOCK IN SHARE MODE.
     * The locking read matters: a transaction is in the binlog (and may already be applied) before
     * its rows are visible to a plain snapshot read, so a non-locking copy could bring back a row
     * whose delete was just applied. The shared lock waits for such a transaction to commit.
     */
    static String copy(String schema, String live, String shadow, String index, List<String> shadowCols,
                       List<String> liveCols, String where) {
        return "INSERT IGNORE INTO " + Identifiers.qualified(schema, shadow) + " (" + columnList(shadowCols) + ")"
                + " SELECT " + columnList(liveCols) + " FROM " + Identifiers.qualified(schema, live)
                + " FORCE INDEX (" + Identifiers.quote(index) + ")"
                + (where.isEmpty() ? "" : " WHERE " + where) + " LOCK IN SHARE MODE";
    }

    static String deleteRange(String schema, String shadow, String where) {
        return "DELETE FROM " + Identifiers.qualified(schema, shadow) + (where.isEmpty() ? "" : " WHERE " + where);
    }

    /** Session settings of copy connections: no auto-increment surprises, UTC for TIMESTAMP text. */
    static final String SESSION = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION',"
            + " time_zone = '+00:00'";
}
